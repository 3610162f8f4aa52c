import type { Db } from "@/lib/db/client";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import { findInvestigationId } from "./find-investigation";

export async function addInvestigationNote(db: Db, ctx: OrgContext, input: { investigationId: string; body: string }) {
  assertCan(ctx, "review:write");
  const investigationId = await findInvestigationId(db, ctx, input.investigationId);
  const note = await db.investigationNote.create({ data: { investigationId, authorId: ctx.userId, body: input.body }, select: { id: true, body: true, createdAt: true } });
  await db.investigation.update({ where: { id: investigationId }, data: { updatedAt: new Date() } });
  return note;
}
