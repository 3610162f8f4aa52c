import type { Metadata } from "next";
import { InviteForm } from "@/components/members/invite-form";
import { MemberTable } from "@/components/members/member-table";
import { PendingInvites } from "@/components/members/pending-invites";
import { can } from "@/lib/auth/rbac";
import { requireOrgPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { mailConfigured } from "@/lib/email/mailer";
import { listPendingInvites } from "@/lib/orgs/invite-service";
import { listMembers } from "@/lib/orgs/member-service";
import { changeRoleAction, inviteMemberAction, removeMemberAction, revokeInviteAction } from "./actions";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { user, ctx } = await requireOrgPage(slug, "member:read");
  const db = await getDb();
  const [members, invites] = await Promise.all([listMembers(db, ctx), listPendingInvites(db, ctx)]);
  const permissions = {
    invite: can(ctx.role, "member:invite"),
    update: can(ctx.role, "member:update"),
    remove: can(ctx.role, "member:remove"),
    manageOwners: can(ctx.role, "member:manage-owners"),
  };
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Members</h1>
        <p className="text-sm text-muted-foreground">People in {ctx.org.name} and what each may do.</p>
      </div>
      {permissions.invite && (
        <InviteForm
          action={inviteMemberAction}
          orgSlug={ctx.org.slug}
          canInviteOwners={permissions.manageOwners}
          mailConfigured={mailConfigured()}
        />
      )}
      <MemberTable
        orgSlug={ctx.org.slug}
        currentUserId={user.id}
        members={members.map((m) => ({ id: m.id, role: m.role, email: m.user.email, name: m.user.name, userId: m.user.id }))}
        permissions={permissions}
        changeRoleAction={changeRoleAction}
        removeAction={removeMemberAction}
      />
      <PendingInvites
        orgSlug={ctx.org.slug}
        canRevoke={permissions.invite}
        revokeAction={revokeInviteAction}
        invites={invites.map((i) => ({
          id: i.id,
          email: i.email,
          role: i.role,
          expiresAt: i.expiresAt.toISOString(),
          invitedBy: i.invitedBy.name ?? i.invitedBy.email,
        }))}
      />
    </div>
  );
}
