import type { Db } from "@/lib/db/client";
import { ValidationError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import { type ActivityFilters, decodeCursor, encodeCursor } from "./activity-filters";

export type ActivityEntry = {
  id: string;
  createdAt: Date;
  action: string;
  targetType: string;
  targetId: string | null;
  summary: string;
  details: Prisma.JsonValue;
  actor: { userId: string | null; keyId: string | null; label: string };
};

/** The org's activity, newest first, one page at a time. Another org's rows never match (orgId is in every query). */
export async function listActivity(db: Db, ctx: OrgContext, filters: ActivityFilters): Promise<{ entries: ActivityEntry[]; nextCursor: string | null }> {
  assertCan(ctx, "audit:read");
  const and: Prisma.AdminActivityWhereInput[] = [{ orgId: ctx.org.id }];
  if (filters.from) and.push({ createdAt: { gte: filters.from } });
  if (filters.to) and.push({ createdAt: { lte: filters.to } });
  if (filters.actor) and.push({ OR: [{ actorId: filters.actor }, { actorKeyId: filters.actor }] });
  if (filters.action) and.push({ action: { startsWith: filters.action } });
  if (filters.targetType) and.push({ targetType: filters.targetType });
  if (filters.q) and.push({ summary: { contains: filters.q, mode: "insensitive" } });
  if (filters.cursor) {
    const after = decodeCursor(filters.cursor);
    if (!after) throw new ValidationError("cursor: not a cursor this API gave out.", { cursor: ["Not a cursor this API gave out."] });
    and.push({ OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] });
  }
  const rows = await db.adminActivity.findMany({ where: { AND: and }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: filters.limit + 1 });
  const page = rows.slice(0, filters.limit);
  const labels = await actorLabels(db, ctx.org.id, page);
  return {
    entries: page.map((row) => ({
      id: row.id,
      createdAt: row.createdAt,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      summary: row.summary,
      details: row.details,
      actor: { userId: row.actorId, keyId: row.actorKeyId, label: labelOf(labels, row.actorId, row.actorKeyId) },
    })),
    nextCursor: rows.length > filters.limit ? encodeCursor(page.at(-1)!) : null,
  };
}

/** Names for the page's actors in two queries; keys are looked up within the org only. */
async function actorLabels(db: Db, orgId: string, rows: { actorId: string | null; actorKeyId: string | null }[]) {
  const userIds = [...new Set(rows.flatMap((row) => (row.actorId ? [row.actorId] : [])))];
  const keyIds = [...new Set(rows.flatMap((row) => (row.actorKeyId ? [row.actorKeyId] : [])))];
  const [users, keys] = await Promise.all([
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }) : [],
    keyIds.length ? db.apiKey.findMany({ where: { id: { in: keyIds }, orgId }, select: { id: true, name: true, prefix: true } }) : [],
  ]);
  return { users: new Map(users.map((u) => [u.id, u.email])), keys: new Map(keys.map((k) => [k.id, `${k.name} (${k.prefix}…)`])) };
}

function labelOf(labels: Awaited<ReturnType<typeof actorLabels>>, userId: string | null, keyId: string | null): string {
  const user = userId ? (labels.users.get(userId) ?? "a former user") : null;
  const key = keyId ? (labels.keys.get(keyId) ?? "a deleted key") : null;
  if (user && key) return `${user} via API key ${key}`;
  return user ?? (key ? `API key ${key}` : "System");
}

/** The people and keys that can appear as actors, for the filter's choices. */
export async function activityActors(db: Db, ctx: OrgContext) {
  assertCan(ctx, "audit:read");
  const [members, keys] = await Promise.all([
    db.membership.findMany({ where: { orgId: ctx.org.id }, select: { user: { select: { id: true, email: true } } }, orderBy: { createdAt: "asc" } }),
    db.apiKey.findMany({ where: { orgId: ctx.org.id, scopes: { has: "admin" } }, select: { id: true, name: true }, orderBy: { createdAt: "desc" }, take: 100 }),
  ]);
  return [...members.map((m) => ({ id: m.user.id, label: m.user.email })), ...keys.map((k) => ({ id: k.id, label: `API key ${k.name}` }))];
}
