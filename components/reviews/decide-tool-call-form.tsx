"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import type { FormAction } from "@/lib/schemas/form";

/**
 * Approve or reject a held tool call, with an optional note. If someone else decided first, the
 * form says who (the action's message), and the queue shows it as decided on the next load.
 */
export function DecideToolCallForm({ action, orgSlug, approvalId }: { action: FormAction; orgSlug: string; approvalId: string }) {
  return (
    <ActionForm action={action} hidden={{ orgSlug, approvalId }} label="Decide tool call" className="grid gap-2">
      {(state, pending) => (
        <>
          <Field id={`decide-${approvalId}-note`} label="Decision note" hint="Optional: why you decided so." errors={state.fieldErrors?.note}>
            {(control) => <Textarea {...control} name="note" rows={2} defaultValue={state.values?.note} />}
          </Field>
          {state.fieldErrors?.decision && <p className="text-sm text-destructive">{state.fieldErrors.decision.join(" ")}</p>}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" name="decision" value="approve" size="sm" disabled={pending}>
              Approve
            </Button>
            <Button type="submit" name="decision" value="reject" size="sm" variant="destructive" disabled={pending}>
              Reject
            </Button>
          </div>
        </>
      )}
    </ActionForm>
  );
}
