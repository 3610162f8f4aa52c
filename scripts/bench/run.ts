/**
 * `npm run bench [-- --quick] [-- --only=<section>[,…]] [-- --no-build]`: measures our gateway (its
 * direct mount and its Next mount) and Portkey's against a local mock upstream, prints each table
 * as it is measured and writes scripts/bench/REPORT.md. Layout: the gateway under test on core 0,
 * the mock and this process (the load generator) on core 1.
 */
import { execSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { release } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { createDatabase, dropRedisKeys } from "./database";
import { ensureBuild, gatewayEnv, MOUNT_LABELS, seedGateway, startGateway, type Mount } from "./gateway-under-test";
import { fixedRate, pairedLatency, saturate, type FixedRate } from "./load";
import { PORTKEY_LABEL, startPortkey } from "./portkey";
import { collectGarbage, findServer, freePort, pinSelf, pinServices, startPinned, stopAll, stopAllOnSignals, waitForIdle, type Child } from "./processes";
import * as report from "./report";
import { holdStreams, ttftPairs } from "./streams";
import { chatCall, mockModels, waitUntilServing, type Target } from "./targets";

const SECTIONS = ["mock", "c1", "ttft", "saturation", "rates", "streams"] as const;
type Section = (typeof SECTIONS)[number];

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");
const unknown = [...(only ?? []).filter((s) => !SECTIONS.includes(s as Section)), ...args.filter((a) => !/^--(quick|no-build|only=.*)$/.test(a))];
if (unknown.length) {
  console.error(`unknown: ${unknown.join(" ")}\nusage: npm run bench [-- --quick] [--only=${SECTIONS.join(",")}] [--no-build]`);
  process.exit(2);
}
const wants = (section: Section) => !only || only.includes(section);

const SMALL = 200;
const LARGE = 10 * 1024;
const STALL_MS = 3000;
type Config = {
  satSeconds: number;
  satWarmup: number;
  /** [prompt bytes, connections] */
  satRows: [number, number][];
  /**
   * Rounds of the 200 B rows (the throughput target's), every gateway in turn each round, the median
   * reported: this machine's throughput drifts by several per cent over minutes, and one reading per
   * gateway taken minutes apart put that drift into the ratio.
   */
  satRounds: number;
  /** Seconds of load every gateway gets right after it starts, before anything is measured (JIT warm-up). */
  warmSeconds: number;
  /** Pairs at concurrency 1 per prompt size: 5,000, so the p99 is the 50th slowest (with 2,000, the 20th, our added p99 read 1.3-2.0 ms in three runs). */
  pairs: number;
  pairWarmup: number;
  rates: number[];
  rateSeconds: number;
  /** Seconds each fixed rate runs first, on the same connections, before it is measured. */
  rateWarmup: number;
  ttftPairs: number;
  ttftWarmup: number;
  ks: number[];
  openPerSecond: number;
  holdSeconds: number;
};
const config: Config = quick
  ? { satSeconds: 3, satWarmup: 1, satRows: [[SMALL, 50], [LARGE, 50]], satRounds: 1, warmSeconds: 2, pairs: 300, pairWarmup: 50, rates: [200], rateSeconds: 3, rateWarmup: 1, ttftPairs: 30, ttftWarmup: 5, ks: [1000], openPerSecond: 500, holdSeconds: 3 }
  : { satSeconds: 10, satWarmup: 3, satRows: [[SMALL, 50], [SMALL, 100], [LARGE, 50]], satRounds: 3, warmSeconds: 20, pairs: 5000, pairWarmup: 200, rates: [200, 500, 1000], rateSeconds: 10, rateWarmup: 3, ttftPairs: 200, ttftWarmup: 20, ks: [1000, 2000, 5000], openPerSecond: 500, holdSeconds: 8 };
// Long enough for the largest K to open at its pace and then stay open, all together, for holdSeconds.
const longstreamSeconds = Math.ceil(Math.max(...config.ks) / config.openPerSecond) + config.holdSeconds + 3;

function sh(command: string): string {
  return execSync(command, { encoding: "utf8", shell: "/bin/bash" }).trim();
}

/** At most `max` characters of `text`, cut at a line end. */
function firstLines(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(text.lastIndexOf("\n", max), 0))}\n…`;
}

function lastLines(text: string, max: number): string {
  return text.length <= max ? text : `…\n${text.slice(text.indexOf("\n", text.length - max) + 1)}`;
}

/** Streams hold one descriptor each in the load generator and two in the gateway: raise the soft limit to the hard one for this process and its children. */
function raiseFileLimit(): { soft: number; text: string } {
  const [soft, hard] = sh("ulimit -Sn; ulimit -Hn").split("\n");
  if (soft !== hard && hard !== "unlimited") sh(`prlimit --pid ${process.pid} --nofile=${hard}:${hard}`);
  const now = sh("ulimit -Sn");
  return {
    soft: now === "unlimited" ? Number.POSITIVE_INFINITY : Number(now),
    text: soft === now ? `${now} (hard ${hard})` : `${now} (raised from ${soft} with prlimit; hard ${hard})`,
  };
}
const openFiles = raiseFileLimit();

const machine: report.Machine = {
  date: new Date().toISOString().replace("T", " ").slice(0, 19) + " UTC",
  nproc: Number(sh("nproc")), // before pinning ourselves, which makes nproc say 1
  cpu: /^model name\s*:\s*(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown",
  node: process.version,
  kernel: release(),
  fdLimit: openFiles.text,
  commit: `${sh("git rev-parse --short HEAD")}${sh("git status --porcelain -- app lib components scripts/serve.ts") ? " + uncommitted changes" : ""}`,
  build: "not needed",
};
pinSelf("1");
const unpinServices = pinServices("1");

const results: report.Results = { machine, quick, mockCeiling: [], targets: [], failures: [], seconds: 0 };
const runStarted = Date.now();
const sections: { title: string; body: string }[] = [];
function show(title: string, body: string) {
  sections.push({ title, body });
  console.log(`\n## ${title}\n\n${body}\n`);
}

