/**
 * Upstream faults in volume: for each fault, a batch of requests (the official client and raw
 * fetch, plain and streamed, a few at a time) against a route whose first target misbehaves,
 * then every answer counted and checked against its audit row. routing-failover.test.ts and
 * gateway-faults.test.ts prove each behaviour one request at a time; this file is about the
 * accounting holding up when many requests meet the same fault: every request gets a
 * well-formed answer or a well-formed OpenAI error, never the gateway's own 500 and never a hang;
 * a broken stream never ends in [DONE]; and there is exactly one audit row per request, whose
 * outcome and attempts are what the client saw. The figures are printed as a table for the CI log.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { resetRoutingState } from "@/lib/routing/target-state";
import { seededRandom } from "@/lib/routing/strategy";
import type { Behaviour } from "../fixtures/mock-routing-upstream";
import { runScenario, type Scenario } from "./fault-suite-ledger";
import type { Observation } from "./fault-suite-wire";
import { routingWorld, type RoutingWorld } from "./routing-world";

// Routing and the upstream agent read these once. Short, so the batches stay quick; the attempt
// deadline still leaves a healthy target ample time on a busy machine.
vi.hoisted(() => {
  process.env.ROUTING_ATTEMPT_TIMEOUT_MS = "1000";
  process.env.ROUTING_RETRY_BASE_MS = "5";
  process.env.ROUTING_RETRY_MAX_MS = "20";
  process.env.ROUTING_MAX_RETRIES = "2";
  process.env.ROUTING_BREAKER_COOLDOWN_MS = "300";
  process.env.UPSTREAM_BODY_TIMEOUT_MS = "600";
});

/** Longer than the attempt deadline, so a slow answer always misses it. */
const SLOW_MS = 2_000;

let world: RoutingWorld;
let flaky: RoutingWorld["upstreams"][string];
const table: string[] = [];

beforeAll(async () => {
  world = await routingWorld(["flaky", "steady"]);
  flaky = world.upstreams.flaky!;
  await world.route({ name: "failover", strategy: "fallback", targets: [{ model: "flaky" }, { model: "steady" }] });
  await world.route({ name: "flaky-alone", strategy: "fallback", targets: [{ model: "flaky" }] });
});

afterAll(async () => {
  console.info(`Upstream fault suite\n${table.map((line) => `  ${line}`).join("\n")}`);
  await world?.close();
});

beforeEach(() => {
  world.reset();
  resetRoutingState();
});

/** `share` of the calls behave as `pick` chooses, the rest answer normally. */
function sometimes(share: number, seed: number, pick: (random: () => number) => Behaviour): () => Behaviour {
  const random = seededRandom(seed);
  return () => (random() < share ? pick(random) : { kind: "ok" });
}

async function run(scenario: Scenario) {
  const { line, mismatches } = await runScenario(world, scenario);
  table.push(line);
  expect(mismatches).toEqual([]);
}

const outcome = ({ seen }: Observation) => (seen.kind === "error" || seen.kind === "stream-error" ? `${seen.kind} ${seen.code}` : seen.kind);

/** Only answers: with a healthy target behind it, the route absorbs every fault before the first chunk. */
const answersOnly = (observation: Observation) =>
  observation.seen.kind === "answer" || observation.seen.kind === "stream" ? null : `expected an answer, got ${outcome(observation)}`;

/** A plain request is always answered; a stream may break on the flaky target after its first chunk. */
const answersOrBrokenStreams = (observation: Observation) => {
  const { seen } = observation;
  if (seen.kind === "answer" || seen.kind === "stream") return null;
  if (seen.kind === "stream-error" && seen.code === "upstream_stream_error" && seen.served === "flaky") return null;
  return `expected an answer, or a stream of flaky's broken by an upstream_stream_error event, got ${outcome(observation)}`;
};

