"use client";

import { ActionForm } from "@/components/forms/action-form";
import { DecisionFields } from "@/components/models/decision-fields";
import type { RequestItem } from "@/lib/catalog/access-request-view";
import type { ScopeOptions } from "@/lib/catalog/catalog-view";
import type { FormAction } from "@/lib/schemas/form";

/** An admin's answer to one request: approve (the scope asked for, or adjusted) or deny with a note. */
export function RequestDecisionForm({ action, orgSlug, request, options }: { action: FormAction; orgSlug: string; request: RequestItem; options: ScopeOptions }) {
  return (
    <ActionForm action={action} hidden={{ orgSlug, requestId: request.id }} label={`Decide on ${request.modelName} for ${request.requester}`}>
      {(state, pending) => (
        <DecisionFields idPrefix={`request-${request.id}`} options={options} defaults={request.scope} noteHint="Shown to the requester; required to deny." state={state} pending={pending} />
      )}
    </ActionForm>
  );
}
