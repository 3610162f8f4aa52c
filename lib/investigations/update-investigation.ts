import type { Db } from "@/lib/db/client";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import { assertOrgMember } from "@/lib/reviews/org-member";
import type { UpdateInvestigationInput } from "@/lib/schemas/investigation";
import { findInvestigationId } from "./find-investigation";

/** Status and owner change together, from one form; the owner may be nobody. */
export async function updateInvestigation(db: Db, ctx: OrgContext, input: UpdateInvestigationInput) {
  assertCan(ctx, "review:write");
  const id = await findInvestigationId(db, ctx, input.investigationId);
  if (input.ownerId) await assertOrgMember(db, ctx, input.ownerId, "ownerId");
  return db.investigation.update({ where: { id }, data: { status: input.status, ownerId: input.ownerId }, select: { id: true, status: true, ownerId: true } });
}
