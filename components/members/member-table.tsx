import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ROLE_LABELS, type Role } from "@/lib/auth/rbac";
import type { FormAction } from "@/lib/schemas/form";
import { MemberActions } from "./member-actions";

type Member = { id: string; userId: string; role: Role; email: string; name: string | null };

export function MemberTable({
  orgSlug,
  currentUserId,
  members,
  permissions,
  changeRoleAction,
  removeAction,
}: {
  orgSlug: string;
  currentUserId: string;
  members: Member[];
  permissions: { update: boolean; remove: boolean; manageOwners: boolean };
  changeRoleAction: FormAction;
  removeAction: FormAction;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>People ({members.length})</CardTitle>
      </CardHeader>
      <CardContent>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Person</TableHead>
              <TableHead>Role</TableHead>
              <TableHead className="text-right">Actions</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {members.map((member) => {
              const isSelf = member.userId === currentUserId;
              // Admins manage everyone but owners; only owners touch the owner role.
              const manageable = !isSelf && (member.role !== "owner" || permissions.manageOwners);
              return (
                <TableRow key={member.id} data-testid={`member-${member.email}`}>
                  <TableCell>
                    <div className="font-medium">{member.name ?? member.email}</div>
                    {member.name && <div className="text-xs text-muted-foreground">{member.email}</div>}
                  </TableCell>
                  <TableCell>
                    <Badge variant={member.role === "owner" ? "default" : "secondary"}>{ROLE_LABELS[member.role]}</Badge>
                    {isSelf && <span className="ml-2 text-xs text-muted-foreground">you</span>}
                  </TableCell>
                  <TableCell className="text-right">
                    {manageable && (permissions.update || permissions.remove) ? (
                      <MemberActions
                        orgSlug={orgSlug}
                        member={member}
                        canUpdate={permissions.update}
                        canRemove={permissions.remove}
                        canManageOwners={permissions.manageOwners}
                        changeRoleAction={changeRoleAction}
                        removeAction={removeAction}
                      />
                    ) : null}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
