"use client";

import { ActionForm } from "@/components/forms/action-form";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import type { ScopeDefault, ScopeOptions } from "@/lib/catalog/catalog-view";
import type { FormAction } from "@/lib/schemas/form";
import { DecisionFields } from "./decision-fields";

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
          <DecisionFields idPrefix={`decide-${model.id}`} options={options} defaults={current} noteHint="Required to deny; shown with the decision." state={state} pending={pending}>
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
          </DecisionFields>
        )}
      </ActionForm>
    </details>
  );
}
