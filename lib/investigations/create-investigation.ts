import { by, recordActivity } from "@/lib/activity/record-activity";
import type { Db } from "@/lib/db/client";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import { ensureReview } from "@/lib/reviews/flagged-request";
import { assertOrgMember } from "@/lib/reviews/org-member";
import type { CreateInvestigationInput } from "@/lib/schemas/investigation";

/**
 * Opens an investigation. Started from the review queue, the flagged request's review (created
 * if it had none) is its first item, in the same transaction: no investigation without it.
 */
export async function createInvestigation(db: Db, ctx: OrgContext, input: CreateInvestigationInput) {
  assertCan(ctx, "review:write");
  if (input.ownerId) await assertOrgMember(db, ctx, input.ownerId, "ownerId");
  return db.$transaction(async (tx) => {
    const review = input.fromRequestId ? await ensureReview(tx, ctx, input.fromRequestId) : null;
    const investigation = await tx.investigation.create({
      data: { orgId: ctx.org.id, title: input.title, summary: input.summary, ownerId: input.ownerId, createdById: ctx.userId },
      select: { id: true, title: true },
    });
    if (review) await tx.investigationItem.create({ data: { investigationId: investigation.id, reviewId: review.id, addedById: ctx.userId } });
    await recordActivity(tx, { ...by(ctx), action: "investigation.opened", targetType: "investigation", targetId: investigation.id, summary: `Opened the investigation “${investigation.title}”`, details: review ? { fromRequestId: input.fromRequestId } : null });
    return investigation;
  });
}
