/** The bench's results as markdown tables: printed section by section as measured, and written to REPORT.md. */
import type { Failures, FixedRate, Paired, Saturation } from "./load";
import type { Held, Ttft } from "./streams";

export type Machine = { date: string; nproc: number; cpu: string; node: string; kernel: string; fdLimit: string; commit: string; build: string };

/** `result` is the round with the median req/s (the only round when the row ran once); `rounds` holds every round, in the order run. */
export type SaturationRow = { promptBytes: number; result: Saturation; rounds: Saturation[] };

/** Adds one round of a saturation row (same prompt size and connection count) and makes the row's result its median round. */
export function addSaturationRound(rows: SaturationRow[], promptBytes: number, result: Saturation) {
  const row = rows.find((r) => r.promptBytes === promptBytes && r.result.connections === result.connections);
  if (!row) {
    rows.push({ promptBytes, result, rounds: [result] });
    return;
  }
  row.rounds.push(result);
  const byRps = [...row.rounds].sort((a, b) => a.rps - b.rps);
  row.result = byRps[(byRps.length - 1) >> 1]!;
}
export type RateRow = { rate: number; why: string; direct: FixedRate; gateway: FixedRate };

export type TargetResults = {
  label: string;
  ours: boolean;
  startError?: string;
  c1: { promptBytes: number; result: Paired }[];
  saturation: SaturationRow[];
  rates: RateRow[];
  ttft?: Ttft;
  streams: Held[];
};

export type Results = {
  machine: Machine;
  quick: boolean;
  mockCeiling: SaturationRow[];
  targets: TargetResults[];
  /** Measurements that threw, and servers that answered errors, with their log: the report says what went wrong and shows why. */
  failures: { what: string; evidence?: string; peer?: boolean }[];
  /** How long the whole run took. */
  seconds: number;
};

/** Errors, non-2xx answers and stream problems recorded so far for a target: when a section adds some, the run keeps the server's log as evidence. */
export function problemCount(t: TargetResults): number {
  const failed = (r: { errors: number; non2xx: number; unfinished?: number }) => r.errors + r.non2xx + (r.unfinished ?? 0);
  return (
    t.c1.reduce((n, c) => n + failed(c.result), 0) +
    t.saturation.reduce((n, r) => n + r.rounds.reduce((m, round) => m + failed(round), 0), 0) +
    t.rates.reduce((n, r) => n + failed(r.gateway), 0) +
    (t.ttft?.problems.length ?? 0) +
    t.streams.reduce((n, h) => n + h.problems.length + h.stalled, 0)
  );
}

const ms = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");
const int = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "n/a");
const size = (bytes: number) => (bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} B`);
const pct = (value: number | null) => (value === null || !Number.isFinite(value) ? "n/a" : `${Math.round(value * 100)}%`);

function table(headers: string[], rows: string[][]): string {
  return [`| ${headers.join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
}

function failureCell(result: { errors: number; non2xx: number; statuses: Record<string, number>; unfinished?: number }): string {
  const parts = [];
  if (result.errors) parts.push(`${result.errors} errors`);
  if (result.non2xx) parts.push(`${result.non2xx} non-2xx (${Object.entries(result.statuses).map(([s, n]) => `${s}×${n}`).join(", ")})`);
  if (result.unfinished) parts.push(`${result.unfinished} unanswered`);
  return parts.length ? `⚠️ ${parts.join(", ")}` : "0";
}

