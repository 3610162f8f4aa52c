import type { Db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/orgs/org-access";

type Tx = Db | Prisma.TransactionClient;

/** The policy's flag action ("allow and queue for an operator") records this decision. */
export const FLAG_DECISION = "flag";

/**
 * The review of a flagged request of the org, created on first use: the audit writer knows
 * nothing of reviews, so a flagged request with no review row is simply "open". Concurrent first
 * uses insert at most one row (ON CONFLICT DO NOTHING on the unique requestId).
 * Any id that is not a flagged request of this org is "not found".
 */
export async function ensureReview(db: Tx, ctx: OrgContext, requestId: string) {
  const request = await db.gatewayRequest.findFirst({ where: { id: requestId, orgId: ctx.org.id, decision: FLAG_DECISION }, select: { id: true } });
  if (!request) throw new NotFoundError("Flagged request not found.");
  await db.review.createMany({ data: [{ orgId: ctx.org.id, requestId: request.id }], skipDuplicates: true });
  return db.review.findUniqueOrThrow({ where: { requestId: request.id }, select: { id: true, status: true } });
}

/** A flagged request of the org to start an investigation from, or null (the prefill is then skipped). */
export async function findFlaggedRequest(db: Db, ctx: OrgContext, requestId: string) {
  return db.gatewayRequest.findFirst({ where: { id: requestId, orgId: ctx.org.id, decision: FLAG_DECISION }, select: { id: true, requestId: true, matchedRules: true } });
}
