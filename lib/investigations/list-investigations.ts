import type { Db } from "@/lib/db/client";
import type { InvestigationStatus } from "@/lib/generated/prisma/enums";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";

const LIST_LIMIT = 200;

/** The org's investigations, latest change first, with their owner and how much they hold. */
export async function listInvestigations(db: Db, ctx: OrgContext, filter: { status?: InvestigationStatus | "all" } = {}) {
  assertCan(ctx, "review:read");
  return db.investigation.findMany({
    where: { orgId: ctx.org.id, ...(filter.status && filter.status !== "all" ? { status: filter.status } : {}) },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    take: LIST_LIMIT,
    select: {
      id: true,
      title: true,
      status: true,
      updatedAt: true,
      owner: { select: { id: true, name: true, email: true } },
      _count: { select: { items: true, notes: true } },
    },
  });
}

/** Investigations something can still be added to, for the review queue's "Add to investigation". */
export async function activeInvestigations(db: Db, ctx: OrgContext) {
  assertCan(ctx, "review:read");
  return db.investigation.findMany({
    where: { orgId: ctx.org.id, status: { not: "closed" } },
    orderBy: { updatedAt: "desc" },
    take: LIST_LIMIT,
    select: { id: true, title: true },
  });
}
