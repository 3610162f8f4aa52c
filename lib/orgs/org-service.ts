import { randomBytes } from "node:crypto";
import { by, recordActivity } from "@/lib/activity/record-activity";
import type { Db } from "@/lib/db/client";
import { ConflictError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { type CreateOrgInput, RESERVED_SLUGS, slugFromName } from "@/lib/schemas/org";
import { invalidateOrg } from "@/lib/cache/invalidation";
import type { PromptStorage } from "@/lib/generated/prisma/enums";
import { createDefaultPolicy } from "@/lib/policy/default-policy";
import { assertCan, type OrgContext } from "./org-access";

type Tx = Prisma.TransactionClient;

/** Creates an org with `userId` as its owner, and its first policy version, in one transaction. */
export async function createOrg(db: Db, userId: string, input: CreateOrgInput) {
  return db.$transaction((tx) => createOrgInTransaction(tx, userId, input));
}

/** The same, inside a transaction the caller already holds (sign-up creates the user with it). */
export async function createOrgInTransaction(tx: Tx, userId: string, input: CreateOrgInput) {
  const slug = input.slug ?? (await availableSlug(tx, slugFromName(input.name)));
  try {
    const org = await tx.org.create({
      data: { name: input.name, slug, memberships: { create: { userId, role: "owner" } } },
      select: { id: true, slug: true, name: true },
    });
    await createDefaultPolicy(tx, org.id);
    await recordActivity(tx, { orgId: org.id, actor: { userId }, action: "org.created", targetType: "org", targetId: org.id, summary: `Created the org ${org.name}`, details: { slug: org.slug } });
    return org;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConflictError("That address is taken.", { slug: ["That address is taken. Choose another."] });
    }
    throw error;
  }
}

async function availableSlug(db: Db | Tx, base: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const candidate = attempt === 0 ? base : `${base}-${randomBytes(2).toString("hex")}`;
    if (RESERVED_SLUGS.has(candidate)) continue;
    const taken = await db.org.findUnique({ where: { slug: candidate }, select: { id: true } });
    if (!taken) return candidate;
  }
  return `${base}-${randomBytes(4).toString("hex")}`;
}

/** The orgs a user belongs to, for the org switcher and the landing redirect. */
export function listOrgsForUser(db: Db, userId: string) {
  return db.membership
    .findMany({
      where: { userId },
      orderBy: { org: { name: "asc" } },
      select: { role: true, org: { select: { id: true, slug: true, name: true } } },
    })
    .then((rows) => rows.map((row) => ({ ...row.org, role: row.role })));
}

export async function renameOrg(db: Db, ctx: OrgContext, name: string) {
  assertCan(ctx, "org:update");
  return db.$transaction(async (tx) => {
    const renamed = await tx.org.update({ where: { id: ctx.org.id }, data: { name }, select: { id: true, slug: true, name: true } });
    await recordActivity(tx, { ...by(ctx), action: "org.renamed", targetType: "org", targetId: ctx.org.id, summary: `Renamed the org from ${ctx.org.name} to ${name}`, details: { from: ctx.org.name, to: name } });
    return renamed;
  });
}

export async function orgOverview(db: Db, ctx: OrgContext) {
  const since = new Date(Date.now() - 30 * 24 * 3600 * 1000);
  const [memberCount, pendingInviteCount, providerCount, modelCount, keyCount, requestCount] = await Promise.all([
    db.membership.count({ where: { orgId: ctx.org.id } }),
    db.invite.count({
      where: { orgId: ctx.org.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    }),
    db.provider.count({ where: { orgId: ctx.org.id } }),
    db.catalogModel.count({ where: { orgId: ctx.org.id } }),
    db.apiKey.count({ where: { orgId: ctx.org.id, revokedAt: null } }),
    db.gatewayRequest.count({ where: { orgId: ctx.org.id, createdAt: { gte: since } } }),
  ]);
  return { memberCount, pendingInviteCount, providerCount, modelCount, keyCount, requestCount };
}

/** What the audit trail keeps of prompts and answers. Changing it affects new requests only. */
export async function setPromptStorage(db: Db, ctx: OrgContext, promptStorage: PromptStorage) {
  assertCan(ctx, "org:update");
  await db.$transaction(async (tx) => {
    const before = await tx.org.findUniqueOrThrow({ where: { id: ctx.org.id }, select: { promptStorage: true } });
    await tx.org.update({ where: { id: ctx.org.id }, data: { promptStorage } });
    await recordActivity(tx, { ...by(ctx), action: "org.prompt_storage_changed", targetType: "org", targetId: ctx.org.id, summary: `Changed prompt storage from ${before.promptStorage} to ${promptStorage}`, details: { from: before.promptStorage, to: promptStorage } });
  });
  await invalidateOrg(ctx.org.id);
}

/** How many days audit rows are kept (null: forever); the retention job purges older ones. */
export async function setAuditRetention(db: Db, ctx: OrgContext, auditRetentionDays: number | null) {
  assertCan(ctx, "org:update");
  await db.$transaction(async (tx) => {
    const before = await tx.org.findUniqueOrThrow({ where: { id: ctx.org.id }, select: { auditRetentionDays: true } });
    await tx.org.update({ where: { id: ctx.org.id }, data: { auditRetentionDays } });
    const days = (value: number | null) => (value === null ? "forever" : `${value} days`);
    await recordActivity(tx, { ...by(ctx), action: "org.retention_changed", targetType: "org", targetId: ctx.org.id, summary: `Changed audit retention from ${days(before.auditRetentionDays)} to ${days(auditRetentionDays)}`, details: { from: before.auditRetentionDays, to: auditRetentionDays } });
  });
}