export function machineSection(m: Machine, quick: boolean): string {
  return [
    `Date: ${m.date}${quick ? " — **quick run (`--quick`): short durations, figures are indicative only**" : ""}`,
    "",
    table(
      ["machine", ""],
      [
        ["cores (nproc)", String(m.nproc)],
        ["CPU", m.cpu],
        ["Node.js", m.node],
        ["kernel", m.kernel],
        ["open files (ulimit -n, inherited by every process)", m.fdLimit],
        ["code measured", m.commit],
        ["production build", m.build],
        ["warm-up", "every gateway, right after it starts and before any section: 200 B and 10 KB prompts at saturation, then one request at a time (the c=1 pair count); nothing of it is counted"],
        ["pinning", "gateway under test on core 0 (taskset -c 0); mock upstream, load generator, PostgreSQL and Redis on core 1 (the services the gateway calls, kept off its core); the other gateways paused (SIGSTOP) while one is measured, so their idle timers and garbage collection take none of its core"],
      ],
    ),
  ].join("\n");
}

const satHeaders = ["target", "prompt", "connections", "req/s (1 core)", "req/s per core-second used", "p50 ms", "p99 ms", "errors / non-2xx", "server CPU", "core 1 busy", "limited by"];

/** Who set the pace: the server when its core was full; the load generator's core when that was full instead (the figure is then a lower bound). */
function limitedBy(r: SaturationRow["result"]): string {
  const server = r.serverCpu !== null && r.serverCpu >= 0.85;
  const load = r.loadCoreBusy >= 0.85;
  if (server && load) return "both cores near full";
  if (server) return "server";
  if (load) return "⚠️ load generator (lower bound)";
  return "neither core full";
}

/** The failures of all of a row's rounds, not only the median one's. */
function everyRound(row: SaturationRow): Failures {
  const total: Failures = { errors: 0, non2xx: 0, statuses: {} };
  for (const round of row.rounds) {
    total.errors += round.errors;
    total.non2xx += round.non2xx;
    for (const [status, count] of Object.entries(round.statuses)) total.statuses[status] = (total.statuses[status] ?? 0) + count;
  }
  return total;
}

function satCells(label: string, row: SaturationRow): string[] {
  const r = row.result;
  const perCore = r.serverCpu ? int(r.rps / r.serverCpu) : "n/a";
  const rounds = row.rounds.length > 1 ? ` (rounds: ${row.rounds.map((round) => int(round.rps)).join(", ")})` : "";
  return [label, size(row.promptBytes), String(r.connections), int(r.rps) + rounds, perCore, ms(r.latency.p50), ms(r.latency.p99), failureCell(everyRound(row)), pct(r.serverCpu), pct(r.loadCoreBusy), limitedBy(r)];
}

export function mockSection(rows: SaturationRow[]): string {
  return [
    "The mock upstream alone, pinned to core 0 (where the gateways run), loaded from core 1: the ceiling every gateway figure is bounded by.",
    "",
    table(satHeaders, rows.map((row) => satCells("mock upstream (bare node:http)", row))),
  ].join("\n");
}

export function c1Section(targets: TargetResults[]): string {
  const rows = targets.flatMap((t) =>
    t.c1.map(({ promptBytes, result: r }) => [
      t.label,
      size(promptBytes),
      String(r.gateway.n),
      `${ms(r.direct.p50, 3)} / ${ms(r.direct.p99, 3)}`,
      `${ms(r.gateway.p50, 3)} / ${ms(r.gateway.p99, 3)}`,
      `**${ms(r.gateway.p50 - r.direct.p50, 3)}**`,
      `**${ms(r.gateway.p99 - r.direct.p99, 3)}**`,
      failureCell(r),
    ]),
  );
  return [
    "One request at a time, alternating: straight to the mock, then the same request through the gateway (`fast` mode: the mock answers at once). Added = gateway − direct.",
    "",
    table(["target", "prompt", "pairs", "direct p50 / p99 ms", "via gateway p50 / p99 ms", "added p50 ms", "added p99 ms", "errors / non-2xx"], rows),
  ].join("\n");
}

