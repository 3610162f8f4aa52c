"use client";

import { ActionForm } from "@/components/forms/action-form";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { FormAction } from "@/lib/schemas/form";

export function LeaveOrgForm({
  action,
  orgSlug,
  orgName,
}: {
  action: FormAction;
  orgSlug: string;
  orgName: string;
}) {
  return (
    <Card className="border-destructive/30">
      <CardHeader>
        <CardTitle>Leave org</CardTitle>
        <CardDescription>You lose access to {orgName} until someone invites you again.</CardDescription>
      </CardHeader>
      <CardContent>
        <ActionForm action={action} hidden={{ orgSlug }} label="Leave org">
          {(_state, pending) => (
            <ConfirmSubmit
              confirm={`Leave ${orgName}?`}
              variant="destructive"
              disabled={pending}
            >
              Leave {orgName}
            </ConfirmSubmit>
          )}
        </ActionForm>
      </CardContent>
    </Card>
  );
}