let dropDatabase = () => {};
stopAllOnSignals(async () => {
  unpinServices();
  dropDatabase();
});

/** Runs one measurement; a failure is recorded for the report instead of ending the run. */
async function attempt(what: string, measure: () => Promise<void>) {
  try {
    await measure();
  } catch (error) {
    results.failures.push({ what: `${what}: ${(error as Error).message.split("\n")[0]}`, evidence: (error as Error).message.split("\n").slice(1).join("\n") });
    console.error(`  ✗ ${what}: ${(error as Error).message.split("\n")[0]}`);
  }
}

async function startMock(cores: string, label: string): Promise<{ target: Target; child: Child }> {
  const port = await freePort();
  const child = startPinned(label, cores, ["node", "--import", "tsx", "scripts/bench/mock-upstream.ts"], { ...process.env, MOCK_PORT: String(port), NODE_ENV: "production" });
  const target: Target = { label, origin: `http://127.0.0.1:${port}`, headers: {}, models: mockModels(longstreamSeconds), pid: null };
  await waitUntilServing(target, 30_000, () => child.process.exitCode === null);
  target.pid = findServer(child.pid, port)?.pid ?? null;
  return { target, child };
}

const gatewaySections = SECTIONS.filter((s) => s !== "mock" && wants(s));
type Live = { target: Target; child: Child; results: report.TargetResults };

/** How long a gateway resumed from a pause is left alone before a section measures it. */
const SETTLE_MS = 3_000;
/** How long after a forced collection the memory reading before a streams row waits, for freed pages to go back to the system. */
const GARBAGE_RETURNED_MS = 1_000;
/** How long a gateway is left to write its last audit rows after a section, before another's turn pauses it. */
const AUDIT_QUIET_MS = 2_500;

