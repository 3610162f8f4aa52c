import type { Db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/orgs/org-access";

/** The org's investigation or "not found": an id of another org reveals nothing. */
export async function findInvestigationId(db: Db | Prisma.TransactionClient, ctx: OrgContext, investigationId: string): Promise<string> {
  const found = await db.investigation.findFirst({ where: { id: investigationId, orgId: ctx.org.id }, select: { id: true } });
  if (!found) throw new NotFoundError("Investigation not found.");
  return found.id;
}
