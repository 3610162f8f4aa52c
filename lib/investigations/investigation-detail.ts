import type { Db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";

const person = { select: { id: true, name: true, email: true } } as const;
const requestFacts = { select: { id: true, requestId: true, createdAt: true, requestedModel: true, decision: true, status: true, matchedRules: true } } as const;

/** One investigation of the org with its items (requests and reviews) and notes, oldest first. */
export async function investigationDetail(db: Db, ctx: OrgContext, investigationId: string) {
  assertCan(ctx, "review:read");
  const investigation = await db.investigation.findFirst({
    where: { id: investigationId, orgId: ctx.org.id },
    select: {
      id: true,
      title: true,
      summary: true,
      status: true,
      createdAt: true,
      updatedAt: true,
      owner: person,
      items: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          createdAt: true,
          addedBy: person,
          request: requestFacts,
          review: { select: { id: true, status: true, request: requestFacts } },
        },
      },
      notes: { orderBy: { createdAt: "asc" }, select: { id: true, body: true, createdAt: true, author: person } },
    },
  });
  if (!investigation) throw new NotFoundError("Investigation not found.");
  return investigation;
}

export type InvestigationDetail = Awaited<ReturnType<typeof investigationDetail>>;
