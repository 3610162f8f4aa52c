import type { Db } from "@/lib/db/client";
import type { SqlRunner } from "@/lib/db/sql-transaction";
import type { Prisma } from "@/lib/generated/prisma/client";
import { GENESIS_HASH } from "./row-hash";

/**
 * The chain's bookkeeping in plain SQL, so that the writer (on the driver's own transaction,
 * lib/db/sql-transaction.ts) and the purge and verifier (on Prisma's) share one version of each.
 */
export const prismaRunner =
  (db: Db | Prisma.TransactionClient): SqlRunner =>
  (text, params) =>
    db.$queryRawUnsafe(text, ...params);

/**
 * Serialises everything that extends or cuts an org's chain (writer batches from every gateway
 * instance, retention purges) until the transaction ends. Other orgs are not held up.
 */
export async function lockOrgChain(run: SqlRunner, orgId: string): Promise<void> {
  await run(`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext($1))) AS lock`, [`audit-chain:${orgId}`]);
}

/** Where the verifiable part of an org's chain starts: the latest purge's anchor, else genesis. */
export async function chainStart(run: SqlRunner, orgId: string): Promise<{ chainSeq: number; prevHash: string }> {
  const [anchor] = await run<{ chainSeq: number; prevHash: string }>(
    `SELECT "chainSeq", "prevHash" FROM "AuditAnchor" WHERE "orgId" = $1 ORDER BY "chainSeq" DESC, "createdAt" DESC LIMIT 1`,
    [orgId],
  );
  return anchor ? { chainSeq: anchor.chainSeq, prevHash: anchor.prevHash } : { chainSeq: 1, prevHash: GENESIS_HASH };
}

/** The position and hash the next row chains from: the last chained row, or the chain's start. */
export async function chainHead(run: SqlRunner, orgId: string): Promise<{ lastSeq: number; lastHash: string }> {
  const [last] = await run<{ chainSeq: number; rowHash: string | null }>(
    `SELECT "chainSeq", "rowHash" FROM "GatewayRequest" WHERE "orgId" = $1 AND "chainSeq" IS NOT NULL ORDER BY "chainSeq" DESC LIMIT 1`,
    [orgId],
  );
  if (last?.rowHash) return { lastSeq: last.chainSeq, lastHash: last.rowHash };
  const start = await chainStart(run, orgId);
  return { lastSeq: start.chainSeq - 1, lastHash: start.prevHash };
}
