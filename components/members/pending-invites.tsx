"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ROLE_LABELS, type Role } from "@/lib/auth/rbac";
import type { FormAction } from "@/lib/schemas/form";

export function PendingInvites({
  orgSlug,
  invites,
  canRevoke,
  revokeAction,
}: {
  orgSlug: string;
  invites: { id: string; email: string; role: Role; expiresAt: string; invitedBy: string }[];
  canRevoke: boolean;
  revokeAction: FormAction;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Pending invites</CardTitle>
        <CardDescription>Invites that have not been accepted yet.</CardDescription>
      </CardHeader>
      <CardContent>
        {invites.length === 0 ? (
          <p className="text-sm text-muted-foreground">No pending invites.</p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Email</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Invited by</TableHead>
                <TableHead>Expires</TableHead>
                <TableHead className="text-right">Actions</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {invites.map((invite) => {
                const expired = new Date(invite.expiresAt) <= new Date();
                return (
                  <TableRow key={invite.id} data-testid={`invite-${invite.email}`}>
                    <TableCell>{invite.email}</TableCell>
                    <TableCell>{ROLE_LABELS[invite.role]}</TableCell>
                    <TableCell>{invite.invitedBy}</TableCell>
                    <TableCell>
                      {expired ? <Badge variant="outline">Expired</Badge> : new Date(invite.expiresAt).toLocaleDateString()}
                    </TableCell>
                    <TableCell className="text-right">
                      {canRevoke && (
                        <ActionForm action={revokeAction} hidden={{ orgSlug, inviteId: invite.id }} label={`Revoke invite for ${invite.email}`}>
                          {(_state, pending) => (
                            <Button type="submit" size="sm" variant="outline" disabled={pending}>
                              Revoke
                            </Button>
                          )}
                        </ActionForm>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
