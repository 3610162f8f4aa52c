import { by, recordActivity } from "@/lib/activity/record-activity";
import type { Db } from "@/lib/db/client";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import { type ChainVerification, verifyAuditChain } from "./verify-chain";

/** The verify action as people run it (dashboard, management API): audit readers only, and recorded. */
export async function verifyChainAs(db: Db, ctx: OrgContext): Promise<ChainVerification> {
  assertCan(ctx, "audit:read");
  const result = await verifyAuditChain(db, ctx.org.id);
  const broken = result.firstBrokenLink;
  const summary = broken ? `Verified the audit chain: broken at #${broken.chainSeq} (${broken.reason})` : `Verified the audit chain: intact, ${result.checked} row(s)`;
  await recordActivity(db, { ...by(ctx), action: "audit.verified", targetType: "audit", summary, details: result });
  return result;
}
