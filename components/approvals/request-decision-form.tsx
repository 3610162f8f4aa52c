"use client";

import { ActionForm } from "@/components/forms/action-form";
import { ScopeFields } from "@/components/models/scope-fields";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import type { RequestItem } from "@/lib/catalog/access-request-view";
import type { ScopeOptions } from "@/lib/catalog/catalog-view";
import type { FormAction } from "@/lib/schemas/form";

/** An admin's answer to one request: approve (the scope asked for, or adjusted) or deny with a note. */
export function RequestDecisionForm({ action, orgSlug, request, options }: { action: FormAction; orgSlug: string; request: RequestItem; options: ScopeOptions }) {
  return (
    <ActionForm action={action} hidden={{ orgSlug, requestId: request.id }} label={`Decide on ${request.modelName} for ${request.requester}`}>
      {(state, pending) => (
        <div className="grid gap-4">
          <ScopeFields idPrefix={`request-${request.id}`} options={options} defaults={request.scope} errors={state.fieldErrors} echoed={state.values} keysLabel="Keys" />
          <Field id={`request-${request.id}-note`} label="Note" hint="Shown to the requester; required to deny." errors={state.fieldErrors?.note}>
            {(control) => <Textarea {...control} name="note" rows={2} defaultValue={state.values?.note} />}
          </Field>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" name="decision" value="approve" size="sm" disabled={pending}>
              Approve
            </Button>
            <Button type="submit" name="decision" value="deny" size="sm" variant="destructive" disabled={pending}>
              Deny
            </Button>
          </div>
        </div>
      )}
    </ActionForm>
  );
}
