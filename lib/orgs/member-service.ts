import { by, recordActivity } from "@/lib/activity/record-activity";
import type { Db } from "@/lib/db/client";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { lockOrg } from "./lock-org";
import { assertCan, type OrgContext } from "./org-access";

type Tx = Prisma.TransactionClient;

export async function listMembers(db: Db, ctx: OrgContext) {
  assertCan(ctx, "member:read");
  return db.membership.findMany({
    where: { orgId: ctx.org.id },
    orderBy: [{ createdAt: "asc" }],
    select: { id: true, role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
}

async function ownerCount(tx: Tx, orgId: string) {
  return tx.membership.count({ where: { orgId, role: "owner" } });
}

const LAST_OWNER = "An org needs at least one owner. Make someone else an owner first.";

export async function changeMemberRole(db: Db, ctx: OrgContext, membershipId: string, role: Role) {
  assertCan(ctx, "member:update");
  return db.$transaction(async (tx) => {
    await lockOrg(tx, ctx.org.id);
    const target = await tx.membership.findFirst({ where: { id: membershipId, orgId: ctx.org.id }, include: { user: { select: { email: true } } } });
    if (!target) throw new NotFoundError("Member not found.");
    if ((target.role === "owner" || role === "owner") && target.role !== role) {
      assertCan(ctx, "member:manage-owners");
    }
    if (target.role === "owner" && role !== "owner" && (await ownerCount(tx, ctx.org.id)) <= 1) {
      throw new ConflictError(LAST_OWNER);
    }
    await recordActivity(tx, { ...by(ctx), action: "member.role_changed", targetType: "member", targetId: target.userId, summary: `Changed ${target.user.email} from ${target.role} to ${role}`, details: { email: target.user.email, from: target.role, to: role } });
    return tx.membership.update({ where: { id: target.id }, data: { role }, select: { id: true, role: true } });
  });
}

export async function removeMember(db: Db, ctx: OrgContext, membershipId: string) {
  assertCan(ctx, "member:remove");
  await db.$transaction(async (tx) => {
    await lockOrg(tx, ctx.org.id);
    const target = await tx.membership.findFirst({ where: { id: membershipId, orgId: ctx.org.id }, include: { user: { select: { email: true } } } });
    if (!target) throw new NotFoundError("Member not found.");
    if (target.role === "owner") {
      if (ctx.role !== "owner") throw new ForbiddenError("Only an owner can remove an owner.");
      if ((await ownerCount(tx, ctx.org.id)) <= 1) throw new ConflictError(LAST_OWNER);
    }
    await tx.membership.delete({ where: { id: target.id } });
    await recordActivity(tx, { ...by(ctx), action: "member.removed", targetType: "member", targetId: target.userId, summary: `Removed ${target.user.email} (${target.role})`, details: { email: target.user.email, role: target.role } });
  });
}

/** Any member may leave, except the last owner, who must hand the org over first. */
export async function leaveOrg(db: Db, ctx: OrgContext) {
  await db.$transaction(async (tx) => {
    await lockOrg(tx, ctx.org.id);
    const own = await tx.membership.findUnique({ where: { id: ctx.membershipId }, select: { role: true } });
    if (!own) throw new NotFoundError("Org not found.");
    if (own.role === "owner" && (await ownerCount(tx, ctx.org.id)) <= 1) {
      throw new ConflictError("You are the last owner. Make someone else an owner before you leave.");
    }
    await tx.membership.delete({ where: { id: ctx.membershipId } });
    await recordActivity(tx, { ...by(ctx), action: "member.left", targetType: "member", targetId: ctx.userId, summary: `Left the org (${own.role})`, details: { role: own.role } });
  });
}
