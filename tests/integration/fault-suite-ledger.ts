/**
 * The upstream fault suite's accounting: a scenario's batch of requests is sent at modest
 * concurrency, every answer is checked against its audit row (exactly one per request sent, the
 * outcome the client saw, the attempts the client was told of, the target that served), and the
 * figures become one line of the suite's table.
 */
import { isDeepStrictEqual } from "node:util";
import { flushAudit } from "@/lib/audit/audit-writer";
import type { RoutingRecord } from "@/lib/routing/routing-record";
import { MODES, type Observation, sendRequest } from "./fault-suite-wire";
import type { RoutingWorld } from "./routing-world";

const CONCURRENCY = 8;
/** Streamed requests queue their row when the stream ends, a moment after the client may have seen it. */
const AUDIT_WAIT_MS = 5_000;

type AuditRow = Awaited<ReturnType<RoutingWorld["db"]["gatewayRequest"]["findMany"]>>[number];

export type Scenario = {
  title: string;
  /** The model requested: a route's name, or a catalog model served directly. */
  model: string;
  requests: number;
  /** The target the route tries first; an answer from another one came by fallback. */
  firstTarget: string;
  /** Error codes a failed attempt may carry in the routing record for what the upstreams do. */
  attemptErrors: string[];
  /** What the product must answer in this scenario, beyond being well formed: a complaint, or null. */
  expect: (observation: Observation, routing: RoutingRecord) => string | null;
};

export type ScenarioResult = { line: string; mismatches: string[] };

export async function runScenario(world: RoutingWorld, scenario: Scenario): Promise<ScenarioResult> {
  const rowsBefore = await world.db.gatewayRequest.count({ where: { orgId: world.ctx.org.id } });
  const observations: Observation[] = new Array(scenario.requests);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < scenario.requests; index = next++) {
      const prompt = `${scenario.model} request ${index}`;
      observations[index] = await sendRequest(world.gateway.url, world.key, scenario.model, prompt, MODES[index % MODES.length]!);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  const ids = observations.map((observation) => observation.requestId).filter((id): id is string => id !== null);
  const rows = await auditRows(world, ids);
  const rowsAfter = await world.db.gatewayRequest.count({ where: { orgId: world.ctx.org.id } });
  const upstreamCalls = Object.values(world.upstreams).reduce((sum, upstream) => sum + upstream.calls.length, 0);

  const mismatches: string[] = [];
  if (rowsAfter - rowsBefore !== scenario.requests) mismatches.push(`${rowsAfter - rowsBefore} audit rows written for ${scenario.requests} requests sent`);
  let attemptsRecorded = 0;
  for (const [index, observation] of observations.entries()) {
    const row = observation.requestId ? rows.get(observation.requestId) : undefined;
    attemptsRecorded += (row?.routing as RoutingRecord | null)?.attempts.length ?? 0;
    for (const problem of check(scenario, observation, row)) mismatches.push(`#${index} ${observation.mode} ${observation.requestId ?? "(no id)"}: ${problem}`);
  }
  if (attemptsRecorded !== upstreamCalls) mismatches.push(`the audit rows record ${attemptsRecorded} attempts, the upstreams received ${upstreamCalls} calls`);
  return { line: tableLine(scenario, observations, rows, upstreamCalls), mismatches };
}

