import type { Db } from "@/lib/db/client";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";

/**
 * Tools waiting for an admin: new ones (unreviewed) and approved ones held for a changed
 * definition. Tools their server no longer lists cannot be approved, so they do not count.
 */
export async function toolsNeedingReviewCount(db: Db, ctx: OrgContext): Promise<number> {
  assertCan(ctx, "mcp:write");
  return db.mcpTool.count({ where: { orgId: ctx.org.id, removedAt: null, state: { in: ["unreviewed", "changed"] } } });
}
