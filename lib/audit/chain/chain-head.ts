import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { GENESIS_HASH } from "./row-hash";

type Tx = Prisma.TransactionClient;

/**
 * Serialises everything that extends or cuts an org's chain (writer batches from every gateway
 * instance, retention purges) until the transaction ends. Other orgs are not held up.
 */
export async function lockOrgChain(tx: Tx, orgId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${`audit-chain:${orgId}`}))) AS lock`;
}

/** Where the verifiable part of an org's chain starts: the latest purge's anchor, else genesis. */
export async function chainStart(db: Db | Tx, orgId: string): Promise<{ chainSeq: number; prevHash: string; anchorId: string | null }> {
  const anchor = await db.auditAnchor.findFirst({ where: { orgId }, orderBy: [{ chainSeq: "desc" }, { createdAt: "desc" }], select: { id: true, chainSeq: true, prevHash: true } });
  return anchor ? { chainSeq: anchor.chainSeq, prevHash: anchor.prevHash, anchorId: anchor.id } : { chainSeq: 1, prevHash: GENESIS_HASH, anchorId: null };
}

/** The position and hash the next row chains from: the last chained row, or the chain's start. */
export async function chainHead(tx: Tx, orgId: string): Promise<{ lastSeq: number; lastHash: string }> {
  const last = await tx.gatewayRequest.findFirst({
    where: { orgId, chainSeq: { not: null } },
    orderBy: { chainSeq: "desc" },
    select: { chainSeq: true, rowHash: true },
  });
  if (last?.chainSeq != null && last.rowHash) return { lastSeq: last.chainSeq, lastHash: last.rowHash };
  const start = await chainStart(tx, orgId);
  return { lastSeq: start.chainSeq - 1, lastHash: start.prevHash };
}
