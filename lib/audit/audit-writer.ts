import { databaseIsUp, onDatabaseRecovered, withDatabaseDeadline } from "@/lib/db/availability";
import { getSqlTransaction } from "@/lib/db/client";
import { appendPrepared, groupByOrg, type PreparedRow, prepareRow, type RequestRecord } from "./chain/append-chained";

export type { RequestRecord };

/**
 * Audit rows leave the hot path: requests add to a buffer, which is written in batches on an
 * interval, when it grows large, and on shutdown. AUDIT_SYNC=true writes each row before the
 * response completes instead, for those who prefer latency to any risk of loss.
 * A failed batch stays buffered and is retried; nothing is dropped silently. While the database
 * is down (lib/db/availability.ts) rows wait in the buffer, which is written the moment it is back;
 * a synchronous write that fails joins the buffer too. The buffer holds at most
 * AUDIT_BUFFER_MAX_ROWS rows: past that the gateway refuses requests (see `auditBufferFull`)
 * rather than serve what it could not record.
 * Every write appends to the org's hash chain (lib/audit/chain), one transaction per org and batch.
 */
const FLUSH_INTERVAL_MS = Number(process.env.AUDIT_FLUSH_INTERVAL_MS ?? 1000);
const MAX_BATCH = 500;
const MAX_BUFFERED_ROWS = Number(process.env.AUDIT_BUFFER_MAX_ROWS ?? 50_000);

/** One buffer and its flushing. A process uses one (below); tests make several to act as several instances. */
export class AuditWriter {
  private buffer: PreparedRow[] = [];
  /** Rows recorded but not yet prepared (their text made): prepared together right after the responses go out. */
  private unprepared: RequestRecord[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  /** Rows of a batch that failed: its commit may have landed anyway, so their next write checks first. */
  private uncertain = new WeakSet<PreparedRow>();

  private stopRecoveryFlush?: () => void;

  constructor(options: { intervalMs?: number } = {}) {
    const intervalMs = options.intervalMs ?? FLUSH_INTERVAL_MS;
    if (intervalMs > 0) {
      // While the database is known to be down, the interval leaves the buffer alone; its return flushes.
      this.timer = setInterval(() => databaseIsUp() && void this.flush(), intervalMs);
      this.timer.unref();
      this.stopRecoveryFlush = onDatabaseRecovered(() => void this.flush());
    }
  }

  async record(record: RequestRecord): Promise<void> {
    if (process.env.AUDIT_SYNC !== "true" || !databaseIsUp()) {
      // Buffered: the row's text (the costliest part of recording it) is made off the response's path.
      if (this.unprepared.push(record) === 1) setImmediate(() => this.prepareRecorded());
      return;
    }
    const row = prepareRow(record);
    try {
      await withDatabaseDeadline(getSqlTransaction().then((transaction) => appendPrepared(transaction, row.orgId, [row])));
    } catch (error) {
      // Kept, not lost: the buffer retries it like any batch (checking first, as the write may still land).
      console.error(`[audit] ${row.requestId} waits for the database: ${(error as Error).message}`);
      this.uncertain.add(row);
      this.buffer.push(row);
    }
  }

  /** Moves recorded rows into the buffer as prepared rows (hashed text: the buffer keeps one string per row). */
  private prepareRecorded(): void {
    const records = this.unprepared;
    if (records.length === 0) return;
    this.unprepared = [];
    for (const record of records) this.buffer.push(prepareRow(record));
    // A flush under way holds its rows in the buffer until they are written: it starts the next one itself (below).
    if (this.buffer.length >= MAX_BATCH && !this.flushing) void this.flush();
  }

  /**
   * Writes everything buffered up to now, in batches. A flush already under way may have taken its
   * rows before the latest arrived, so wait for it and then write what is left. Rows recorded while
   * a flush runs wait for the next one (the interval, a full batch, shutdown) rather than being
   * chased as they come: at a steady trickle that was a transaction for every few rows, dozens a
   * second, each a burst of work for PostgreSQL and for this process.
   */
  async flush(): Promise<boolean> {
    this.prepareRecorded();
    while (this.flushing) await this.flushing;
    if (this.buffer.length === 0) return true;
    const rows = this.buffer.slice();
    let written = false;
    this.flushing = (async () => {
      try {
        for (let start = 0; start < rows.length; start += MAX_BATCH) await this.writeBatch(rows.slice(start, start + MAX_BATCH));
        written = true;
      } catch (error) {
        console.error(`[audit] ${this.buffer.length} row(s) wait for the database: ${(error as Error).message}`);
      } finally {
        this.flushing = undefined;
      }
    })();
    await this.flushing;
    // Under load a full batch gathered meanwhile: write it now. (After a failure, the interval or the database's return retries.)
    if (written && this.buffer.length >= MAX_BATCH) void this.flush();
    return written;
  }

  /**
   * Writes until nothing is left, rows recorded meanwhile included (at shutdown the last requests
   * record their rows while the first are written). Stops early only when a write fails.
   */
  async drain(): Promise<void> {
    while (this.pending() > 0) if (!(await this.flush())) return;
  }

  /** Each org's rows commit on their own, so one org's failure leaves the others written. */
  private async writeBatch(batch: PreparedRow[]): Promise<void> {
    const transaction = await getSqlTransaction();
    const written = new Set<PreparedRow>();
    let failure: unknown;
    for (const [orgId, records] of groupByOrg(batch)) {
      try {
        await appendPrepared(transaction, orgId, records, { retry: records.some((record) => this.uncertain.has(record)) });
        for (const record of records) written.add(record);
      } catch (error) {
        for (const record of records) this.uncertain.add(record);
        failure ??= error;
      }
    }
    this.buffer = this.buffer.filter((record) => !written.has(record));
    if (failure) throw failure;
  }

  pending(): number {
    return this.buffer.length + this.unprepared.length;
  }

  full(): boolean {
    return this.pending() >= MAX_BUFFERED_ROWS;
  }

  stop(): void {
    clearInterval(this.timer);
    this.stopRecoveryFlush?.();
  }
}

const globalForAudit = globalThis as unknown as { auditWriter?: AuditWriter };

function writer(): AuditWriter {
  return (globalForAudit.auditWriter ??= new AuditWriter());
}

export function recordRequest(record: RequestRecord): Promise<void> {
  return writer().record(record);
}

export async function flushAudit(): Promise<void> {
  await writer().flush();
}

/** Writes every row, including those recorded while it writes: for shutdown, once requests have stopped. */
export function drainAudit(): Promise<void> {
  return writer().drain();
}

export function pendingAuditRows(): number {
  return writer().pending();
}

/** True when the buffer is at AUDIT_BUFFER_MAX_ROWS: new requests are refused until it drains. */
export function auditBufferFull(): boolean {
  return writer().full();
}