export function saturationSection(targets: TargetResults[], mock: SaturationRow[]): string {
  const portkey = targets.find((t) => !t.ours);
  const same = (rows: SaturationRow[], row: SaturationRow) => rows.find((r) => r.promptBytes === row.promptBytes && r.result.connections === row.result.connections);
  const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}×` : "n/a");
  const rows = targets.flatMap((t) =>
    t.saturation.map((row) => [
      ...satCells(t.label, row),
      t.ours ? ratio(row.result.rps, portkey && same(portkey.saturation, row)?.result.rps) : "—",
      ratio(row.result.rps, same(mock, row)?.result.rps),
    ]),
  );
  return [
    "Closed loop (autocannon): each connection keeps one request in flight (`fast` mode), after a warm-up. req/s counts 2xx answers only. " +
      "Rows with rounds ran that many times, every gateway in turn each round; the row shows the median round (its other figures are that round's) and each round's req/s in the order run. " +
      "Server CPU is the serving process's CPU time over the run (100% = its one core); req/s per core-second used = req/s ÷ server CPU. " +
      "Core 1 (load generator and mock) busy near 100% while the server's core is not full means the load generator set the pace.",
    "",
    table([...satHeaders, "vs Portkey", "vs mock alone"], rows),
  ].join("\n");
}

export function ratesSection(targets: TargetResults[]): string {
  const rows = targets.flatMap((t) =>
    t.rates.map((r) => {
      const overloaded = r.gateway.achieved < r.rate * 0.95 || r.gateway.unfinished > 0;
      return [
        t.label,
        `${int(r.rate)}${r.why ? ` (${r.why})` : ""}`,
        int(r.gateway.achieved) + (overloaded ? " ⚠️ overloaded" : ""),
        `${ms(r.direct.latency.p50)} / ${ms(r.direct.latency.p99)}`,
        `${ms(r.gateway.latency.p50)} / ${ms(r.gateway.latency.p99)}`,
        `**${ms(r.gateway.latency.p99 - r.direct.latency.p99)}**`,
        failureCell(r.gateway),
        failureCell(r.direct),
      ];
    }),
  );
  return [
    "Open loop (undici): requests leave on a fixed timetable whatever the server does, and each latency counts from its scheduled time (no coordinated omission). " +
      "The mock answers after 60 ms (`delay60`), so requests overlap as with a real provider. Direct = the same timetable straight to the mock. " +
      "Each rate first runs a few seconds on the same connections, not timed (its errors count): a cold client opens hundreds of connections in its first second, " +
      "and the gateway as many to the mock, all on the load generator's core, and that start-up storm rather than the server's steady state would set the p99.",
    "",
    table(["target", "rate req/s", "achieved req/s", "direct p50 / p99 ms", "via gateway p50 / p99 ms", "added p99 ms", "errors (gateway)", "errors (direct)"], rows),
  ].join("\n");
}

export function ttftSection(targets: TargetResults[]): string {
  const rows = targets
    .filter((t) => t.ttft)
    .map((t) => {
      const r = t.ttft!;
      return [
        t.label,
        String(r.gateway.n),
        `${ms(r.direct.p50, 3)} / ${ms(r.direct.p99, 3)}`,
        `${ms(r.gateway.p50, 3)} / ${ms(r.gateway.p99, 3)}`,
        `**${ms(r.gateway.p50 - r.direct.p50, 3)}**`,
        `**${ms(r.gateway.p99 - r.direct.p99, 3)}**`,
        r.problems.length ? `⚠️ ${r.problems.length}: ${[...new Set(r.problems)].slice(0, 3).join("; ")}` : "0",
      ];
    });
  return [
    "Streams alternating direct and via the gateway (`stream` mode: the mock sends the role chunk and the first one-token content chunk at once, then 63 more " +
      "20 ms apart, a usage chunk and `[DONE]`). TTFT = request sent → first content chunk received. Each stream starts once the previous one has delivered " +
      "its first token; the tails of up to 8 earlier pairs still flow meanwhile; every stream is read to its end and its text, usage chunk and `[DONE]` checked. " +
      "A gateway that holds back the start of the answer (to inspect text across chunk boundaries, say) adds about 20 ms per token held.",
    "",
    table(["target", "streams", "direct TTFT p50 / p99 ms", "via gateway TTFT p50 / p99 ms", "added p50 ms", "added p99 ms", "problems"], rows),
  ].join("\n");
}

/** RSS went below the reading before opening (by more than sampling jitter): earlier garbage was collected during the run. */
const rssFell = (h: Held) => h.rssLowestMb !== null && h.rssBeforeMb !== null && h.rssLowestMb < h.rssBeforeMb - 5;

export function streamsSection(targets: TargetResults[], stallMs: number): string {
  const rows = targets.flatMap((t) =>
    t.streams.map((h) => [
      t.label,
      int(h.k),
      h.peakOpen === h.k ? `${int(h.peakOpen)} (all)` : `⚠️ ${int(h.peakOpen)}`,
      h.heldAllSeconds.toFixed(1),
      h.rssBeforeMb === null ? "n/a" : int(h.rssBeforeMb),
      h.rssPeakMb === null ? "n/a" : int(h.rssPeakMb),
      h.mbPer1000 === null ? "n/a" : `**${h.mbPer1000.toFixed(1)}**${rssFell(h) ? ` ⚠️ understated: RSS fell to ${int(h.rssLowestMb!)} MB during the run` : ""}`,
      `${int(h.completed)} / ${int(h.k)}`,
      h.stalled ? `⚠️ ${int(h.stalled)}` : "0",
      int(h.maxGapMs),
      int(h.maxFirstChunkMs),
      pct(h.serverCpu),
      pct(h.loadCoreBusy),
      h.problems.length ? `⚠️ ${h.problems.slice(0, 3).join("; ")}` : "none",
    ]),
  );
  return [
    "K long streams (`longstream`: a chunk of ~100 characters every second) opened at a steady pace, one connection each, all read to the end. " +
      "RSS is the serving process's VmRSS (found under the tsx/npx wrapper by its listening socket), read before opening and every 200 ms after; " +
      "the reading before follows a full garbage collection, forced through the process's inspector (SIGUSR1 opens it; the bench starts every gateway with `--inspect-port` in NODE_OPTIONS for that), so it holds no garbage of earlier sections; " +
      "MB per 1,000 = (RSS when the most streams were open − RSS before) per 1,000 of them; marked understated when RSS fell below the reading before during the run " +
      "(a collection freed an earlier section's garbage that the reading before still held: no verdict is drawn from such a row). " +
      `A stream stalls when more than ${stallMs / 1000} s pass before its first chunk or between two chunks; it completes when it ends with \`[DONE]\`. ` +
      "CPU figures cover the whole run.",
    "",
    table(
      ["target", "K", "most open at once", "all K open for s", "RSS before MB", "RSS at peak MB", "MB per 1,000", "completed", "stalled", "max gap ms", "max first chunk ms", "server CPU", "core 1 busy", "problems"],
      rows,
    ),
  ].join("\n");
}

