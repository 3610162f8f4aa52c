/**
 * `npm run soak [-- --minutes=10] [-- --rate=100]` (or SOAK_MINUTES, SOAK_RATE): the API server
 * (scripts/serve-api.ts, default inspection policy on) under a steady open-loop request rate for
 * minutes, against the bench's mock upstream, on a fresh PostgreSQL database and its own Redis key
 * prefix. Mixed traffic: 70% plain chat completions, 30% streamed, 20% of each with ~10 KB prompts.
 * Every answer is checked whole; the gateway's memory is sampled every 10 s. At the end the gateway
 * gets SIGTERM (it drains and writes its buffered audit rows), and every request id answered must
 * have exactly one audit row. Exits non-zero on any error, a missing audit row, or memory that grew.
 */
import { existsSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Pool } from "undici";
import { createDatabase, dropRedisKeys } from "./bench/database";
import { gatewayEnv, seedGateway } from "./bench/gateway-under-test";
import { cpuSeconds, findServer, freePort, startPinned, stopAll, stopAllOnSignals, type Child } from "./bench/processes";
import { nowMs, type Summary } from "./bench/stats";
import { checkAuditRows, type AuditCheck } from "./soak/audit-rows";
import { at, sample, slopePerMinute, verdict, type Sample } from "./soak/memory";
import { openLoop } from "./soak/open-loop";
import { Tally, type Counts } from "./soak/tally";
import { planFor, send, type Target } from "./soak/traffic";

process.chdir(join(dirname(fileURLToPath(import.meta.url)), ".."));

const USAGE = "usage: npm run soak [-- --minutes=<minutes>] [--rate=<requests per second>]   (or SOAK_MINUTES, SOAK_RATE)";
const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const unknown = args.filter((a) => !/^--(minutes|rate)=/.test(a));
const minutes = Number(flag("minutes") ?? process.env.SOAK_MINUTES ?? 10);
const rate = Number(flag("rate") ?? process.env.SOAK_RATE ?? 100);
if (unknown.length || !(minutes > 0) || !(rate > 0)) {
  console.error(`${unknown.length ? `unknown: ${unknown.join(" ")}\n` : ""}${USAGE}`);
  process.exit(2);
}

/** RSS may grow by less than this from the second third of the run to the last. */
const MEMORY_THRESHOLD = 0.1;
const SAMPLE_EVERY_S = 10;
/** Longer than the client's own 30 s timeouts, so every request is settled one way or the other. */
const SETTLE_MS = 35_000;
/** The gateway's drain grace (30 s) plus its audit flush allowance (10 s), and a margin. */
const EXIT_WAIT_MS = 50_000;

const runId = `${Date.now()}`;
const memoryFile = `/tmp/soak-${runId}-${process.pid}-memory.json`;
let cleanup = () => {};
stopAllOnSignals(async () => cleanup());

function waitForOutput(child: Child, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      const match = pattern.exec(child.outputSince(0));
      if (match) return resolve(match);
      if (child.process.exitCode !== null || child.process.signalCode !== null) return reject(new Error(`${child.name} exited before printing ${pattern}:\n${child.outputSince(0).slice(-3000)}`));
      if (Date.now() > deadline) return reject(new Error(`${child.name} did not print ${pattern} within ${timeoutMs / 1000} s:\n${child.outputSince(0).slice(-3000)}`));
      setTimeout(poll, 100);
    };
    poll();
  });
}

function waitForExit(child: Child, timeoutMs: number): Promise<{ code: number | null; signal: string | null } | null> {
  const exited = () => ({ code: child.process.exitCode, signal: child.process.signalCode });
  if (child.process.exitCode !== null || child.process.signalCode !== null) return Promise.resolve(exited());
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    child.process.once("exit", () => {
      clearTimeout(timer);
      resolve(exited());
    });
  });
}

