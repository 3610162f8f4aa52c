/**
 * Load generation for plain (non-streaming) chat completions: closed loop (autocannon) for
 * saturation, open loop on a fixed timetable (undici) for latency at given rates, and paired
 * requests at concurrency 1 for the latency a gateway adds.
 */
import autocannon from "autocannon";
import { Pool } from "undici";
import { coreTimes, cpuSeconds } from "./processes";
import { nowMs, summarize, type Summary } from "./stats";
import type { Call } from "./targets";

export type Failures = { errors: number; non2xx: number; statuses: Record<string, number> };

function noteStatus(failures: Failures, status: number) {
  if (status >= 200 && status < 300) return;
  failures.non2xx++;
  failures.statuses[status] = (failures.statuses[status] ?? 0) + 1;
}

export type Saturation = Failures & { connections: number; rps: number; latency: Summary; serverCpu: number | null; loadCoreBusy: number };

/**
 * Closed loop: `connections` keep one request in flight each for `seconds`, after a warm-up.
 * Also reads how busy the server (its CPU use, 1.0 = one core) and core 1 (load generator and
 * mock) were, so a run limited by the load generator rather than the server shows as such.
 */
export async function saturate(call: Call, connections: number, seconds: number, warmupSeconds: number, serverPid: number | null): Promise<Saturation> {
  const options = { url: call.origin + call.path, method: "POST" as const, headers: call.headers, body: call.body, connections, pipelining: 1, timeout: 10 };
  if (warmupSeconds > 0) await autocannon({ ...options, duration: warmupSeconds });
  const latencies: number[] = [];
  const cpuBefore = serverPid ? cpuSeconds(serverPid) : 0;
  const coreBefore = coreTimes(1);
  const started = nowMs();
  const result = await autocannon({ ...options, duration: seconds }).on("response", (_client, status, _bytes, responseTime) => {
    if (status >= 200 && status < 300) latencies.push(responseTime);
  });
  const elapsed = (nowMs() - started) / 1000;
  const coreAfter = coreTimes(1);
  const statuses: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats)) if (!status.startsWith("2")) statuses[status] = count;
  return {
    connections,
    rps: result["2xx"] / result.duration,
    latency: summarize(latencies),
    errors: result.errors,
    non2xx: result.non2xx,
    statuses,
    serverCpu: serverPid ? (cpuSeconds(serverPid) - cpuBefore) / elapsed : null,
    loadCoreBusy: (coreAfter.busy - coreBefore.busy) / (coreAfter.total - coreBefore.total),
  };
}

export type FixedRate = Failures & { rate: number; achieved: number; latency: Summary; unfinished: number };

/**
 * Open loop: request i is due at start + i/rate whatever happened to the others, and its latency
 * counts from when it was due, so a server that falls behind shows it (no coordinated omission).
 * Requests still unanswered `drainMs` after the last one was due count as unfinished.
 * The same timetable runs first for `warmupSeconds`, not timed (its failures do count), on the same connections: a
 * cold client opens hundreds of connections in the first second (and the gateway as many to the
 * mock), all on the load generator's core, and that start-up storm, not the server's steady
 * state at the rate, would otherwise set the p99.
 */
export async function fixedRate(call: Call, rate: number, seconds: number, warmupSeconds = 0, drainMs = 10_000): Promise<FixedRate> {
  const pool = new Pool(call.origin, { connections: 2048, pipelining: 1, keepAliveTimeout: 30_000 });
  try {
    const warm = warmupSeconds > 0 ? await timetable(pool, call, rate, warmupSeconds, drainMs) : null;
    const measured = await timetable(pool, call, rate, seconds, drainMs);
    if (warm) {
      // Not timed, but its failures are the server's as much as the measured run's: they count.
      measured.errors += warm.errors + warm.unfinished;
      measured.non2xx += warm.non2xx;
      for (const [status, count] of Object.entries(warm.statuses)) measured.statuses[status] = (measured.statuses[status] ?? 0) + count;
    }
    return measured;
  } finally {
    await pool.destroy();
  }
}

async function timetable(pool: Pool, call: Call, rate: number, seconds: number, drainMs: number): Promise<FixedRate> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const failures: Failures = { errors: 0, non2xx: 0, statuses: {} };
  let done = 0;
  let firstDone = 0;
  let lastDone = 0;
  const send = async (due: number) => {
    try {
      const response = await pool.request({ method: "POST", path: call.path, headers: call.headers, body: call.body, headersTimeout: 30_000, bodyTimeout: 30_000 });
      await response.body.dump();
      lastDone = nowMs();
      firstDone ||= lastDone;
      if (response.statusCode >= 200 && response.statusCode < 300) latencies.push(lastDone - due);
      noteStatus(failures, response.statusCode);
    } catch {
      failures.errors++;
    }
    done++;
  };
  const start = nowMs() + 20;
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = nowMs();
      for (; next < total && start + (next * 1000) / rate <= now; next++) void send(start + (next * 1000) / rate);
      if (next < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  const lastDue = start + ((total - 1) * 1000) / rate;
  while (done < total && nowMs() < lastDue + drainMs) await new Promise((resolve) => setTimeout(resolve, 20));
  const unfinished = total - done;
  // Answers per second between the first and the last answer: equals the rate when the server keeps up, falls below it when it lags.
  const achieved = latencies.length > 1 ? (latencies.length - 1) / ((lastDone - firstDone) / 1000) : 0;
  return { rate, achieved, latency: summarize(latencies), unfinished, ...failures };
}

export type Paired = Failures & { direct: Summary; gateway: Summary };

async function timed(pool: Pool, call: Call, failures: Failures): Promise<number | null> {
  const started = nowMs();
  try {
    const response = await pool.request({ method: "POST", path: call.path, headers: call.headers, body: call.body });
    await response.body.dump();
    noteStatus(failures, response.statusCode);
    return response.statusCode >= 200 && response.statusCode < 300 ? nowMs() - started : null;
  } catch {
    failures.errors++;
    return null;
  }
}

/**
 * Concurrency 1: a request straight to the mock, then the same through the gateway, `pairs` times
 * after `warmup` pairs, each on its own keep-alive connection. Interleaving puts both under the
 * same conditions (CPU frequency, background work), so their difference is what the gateway adds.
 */
export async function pairedLatency(direct: Call, viaGateway: Call, pairs: number, warmup: number): Promise<Paired> {
  const directPool = new Pool(direct.origin, { connections: 1, pipelining: 1 });
  const gatewayPool = new Pool(viaGateway.origin, { connections: 1, pipelining: 1 });
  const failures: Failures = { errors: 0, non2xx: 0, statuses: {} };
  const directMs: number[] = [];
  const gatewayMs: number[] = [];
  for (let i = 0; i < warmup + pairs; i++) {
    const d = await timed(directPool, direct, failures);
    const g = await timed(gatewayPool, viaGateway, failures);
    if (i < warmup) continue;
    if (d !== null) directMs.push(d);
    if (g !== null) gatewayMs.push(g);
  }
  await Promise.all([directPool.destroy(), gatewayPool.destroy()]);
  return { direct: summarize(directMs), gateway: summarize(gatewayMs), ...failures };
}
