import type { Db } from "@/lib/db/client";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import type { CommentReviewInput } from "@/lib/schemas/review";
import { ensureReview } from "./flagged-request";

/** Adds to the review's thread; open or resolved, the discussion may go on. */
export async function commentOnReview(db: Db, ctx: OrgContext, input: CommentReviewInput) {
  assertCan(ctx, "review:write");
  const review = await ensureReview(db, ctx, input.requestId);
  return db.reviewComment.create({ data: { reviewId: review.id, authorId: ctx.userId, body: input.body }, select: { id: true, body: true, createdAt: true } });
}
