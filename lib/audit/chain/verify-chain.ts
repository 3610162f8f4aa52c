import type { Db } from "@/lib/db/client";
import { chainStart, prismaRunner } from "./chain-head";
import { CHAINED_ROW_SELECT, hashRow } from "./row-hash";

export type BrokenLinkReason = "content changed" | "link broken" | "sequence gap";

export type ChainVerification = {
  ok: boolean;
  /** Rows whose hash was recomputed. */
  checked: number;
  /** Where the verified part starts: a purge's anchor, or the chain's genesis. */
  startSeq: number;
  firstBrokenLink?: { chainSeq: number; requestId: string; reason: BrokenLinkReason };
};

const PAGE = 500;

/**
 * Walks an org's chained rows in order from the chain's start (the latest purge anchor, else
 * position 1) and recomputes each hash. The first row that does not fit is reported:
 * - sequence gap: its position is not the next one (a row before it was deleted);
 * - link broken: its prevHash is not the previous row's hash (a row before it was rewritten
 *   together with its own hash, or the chain was spliced);
 * - content changed: its stored columns no longer hash to its rowHash (it was edited).
 * Rows written before chaining (chainSeq null) are outside the chain. Deleting the newest rows
 * leaves a shorter valid chain; the activity log and exports are the cross-check for that.
 */
export async function verifyAuditChain(db: Db, orgId: string): Promise<ChainVerification> {
  const first = await walk(db, orgId);
  if (first.ok) return first;
  // A purge between reading the anchor and the rows looks like a gap; check again from the new anchor.
  const start = await chainStart(prismaRunner(db), orgId);
  return start.chainSeq !== first.startSeq ? walk(db, orgId) : first;
}

async function walk(db: Db, orgId: string): Promise<ChainVerification> {
  const start = await chainStart(prismaRunner(db), orgId);
  let expectedSeq = start.chainSeq;
  let expectedPrev = start.prevHash;
  let checked = 0;
  for (;;) {
    const rows = await db.gatewayRequest.findMany({
      where: { orgId, chainSeq: { gte: expectedSeq } },
      orderBy: { chainSeq: "asc" },
      take: PAGE,
      select: CHAINED_ROW_SELECT,
    });
    for (const row of rows) {
      const chainSeq = row.chainSeq!;
      const broken = (reason: BrokenLinkReason): ChainVerification => ({ ok: false, checked, startSeq: start.chainSeq, firstBrokenLink: { chainSeq, requestId: row.requestId, reason } });
      if (chainSeq !== expectedSeq) return broken("sequence gap");
      if (row.prevHash !== expectedPrev) return broken("link broken");
      if (hashRow(row.prevHash, chainSeq, row) !== row.rowHash) return broken("content changed");
      checked++;
      expectedSeq = chainSeq + 1;
      expectedPrev = row.rowHash;
    }
    if (rows.length < PAGE) return { ok: true, checked, startSeq: start.chainSeq };
  }
}
