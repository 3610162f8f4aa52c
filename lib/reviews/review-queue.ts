import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import { type ReviewQueueFilter, UNASSIGNED } from "@/lib/schemas/review";
import { FLAG_DECISION } from "./flagged-request";

/** One screen of the queue; the filters narrow it, so a longer backlog is reached by filtering. */
export const QUEUE_PAGE_SIZE = 100;

const person = { select: { id: true, name: true, email: true } } as const;

const queueSelect = {
  id: true,
  requestId: true,
  createdAt: true,
  apiKeyId: true,
  userId: true,
  requestedModel: true,
  servedModel: true,
  matchedRules: true,
  review: {
    select: {
      id: true,
      status: true,
      assignee: person,
      resolvedBy: person,
      resolvedAt: true,
      resolutionNote: true,
      comments: { orderBy: { createdAt: "asc" }, select: { id: true, body: true, createdAt: true, author: person } },
      investigationItems: { select: { investigation: { select: { id: true, title: true } } } },
    },
  },
} as const satisfies Prisma.GatewayRequestSelect;

export type QueueRow = Prisma.GatewayRequestGetPayload<{ select: typeof queueSelect }>;

/**
 * Flagged requests of the org with their review, if any: a request with no review row is open
 * (reviews are created lazily, on the first assignment, comment or verdict).
 */
export async function listReviewQueue(db: Db, ctx: OrgContext, filter: ReviewQueueFilter): Promise<QueueRow[]> {
  assertCan(ctx, "review:read");
  return db.gatewayRequest.findMany({
    where: queueWhere(ctx, filter),
    orderBy: [{ createdAt: filter.order === "oldest" ? "asc" : "desc" }, { id: "asc" }],
    take: QUEUE_PAGE_SIZE,
    select: queueSelect,
  });
}

/** For the navigation badge: flagged requests still waiting for a verdict. */
export async function openReviewCount(db: Db, ctx: OrgContext): Promise<number> {
  assertCan(ctx, "review:read");
  return db.gatewayRequest.count({ where: queueWhere(ctx, { status: "open" }) });
}

export function queueWhere(ctx: OrgContext, filter: Pick<ReviewQueueFilter, "status" | "assignee" | "rule">): Prisma.GatewayRequestWhereInput {
  const and: Prisma.GatewayRequestWhereInput[] = [];
  if (filter.status === "open") and.push({ OR: [{ review: { is: null } }, { review: { is: { status: "open" } } }] });
  else if (filter.status !== "all") and.push({ review: { is: { status: filter.status } } });
  if (filter.assignee === UNASSIGNED) and.push({ OR: [{ review: { is: null } }, { review: { is: { assigneeId: null } } }] });
  else if (filter.assignee) and.push({ review: { is: { assigneeId: filter.assignee } } });
  if (filter.rule) and.push({ matchedRules: { has: filter.rule } });
  return { orgId: ctx.org.id, decision: FLAG_DECISION, AND: and };
}

/** Rule ids seen on the org's flagged requests, for the rule filter (monitor-only marks left out). */
export async function flaggedRuleIds(db: Db, ctx: OrgContext): Promise<string[]> {
  assertCan(ctx, "review:read");
  const rows = await db.$queryRaw<{ rule: string }[]>`
    SELECT DISTINCT rule FROM "GatewayRequest", unnest("matchedRules") AS rule
    WHERE "orgId" = ${ctx.org.id} AND decision = ${FLAG_DECISION} AND rule NOT LIKE 'monitor:%'
    ORDER BY rule LIMIT 200`;
  return rows.map((row) => row.rule);
}

/** Names of the keys that sent the listed requests, looked up within the org only. */
export async function keyNamesFor(db: Db, ctx: OrgContext, rows: Pick<QueueRow, "apiKeyId">[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((row) => row.apiKeyId).filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return new Map();
  const keys = await db.apiKey.findMany({ where: { orgId: ctx.org.id, id: { in: ids } }, select: { id: true, name: true } });
  return new Map(keys.map((key) => [key.id, key.name]));
}