type Verdict = { value: string; pass: boolean | null };
const verdict = (v: Verdict) => (v.pass === null ? v.value : `${v.value} ${v.pass ? "✅ pass" : "❌ FAIL"}`);
const missing: Verdict = { value: "not measured", pass: null };

export function targetsSection(results: Results): string {
  const ours = results.targets.filter((t) => t.ours);
  const portkey = results.targets.find((t) => !t.ours);
  const best = (t: TargetResults | undefined) => {
    const rps = t?.saturation.filter((r) => r.promptBytes < 1024).map((r) => r.result.rps) ?? [];
    return rps.length ? Math.max(...rps) : Number.NaN;
  };
  const checks: [string, (t: TargetResults) => Verdict][] = [
    [
      "throughput ≥ 5× Portkey's (inspection on, 200 B prompt, best connection count, 1 core each)",
      (t) => {
        const mine = best(t);
        const theirs = best(portkey);
        return Number.isFinite(mine) && Number.isFinite(theirs) ? { value: `${(mine / theirs).toFixed(2)}× (${int(mine)} vs ${int(theirs)} req/s)`, pass: mine >= 5 * theirs } : missing;
      },
    ],
    [
      "added latency at c=1, p50 ≤ 0.5 ms (200 B)",
      (t) => {
        const r = t.c1.find((c) => c.promptBytes < 1024)?.result;
        return r ? { value: `${ms(r.gateway.p50 - r.direct.p50, 3)} ms`, pass: r.gateway.p50 - r.direct.p50 <= 0.5 && r.errors + r.non2xx === 0 } : missing;
      },
    ],
    [
      "added latency at c=1, p99 ≤ 2 ms (200 B)",
      (t) => {
        const r = t.c1.find((c) => c.promptBytes < 1024)?.result;
        return r ? { value: `${ms(r.gateway.p99 - r.direct.p99, 3)} ms`, pass: r.gateway.p99 - r.direct.p99 <= 2 && r.errors + r.non2xx === 0 } : missing;
      },
    ],
    [
      "added TTFT, median ≤ 1 ms",
      (t) => (t.ttft ? { value: `${ms(t.ttft.gateway.p50 - t.ttft.direct.p50, 3)} ms`, pass: t.ttft.gateway.p50 - t.ttft.direct.p50 <= 1 && t.ttft.problems.length === 0 } : missing),
    ],
    [
      "5,000 concurrent streams held, no stall, ≤ 64 MB per 1,000",
      (t) => {
        const h = t.streams.find((s) => s.k === 5000);
        if (!h) return missing;
        const held = h.peakOpen === h.k && h.completed === h.k && h.stalled === 0 && h.mbPer1000 !== null;
        const memory = h.mbPer1000 === null ? "" : `${h.mbPer1000.toFixed(1)} MB per 1,000${rssFell(h) ? " (understated: RSS fell below the reading before)" : ""}`;
        return { value: held ? memory : `${int(h.peakOpen)} open at most, ${int(h.stalled)} stalled, ${int(h.completed)} completed; ${memory}`, pass: held && h.mbPer1000! <= 64 && !rssFell(h) };
      },
    ],
  ];
  return table(["target", ...ours.map((t) => t.label)], checks.map(([name, check]) => [name, ...ours.map((t) => (t.startError ? "did not start" : verdict(check(t))))]));
}

