import type { SqlRunner, SqlTransaction } from "@/lib/db/sql-transaction";
import { within } from "@/lib/http/deadline";
import { storable } from "@/lib/db/storable-text";
import { Prisma } from "@/lib/generated/prisma/client";
import { chainHead, lockOrgChain } from "./chain-head";
import { chainedHash, rowText } from "./row-hash";

export type RequestRecord = Prisma.GatewayRequestCreateManyInput;

/**
 * A row ready for its org's chain: its canonical text (lib/audit/chain/row-hash.ts) as UTF-8, which
 * is both what is hashed and what is inserted. The writer prepares rows as they are recorded and
 * keeps them until their batch, up to a second: as bytes outside the JS heap rather than object
 * graphs or strings, the young-generation collections that run meanwhile neither copy them nor
 * promote them to the old generation (which is what made those collections slow).
 */
export type PreparedRow = { orgId: string; requestId: string; text: Buffer };

/** JSON's escapes of a NUL and of an unpaired surrogate: text PostgreSQL cannot store shows up as one of them. */
const UNSTORABLE_ESCAPE = /\\u0000|\\ud[89a-f]/i;

/**
 * The row as it is hashed and stored: with its time as a Date and only storable
 * text. (A NUL or an unpaired surrogate from a caller would otherwise fail this org's every batch
 * from then on.) Nearly every row is storable as it is, and its text has no `\u` escape at all; only
 * a row whose text shows an escape of one is walked and copied (an escaped backslash can look like
 * one: harmless, the walk finds nothing).
 */
export function prepareRow(record: RequestRecord): PreparedRow {
  const row = record.createdAt instanceof Date ? record : Object.assign({}, record, { createdAt: new Date(record.createdAt ?? Date.now()) });
  let text = rowText(row);
  if (text.includes("\\u") && UNSTORABLE_ESCAPE.test(text)) text = rowText(storable(row));
  return { orgId: row.orgId, requestId: row.requestId, text: Buffer.from(text) };
}

/** Every column an audit row is written with, as Prisma generates them from the schema (the generated searchVector is not among them). */
export const STORED_COLUMNS = Object.values(Prisma.GatewayRequestScalarFieldEnum);

/** Columns that are not in a row's text: a fresh id, and the chain's own (from arrays beside the rows). */
const NOT_IN_TEXT: Record<string, string> = { id: "gen_random_uuid()::text", chainSeq: "c.seq", prevHash: "c.prev", rowHash: "c.hash" };
export const UNHASHED_COLUMNS = Object.keys(NOT_IN_TEXT);

const INSERT_SQL = `INSERT INTO "GatewayRequest" (${STORED_COLUMNS.map((column) => `"${column}"`).join(", ")})
  SELECT ${STORED_COLUMNS.map((column) => NOT_IN_TEXT[column] ?? `r."${column}"`).join(", ")}
  FROM json_populate_recordset(NULL::"GatewayRequest", $1::json) WITH ORDINALITY AS r
  JOIN unnest($2::int[], $3::text[], $4::text[]) WITH ORDINALITY AS c(seq, prev, hash, n) ON c.n = r.ordinality`;

type Chained = { texts: Buffer[]; seqs: number[]; prevHashes: string[]; rowHashes: string[] };

/**
 * Rows per INSERT. A batch is hashed and sent a slice at a time, so the event loop that serves
 * requests is held only briefly: measured at concurrency 1, a slice of 100 rows held it 0.5-2.8 ms
 * (hashing 0.2-1.1, serialising 0.2-1.7), enough to show in the gateway's p99; a slice of 20
 * holds it 0.21 ms at the median, 0.28 at p90. The INSERT is prepared once per connection
 * (lib/db/sql-transaction.ts), so five times as many statements are not each parsed and planned.
 */
const INSERT_SLICE = 20;
const INSERT_STATEMENT = "audit_insert_rows";

const [OPEN, COMMA, CLOSE] = ["[", ",", "]"].map((text) => Buffer.from(text)) as [Buffer, Buffer, Buffer];

/**
 * Inserts the rows' texts as one JSON array that PostgreSQL expands itself
 * (json_populate_recordset), their chain positions and hashes as three arrays beside it: one
 * statement per slice on the driver's own transaction (lib/db/sql-transaction.ts: no ORM work per
 * row or per parameter), and each row serialised once (its hashed text is what is stored).
 */
function insertRows(run: SqlRunner, rows: Chained) {
  const json: Buffer[] = [OPEN];
  rows.texts.forEach((text, i) => {
    if (i > 0) json.push(COMMA);
    json.push(text);
  });
  json.push(CLOSE);
  return run(INSERT_SQL, [Buffer.concat(json).toString("utf8"), rows.seqs, rows.prevHashes, rows.rowHashes], { prepareAs: INSERT_STATEMENT });
}

/** A batch that takes longer than this fails (its rows stay buffered, checked before their next write). */
const BATCH_TIMEOUT_MS = 60_000;

/**
 * Appends one org's rows to its hash chain in one transaction: lock the org's chain, read its
 * head, number and hash the rows, insert. The lock makes concurrent writers (several gateway
 * instances) take turns per org, so positions never collide and every row links to the one
 * before. With `retry`, rows already stored (a failed batch whose commit did land after all) are
 * skipped, not chained twice; fresh rows have fresh request ids, so they skip that lookup.
 */
export async function appendPrepared(transaction: SqlTransaction, orgId: string, prepared: PreparedRow[], options: { retry?: boolean } = {}): Promise<number> {
  if (prepared.length === 0) return 0;
  const written = transaction(async (run) => {
    await lockOrgChain(run, orgId);
    const existing = options.retry ? await run<{ requestId: string }>(`SELECT "requestId" FROM "GatewayRequest" WHERE "requestId" = ANY($1::text[])`, [prepared.map((r) => r.requestId)]) : [];
    const stored = new Set(existing.map((row) => row.requestId));
    let { lastSeq, lastHash } = await chainHead(run, orgId);
    const fresh: PreparedRow[] = [];
    for (const row of prepared) {
      if (stored.has(row.requestId)) continue; // written already (a retried batch), or twice in this one
      stored.add(row.requestId);
      fresh.push(row);
    }
    for (let start = 0; start < fresh.length; start += INSERT_SLICE) {
      const rows: Chained = { texts: [], seqs: [], prevHashes: [], rowHashes: [] };
      for (const row of fresh.slice(start, start + INSERT_SLICE)) {
        const chainSeq = lastSeq + 1;
        const rowHash = chainedHash(lastHash, chainSeq, row.text);
        rows.texts.push(row.text);
        rows.seqs.push(chainSeq);
        rows.prevHashes.push(lastHash);
        rows.rowHashes.push(rowHash);
        lastSeq = chainSeq;
        lastHash = rowHash;
      }
      await insertRows(run, rows);
    }
    return fresh.length;
  });
  // Waiting for a connection, or for another instance's batch on the same org, counts against it.
  return within(written, BATCH_TIMEOUT_MS, () => new Error(`audit batch not written within ${BATCH_TIMEOUT_MS / 1000} s`));
}

/** Splits a mixed batch into one group per org, keeping each org's order. */
export function groupByOrg<T extends { orgId: string }>(records: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const record of records) {
    const group = groups.get(record.orgId);
    if (group) group.push(record);
    else groups.set(record.orgId, [record]);
  }
  return groups;
}