/** With no target to fall back to: an answer, the provider's failure as `status`/`code`, or every target resting. */
const answerOrError = (status: number, code: string) => (observation: Observation, routing: { attempts: unknown[] }) => {
  const { seen } = observation;
  if (seen.kind === "answer" || seen.kind === "stream") return null;
  if (seen.kind === "error" && routing.attempts.length === 0) return seen.status === 503 && seen.code === "no_available_target" ? null : `no attempt made, yet ${outcome(observation)}`;
  if (seen.kind === "error" && seen.status === status && seen.code === code && seen.type === "upstream_error") return null;
  return `expected an answer or ${status} ${code}, got ${outcome(observation)}${seen.kind === "error" ? ` (${seen.status} ${seen.type})` : ""}`;
};

describe("a slow upstream", () => {
  it("falls back to the healthy target when the first misses the attempt deadline", async () => {
    flaky.setDefault({ kind: "ok", delayMs: SLOW_MS });
    await run({
      title: `slow upstream (every answer after ${SLOW_MS} ms), fallback`,
      model: "failover",
      requests: 100,
      firstTarget: "flaky",
      attemptErrors: ["upstream_timeout"],
      expect: (observation) => answersOnly(observation) ?? ("served" in observation.seen && observation.seen.served === "steady" ? null : "served by flaky, which never answers in time"),
    });
  });

  it("answers 504 upstream_timeout in OpenAI's shape when there is nothing to fall back to", async () => {
    flaky.setDefault({ kind: "ok", delayMs: SLOW_MS });
    await run({
      title: `slow upstream (every answer after ${SLOW_MS} ms), no fallback`,
      model: "flaky-alone",
      requests: 40,
      firstTarget: "flaky",
      attemptErrors: ["upstream_timeout"],
      expect: (observation, routing) => (observation.seen.kind === "error" ? answerOrError(504, "upstream_timeout")(observation, routing) : `expected an error, got ${outcome(observation)}`),
    });
  });
});

describe("a 5xx storm", () => {
  const storm = () => sometimes(0.5, 5, (random) => ({ kind: "status", status: [500, 502, 503][Math.floor(random() * 3)]! }));

  it("ends every request 200 with a fallback target", async () => {
    flaky.setDefault(storm());
    await run({ title: "5xx storm (50% of attempts on flaky), fallback", model: "failover", requests: 160, firstTarget: "flaky", attemptErrors: ["upstream_error"], expect: answersOnly });
  });

  it("ends every request 200 or 502 after the retries without one", async () => {
    flaky.setDefault(storm());
    await run({
      title: "5xx storm (50% of attempts on flaky), no fallback",
      model: "flaky-alone",
      requests: 120,
      firstTarget: "flaky",
      attemptErrors: ["upstream_error"],
      expect: answerOrError(502, "upstream_error"),
    });
  });
});

describe("connection resets", () => {
  it("falls back when the connection is reset before any header", async () => {
    flaky.setDefault(sometimes(0.5, 7, () => ({ kind: "reset" })));
    await run({ title: "reset before headers (50%), fallback", model: "failover", requests: 120, firstTarget: "flaky", attemptErrors: ["upstream_unreachable"], expect: answersOnly });
  });

  it("ends a stream reset after some chunks with an error event and no [DONE]", async () => {
    flaky.setDefault(sometimes(0.5, 11, () => ({ kind: "reset-after-chunks", chunks: 2 })));
    await run({
      title: "reset mid-answer (50%, after 2 words), fallback",
      model: "failover",
      requests: 120,
      firstTarget: "flaky",
      attemptErrors: ["upstream_bad_response", "upstream_stream_error", "upstream_unreachable"],
      expect: answersOrBrokenStreams,
    });
  });
});