export function renderReport(results: Results, sections: { title: string; body: string }[]): string {
  const failures: Results["failures"] = [...results.targets.filter((t) => t.startError).map((t) => ({ what: `${t.label} did not start: ${t.startError}` })), ...results.failures];
  return [
    "# Gateway benchmark",
    "",
    "Written by `npm run bench` (scripts/bench/); every figure below was measured by that run. Do not edit by hand.",
    "",
    ...sections.flatMap(({ title, body }) => [`## ${title}`, "", body, ""]),
    ...(failures.length
      ? ["## Failures and evidence", "", ...failures.flatMap((f) => [`- ${f.peer ? "(peer gateway: reported, does not fail the run) " : ""}${f.what}`, ...(f.evidence?.trim() ? ["", "  ```", ...f.evidence.trim().split("\n").map((l) => `  ${l}`), "  ```"] : [])]), ""]
      : []),
    "## How to run",
    "",
    "`npm run bench` (builds first when .next is older than app/, lib/ or components/) · `npm run bench -- --quick` (smoke: short durations, K = 1,000 only) · " +
      "`--only=mock,c1,ttft,saturation,rates,streams` (any of them) · `--no-build` (use the existing .next). Needs PostgreSQL and Redis on 127.0.0.1 (trust auth) and `taskset`. " +
      `This run took ${Math.floor(results.seconds / 60)} min ${Math.round(results.seconds % 60)} s.`,
    "",
  ].join("\n");
}
