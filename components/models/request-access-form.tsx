"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import type { FormAction } from "@/lib/schemas/form";
import { ScopeFields } from "./scope-fields";
import type { ScopeOptions } from "@/lib/catalog/catalog-view";

/** A member asks for a model: why, and for which of their keys (or every key). */
export function RequestAccessForm({ action, orgSlug, model, options }: { action: FormAction; orgSlug: string; model: { id: string; publicName: string }; options: ScopeOptions }) {
  return (
    <details className="rounded-md border px-3 py-2">
      <summary className="cursor-pointer text-sm font-medium">Request access</summary>
      <ActionForm action={action} hidden={{ orgSlug, modelId: model.id }} label={`Request access to ${model.publicName}`} className="mt-3">
        {(state, pending) =>
          state.ok ? (
            <Alert variant="success">Request sent. An admin of the org will approve or deny it.</Alert>
          ) : (
            <div className="grid gap-4">
              <Field id={`request-${model.id}-reason`} label="Reason" hint="What you need it for, 10 to 1000 characters." errors={state.fieldErrors?.reason}>
                {(control) => <Textarea {...control} name="reason" rows={3} defaultValue={state.values?.reason} />}
              </Field>
              <ScopeFields
                idPrefix={`request-${model.id}`}
                options={options}
                defaults={{ scope: "org", keyIds: [], keyTags: [] }}
                errors={state.fieldErrors}
                echoed={state.values}
                keysLabel="Keys you created"
              />
              <div>
                <Button type="submit" size="sm" disabled={pending}>
                  {pending ? "Sending…" : "Send request"}
                </Button>
              </div>
            </div>
          )
        }
      </ActionForm>
    </details>
  );
}