describe("streams that break off", () => {
  it("ends a stream whose socket is destroyed midway with an error event, recorded incomplete", async () => {
    flaky.setDefault(sometimes(0.5, 13, () => ({ kind: "cut-after-chunks", chunks: 3 })));
    await run({
      title: "socket destroyed mid-answer (50%, after 3 words), fallback",
      model: "failover",
      requests: 120,
      firstTarget: "flaky",
      attemptErrors: ["upstream_bad_response", "upstream_stream_error", "upstream_unreachable"],
      expect: answersOrBrokenStreams,
    });
  });

  it("ends a stream that stalls past the body timeout with an error event, recorded incomplete", async () => {
    flaky.setDefault(sometimes(0.3, 17, () => ({ kind: "stall-after-chunks", chunks: 2 })));
    await run({
      title: "stall mid-answer past the body timeout (30%, after 2 words), fallback",
      model: "failover",
      requests: 80,
      firstTarget: "flaky",
      // a plain answer stalls before the attempt commits (body timeout or attempt deadline, whichever
      // comes first); a stream after committing, until the body timeout
      attemptErrors: ["upstream_bad_response", "upstream_timeout", "upstream_stream_error"],
      expect: answersOrBrokenStreams,
    });
  });
});

describe("malformed answers", () => {
  // Served directly (no route): one attempt each, so the client sees how each malformation is answered.
  type Malformation = { title: string; behaviour: () => Behaviour; plain: string; stream: string[] };
  const protocolErrors = { plain: "error upstream_bad_response", stream: ["error upstream_stream_error", "stream-error upstream_stream_error"] };
  const wrongShapes: unknown[] = [{ unexpected: true }, null, [1, 2], "text", { object: "chat.completion.chunk", choices: "none" }];
  let turn = 0;
  const malformations: Malformation[] = [
    { title: "garbage lines between events", behaviour: () => ({ kind: "garbage-lines" }), plain: "answer", stream: ["stream"] },
    { title: "invalid JSON in a data line", behaviour: () => ({ kind: "invalid-json", afterChunks: turn++ % 2 === 0 ? 0 : 3 }), ...protocolErrors },
    {
      title: "data JSON of the wrong shape",
      behaviour: () => ({ kind: "wrong-shape", afterChunks: turn % 2 === 0 ? 0 : 3, payload: wrongShapes[turn++ % wrongShapes.length] }),
      ...protocolErrors,
    },
    { title: "no [DONE], clean close", behaviour: () => ({ kind: "no-done" }), plain: "answer", stream: ["stream-error upstream_stream_error"] },
    { title: "HTML error page, 200 text/html", behaviour: () => ({ kind: "html-page" }), plain: "error upstream_bad_response", stream: ["error upstream_stream_error"] },
    { title: "JSON cut off half-way, clean close", behaviour: () => ({ kind: "truncated-json" }), plain: "error upstream_bad_response", stream: ["stream-error upstream_stream_error"] },
    { title: "empty 200 body", behaviour: () => ({ kind: "empty-body" }), plain: "error upstream_bad_response", stream: ["error upstream_stream_error"] },
    { title: "content-encoding: gzip over plain bytes", behaviour: () => ({ kind: "lying-gzip" }), plain: "answer", stream: ["stream"] },
  ];

  it.each(malformations)("answers $title with an answer or an OpenAI error, never a 500", async (malformation) => {
    flaky.setDefault(malformation.behaviour);
    await run({
      title: `malformed: ${malformation.title}, direct`,
      model: "flaky",
      requests: 40,
      firstTarget: "flaky",
      attemptErrors: ["upstream_bad_response", "upstream_stream_error"],
      expect: (observation) => {
        const allowed = observation.stream ? malformation.stream : [malformation.plain];
        if (!allowed.includes(outcome(observation))) return `expected ${allowed.join(" or ")}, got ${outcome(observation)}`;
        const { seen } = observation;
        return seen.kind === "error" && (seen.status !== 502 || seen.type !== "upstream_error") ? `expected a 502 upstream_error, got ${seen.status} ${seen.type}` : null;
      },
    });
  });

  it("falls back past every malformation that comes before the first chunk", async () => {
    const kinds = malformations.map((malformation) => malformation.behaviour);
    flaky.setDefault(sometimes(0.5, 19, (random) => kinds[Math.floor(random() * kinds.length)]!()));
    await run({
      title: "malformed: a mix of all of the above (50%), fallback",
      model: "failover",
      requests: 160,
      firstTarget: "flaky",
      attemptErrors: ["upstream_bad_response", "upstream_stream_error"],
      expect: answersOrBrokenStreams,
    });
  });
});
