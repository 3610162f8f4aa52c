import type { Db } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import { ensureReview } from "@/lib/reviews/flagged-request";
import { findInvestigationId } from "./find-investigation";

/**
 * Adds a request by the id people have at hand: the public x-request-id an app logged, or the
 * internal id from a link. Both are looked up within the org only.
 */
export async function addRequestToInvestigation(db: Db, ctx: OrgContext, input: { investigationId: string; reference: string }) {
  assertCan(ctx, "review:write");
  const investigationId = await findInvestigationId(db, ctx, input.investigationId);
  const request = await db.gatewayRequest.findFirst({
    where: { orgId: ctx.org.id, OR: [{ requestId: input.reference }, { id: input.reference }] },
    select: { id: true, requestId: true },
  });
  if (!request) throw new NotFoundError("No request with that id in this org.");
  await addItem(db, { investigationId, requestId: request.id, addedById: ctx.userId }, "This request is already in the investigation.");
  return request;
}

/** Adds the review of a flagged request (created if it had none), as the review queue offers. */
export async function addReviewToInvestigation(db: Db, ctx: OrgContext, input: { investigationId: string; requestId: string }) {
  assertCan(ctx, "review:write");
  const investigationId = await findInvestigationId(db, ctx, input.investigationId);
  const review = await ensureReview(db, ctx, input.requestId);
  await addItem(db, { investigationId, reviewId: review.id, addedById: ctx.userId }, "This review is already in the investigation.");
  return review;
}

async function addItem(db: Db, data: Prisma.InvestigationItemUncheckedCreateInput, duplicate: string) {
  try {
    await db.investigationItem.create({ data });
    // The list is ordered by the latest change.
    await db.investigation.update({ where: { id: data.investigationId }, data: { updatedAt: new Date() } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new ConflictError(duplicate);
    throw error;
  }
}