async function main() {
  if (gatewaySections.length) {
    machine.build = "failed (see Failures and evidence)"; // what the report says if ensureBuild throws
    machine.build = ensureBuild(args.includes("--no-build"));
  }
  show("Machine", report.machineSection(machine, quick));

  const mock = await startMock("1", "mock upstream");
  const direct = mock.target;
  // A cold mock (and load generator) would make the first gateway's direct baselines slower than the others'.
  for (const bytes of [SMALL, LARGE]) await saturate(chatCall(direct, "fast", bytes), 10, 1, 0, null);

  if (wants("mock")) {
    const alone = await startMock("0", "mock upstream (ceiling)");
    for (const [bytes, connections] of config.satRows) {
      await attempt(`mock ceiling ${bytes} B × ${connections}`, async () => {
        const result = await saturate(chatCall(alone.target, "fast", bytes), connections, config.satSeconds, config.satWarmup, alone.target.pid);
        report.addSaturationRound(results.mockCeiling, bytes, result);
      });
    }
    await alone.child.stop();
    show("Mock upstream ceiling", report.mockSection(results.mockCeiling));
  }
  if (!gatewaySections.length) return;

  const database = createDatabase();
  const env = gatewayEnv(database.url, `${Date.now()}`);
  dropDatabase = () => {
    database.drop();
    dropRedisKeys(env.REDIS_KEY_PREFIX!);
  };
  const seed = seedGateway(env, direct.origin, longstreamSeconds);

  const live: Live[] = [];
  for (const mount of ["direct", "next"] as Mount[]) {
    const entry: report.TargetResults = { label: MOUNT_LABELS[mount], ours: true, c1: [], saturation: [], rates: [], streams: [] };
    results.targets.push(entry);
    try {
      const started = await startGateway(mount, env, await freePort(), await freePort(), seed);
      live.push({ ...started, results: entry });
      console.log(`started ${entry.label}: serving pid ${started.target.pid} (under ${started.child.pid})`);
    } catch (error) {
      entry.startError = (error as Error).message;
      console.error(`✗ ${entry.label} did not start: ${entry.startError}`);
    }
  }
  const portkeyEntry: report.TargetResults = { label: PORTKEY_LABEL, ours: false, c1: [], saturation: [], rates: [], streams: [] };
  results.targets.push(portkeyEntry);
  try {
    const started = await startPortkey(await freePort(), await freePort(), direct.origin, longstreamSeconds);
    live.push({ target: started.target, child: started.child, results: portkeyEntry });
    console.log(`started ${portkeyEntry.label}: serving pid ${started.target.pid} on 127.0.0.1 only; its answer through the mock: ${started.answer}`);
  } catch (error) {
    portkeyEntry.startError = (error as Error).message;
    console.error(`✗ Portkey did not start: ${portkeyEntry.startError}`);
  }

  /**
   * Runs `measure` for every gateway still up; one that died (or answered errors) gets its last output into the report as evidence.
   * The other gateways are paused meanwhile (SIGSTOP): idle, they still run timers and collect the garbage of their own last
   * section (a full GC of a heap that just served thousands of requests a second), on the core the measured one runs on.
   */
  const forEachGateway = async (section: string, measure: (g: Live) => Promise<void>) => {
    for (const g of live) {
      if (g.child.process.exitCode !== null || g.child.process.signalCode !== null) continue;
      const failuresBefore = results.failures.length;
      const printed = g.child.mark();
      const problemsBefore = report.problemCount(g.results);
      const others = live.filter((other) => other !== g);
      for (const other of others) other.child.pause();
      await attempt(`${section} / ${g.target.label}`, async () => {
        // What its own pause deferred (timers, the full GC after its last load) runs now, before it is measured.
        await sleep(SETTLE_MS);
        await waitForIdle(g.target.pid!);
        await measure(g);
        await waitForIdle(g.target.pid!);
        // Its audit writer's last flush (every second) commits before the next turn pauses it: paused within that
        // transaction it would hold its org's chain lock, and the next gateway's audit writes (same org) would wait.
        await sleep(AUDIT_QUIET_MS);
      }).finally(() => {
        for (const other of others) other.child.resume();
      });
      if (g.child.process.exitCode !== null || g.child.process.signalCode !== null) {
        results.failures.push({ what: `${g.target.label} exited during "${section}" (${g.child.process.exitCode ?? g.child.process.signalCode}); its last output:`, evidence: lastLines(g.child.outputSince(printed), 2000) || "(none)" });
      } else if (results.failures.length > failuresBefore || report.problemCount(g.results) > problemsBefore) {
        results.failures.push({ what: `${g.target.label} had errors in "${section}"; the start of its output meanwhile:`, evidence: firstLines(g.child.outputSince(printed), 2000) || "(none)" });
      }
      // The peer's failures are reported like ours, but only ours (and the bench's own) fail the run.
      if (!g.results.ours) for (const failure of results.failures.slice(failuresBefore)) failure.peer = true;
    }
  };

  // A process that just started runs much of its code unoptimised: V8 compiles a function for speed only after it has run
  // many times, and at concurrency 1 that takes thousands of requests. Every gateway (Portkey too) gets the same load first,
  // both prompt sizes at saturation and then one request at a time, so each section measures code in its steady state.
  await forEachGateway("warm-up", async (g) => {
    for (const bytes of [SMALL, LARGE]) await saturate(chatCall(g.target, "fast", bytes), 50, config.warmSeconds / 2, 0, null);
    await pairedLatency(chatCall(direct, "fast", SMALL), chatCall(g.target, "fast", SMALL), config.pairs, 0);
  });

  if (wants("c1")) {
    await forEachGateway("c=1 latency", async (g) => {
      for (const bytes of [SMALL, LARGE]) {
        const result = await pairedLatency(chatCall(direct, "fast", bytes), chatCall(g.target, "fast", bytes), config.pairs, config.pairWarmup);
        g.results.c1.push({ promptBytes: bytes, result });
      }
    });
    show("Added latency at concurrency 1", report.c1Section(results.targets));
  }

  // Latency at light load (one request or one new stream at a time) goes before the sections that load the machine to
  // its limits, so that no earlier section's aftermath (the servers' heaps, PostgreSQL's backlog of audit rows) is in it.
  // It is not what decides the figure: the mock's own TTFT moves as much from one run to the next (direct p50 0.25-0.30
  // ms in a TTFT-only run and in one full run, 0.47-0.49 in three others, before the load sections or after them).
  if (wants("ttft")) {
    await forEachGateway("streaming TTFT", async (g) => {
      g.results.ttft = await ttftPairs(chatCall(direct, "ttft", SMALL, true), chatCall(g.target, "ttft", SMALL, true), config.ttftPairs, config.ttftWarmup);
    });
    show("Streaming: added time to first token", report.ttftSection(results.targets));
  }

  if (wants("saturation")) {
    for (let round = 1; round <= config.satRounds; round++) {
      await forEachGateway(config.satRounds > 1 ? `saturation, round ${round} of ${config.satRounds}` : "saturation", async (g) => {
        for (const [bytes, connections] of config.satRows) {
          if (round > 1 && bytes !== SMALL) continue;
          const result = await saturate(chatCall(g.target, "fast", bytes), connections, config.satSeconds, config.satWarmup, g.target.pid);
          report.addSaturationRound(g.results.saturation, bytes, result);
        }
      });
    }
    show("Saturation throughput (gateway on 1 core)", report.saturationSection(results.targets, results.mockCeiling));
  }

  if (wants("rates")) {
    const baselines = new Map<number, FixedRate>();
    await forEachGateway("fixed rates", async (g) => {
      const best = Math.max(...g.results.saturation.filter((r) => r.promptBytes === SMALL).map((r) => r.result.rps));
      const rates: [number, string][] = config.rates.map((rate) => [rate, ""]);
      if (Number.isFinite(best)) rates.push([Math.round((best * 0.7) / 10) * 10, "70% of saturation"]);
      for (const [rate, why] of rates.sort((a, b) => a[0] - b[0])) {
        if (!baselines.has(rate)) baselines.set(rate, await fixedRate(chatCall(direct, "delay60", SMALL), rate, config.rateSeconds, config.rateWarmup));
        const gateway = await fixedRate(chatCall(g.target, "delay60", SMALL), rate, config.rateSeconds, config.rateWarmup);
        await waitForIdle(g.target.pid!); // an overloaded server still works through its backlog after the client gave up
        g.results.rates.push({ rate, why, direct: baselines.get(rate)!, gateway });
      }
    });
    show("Added p99 at fixed request rates", report.ratesSection(results.targets));
  }

  if (wants("streams")) {
    await forEachGateway("concurrent streams", async (g) => {
      for (const k of config.ks) {
        // Each stream holds a descriptor here and two in the gateway (client side and upstream side).
        if (openFiles.soft < 2 * k + 1024) throw new Error(`K = ${k} skipped: the open-file limit (${openFiles.soft}) is below the ~${2 * k + 1024} it needs`);
        // The reading before opening holds no garbage of earlier sections (a collection of it during the run
        // once made a row negative); the sweeper returns the freed pages meanwhile.
        await collectGarbage(g.target.pid!, g.target.inspectorPort!);
        await sleep(GARBAGE_RETURNED_MS);
        g.results.streams.push(await holdStreams(chatCall(g.target, "longstream", SMALL, true), k, config.openPerSecond, g.target.pid!, STALL_MS));
        await waitForIdle(g.target.pid!); // the server closes the last streams' sockets and flushes their records before the next reading
      }
    });
    show("Concurrent streams: memory and stalls", report.streamsSection(results.targets, STALL_MS));
  }
}

