import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

export type RequestRecord = Prisma.GatewayRequestCreateManyInput;

/**
 * Audit rows leave the hot path: requests add to a buffer, which is written in batches on an
 * interval, when it grows large, and on shutdown. AUDIT_SYNC=true writes each row before the
 * response completes instead, for those who prefer latency to any risk of loss.
 * A failed batch stays buffered and is retried; nothing is dropped silently.
 */
const FLUSH_INTERVAL_MS = Number(process.env.AUDIT_FLUSH_INTERVAL_MS ?? 1000);
const MAX_BATCH = 500;

type Writer = { buffer: RequestRecord[]; timer?: NodeJS.Timeout; flushing?: Promise<void> };
const globalForAudit = globalThis as unknown as { auditWriter?: Writer };

function writer(): Writer {
  if (globalForAudit.auditWriter) return globalForAudit.auditWriter;
  const created: Writer = { buffer: [] };
  created.timer = setInterval(() => void flushAudit(), FLUSH_INTERVAL_MS);
  created.timer.unref();
  globalForAudit.auditWriter = created;
  return created;
}

export async function recordRequest(record: RequestRecord): Promise<void> {
  if (process.env.AUDIT_SYNC === "true") {
    await (await getDb()).gatewayRequest.create({ data: record });
    return;
  }
  const state = writer();
  state.buffer.push(record);
  if (state.buffer.length >= MAX_BATCH) void flushAudit();
}

/**
 * Writes everything buffered up to now. A flush already under way may have taken its batch before
 * the latest rows arrived, so wait for it and then write what is left.
 */
export async function flushAudit(): Promise<void> {
  const state = writer();
  while (state.flushing) await state.flushing;
  if (state.buffer.length === 0) return;
  state.flushing = (async () => {
    try {
      while (state.buffer.length > 0) {
        const batch = state.buffer.slice(0, MAX_BATCH);
        await (await getDb()).gatewayRequest.createMany({ data: batch, skipDuplicates: true });
        state.buffer.splice(0, batch.length);
      }
    } catch (error) {
      console.error(`[audit] ${state.buffer.length} row(s) wait for the database: ${(error as Error).message}`);
    } finally {
      state.flushing = undefined;
    }
  })();
  await state.flushing;
}

export function pendingAuditRows(): number {
  return writer().buffer.length;
}