/** The rows of `ids`, after flushing the writer, waiting a little for rows of streams still ending. */
async function auditRows(world: RoutingWorld, ids: string[]): Promise<Map<string, AuditRow>> {
  const deadline = performance.now() + AUDIT_WAIT_MS;
  for (;;) {
    await flushAudit();
    const rows = await world.db.gatewayRequest.findMany({ where: { requestId: { in: ids } } });
    if (rows.length === ids.length || performance.now() > deadline) return new Map(rows.map((row) => [row.requestId, row]));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Everything wrong with one request: its answer, its audit row, and how the two agree. */
function check(scenario: Scenario, observation: Observation, row: AuditRow | undefined): string[] {
  const { seen } = observation;
  if (seen.kind === "hang") return ["no answer: the request hung"];
  if (seen.kind === "malformed") return [`malformed answer: ${seen.why}`];
  const problems: string[] = [];
  if (observation.clientDisagrees) problems.push(`the official client disagrees: ${observation.clientDisagrees}`);
  if (seen.kind === "error" && (seen.status === 500 || seen.code === "internal_error")) problems.push(`the gateway's own failure: ${seen.status} ${seen.code}`);
  if (!row) return [...problems, "no audit row"];

  const routing = row.routing as RoutingRecord | null;
  if (!routing) return [...problems, "audit row without a routing record"];
  const wanted = {
    answer: { status: 200, outcome: "ok", errorCode: null },
    stream: { status: 200, outcome: "ok", errorCode: null },
    error: seen.kind === "error" ? { status: seen.status, outcome: "error", errorCode: seen.code } : null,
    "stream-error": seen.kind === "stream-error" ? { status: 200, outcome: "incomplete", errorCode: seen.code } : null,
  }[seen.kind]!;
  const recorded = { status: row.status, outcome: row.outcome, errorCode: row.errorCode };
  if (!isDeepStrictEqual(recorded, wanted)) problems.push(`audit row says ${JSON.stringify(recorded)}, the client saw ${JSON.stringify(wanted)}`);
  if (row.stream !== observation.stream) problems.push(`audit row has stream=${row.stream}`);

  const { attempts } = routing;
  if (observation.attempts !== attempts.length) problems.push(`told of ${observation.attempts} attempts, the audit row records ${attempts.length}`);
  const last = attempts.at(-1);
  if (last && row.providerName !== last.provider) problems.push(`audit row names provider ${row.providerName}, the last attempt ${last.provider}`);
  if (last && observation.provider !== last.provider) problems.push(`header names provider ${observation.provider}, the last attempt ${last.provider}`);
  for (const attempt of attempts.slice(0, -1)) {
    if (!attempt.error) problems.push(`attempt on ${attempt.target} (retry ${attempt.retry}) recorded without an error, yet another followed`);
  }
  for (const attempt of attempts) {
    if (attempt.error && !scenario.attemptErrors.includes(attempt.error)) problems.push(`attempt on ${attempt.target} failed with ${attempt.error}, which the upstreams' faults do not explain`);
  }

  if (seen.kind === "answer" || seen.kind === "stream" || seen.kind === "stream-error") {
    if (last?.target !== seen.served || last.status !== 200 || last.error) problems.push(`served by ${seen.served}, but the last attempt is ${JSON.stringify(last)}`);
    // By fallback only after the first target failed or was skipped; by the first target only after retries of it.
    const firstFailed = attempts.some((attempt) => attempt.target === scenario.firstTarget && attempt.error) || routing.skipped.some((skip) => skip.target === scenario.firstTarget);
    if (seen.served !== scenario.firstTarget && !firstFailed) problems.push(`served by ${seen.served} by fallback, yet the routing record shows no failure or skip of ${scenario.firstTarget}`);
    if (seen.served === scenario.firstTarget && attempts.some((attempt) => attempt.target !== scenario.firstTarget)) problems.push(`served by ${seen.served} after trying another target`);
  }
  if (seen.kind === "answer" && !isDeepStrictEqual(seen.routing, JSON.parse(JSON.stringify(routing)))) problems.push("the answer's gateway.routing differs from the audit row's");
  if (seen.kind === "stream-error" && seen.code === "upstream_stream_error" && !last?.streamError) problems.push("a stream that broke, without streamError on its attempt");
  if (seen.kind === "error" && attempts.length > 0 && last?.status === 200) problems.push("an error answer whose last attempt succeeded");

  const complaint = scenario.expect(observation, routing);
  if (complaint) problems.push(complaint);
  return problems;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function tableLine(scenario: Scenario, observations: Observation[], rows: Map<string, AuditRow>, upstreamCalls: number): string {
  const count = (kind: Observation["seen"]["kind"]) => observations.filter((observation) => observation.seen.kind === kind).length;
  const answered = observations.filter((observation) => observation.seen.kind === "answer" || observation.seen.kind === "stream");
  const viaFallback = answered.filter((observation) => "served" in observation.seen && observation.seen.served !== scenario.firstTarget).length;
  const errors = new Map<string, number>();
  for (const { seen } of observations) if (seen.kind === "error") errors.set(`${seen.status} ${seen.code}`, (errors.get(`${seen.status} ${seen.code}`) ?? 0) + 1);
  const errorList = [...errors].map(([what, times]) => `${times}× ${what}`).join(", ");
  const outcomes = new Map<string, number>();
  for (const row of rows.values()) outcomes.set(row.outcome, (outcomes.get(row.outcome) ?? 0) + 1);
  const outcomeList = [...outcomes].map(([outcome, times]) => `${times} ${outcome}`).join(", ");
  const skips = [...rows.values()].filter((row) => (row.routing as RoutingRecord | null)?.skipped.some((skip) => skip.target === scenario.firstTarget)).length;
  return [
    `${scenario.title}: ${scenario.requests} sent`,
    `${answered.length} answered 200 (${viaFallback} via fallback)`,
    `${plural(count("error"), "error")}${errorList ? ` (${errorList})` : ""}`,
    `${count("stream-error")} streams ended by an error event`,
    `${count("malformed")} malformed`,
    `${count("hang")} hung`,
    `${plural(rows.size, "audit row")}${outcomeList ? ` (${outcomeList})` : ""}`,
    `${upstreamCalls} upstream calls, ${scenario.firstTarget} skipped by its breaker in ${skips}`,
  ].join(" · ");
}
