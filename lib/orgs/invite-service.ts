import { by, recordActivity } from "@/lib/activity/record-activity";
import { assertPlanAllows } from "@/lib/billing/plan-enforcement";
import type { Db } from "@/lib/db/client";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { InviteInput } from "@/lib/schemas/member";
import { assertCan, type OrgContext } from "./org-access";
import { hashInviteToken, INVITE_TTL_DAYS, newInviteToken } from "./invite-token";

export async function createInvite(db: Db, ctx: OrgContext, input: InviteInput, now = new Date()) {
  assertCan(ctx, "member:invite");
  if (input.role === "owner") assertCan(ctx, "member:manage-owners");
  const alreadyMember = await db.membership.findFirst({
    where: { orgId: ctx.org.id, user: { email: input.email } },
    select: { id: true },
  });
  if (alreadyMember) {
    throw new ConflictError(`${input.email} is already a member.`, { email: ["Already a member of this org."] });
  }
  const { token, tokenHash } = newInviteToken();
  const invite = await db.$transaction(async (tx) => {
    await assertPlanAllows(tx, ctx.org.id, "members", { now });
    const created = await tx.invite.create({
      data: {
        orgId: ctx.org.id,
        email: input.email,
        role: input.role,
        tokenHash,
        invitedById: ctx.userId,
        expiresAt: new Date(now.getTime() + INVITE_TTL_DAYS * 24 * 3600 * 1000),
      },
      select: { id: true, email: true, role: true, expiresAt: true },
    });
    await recordActivity(tx, { ...by(ctx), action: "invite.sent", targetType: "invite", targetId: created.id, summary: `Invited ${created.email} as ${created.role}`, details: { email: created.email, role: created.role, expiresAt: created.expiresAt } });
    return created;
  });
  return { invite, token };
}

export async function listPendingInvites(db: Db, ctx: OrgContext) {
  assertCan(ctx, "member:read");
  return db.invite.findMany({
    where: { orgId: ctx.org.id, acceptedAt: null, revokedAt: null },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      email: true,
      role: true,
      expiresAt: true,
      createdAt: true,
      invitedBy: { select: { email: true, name: true } },
    },
  });
}

export async function revokeInvite(db: Db, ctx: OrgContext, inviteId: string) {
  assertCan(ctx, "member:invite");
  await db.$transaction(async (tx) => {
    const where = { id: inviteId, orgId: ctx.org.id, acceptedAt: null, revokedAt: null };
    const invite = await tx.invite.findFirst({ where, select: { email: true, role: true } });
    const { count } = await tx.invite.updateMany({ where, data: { revokedAt: new Date() } });
    if (count === 0 || !invite) throw new NotFoundError("Invite not found.");
    await recordActivity(tx, { ...by(ctx), action: "invite.revoked", targetType: "invite", targetId: inviteId, summary: `Revoked the invite of ${invite.email}`, details: invite });
  });
}

/** What the invite page shows before the person accepts. Never reveals anything without the token. */
export async function findInviteByToken(db: Db, token: string) {
  if (!token || token.length > 100) return null;
  return db.invite.findUnique({
    where: { tokenHash: hashInviteToken(token) },
    select: {
      id: true,
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      org: { select: { slug: true, name: true } },
      invitedBy: { select: { email: true, name: true } },
    },
  });
}

export type InviteStatus = "pending" | "accepted" | "revoked" | "expired";

export function inviteStatus(
  invite: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now = new Date(),
): InviteStatus {
  if (invite.acceptedAt) return "accepted";
  if (invite.revokedAt) return "revoked";
  if (invite.expiresAt <= now) return "expired";
  return "pending";
}

const STATUS_MESSAGES: Record<Exclude<InviteStatus, "pending">, string> = {
  accepted: "This invite has already been used. Ask an admin of the org for a new one.",
  revoked: "This invite was revoked. Ask an admin of the org for a new one.",
  expired: "This invite has expired. Ask an admin of the org for a new one.",
};

export function inviteStatusMessage(status: InviteStatus): string | null {
  return status === "pending" ? null : STATUS_MESSAGES[status];
}

/**
 * Joins the invited org. The invite is bound to its email address: someone who got hold of the
 * link but signed in as another person cannot use it. Marking it used happens in the same
 * transaction as the membership, with a guard on `acceptedAt`, so a link works exactly once.
 */
export async function acceptInvite(db: Db, user: { id: string; email: string }, token: string, now = new Date()) {
  const invite = await findInviteByToken(db, token);
  if (!invite) throw new NotFoundError("This invite link is not valid. Check that you copied all of it.");
  const message = inviteStatusMessage(inviteStatus(invite, now));
  if (message) throw new ValidationError(message);
  if (invite.email !== user.email.toLowerCase()) {
    throw new ForbiddenError(`This invite was sent to ${invite.email}. Sign in with that address to accept it.`);
  }
  try {
    return await db.$transaction(async (tx) => {
      const org = await tx.org.findUniqueOrThrow({ where: { slug: invite.org.slug }, select: { id: true, slug: true } });
      // The pending invite already counts toward the plan's members; joining adds no one (unless the plan shrank since).
      await assertPlanAllows(tx, org.id, "members", { adding: 0, now });
      const { count } = await tx.invite.updateMany({
        where: { id: invite.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
        data: { acceptedAt: now, acceptedById: user.id },
      });
      if (count === 0) throw new ValidationError(STATUS_MESSAGES.accepted);
      await tx.membership.create({ data: { orgId: org.id, userId: user.id, role: invite.role } });
      await recordActivity(tx, { orgId: org.id, actor: { userId: user.id }, action: "invite.accepted", targetType: "invite", targetId: invite.id, summary: `${invite.email} joined as ${invite.role}`, details: { email: invite.email, role: invite.role } });
      return org;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConflictError(`You are already a member of ${invite.org.name}.`);
    }
    throw error;
  }
}
