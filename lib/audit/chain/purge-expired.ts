import { recordActivity } from "@/lib/activity/record-activity";
import { billingEnabled } from "@/lib/billing/billing-config";
import { effectivePlan, tighter } from "@/lib/billing/org-plan";
import type { Db } from "@/lib/db/client";
import { lockOrgChain, prismaRunner } from "./chain-head";

export type PurgeResult = { orgId: string; purgedRows: number; anchorSeq: number | null };

const DAY_MS = 24 * 3600 * 1000;

/**
 * Deletes audit rows older than each org's retention (every org with one set, or only `orgId`):
 * the org's own choice, capped by its billing plan's.
 * Rows go in chain order, so what remains is a suffix of the chain, and an anchor records where
 * that suffix starts and the hash it chains from: verification of the kept rows still succeeds,
 * and tampering with them is still caught. Reviews and investigation items of purged rows go with
 * them (foreign keys cascade).
 */
export async function purgeExpiredAuditRows(db: Db, orgId?: string, now = new Date()): Promise<PurgeResult[]> {
  // With billing on, every org's plan caps its retention, so every org is looked at; without it, only orgs that set one.
  const orgs = await db.org.findMany({
    where: { ...(billingEnabled() ? {} : { auditRetentionDays: { not: null } }), ...(orgId ? { id: orgId } : {}) },
    select: { id: true, auditRetentionDays: true, plan: true, billingStatus: true, graceEndsAt: true },
  });
  const results: PurgeResult[] = [];
  for (const org of orgs) {
    const retentionDays = tighter(org.auditRetentionDays, effectivePlan(org, now)?.limits.auditRetentionDays ?? null);
    if (retentionDays === null) continue;
    const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
    results.push(await purgeOrg(db, org.id, cutoff, retentionDays));
  }
  return results;
}

async function purgeOrg(db: Db, orgId: string, cutoff: Date, retentionDays: number): Promise<PurgeResult> {
  return db.$transaction(
    async (tx) => {
      await lockOrgChain(prismaRunner(tx), orgId); // no writer extends the chain while it is cut
      // The chain is cut before the first row still within retention, or after the last row when none is.
      const firstKept = await tx.gatewayRequest.findFirst({
        where: { orgId, chainSeq: { not: null }, createdAt: { gte: cutoff } },
        orderBy: { chainSeq: "asc" },
        select: { chainSeq: true, prevHash: true },
      });
      const last = firstKept
        ? null
        : await tx.gatewayRequest.findFirst({ where: { orgId, chainSeq: { not: null } }, orderBy: { chainSeq: "desc" }, select: { chainSeq: true, rowHash: true } });
      const anchor = firstKept ? { chainSeq: firstKept.chainSeq!, prevHash: firstKept.prevHash! } : last ? { chainSeq: last.chainSeq! + 1, prevHash: last.rowHash! } : null;
      const chained = anchor ? (await tx.gatewayRequest.deleteMany({ where: { orgId, chainSeq: { lt: anchor.chainSeq } } })).count : 0;
      // Rows from before the chain existed are outside it: only their age counts.
      const unchained = (await tx.gatewayRequest.deleteMany({ where: { orgId, chainSeq: null, createdAt: { lt: cutoff } } })).count;
      const purgedRows = chained + unchained;
      if (purgedRows === 0) return { orgId, purgedRows, anchorSeq: null };
      if (chained > 0) await tx.auditAnchor.create({ data: { orgId, chainSeq: anchor!.chainSeq, prevHash: anchor!.prevHash, purgedRows: chained } });
      await recordActivity(tx, { orgId, actor: null, action: "audit.purged", targetType: "audit", summary: `Purged ${purgedRows} audit row(s) older than ${retentionDays} days`, details: { purgedRows, retentionDays, cutoff, anchorSeq: chained > 0 ? anchor!.chainSeq : null } });
      return { orgId, purgedRows, anchorSeq: chained > 0 ? anchor!.chainSeq : null };
    },
    { maxWait: 10_000, timeout: 300_000 },
  );
}
