"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import type { FormAction } from "@/lib/schemas/form";
import { ScopeFields } from "./scope-fields";
import type { ScopeDefault, ScopeOptions } from "@/lib/catalog/catalog-view";

/**
 * An admin decides on a catalog model directly: approve for a scope (replacing the current one),
 * deny with a note, or revoke an approval. The pressed button sends `decision`.
 */
export function ModelDecisionForm({
  action,
  orgSlug,
  model,
  options,
  current,
  approved,
}: {
  action: FormAction;
  orgSlug: string;
  model: { id: string; publicName: string };
  options: ScopeOptions;
  current: ScopeDefault;
  approved: boolean;
}) {
  return (
    <details className="rounded-md border px-3 py-2">
      <summary className="cursor-pointer text-sm font-medium">Decide</summary>
      <ActionForm action={action} hidden={{ orgSlug, modelId: model.id }} label={`Decide on ${model.publicName}`} className="mt-3">
        {(state, pending) => (
          <div className="grid gap-4">
            <ScopeFields idPrefix={`decide-${model.id}`} options={options} defaults={current} errors={state.fieldErrors} echoed={state.values} keysLabel="Keys" />
            <Field id={`decide-${model.id}-note`} label="Note" hint="Required to deny; shown with the decision." errors={state.fieldErrors?.note}>
              {(control) => <Textarea {...control} name="note" rows={2} defaultValue={state.values?.note} />}
            </Field>
            <div className="flex flex-wrap gap-2">
              <Button type="submit" name="decision" value="approve" size="sm" disabled={pending}>
                Approve
              </Button>
              <Button type="submit" name="decision" value="deny" size="sm" variant="destructive" disabled={pending}>
                Deny
              </Button>
              {approved && (
                <ConfirmSubmit
                  name="decision"
                  value="revoke"
                  size="sm"
                  variant="outline"
                  disabled={pending}
                  confirm={`Revoke the approval of ${model.publicName}? Keys that use it get 403 until it is approved again.`}
                >
                  Revoke approval
                </ConfirmSubmit>
              )}
            </div>
          </div>
        )}
      </ActionForm>
    </details>
  );
}
