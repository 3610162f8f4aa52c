import fc from "fast-check";
import type { FuzzRequest, Surface } from "./fuzz-request";
import { type Resolver, send } from "./http-sender";
import { checkAnswer, protocolOf } from "./protocol-checks";

/**
 * Runs fuzzed requests against a live server: `workers` fast-check runs side by side (each its
 * own seed, one request at a time), every answer checked, every problem kept rather than stopping
 * at the first. Then the first request of each kind of problem is replayed from its seed and path
 * and shrunk by fast-check to a small request that still shows it.
 */

export type FuzzOptions = {
  arbitrary: fc.Arbitrary<FuzzRequest>;
  origin: URL;
  resolve: Resolver;
  seed: number;
  workers: number;
  requests: number;
  timeoutMs: number;
  /** At most this many distinct problems are shrunk (each shrink sends more requests). */
  shrinkLimit?: number;
};

export type Failure = {
  kind: string;
  route: string;
  method: string;
  path: string;
  status: string;
  problem: string;
  excerpt: string;
  input: FuzzRequest;
  /** fast-check's seed and path of the run: `fc.check(property, { seed, path })` replays it. */
  replay: { seed: number; path: string };
  shrunk?: FuzzRequest;
};

export type FuzzReport = {
  bySurface: Record<Surface, number>;
  byStatus: Record<string, number>;
  failures: Failure[];
  /** The first failure of each kind, shrunk. */
  distinct: Failure[];
  /** How many failures of each kind. */
  byKind: Record<string, number>;
  seconds: number;
};

type Exercised = { status: string; problem: string | null; excerpt: string };

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const report: FuzzReport = { bySurface: { v1: 0, mcp: 0, management: 0 }, byStatus: {}, failures: [], distinct: [], byKind: {}, seconds: 0 };
  const exercise = async (request: FuzzRequest): Promise<Exercised> => {
    const outcome = await send(options.origin, request, options.resolve, options.timeoutMs);
    if ("failure" in outcome) return { status: outcome.failure, problem: `${outcome.failure}: ${outcome.detail}`, excerpt: "" };
    const { answer } = outcome;
    const problem = checkAnswer(protocolOf(options.resolve(request.path)), request.method.toUpperCase(), answer);
    return { status: String(answer.status), problem, excerpt: answer.body.subarray(0, 300).toString("utf8") };
  };

  const perWorker = Math.ceil(options.requests / options.workers);
  const worker = async (index: number) => {
    // Spread apart, so that runs with neighbouring seeds (FUZZ_SEED=1, 2) share no worker seed.
    const seed = (Math.imul(options.seed, 0x9e3779b1) + index) | 0;
    let run = 0;
    const property = fc.asyncProperty(options.arbitrary, async (request) => {
      const path = String(run++);
      const result = await exercise(request);
      report.bySurface[request.surface]++;
      report.byStatus[result.status] = (report.byStatus[result.status] ?? 0) + 1;
      if (result.problem) report.failures.push({ ...describe(request, result), input: request, replay: { seed, path } });
      return true;
    });
    const details = await fc.check(property, { seed, numRuns: perWorker });
    if (details.failed) throw new Error(`fuzz worker ${index} (seed ${seed}) broke: ${String(details.errorInstance ?? details.error)}`);
  };
  await Promise.all(Array.from({ length: options.workers }, (_, index) => worker(index)));
  report.seconds = Math.round((performance.now() - started) / 1000);
  for (const failure of report.failures) report.byKind[failure.kind] = (report.byKind[failure.kind] ?? 0) + 1;

  const firsts = new Map<string, Failure>();
  for (const failure of report.failures) if (!firsts.has(failure.kind)) firsts.set(failure.kind, failure);
  for (const failure of [...firsts.values()].slice(0, options.shrinkLimit ?? 6)) report.distinct.push(await shrink(failure, options, exercise));
  report.distinct.push(...[...firsts.values()].slice(options.shrinkLimit ?? 6));
  return report;
}

function describe(request: FuzzRequest, result: Exercised): Omit<Failure, "input" | "replay"> {
  const problem = result.problem!;
  // Kinds group by route and the problem's words before any detail, so one cause is reported once.
  return { kind: `${request.route}: ${problem.split(":")[0]}`, route: request.route, method: request.method, path: request.path, status: result.status, problem, excerpt: result.excerpt };
}

async function shrink(failure: Failure, options: FuzzOptions, exercise: (request: FuzzRequest) => Promise<Exercised>): Promise<Failure> {
  if (failure.status === "timeout") return failure; // each try would wait the full timeout
  const stillFails = fc.asyncProperty(options.arbitrary, async (request) => {
    const result = await exercise(request);
    return !(result.problem && describe(request, result).kind === failure.kind);
  });
  const details = await fc.check(stillFails, { seed: failure.replay.seed, path: failure.replay.path, interruptAfterTimeLimit: 5_000 });
  return { ...failure, shrunk: details.counterexample?.[0] ?? failure.input };
}

/** The report's numbers in one line: requests per surface, answers per status, failures, and the seed. */
export function summary(report: FuzzReport, seed: number): string {
  const count = (value: number) => value.toLocaleString("en-US");
  const surfaces = Object.entries(report.bySurface)
    .map(([surface, value]) => `${surface} ${count(value)}`)
    .join(", ");
  const statuses = Object.entries(report.byStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, value]) => `${status}×${count(value)}`)
    .join(", ");
  const fuzzed = report.bySurface.v1 + report.bySurface.mcp + report.bySurface.management;
  const kinds = Object.entries(report.byKind)
    .sort(([, a], [, b]) => b - a)
    .map(([kind, value]) => `\n  ${count(value)}× ${kind}`)
    .join("");
  return `fuzz: ${count(fuzzed)} requests (${surfaces}) in ${report.seconds} s; statuses ${statuses}; ${count(report.failures.length)} failures; seed ${seed} (set FUZZ_SEED to replay)${kinds}`;
}

/** A failure as a few readable lines: long strings cut, so a report stays short. */
export function explain(failure: Failure): string {
  const cut = (_key: string, value: unknown) => (typeof value === "string" && value.length > 160 ? `${value.slice(0, 160)}…(${value.length} chars)` : value);
  const input = JSON.stringify(failure.shrunk ?? failure.input, cut);
  return [
    `${failure.kind} — ${failure.method} ${failure.path.slice(0, 160)} answered ${failure.status}: ${failure.problem}`,
    `  body: ${failure.excerpt.slice(0, 200)}`,
    `  ${failure.shrunk ? "shrunk input" : "input"}: ${input}`,
    `  replay: seed ${failure.replay.seed}, path "${failure.replay.path}"`,
  ].join("\n");
}
