"use client";

import { ActionForm } from "@/components/forms/action-form";
import { type MemberOption, MemberSelect } from "@/components/orgs/member-select";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import type { FormAction } from "@/lib/schemas/form";
import { INVESTIGATION_STATUS_LABELS, INVESTIGATION_STATUSES, type InvestigationStatusValue } from "@/lib/schemas/investigation";

/** Status and owner, saved together. */
export function InvestigationSettingsForm({
  action,
  orgSlug,
  investigationId,
  status,
  ownerId,
  members,
}: {
  action: FormAction;
  orgSlug: string;
  investigationId: string;
  status: InvestigationStatusValue;
  ownerId: string | null;
  members: MemberOption[];
}) {
  return (
    <ActionForm action={action} hidden={{ orgSlug, investigationId }} label="Status and owner" successMessage="Saved." className="grid gap-3">
      {(state, pending) => (
        <div className="flex flex-wrap items-end gap-3">
          <div className="min-w-40">
            <Field id="investigation-status" label="Status" errors={state.fieldErrors?.status}>
              {(control) => (
                // Keyed by the saved value: a select ignores a changed defaultValue after a reset.
                <Select key={status} {...control} name="status" defaultValue={state.values?.status ?? status}>
                  {INVESTIGATION_STATUSES.map((value) => (
                    <option key={value} value={value}>
                      {INVESTIGATION_STATUS_LABELS[value]}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          </div>
          <div className="min-w-48">
            <Field id="investigation-owner" label="Owner" errors={state.fieldErrors?.ownerId}>
              {(control) => (
                <MemberSelect key={ownerId ?? ""} {...control} name="ownerId" defaultValue={state.values?.ownerId ?? ownerId ?? ""} members={members} none="Nobody" />
              )}
            </Field>
          </div>
          <Button type="submit" size="sm" variant="outline" disabled={pending}>
            Save
          </Button>
        </div>
      )}
    </ActionForm>
  );
}
