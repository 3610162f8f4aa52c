import type { Db } from "@/lib/db/client";
import { ValidationError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/orgs/org-access";

/** Assignees and owners must belong to the org; anyone else is refused as a field error. */
export async function assertOrgMember(db: Db | Prisma.TransactionClient, ctx: OrgContext, userId: string, field: string): Promise<void> {
  const membership = await db.membership.findFirst({ where: { orgId: ctx.org.id, userId }, select: { id: true } });
  if (!membership) throw new ValidationError("Choose a member of this org.", { [field]: ["Choose a member of this org."] });
}
