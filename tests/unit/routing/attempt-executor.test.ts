import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { CatalogEntry } from "@/lib/gateway/gateway-cache";
import type { Abortable } from "@/lib/http/abort-source";
import type { UpstreamError } from "@/lib/providers/types";
import { type Attempt, classify, executePlan } from "@/lib/routing/attempt-executor";
import type { RoutePlan } from "@/lib/routing/route-plan";
import type { RoutingConfig } from "@/lib/routing/routing-config";
import { targetState } from "@/lib/routing/target-state";

const config: RoutingConfig = {
  maxRetries: 2,
  retryBaseMs: 1,
  retryMaxMs: 4,
  retryAfterCapMs: 50,
  attemptTimeoutMs: 100,
  breaker: { consecutiveFailures: 5, errorRate: 0.5, minSamples: 20, windowMs: 60_000, cooldownMs: 30_000 },
  latencyStaleMs: 300_000,
  healthWindowMs: 300_000,
};

const entry = (name: string) =>
  ({ publicName: name, kind: "chat", upstreamModel: `${name}-up`, createdAt: new Date(0), target: { id: `p-${name}`, kind: "openai", name: `P ${name}`, baseUrl: "", apiKey: null } }) as CatalogEntry;

const plan = (names: string[], direct = false): RoutePlan => ({
  candidates: names.map(entry),
  direct,
  why: [],
  record: { route: direct ? null : "r", priority: direct ? null : 0, strategy: direct ? "direct" : "fallback", model: "r", attempts: [], skipped: [], reason: "" },
});

const upstream = (status: number, extra: Partial<UpstreamError> = {}): UpstreamError => ({
  status: status >= 500 ? 502 : status,
  error: { message: `answered ${status}`, type: "upstream_error", code: status === 400 ? "upstream_rejected" : "upstream_error", param: null },
  upstreamStatus: status,
  ...extra,
});
const unreachable: UpstreamError = { status: 502, error: { message: "down", type: "upstream_error", code: "upstream_unreachable", param: null } };

/** An attempt that answers from a script per target, then "ok". */
function scripted(script: Record<string, (UpstreamError | "hang")[]>): Attempt<string> & { calls: string[] } {
  const calls: string[] = [];
  const attempt = async (target: CatalogEntry, signal: Abortable) => {
    calls.push(target.publicName);
    const next = script[target.publicName]?.shift();
    if (next === "hang") return new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));
    return next ? { type: "error" as const, error: next } : { type: "ok" as const, value: `from ${target.publicName}` };
  };
  return Object.assign(attempt, { calls });
}

const run = (p: RoutePlan, attempt: Attempt<string>, signal = new AbortController().signal, orgId = randomUUID()) =>
  executePlan(p, { orgId, signal, attempt, config, random: () => 0.5, metric: "total" });

describe("classify", () => {
  it.each([
    [upstream(429), "retry"],
    [upstream(500), "retry"],
    [upstream(503), "retry"],
    [upstream(408), "retry"],
    [unreachable, "retry"],
    [{ ...unreachable, error: { ...unreachable.error, code: "upstream_timeout" } }, "retry"],
    [upstream(400), "final"],
    [upstream(401), "final"],
    [upstream(404), "final"],
    [{ status: 400, error: { message: "x", type: "invalid_request_error", code: "embeddings_unsupported", param: null } }, "next"],
    [{ ...unreachable, error: { ...unreachable.error, code: "upstream_blocked" } }, "next"],
  ] as const)("%# is %s", (error, expected) => {
    expect(classify(error as UpstreamError)).toBe(expected);
  });
});

