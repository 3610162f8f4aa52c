"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { type MemberOption, MemberSelect } from "@/components/orgs/member-select";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/schemas/form";

/** Picks who works the review; "Nobody" unassigns. */
export function AssignReviewForm({ action, orgSlug, requestId, assigneeId, members }: { action: FormAction; orgSlug: string; requestId: string; assigneeId: string | null; members: MemberOption[] }) {
  return (
    <ActionForm action={action} hidden={{ orgSlug, requestId }} label="Assign review" className="grid gap-2">
      {(state, pending) => (
        <div className="flex flex-wrap items-end gap-2">
          <div className="min-w-48 flex-1">
            <Field id={`assign-${requestId}`} label="Assignee" errors={state.fieldErrors?.assigneeId}>
              {(control) => (
                // Keyed by the saved value: a select ignores a changed defaultValue, and React resets
                // the form after the action, which would show the old assignee again.
                <MemberSelect key={assigneeId ?? ""} {...control} name="assigneeId" defaultValue={state.values?.assigneeId ?? assigneeId ?? ""} members={members} none="Nobody" />
              )}
            </Field>
          </div>
          <Button type="submit" size="sm" variant="outline" disabled={pending}>
            Assign
          </Button>
        </div>
      )}
    </ActionForm>
  );
}
