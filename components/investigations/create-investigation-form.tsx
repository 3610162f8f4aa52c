"use client";

import { ActionForm } from "@/components/forms/action-form";
import { type MemberOption, MemberSelect } from "@/components/orgs/member-select";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { FormAction } from "@/lib/schemas/form";

/** Opens an investigation; started from the review queue it carries the flagged request along. */
export function CreateInvestigationForm({
  action,
  orgSlug,
  members,
  defaultOwnerId,
  from,
}: {
  action: FormAction;
  orgSlug: string;
  members: MemberOption[];
  defaultOwnerId: string;
  from?: { requestId: string; publicRequestId: string; title: string };
}) {
  return (
    <ActionForm action={action} hidden={{ orgSlug, ...(from ? { fromRequestId: from.requestId } : {}) }} label="Start an investigation" className="grid gap-4">
      {(state, pending) => (
        <>
          {from && (
            <p className="text-sm" data-testid="investigation-from">
              Starting from flagged request <span className="font-mono">{from.publicRequestId}</span>; its review becomes the first item.
            </p>
          )}
          <Field id="investigation-title" label="Title" errors={state.fieldErrors?.title}>
            {(control) => <Input {...control} name="title" defaultValue={state.values?.title ?? from?.title ?? ""} />}
          </Field>
          <Field id="investigation-summary" label="Summary" hint="Optional: what happened and what you are looking for." errors={state.fieldErrors?.summary}>
            {(control) => <Textarea {...control} name="summary" rows={3} defaultValue={state.values?.summary} />}
          </Field>
          <Field id="investigation-owner" label="Owner" errors={state.fieldErrors?.ownerId}>
            {(control) => (
              <MemberSelect {...control} name="ownerId" defaultValue={state.values?.ownerId ?? defaultOwnerId} members={members} none="Nobody yet" />
            )}
          </Field>
          <div>
            <Button type="submit" disabled={pending}>
              Start investigation
            </Button>
          </div>
        </>
      )}
    </ActionForm>
  );
}
