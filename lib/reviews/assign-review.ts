import type { Db } from "@/lib/db/client";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import type { AssignReviewInput } from "@/lib/schemas/review";
import { ensureReview } from "./flagged-request";
import { assertOrgMember } from "./org-member";

/** Gives the review to a member of the org (or to nobody). Resolved reviews may be reassigned too. */
export async function assignReview(db: Db, ctx: OrgContext, input: AssignReviewInput) {
  assertCan(ctx, "review:write");
  if (input.assigneeId) await assertOrgMember(db, ctx, input.assigneeId, "assigneeId");
  const review = await ensureReview(db, ctx, input.requestId);
  return db.review.update({ where: { id: review.id }, data: { assigneeId: input.assigneeId }, select: { id: true, assigneeId: true } });
}
