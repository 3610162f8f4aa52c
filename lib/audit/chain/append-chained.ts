import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { storable } from "@/lib/db/storable-text";
import { Prisma } from "@/lib/generated/prisma/client";
import { chainHead, lockOrgChain } from "./chain-head";
import { hashRow } from "./row-hash";

export type RequestRecord = Prisma.GatewayRequestCreateManyInput;

/** Every column an audit row is written with, as Prisma generates them from the schema (the generated searchVector is not among them). */
const COLUMNS = Object.values(Prisma.GatewayRequestScalarFieldEnum);

const COLUMN_LIST = Prisma.raw(COLUMNS.map((column) => `"${column}"`).join(", "));

/**
 * Inserts the rows as one JSON parameter that PostgreSQL expands itself
 * (json_populate_recordset): one statement and one parameter per batch, and none of the
 * per-row, per-field work of the ORM's query builder, which cost the gateway's core about a
 * quarter of its time under load. Absent fields are NULL, so defaults are filled in before.
 */
function insertRows(tx: Prisma.TransactionClient, rows: RequestRecord[]) {
  const json = JSON.stringify(rows.map((row) => ({ ...row, id: row.id ?? randomUUID(), stream: row.stream ?? false })));
  return tx.$executeRaw`INSERT INTO "GatewayRequest" (${COLUMN_LIST}) SELECT ${COLUMN_LIST} FROM json_populate_recordset(NULL::"GatewayRequest", ${json}::json)`;
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
      for (const record of records) {
        if (stored.has(record.requestId)) continue;
        stored.add(record.requestId);
        // createdAt is fixed here, not by the database's default, and the text made storable before
        // hashing, so the hash and the stored row agree. (A NUL or an unpaired surrogate from a caller
        // would otherwise fail this org's every batch from then on.)
        const row = storable({ ...record, orgId, createdAt: new Date(record.createdAt ?? Date.now()) });
        const chainSeq = lastSeq + 1;
        const rowHash = hashRow(lastHash, chainSeq, row);
        rows.push({ ...row, chainSeq, prevHash: lastHash, rowHash });
        lastSeq = chainSeq;
        lastHash = rowHash;
      }
      if (rows.length > 0) await insertRows(tx, rows);
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