try {
  await main();
} catch (error) {
  results.failures.push({ what: `the run stopped: ${(error as Error).message.split("\n")[0]}`, evidence: (error as Error).stack });
  console.error(`✗ the run stopped: ${(error as Error).message}`);
}
await stopAll();
unpinServices();
try {
  dropDatabase();
} catch (error) {
  results.failures.push({ what: `removing the bench's database and Redis keys: ${(error as Error).message}` });
}
if (results.targets.some((t) => t.ours)) show("Targets", report.targetsSection(results));
if (!sections.some((s) => s.title === "Machine")) sections.push({ title: "Machine", body: report.machineSection(machine, quick) });
results.seconds = (Date.now() - runStarted) / 1000;
// The report opens with the machine and the verdicts; the tables follow in the order they were measured.
const first = ["Machine", "Targets"];
const ordered = [...first.flatMap((title) => sections.filter((s) => s.title === title)), ...sections.filter((s) => !first.includes(s.title))];
writeFileSync("scripts/bench/REPORT.md", report.renderReport(results, ordered));
const ownFailures = results.failures.filter((f) => !f.peer).length;
if (results.failures.length) console.error(`\n${results.failures.length} failure(s), ${ownFailures} of ours or the bench's: see "Failures and evidence" in scripts/bench/REPORT.md`);
console.log(`\nwrote scripts/bench/REPORT.md (the run took ${Math.floor(results.seconds / 60)} min ${Math.round(results.seconds % 60)} s)`);
process.exit(ownFailures || results.targets.some((t) => t.ours && t.startError) ? 1 : 0);