const ms = (value: number) => (Number.isNaN(value) ? "n/a" : value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`);
const mb = (value: number | null | undefined) => (value === null || value === undefined ? "n/a" : `${value.toFixed(0)} MB`);
const pq = (s: Summary) => `p50 ${ms(s.p50)}  p99 ${ms(s.p99)}`;
const signed = (value: number | null, unit: string) => (value === null ? "n/a" : `${value >= 0 ? "+" : ""}${value.toFixed(2)} ${unit}`);

function minuteLine(label: string, counts: Counts, inFlight: number, memory: Sample | undefined, cpuShare: number | null): string {
  const latency = counts.latency();
  return [
    `${label}: ${counts.total} answered (${counts.answered.plain} plain, ${counts.answered.stream} streamed)`,
    `${counts.errorCount} errors`,
    `plain ${pq(latency.plain)}`,
    `stream first token ${pq(latency.ttft)}`,
    `in flight ${inFlight}`,
    `RSS ${mb(memory?.rssMb)}`,
    `heap ${mb(memory?.heapUsedMb)}`,
    `gateway CPU ${cpuShare === null ? "n/a" : `${Math.round(cpuShare * 100)}%`}`,
  ].join(", ");
}

/**
 * A few of each kind of request (plain and streamed, small and ~10 KB prompts), four at a time,
 * before the clock starts: the first requests of a fresh process load modules, compile and open
 * database connections, which would otherwise put a one-second pile-up into the first minute's p99.
 */
const WARMUP_ROUNDS = 5;
const WARMUP_REQUESTS = [0, 3, 40, 43]; // planFor: small stream, small plain, large stream, large plain

async function warmUp(target: Target, tally: Tally) {
  for (let round = 0; round < WARMUP_ROUNDS; round++) {
    const outcomes = await Promise.all(WARMUP_REQUESTS.map((i) => send(target, i, nowMs())));
    for (const outcome of outcomes) {
      tally.addWarmup(outcome);
      if (outcome.error) throw new Error(`warm-up ${outcome.kind} request failed: ${outcome.error}`);
    }
  }
}

async function main(): Promise<number> {
  console.log(`soak: ${minutes} min at ${rate} req/s (70% plain, 30% streamed; 20% of each with ~10 KB prompts), default policy`);

  // A port of our choosing: the mock prints the port it was given, not the one it got.
  const mock = startPinned("mock upstream", "0,1", ["node", "--import", "tsx", "scripts/bench/mock-upstream.ts"], { ...process.env, MOCK_PORT: String(await freePort()), NODE_ENV: "production" });
  const mockOrigin = (await waitForOutput(mock, /\[mock\] listening on (http:\/\/\S+)/, 30_000))[1]!;

  const database = createDatabase();
  const prefix = `soak:${runId}:`;
  const env: NodeJS.ProcessEnv = { ...gatewayEnv(database.url, runId), REDIS_KEY_PREFIX: prefix, SOAK_MEMORY_FILE: memoryFile };
  delete env.NEXT_MANUAL_SIG_HANDLE; // the API server has no Next inside
  cleanup = () => {
    database.drop();
    dropRedisKeys(prefix);
    rmSync(memoryFile, { force: true });
  };
  const seed = seedGateway(env, mockOrigin, 10);

  // taskset execs node, so the child's pid is the gateway's own: SIGTERM reaches it, /proc describes it.
  const gateway = startPinned("gateway", "0,1", ["node", "--import", "tsx", "--import", "./scripts/soak/memory-probe.ts", "scripts/serve-api.ts"], {
    ...env,
    PORT: "0",
    HOSTNAME: "127.0.0.1",
  });
  const origin = (await waitForOutput(gateway, /\[server\] API listening on (http:\/\/[^\s:]+:\d+)/, 90_000))[1]!;
  const port = Number(new URL(origin).port);
  const serving = findServer(gateway.pid, port);
  if (serving?.pid !== gateway.pid) throw new Error(`expected the gateway (pid ${gateway.pid}) to hold port ${port}; found ${serving?.pid ?? "nobody"}`);
  console.log(`gateway pid ${gateway.pid} on ${origin}; mock upstream on ${mockOrigin}; database ${database.url.split("/").pop()}\n`);

  const pool = new Pool(origin, { connections: 4096, pipelining: 1, keepAliveTimeout: 30_000 });
  const target: Target = { pool, headers: { authorization: `Bearer ${seed.apiKey}`, "content-type": "application/json" }, models: { plain: seed.models.fast, stream: seed.models.ttft } };
  const tally = new Tally();
  await warmUp(target, tally);
  const total = Math.round(minutes * 60 * rate);
  const samples: Sample[] = [];
  const started = nowMs() + 20;
  const elapsed = () => (nowMs() - started) / 1000;
  const cpuAtStart = sample(gateway.pid, memoryFile, 0)!;
  samples.push(cpuAtStart);
  const ownCpuAtStart = process.cpuUsage();
  const mockCpuAtStart = cpuSeconds(mock.pid);

  const sampler = setInterval(() => {
    const s = sample(gateway.pid, memoryFile, elapsed());
    if (s) samples.push(s);
  }, SAMPLE_EVERY_S * 1000);
  let minute = 0;
  let lateFireMs = 0;
  let cpuAtMinute = cpuAtStart.cpuSeconds;
  const report = (label: string, seconds: number) => {
    const s = sample(gateway.pid, memoryFile, elapsed());
    const share = s ? (s.cpuSeconds - cpuAtMinute) / seconds : null;
    if (s) cpuAtMinute = s.cpuSeconds;
    console.log(minuteLine(label, tally.takeMinute(), tally.inFlight, s ?? samples.at(-1), share));
  };
  const reporter = setInterval(() => report(`minute ${String(++minute).padStart(2)}`, 60), 60_000);

  await openLoop(
    rate,
    total,
    (i, due) => {
      lateFireMs = Math.max(lateFireMs, nowMs() - due);
      tally.inFlight++;
      void send(target, i, due).then((outcome) => {
        tally.inFlight--;
        tally.add(outcome, nowMs());
      });
    },
    started,
  );
  const loadSeconds = elapsed();
  const settleDeadline = nowMs() + SETTLE_MS;
  while (tally.inFlight > 0 && nowMs() < settleDeadline) await new Promise((resolve) => setTimeout(resolve, 50));
  clearInterval(sampler);
  clearInterval(reporter);
  const last = sample(gateway.pid, memoryFile, elapsed());
  if (last) samples.push(last);
  const tail = elapsed() - minute * 60;
  if (tail > 1) report(`last ${tail.toFixed(0).padStart(2)} s `, tail);
  const ownCpu = process.cpuUsage(ownCpuAtStart);
  const mockCpu = cpuSeconds(mock.pid) - mockCpuAtStart;
  const unanswered = tally.inFlight;
  await pool.destroy();

  const beforeShutdown = gateway.mark();
  const shutdownStarted = nowMs();
  process.kill(gateway.pid, "SIGTERM");
  const exit = await waitForExit(gateway, EXIT_WAIT_MS);
  const shutdownSeconds = (nowMs() - shutdownStarted) / 1000;
  const shutdownLog = gateway.outputSince(beforeShutdown).trim();
  await gateway.stop(); // SIGKILL if it never exited

  let audit: AuditCheck | null = null;
  let auditError: string | null = null;
  try {
    audit = checkAuditRows(database.url, tally.requestIds);
  } catch (error) {
    auditError = (error as Error).message;
  }

  const run = tally.run;
  const latency = run.latency();
  const memory = verdict(samples, loadSeconds, MEMORY_THRESHOLD);
  const gatewayCpu = (samples.at(-1)!.cpuSeconds - cpuAtStart.cpuSeconds) / elapsed();
  let large = 0;
  for (let i = 0; i < total; i++) if (planFor(i).promptBytes > 1000) large++;
  const middle = at(samples, loadSeconds / 2);
  const end = samples.at(-1);
  const minuteOne = at(samples, 60);
  const errors = run.errorCount + unanswered;
  const auditComplete = audit !== null && audit.missing === 0 && audit.unexpected === 0 && audit.rows === tally.requestIds.size && tally.withoutId === 0;
  const gatewayExitedCleanly = exit?.code === 0;
  const failed: string[] = [];
  if (errors > 0) failed.push(`${errors} errors`);
  if (!auditComplete) failed.push("audit rows do not match the answers");
  if (!memory.flat) failed.push("memory not flat");
  if (!gatewayExitedCleanly) failed.push("gateway did not exit cleanly on SIGTERM");

  const lines = [
    `duration           ${(loadSeconds / 60).toFixed(2)} min of load (${loadSeconds.toFixed(0)} s), then ${(elapsed() - loadSeconds).toFixed(1)} s for the last answers`,
    `rate               asked ${rate} req/s; sent ${(total / loadSeconds).toFixed(1)} req/s (each at most ${ms(lateFireMs)} after it was due); answered ${(run.total / ((tally.lastAnsweredAt - started) / 1000)).toFixed(1)} /s`,
    `requests           ${total} sent: ${run.answered.plain} plain + ${run.answered.stream} streamed answered, ${unanswered} unanswered; ${large} with ~10 KB prompts; before them ${WARMUP_ROUNDS * WARMUP_REQUESTS.length} warm-up requests (not in the latencies)`,
    `errors             ${errors}${errors ? `: ${[...run.errors].map(([kind, n]) => `${n} × ${kind}`).join("; ")}${unanswered ? `; ${unanswered} × unanswered after ${SETTLE_MS / 1000} s` : ""}` : ""}`,
    `latency (from due) plain ${pq(latency.plain)}; streamed: first token ${pq(latency.ttft)}, whole stream (64 chunks 20 ms apart) ${pq(latency.stream)}`,
    `gateway RSS        minute 1: ${mb(minuteOne?.rssMb)}, middle (${((middle?.seconds ?? 0) / 60).toFixed(1)} min): ${mb(middle?.rssMb)}, end: ${mb(end?.rssMb)}`,
    `gateway live heap  minute 1: ${mb(minuteOne?.heapUsedMb)}, middle: ${mb(middle?.heapUsedMb)}, end: ${mb(end?.heapUsedMb)}; slope after minute 2 ${signed(slopePerMinute(samples.filter((s) => s.seconds >= 120), (s) => s.heapUsedMb), "MB/min")}`,
    `memory             ${memory.flat ? "flat" : "NOT FLAT"}: max RSS ${mb(memory.lastThirdMaxMb)} in the last third vs ${mb(memory.secondThirdMaxMb)} in the second (${signed(memory.growth * 100, "%")}, threshold +${MEMORY_THRESHOLD * 100}%); RSS slope after minute 2 ${signed(memory.slopeAfterMinute2, "MB/min")}; ${samples.length} samples`,
    `CPU                gateway ${Math.round(gatewayCpu * 100)}% of a core on average; load generator ${Math.round(((ownCpu.user + ownCpu.system) / 1e6 / elapsed()) * 100)}%; mock upstream ${Math.round((mockCpu / elapsed()) * 100)}%`,
    `shutdown           SIGTERM → ${exit ? `exit ${exit.code ?? exit.signal}` : `still running after ${EXIT_WAIT_MS / 1000} s, killed`} in ${shutdownSeconds.toFixed(1)} s${shutdownLog ? `:\n${shutdownLog.replace(/^/gm, "                     ")}` : ""}`,
    audit
      ? `audit rows         ${audit.rows} rows for ${tally.requestIds.size} request ids answered (${audit.missing} missing, ${audit.unexpected} unexpected${tally.withoutId ? `, ${tally.withoutId} answers without an id` : ""}): ${auditComplete ? "complete" : "INCOMPLETE"}; ${Object.entries(audit.byKind)
          .map(([kind, n]) => `${kind} ${n}`)
          .join(", ")}`
      : `audit rows         could not be read: ${auditError}`,
    `result             ${failed.length ? `FAIL (${failed.join("; ")})` : "PASS"}`,
  ];
  console.log(`\n== soak summary ==\n${lines.join("\n")}`);
  return failed.length ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`soak failed: ${(error as Error).stack ?? error}`);
} finally {
  await stopAll();
  try {
    cleanup();
  } catch (error) {
    console.error(`cleanup: ${(error as Error).message}`);
  }
  if (existsSync(memoryFile)) rmSync(memoryFile, { force: true });
}
process.exit(code);
