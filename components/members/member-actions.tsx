"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import { Select } from "@/components/ui/input";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/auth/rbac";
import type { FormAction } from "@/lib/schemas/form";


export function MemberActions({
  orgSlug,
  member,
  canUpdate,
  canRemove,
  canManageOwners,
  changeRoleAction,
  removeAction,
}: {
  orgSlug: string;
  member: { id: string; role: Role; email: string };
  canUpdate: boolean;
  canRemove: boolean;
  canManageOwners: boolean;
  changeRoleAction: FormAction;
  removeAction: FormAction;
}) {
  const roles = ROLES.filter((role) => canManageOwners || role !== "owner");
  return (
    <div className="flex flex-wrap items-start justify-end gap-2">
      {canUpdate && (
        <ActionForm action={changeRoleAction} hidden={{ orgSlug, membershipId: member.id }} className="flex items-center gap-2" label={`Change role of ${member.email}`}>
          {(_state, pending) => (
            <>
              <Select name="role" defaultValue={member.role} aria-label={`Role of ${member.email}`} className="h-8 w-32">
                {roles.map((role) => (
                  <option key={role} value={role}>
                    {ROLE_LABELS[role]}
                  </option>
                ))}
              </Select>
              <Button type="submit" size="sm" variant="outline" disabled={pending}>
                Save role
              </Button>
            </>
          )}
        </ActionForm>
      )}
      {canRemove && (
        <ActionForm action={removeAction} hidden={{ orgSlug, membershipId: member.id }} label={`Remove ${member.email}`}>
          {(_state, pending) => (
            <ConfirmSubmit
              confirm={`Remove ${member.email} from this org?`}
              size="sm"
              variant="destructive"
              disabled={pending}
            >
              Remove
            </ConfirmSubmit>
          )}
        </ActionForm>
      )}
    </div>
  );
}
