import type { Db } from "@/lib/db/client";
import { storable } from "@/lib/db/storable-text";
import { Prisma } from "@/lib/generated/prisma/client";
import { chainHead, lockOrgChain } from "./chain-head";
import { hashRow } from "./row-hash";

export type RequestRecord = Prisma.GatewayRequestCreateManyInput;

/** Every column an audit row is written with, as Prisma generates them from the schema (the generated searchVector is not among them). */
const COLUMNS = Object.values(Prisma.GatewayRequestScalarFieldEnum);

/** Where each column's value comes from: the row's JSON, with the id and stream defaults filled in, and the chain columns from their own arrays. */
const CHAIN_COLUMNS: Record<string, string> = { chainSeq: "c.seq", prevHash: "c.prev", rowHash: "c.hash" };
const SELECT_LIST = COLUMNS.map((column) =>
  column === "id" ? `COALESCE(r."id", gen_random_uuid()::text)` : column === "stream" ? `COALESCE(r."stream", false)` : (CHAIN_COLUMNS[column] ?? `r."${column}"`),
).join(", ");
const INSERT_SQL = `INSERT INTO "GatewayRequest" (${COLUMNS.map((column) => `"${column}"`).join(", ")})
  SELECT ${SELECT_LIST}
  FROM json_populate_recordset(NULL::"GatewayRequest", $1::json) WITH ORDINALITY AS r
  JOIN unnest($2::int[], $3::text[], $4::text[]) WITH ORDINALITY AS c(seq, prev, hash, n) ON c.n = r.ordinality`;

type ChainLinks = { seqs: number[]; prevHashes: string[]; rowHashes: string[] };

/**
 * Inserts the rows as one JSON parameter that PostgreSQL expands itself
 * (json_populate_recordset), their chain positions and hashes as three arrays beside it: one
 * statement per batch, none of the per-row, per-field work of the ORM's query builder, and no copy
 * of a row in JavaScript (the rows are serialised as they were recorded).
 */
function insertRows(tx: Prisma.TransactionClient, rows: RequestRecord[], links: ChainLinks) {
  return tx.$executeRawUnsafe(INSERT_SQL, JSON.stringify(rows), links.seqs, links.prevHashes, links.rowHashes);
}

/** The row as it is hashed and stored: for this org, with its time as a Date and only storable text (copied only when something differs). */
function normalised(record: RequestRecord, orgId: string): RequestRecord {
  const row = record.orgId === orgId && record.createdAt instanceof Date ? record : Object.assign({}, record, { orgId, createdAt: new Date(record.createdAt ?? Date.now()) });
  // The text made storable before hashing, so the hash and the stored row agree. (A NUL or an
  // unpaired surrogate from a caller would otherwise fail this org's every batch from then on.)
  return storable(row);
}

/**
 * Appends one org's rows to its hash chain in one transaction: lock the org's chain, read its
 * head, number and hash the rows, insert. The lock makes concurrent writers (several gateway
 * instances) take turns per org, so positions never collide and every row links to the one
 * before. With `retry`, rows already stored (a failed batch whose commit did land after all) are
 * skipped, not chained twice; fresh rows have fresh request ids, so they skip that lookup.
 */
export async function appendChained(db: Db, orgId: string, records: RequestRecord[], options: { retry?: boolean } = {}): Promise<number> {
  if (records.length === 0) return 0;
  return db.$transaction(
    async (tx) => {
      await lockOrgChain(tx, orgId);
      const existing = options.retry ? await tx.gatewayRequest.findMany({ where: { requestId: { in: records.map((r) => r.requestId) } }, select: { requestId: true } }) : [];
      const stored = new Set(existing.map((row) => row.requestId));
      let { lastSeq, lastHash } = await chainHead(tx, orgId);
      const rows: RequestRecord[] = [];
      const links: ChainLinks = { seqs: [], prevHashes: [], rowHashes: [] };
      for (const record of records) {
        if (stored.has(record.requestId)) continue;
        stored.add(record.requestId);
        const row = normalised(record, orgId);
        const chainSeq = lastSeq + 1;
        const rowHash = hashRow(lastHash, chainSeq, row);
        rows.push(row);
        links.seqs.push(chainSeq);
        links.prevHashes.push(lastHash);
        links.rowHashes.push(rowHash);
        lastSeq = chainSeq;
        lastHash = rowHash;
      }
      if (rows.length > 0) await insertRows(tx, rows, links);
      return rows.length;
    },
    // Waiting for another instance's batch on the same org counts against the timeout.
    { maxWait: 10_000, timeout: 60_000 },
  );
}

/** Splits a mixed batch into one group per org, keeping each org's order. */
export function groupByOrg(records: RequestRecord[]): Map<string, RequestRecord[]> {
  const groups = new Map<string, RequestRecord[]>();
  for (const record of records) {
    const group = groups.get(record.orgId);
    if (group) group.push(record);
    else groups.set(record.orgId, [record]);
  }
  return groups;
}