describe("executePlan", () => {
  it("retries a retryable failure on the same target, then succeeds", async () => {
    const attempt = scripted({ a: [upstream(503), unreachable] });
    const p = plan(["a", "b"]);
    const result = await run(p, attempt);
    expect(result).toMatchObject({ type: "ok", value: "from a" });
    expect(attempt.calls).toEqual(["a", "a", "a"]);
    expect(p.record.attempts.map((x) => [x.target, x.status, x.error ?? null, x.retry])).toEqual([
      ["a", 503, "upstream_error", 0],
      ["a", 502, "upstream_unreachable", 1],
      ["a", 200, null, 2],
    ]);
  });

  it("falls back after the retries are spent", async () => {
    const attempt = scripted({ a: [upstream(500), upstream(500), upstream(500), upstream(500)] });
    const result = await run(plan(["a", "b"]), attempt);
    expect(result).toMatchObject({ type: "ok", value: "from b" });
    expect(attempt.calls).toEqual(["a", "a", "a", "b"]);
  });

  it("returns a request error at once, without retry or fallback, and counts it as the target being up", async () => {
    const orgId = randomUUID();
    const attempt = scripted({ a: [upstream(400)] });
    const result = await run(plan(["a", "b"]), attempt, undefined, orgId);
    expect(result).toMatchObject({ type: "error", error: { status: 400 } });
    expect(attempt.calls).toEqual(["a"]);
    expect(targetState(orgId, entry("a")).errorRate()).toEqual({ rate: 0, samples: 1 });
  });

  it("moves on without retrying for errors that are about this target's setup", async () => {
    const unsupported: UpstreamError = { status: 400, error: { message: "no embeddings", type: "invalid_request_error", code: "embeddings_unsupported", param: "model" } };
    const attempt = scripted({ a: [unsupported] });
    expect(await run(plan(["a", "b"]), attempt)).toMatchObject({ type: "ok", value: "from b" });
    expect(attempt.calls).toEqual(["a", "b"]);
  });

  it("moves on when Retry-After asks for more than the cap, and waits when it does not", async () => {
    const long = scripted({ a: [upstream(429, { retryAfter: "1" })] });
    expect(await run(plan(["a", "b"]), long)).toMatchObject({ value: "from b" });
    expect(long.calls).toEqual(["a", "b"]);
    const short = scripted({ a: [upstream(429, { retryAfter: "0.04" })] });
    const started = performance.now();
    expect(await run(plan(["a", "b"]), short)).toMatchObject({ value: "from a" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });

  it("gives each attempt a deadline and records it as upstream_timeout", async () => {
    const attempt = scripted({ a: ["hang", "hang", "hang"] });
    const p = plan(["a", "b"]);
    expect(await run(p, attempt)).toMatchObject({ value: "from b" });
    expect(p.record.attempts.slice(0, 3).map((x) => [x.status, x.error])).toEqual(Array(3).fill([504, "upstream_timeout"]));
    for (const x of p.record.attempts.slice(0, 3)) expect(x.latencyMs).toBeGreaterThanOrEqual(95);
  });

  it("makes exactly one attempt for a direct request, without a deadline or the breaker's gate", async () => {
    const orgId = randomUUID();
    const state = targetState(orgId, entry("a"));
    for (let i = 0; i < 5; i++) state.recordFailure({ status: 500, code: null, message: "x" });
    expect(state.breaker.current).toBe("open");
    const failing = scripted({ a: [upstream(503)] });
    expect(await run(plan(["a"], true), failing, undefined, orgId)).toMatchObject({ type: "error", error: { upstreamStatus: 503 } });
    expect(failing.calls).toEqual(["a"]);
    const ok = scripted({});
    expect(await run(plan(["a"], true), ok, undefined, orgId)).toMatchObject({ type: "ok" });
    expect(state.breaker.current).toBe("closed"); // a direct success is evidence too
  });

  it("skips a target whose breaker is open, and answers no_available_target when none is left", async () => {
    const orgId = randomUUID();
    const state = targetState(orgId, entry("a"));
    for (let i = 0; i < 5; i++) state.recordFailure({ status: 500, code: null, message: "x" });
    const attempt = scripted({});
    const p = plan(["a", "b"]);
    expect(await run(p, attempt, undefined, orgId)).toMatchObject({ value: "from b" });
    expect(p.record.skipped).toEqual([{ target: "a", reason: "circuit breaker open after repeated failures" }]);
    const only = plan(["a"]);
    expect(await run(only, attempt, undefined, orgId)).toMatchObject({ type: "error", entry: null, error: { status: 503, error: { code: "no_available_target" } } });
    expect(attempt.calls).toEqual(["b"]);
  });

  it("stops retrying a target as soon as its breaker opens", async () => {
    const orgId = randomUUID();
    const state = targetState(orgId, entry("a"));
    for (let i = 0; i < 4; i++) state.recordFailure({ status: 500, code: null, message: "x" });
    const attempt = scripted({ a: [upstream(500), upstream(500), upstream(500)] });
    expect(await run(plan(["a", "b"]), attempt, undefined, orgId)).toMatchObject({ value: "from b" });
    expect(attempt.calls).toEqual(["a", "b"]);
  });

  it("rethrows when the client leaves, and stops with the last error when the overall deadline passes", async () => {
    const left = new AbortController();
    const leaving: Attempt<string> = async () => {
      left.abort(new Error("client left"));
      throw left.signal.reason;
    };
    await expect(run(plan(["a", "b"]), leaving, left.signal)).rejects.toThrow("client left");

    const overall = new AbortController();
    let calls = 0;
    const late: Attempt<string> = async () => {
      calls++;
      overall.abort(new DOMException("deadline", "TimeoutError"));
      return { type: "error", error: upstream(503) };
    };
    expect(await run(plan(["a", "b"]), late, overall.signal)).toMatchObject({ type: "error", error: { upstreamStatus: 503 } });
    expect(calls).toBe(1);
  });
});
