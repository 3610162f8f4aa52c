"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { runOrgAction } from "@/lib/auth/org-action";
import { appUrl } from "@/lib/http/app-url";
import { sendInviteEmail } from "@/lib/orgs/invite-email";
import { createInvite, revokeInvite } from "@/lib/orgs/invite-service";
import { changeMemberRole, removeMember } from "@/lib/orgs/member-service";
import type { FormState } from "@/lib/schemas/form";
import { changeRoleSchema, inviteIdSchema, inviteSchema, membershipIdSchema } from "@/lib/schemas/member";

export async function inviteMemberAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "member:invite", schema: inviteSchema }, async (db, ctx, input) => {
    const { invite, token } = await createInvite(db, ctx, input);
    const link = `${appUrl(await headers())}/invite/${token}`;
    const inviter = await db.user.findUniqueOrThrow({ where: { id: ctx.userId }, select: { email: true, name: true } });
    const emailed = await sendInviteEmail({
      to: invite.email,
      orgName: ctx.org.name,
      role: invite.role,
      link,
      invitedBy: inviter.name ?? inviter.email,
    });
    revalidatePath(`/${ctx.org.slug}/members`);
    return { ok: true, data: { link, email: invite.email, emailed: String(emailed) } };
  });
}

export async function changeRoleAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "member:update", schema: changeRoleSchema }, async (db, ctx, input) => {
    await changeMemberRole(db, ctx, input.membershipId, input.role);
    revalidatePath(`/${ctx.org.slug}/members`);
  });
}

export async function removeMemberAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "member:remove", schema: membershipIdSchema }, async (db, ctx, input) => {
    await removeMember(db, ctx, input.membershipId);
    revalidatePath(`/${ctx.org.slug}/members`);
  });
}

export async function revokeInviteAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return runOrgAction(formData, { permission: "member:invite", schema: inviteIdSchema }, async (db, ctx, input) => {
    await revokeInvite(db, ctx, input.inviteId);
    revalidatePath(`/${ctx.org.slug}/members`);
  });
}
