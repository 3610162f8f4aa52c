"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
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
            <Button
              type="submit"
              variant="destructive"
              disabled={pending}
              onClick={(event) => {
                if (!window.confirm(`Leave ${orgName}?`)) event.preventDefault();
              }}
            >
              Leave {orgName}
            </Button>
          )}
        </ActionForm>
      </CardContent>
    </Card>
  );
}
