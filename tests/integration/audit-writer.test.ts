/**
 * The buffered audit writer (lib/audit/audit-writer.ts). Regression cover for a flush of an empty
 * buffer wedging every later flush (fixed in cd81c52): rows must keep reaching the database after
 * idle flushes, whether flushAudit() is called or the interval timer does it.
 * AUDIT_FLUSH_INTERVAL_MS is read at import, so it is set in vi.hoisted (100 ms keeps this fast).
 */
import { randomBytes } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AuditWriter, flushAudit, pendingAuditRows, recordRequest, type RequestRecord } from "@/lib/audit/audit-writer";
import { getDb } from "@/lib/db/client";
import { signedUpOwner } from "./factories";

const INTERVAL_MS = vi.hoisted(() => {
  process.env.AUDIT_FLUSH_INTERVAL_MS = "100";
  delete process.env.AUDIT_SYNC;
  return 100;
});

let orgId: string;

const row = (label: string): RequestRecord => ({
  requestId: `req_test_${label}_${randomBytes(6).toString("hex")}`,
  orgId,
  endpoint: "chat.completions",
  stream: false,
  status: 200,
  outcome: "ok",
  decision: "allow",
  matchedRules: [],
  latencyMs: 1,
});

const stored = async (requestIds: string[]) =>
  (await (await getDb()).gatewayRequest.findMany({ where: { requestId: { in: requestIds } }, select: { requestId: true } })).map((r) => r.requestId).sort();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  orgId = (await signedUpOwner("audit")).ctx.org.id;
});

afterEach(() => {
  delete process.env.AUDIT_SYNC;
});

describe("flushAudit()", () => {
  it("writes rows buffered after a flush of an empty buffer", async () => {
    await flushAudit();
    await flushAudit(); // idle flushes, as the timer does them
    const first = row("after-idle");
    await recordRequest(first);
    await flushAudit();
    expect(await stored([first.requestId])).toEqual([first.requestId]);
    expect(pendingAuditRows()).toBe(0);

    await flushAudit(); // idle again, then more rows
    const later = [row("later-a"), row("later-b")];
    for (const record of later) await recordRequest(record);
    await flushAudit();
    expect(await stored(later.map((r) => r.requestId))).toEqual(later.map((r) => r.requestId).sort());
  });

  it("writes a row that arrived while another flush was under way", async () => {
    const early = row("early");
    await recordRequest(early);
    const inFlight = flushAudit(); // takes the batch holding `early`
    const late = row("late");
    await recordRequest(late);
    await flushAudit(); // must not return before `late` is written
    expect(await stored([early.requestId, late.requestId])).toEqual([early.requestId, late.requestId].sort());
    await inFlight;
    expect(pendingAuditRows()).toBe(0);
  });

  it("lets concurrent callers share the work and writes each row once", async () => {
    const records = Array.from({ length: 20 }, (_, i) => row(`concurrent-${i}`));
    for (const record of records) await recordRequest(record);
    await Promise.all([flushAudit(), flushAudit(), flushAudit()]);
    const ids = records.map((r) => r.requestId);
    expect(await stored(ids)).toEqual([...ids].sort());
    expect(await (await getDb()).gatewayRequest.count({ where: { requestId: { in: ids } } })).toBe(20);
  });
});

describe("a flush under a steady trickle of rows", () => {
  it("writes what was buffered when it began; rows recorded meanwhile wait for the next one, and drain() writes them", async () => {
    const writer = new AuditWriter({ intervalMs: 0 }); // no timer: only the calls below write
    const early = [row("snapshot-a"), row("snapshot-b"), row("snapshot-c")];
    for (const record of early) await writer.record(record);
    const flushing = writer.flush();
    await sleep(0); // the flush has taken its rows and is writing them
    const meanwhile = [row("meanwhile-a"), row("meanwhile-b")];
    for (const record of meanwhile) await writer.record(record);

    expect(await flushing).toBe(true);
    expect(await stored(early.map((r) => r.requestId))).toEqual(early.map((r) => r.requestId).sort());
    expect(await stored(meanwhile.map((r) => r.requestId))).toEqual([]); // not chased a few at a time
    expect(writer.pending()).toBe(2);

    await writer.drain();
    expect(await stored(meanwhile.map((r) => r.requestId))).toEqual(meanwhile.map((r) => r.requestId).sort());
    expect(writer.pending()).toBe(0);
    writer.stop();
  });
});

describe("the interval flush", () => {
  it("keeps writing rows after idle ticks, without anyone calling flushAudit()", async () => {
    await recordRequest(row("warm-up")); // the writer (and its timer) exists from here on
    await sleep(INTERVAL_MS * 4); // several ticks, the later ones on an empty buffer
    const record = row("after-idle-ticks");
    await recordRequest(record);
    const deadline = performance.now() + INTERVAL_MS * 20;
    while ((await stored([record.requestId])).length === 0 && performance.now() < deadline) await sleep(INTERVAL_MS / 2);
    expect(await stored([record.requestId])).toEqual([record.requestId]);
  });
});

describe("AUDIT_SYNC=true", () => {
  it("writes the row before recordRequest() returns, bypassing the buffer", async () => {
    process.env.AUDIT_SYNC = "true";
    const record = row("sync");
    const pendingBefore = pendingAuditRows();
    await recordRequest(record);
    expect(pendingAuditRows()).toBe(pendingBefore);
    expect(await stored([record.requestId])).toEqual([record.requestId]);
  });
});
