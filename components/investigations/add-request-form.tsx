"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { FormAction } from "@/lib/schemas/form";

/** Adds a request by the x-request-id an app logged (or the internal id from a link). */
export function AddRequestForm({ action, orgSlug, investigationId }: { action: FormAction; orgSlug: string; investigationId: string }) {
  return (
    <ActionForm action={action} hidden={{ orgSlug, investigationId }} label="Add a request" className="grid gap-2">
      {(state, pending) => (
        <div className="flex flex-wrap items-end gap-2">
          <div className="min-w-64 flex-1">
            <Field id="item-reference" label="Request id" hint="The x-request-id the app saw, or the id in a request's link." errors={state.fieldErrors?.reference}>
              {(control) => <Input {...control} name="reference" className="font-mono" defaultValue={state.values?.reference} />}
            </Field>
          </div>
          <Button type="submit" size="sm" variant="outline" disabled={pending}>
            Add request
          </Button>
        </div>
      )}
    </ActionForm>
  );
}
