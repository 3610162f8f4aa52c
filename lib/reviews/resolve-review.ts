import { personName } from "@/lib/catalog/catalog-view";
import { by, recordActivity } from "@/lib/activity/record-activity";
import type { Db } from "@/lib/db/client";
import { ConflictError } from "@/lib/errors";
import { utcMinute } from "@/lib/format/time";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import { REVIEW_STATUS_LABELS, type ResolveReviewInput } from "@/lib/schemas/review";
import { ensureReview } from "./flagged-request";

/**
 * Records a verdict. The update is conditional on the review still being open, so of two
 * operators resolving at once exactly one wins (PostgreSQL re-checks the condition after the
 * first one's row lock is released); the other is told who decided what.
 */
export async function resolveReview(db: Db, ctx: OrgContext, input: ResolveReviewInput) {
  assertCan(ctx, "review:write");
  const review = await ensureReview(db, ctx, input.requestId);
  const resolved = await db.$transaction(async (tx) => {
    const { count } = await tx.review.updateMany({
      where: { id: review.id, orgId: ctx.org.id, status: "open" },
      data: { status: input.verdict, resolvedById: ctx.userId, resolvedAt: new Date(), resolutionNote: input.note ?? null },
    });
    if (count > 0) {
      const verdict = REVIEW_STATUS_LABELS[input.verdict].toLowerCase();
      await recordActivity(tx, { ...by(ctx), action: "review.resolved", targetType: "review", targetId: review.id, summary: `Resolved a review as ${verdict}`, details: { requestId: input.requestId, verdict: input.verdict } });
    }
    return count > 0;
  });
  if (!resolved) throw await alreadyResolved(db, review.id);
  return db.review.findUniqueOrThrow({ where: { id: review.id }, select: { id: true, status: true, resolvedAt: true, resolutionNote: true } });
}

/**
 * Puts a resolved review back in the queue. The verdict it had is kept in the thread as a
 * comment, since the review's own fields are cleared for the next verdict.
 */
export async function reopenReview(db: Db, ctx: OrgContext, requestId: string) {
  assertCan(ctx, "review:write");
  const review = await ensureReview(db, ctx, requestId);
  return db.$transaction(async (tx) => {
    const before = await tx.review.findUniqueOrThrow({ where: { id: review.id }, select: { status: true, resolutionNote: true, resolvedBy: { select: { name: true, email: true } } } });
    const { count } = await tx.review.updateMany({
      where: { id: review.id, orgId: ctx.org.id, status: { not: "open" } },
      data: { status: "open", resolvedById: null, resolvedAt: null, resolutionNote: null },
    });
    if (count === 0) throw new ConflictError("This review is already open.");
    const was = `${REVIEW_STATUS_LABELS[before.status]}${before.resolvedBy ? ` by ${personName(before.resolvedBy)}` : ""}`;
    const body = `Reopened (it was marked ${was}${before.resolutionNote ? `: "${before.resolutionNote}"` : ""}).`;
    await tx.reviewComment.create({ data: { reviewId: review.id, authorId: ctx.userId, body } });
    await recordActivity(tx, { ...by(ctx), action: "review.reopened", targetType: "review", targetId: review.id, summary: "Reopened a review", details: { requestId, was: before.status } });
    return { id: review.id, status: "open" as const };
  });
}

async function alreadyResolved(db: Db, reviewId: string): Promise<ConflictError> {
  const current = await db.review.findUniqueOrThrow({ where: { id: reviewId }, select: { status: true, resolvedAt: true, resolvedBy: { select: { name: true, email: true } } } });
  const who = current.resolvedBy ? personName(current.resolvedBy) : "Someone";
  const when = current.resolvedAt ? ` at ${utcMinute(current.resolvedAt)}` : "";
  return new ConflictError(`${who} already resolved this review as ${REVIEW_STATUS_LABELS[current.status].toLowerCase()}${when}. Reopen it to change the verdict.`);
}
