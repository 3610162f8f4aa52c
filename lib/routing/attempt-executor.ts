import type { CatalogEntry } from "@/lib/gateway/gateway-cache";
import type { Abortable } from "@/lib/http/abort-source";
import { abortAfter, childController } from "@/lib/http/deadline";
import type { UpstreamError } from "@/lib/providers/types";
import { retryDelay, sleep } from "./backoff";
import type { RoutePlan } from "./route-plan";
import type { RoutingConfig } from "./routing-config";
import type { RoutingAttempt } from "./routing-record";
import { type TargetState, targetState } from "./target-state";

/** What one try of a target gave: something to hand to the client (committed), or the provider's error. */
export type AttemptOutcome<T> = { type: "ok"; value: T } | { type: "error"; error: UpstreamError };

/**
 * One try of one target. `signal` ends with the request, and also when this attempt runs out of
 * time before it commits. Thrown errors other than that timeout propagate (the client left, a bug).
 */
export type Attempt<T> = (entry: CatalogEntry, signal: Abortable) => Promise<AttemptOutcome<T>>;

export type Execution<T> =
  | { type: "ok"; value: T; entry: CatalogEntry; state: TargetState; attempt: RoutingAttempt; startedAt: number }
  | { type: "error"; error: UpstreamError; entry: CatalogEntry | null };

/** What a failed attempt calls for: another try (then the next target), the next target, or the end. */
export function classify(error: UpstreamError): "retry" | "next" | "final" {
  const code = error.error.code;
  if (code === "upstream_unreachable" || code === "upstream_timeout" || code === "upstream_bad_response" || code === "upstream_stream_error") return "retry";
  const status = error.upstreamStatus;
  if (status !== undefined && (status === 408 || status === 429 || status >= 500)) return "retry";
  // our own configuration, which another target may not share
  if (code === "upstream_blocked" || code === "embeddings_unsupported") return "next";
  return "final"; // 400, 401, 404, 422…: returned as the provider answered
}

export const attemptTimedOut = (entry: CatalogEntry): UpstreamError => ({
  status: 504,
  error: { message: `${entry.target.name} did not answer in time`, type: "upstream_error", code: "upstream_timeout", param: null },
});

const isTimeout = (reason: unknown) => reason instanceof Error && reason.name === "TimeoutError";

/**
 * Tries the plan's targets in order. For a route: a target whose breaker is open is skipped; each
 * target gets up to `maxRetries` more tries on retryable failures (429, 5xx, timeouts, connection
 * errors), with backoff and the provider's Retry-After up to a cap; then the next target. A
 * failure that is about the request (4xx) is returned as it is. A direct request (no route) makes
 * exactly one attempt, as before routing existed. Every outcome feeds the target's breaker and
 * moving averages; every attempt and skip lands in `plan.record`.
 */
export async function executePlan<T>(
  plan: RoutePlan,
  options: { orgId: string; signal: Abortable; attempt: Attempt<T>; config: RoutingConfig; random: () => number; metric: "ttft" | "total" },
): Promise<Execution<T>> {
  const { config, signal } = options;
  const { record } = plan;
  let last: { error: UpstreamError; entry: CatalogEntry } | null = null;

  for (const entry of plan.candidates) {
    const state = targetState(options.orgId, entry);
    if (!plan.direct && !state.breaker.tryAcquire()) {
      record.skipped.push({ target: entry.publicName, reason: "circuit breaker open after repeated failures" });
      continue;
    }
    for (let retry = 0; ; retry++) {
      const startedAt = performance.now();
      const outcome = await attemptOnce(entry, options.attempt, signal, plan.direct ? null : config.attemptTimeoutMs);
      const latencyMs = Math.round(performance.now() - startedAt);
      const attempt: RoutingAttempt = {
        target: entry.publicName,
        provider: entry.target.name,
        upstreamModel: entry.upstreamModel,
        status: outcome.type === "ok" ? 200 : (outcome.error.upstreamStatus ?? outcome.error.status),
        latencyMs,
        retry,
      };
      record.attempts.push(attempt);
      if (outcome.type === "ok") {
        state.recordSuccess();
        state.recordLatency(options.metric, latencyMs);
        return { type: "ok", value: outcome.value, entry, state, attempt, startedAt };
      }
      attempt.error = outcome.error.error.code ?? "upstream_error";
      last = { error: outcome.error, entry };
      const next = classify(outcome.error);
      if (next === "final") {
        state.recordSuccess(); // the provider is up; it refused this request
        return { type: "error", error: outcome.error, entry };
      }
      if (next === "retry") state.recordFailure({ status: attempt.status, code: outcome.error.error.code, message: outcome.error.error.message });
      if (signal.aborted) return stopped(signal, outcome.error, entry); // out of time overall: nothing more to try
      if (plan.direct || next === "next" || retry >= config.maxRetries || state.breaker.isOpen) break;
      const delay = retryDelay(retry + 1, outcome.error.retryAfter, { baseMs: config.retryBaseMs, maxMs: config.retryMaxMs, capMs: config.retryAfterCapMs, random: options.random });
      if (delay === null) break; // the provider asked for a longer pause than we hold a request for
      await sleep(delay, signal).catch(() => undefined);
      if (signal.aborted) return stopped(signal, outcome.error, entry);
    }
  }
  if (last) return { type: "error", error: last.error, entry: last.entry };
  return {
    type: "error",
    entry: null,
    error: {
      status: 503,
      error: {
        message: `Every target of route '${record.route}' is resting after repeated failures (${record.skipped.map((skip) => skip.target).join(", ")}). Try again shortly.`,
        type: "upstream_error",
        code: "no_available_target",
        param: null,
      },
    },
  };
}

/** The request's own signal ended: past the overall deadline the last error stands; a client that left is rethrown. */
function stopped(signal: Abortable, error: UpstreamError, entry: CatalogEntry): Execution<never> {
  if (!isTimeout(signal.reason)) throw signal.reason;
  return { type: "error", error, entry };
}

/** One attempt with its own deadline until it commits; a deadline or overall timeout becomes a 504 result. */
async function attemptOnce<T>(entry: CatalogEntry, attempt: Attempt<T>, signal: Abortable, timeoutMs: number | null): Promise<AttemptOutcome<T>> {
  if (timeoutMs === null) {
    try {
      return await attempt(entry, signal);
    } catch (error) {
      if (signal.aborted && isTimeout(signal.reason)) return { type: "error", error: attemptTimedOut(entry) };
      throw error;
    }
  }
  const deadline = childController(signal);
  const clearDeadline = abortAfter(deadline, timeoutMs);
  try {
    const outcome = await attempt(entry, deadline.signal);
    if (outcome.type === "error") deadline.abort(); // let go of anything the failed attempt still holds
    return outcome;
  } catch (error) {
    if (signal.aborted ? isTimeout(signal.reason) : deadline.signal.aborted) return { type: "error", error: attemptTimedOut(entry) };
    throw error;
  } finally {
    clearDeadline();
  }
}
