import { LRUCache } from "lru-cache";
import type { CatalogEntry } from "@/lib/gateway/gateway-cache";
import { CircuitBreaker } from "./circuit-breaker";
import { routingConfig } from "./routing-config";

/**
 * What the gateway has observed of each target (a catalog model on its provider): moving averages
 * of time to first token and total time, recent outcomes for an error rate, the last error, and
 * the circuit breaker.
 *
 * Per-instance, in memory, on purpose: each gateway instance learns on its own from the traffic it
 * sends, which needs no shared store on the hot path and is right about the network path this
 * instance actually has. N instances mean N slightly different views, and a restart starts from
 * scratch (targets are then measured again; breakers start closed). The health view says so.
 */
const EWMA_ALPHA = 0.3; // weight of the newest sample: reacts within a handful of requests

export type ObservedError = { status: number; code: string | null; message: string; at: Date };

export class TargetState {
  readonly breaker: CircuitBreaker;
  ttftEwmaMs: number | null = null;
  totalEwmaMs: number | null = null;
  ttftAt: number | null = null;
  totalAt: number | null = null;
  sampleCount = 0;
  lastError: ObservedError | null = null;
  private outcomes: { at: number; ok: boolean }[] = [];

  constructor(
    readonly target: { publicName: string; providerId: string; providerName: string; upstreamModel: string },
    private readonly now: () => number = Date.now,
  ) {
    this.breaker = new CircuitBreaker(routingConfig().breaker, now);
  }

  recordLatency(metric: "ttft" | "total", ms: number): void {
    const at = this.now();
    if (metric === "ttft") {
      this.ttftEwmaMs = this.ttftEwmaMs === null ? ms : EWMA_ALPHA * ms + (1 - EWMA_ALPHA) * this.ttftEwmaMs;
      this.ttftAt = at;
    } else {
      this.totalEwmaMs = this.totalEwmaMs === null ? ms : EWMA_ALPHA * ms + (1 - EWMA_ALPHA) * this.totalEwmaMs;
      this.totalAt = at;
      this.sampleCount++;
    }
  }

  /** The upstream answered properly (an answer, or a 4xx about the request). */
  recordSuccess(): void {
    this.remember(true);
    this.breaker.recordSuccess();
  }

  /** A retryable failure: 429, 5xx, a timeout, a broken connection or stream. */
  recordFailure(error: Omit<ObservedError, "at">): void {
    this.remember(false);
    this.lastError = { ...error, at: new Date(this.now()) };
    this.breaker.recordFailure();
  }

  /** The moving average for a metric, and whether it is too old to rank the target by. */
  latency(metric: "ttft" | "total"): { ms: number | null; stale: boolean } {
    const ms = metric === "ttft" ? this.ttftEwmaMs : this.totalEwmaMs;
    const at = metric === "ttft" ? this.ttftAt : this.totalAt;
    return { ms, stale: at === null || this.now() - at > routingConfig().latencyStaleMs };
  }

  /** Failed share of the outcomes within the health window, or null with none. */
  errorRate(): { rate: number | null; samples: number } {
    this.prune();
    if (this.outcomes.length === 0) return { rate: null, samples: 0 };
    return { rate: this.outcomes.filter((outcome) => !outcome.ok).length / this.outcomes.length, samples: this.outcomes.length };
  }

  private remember(ok: boolean) {
    this.outcomes.push({ at: this.now(), ok });
    this.prune();
  }

  private prune() {
    const horizon = this.now() - routingConfig().healthWindowMs;
    while (this.outcomes.length > 0 && (this.outcomes[0]!.at < horizon || this.outcomes.length > 500)) this.outcomes.shift();
  }
}

type Registry = LRUCache<string, Map<string, TargetState>>;
const globalForRouting = globalThis as unknown as { routingTargets?: Registry };

function registry(): Registry {
  globalForRouting.routingTargets ??= new LRUCache({ max: 10_000 });
  return globalForRouting.routingTargets;
}

const keyOf = (entry: CatalogEntry) => `${entry.publicName}\u0000${entry.target.id}\u0000${entry.upstreamModel}`;

/** The state of one target of an org; a catalog model re-pointed elsewhere starts afresh. */
export function targetState(orgId: string, entry: CatalogEntry): TargetState {
  let org = registry().get(orgId);
  if (!org) registry().set(orgId, (org = new Map()));
  const key = keyOf(entry);
  let state = org.get(key);
  if (!state) {
    state = new TargetState({ publicName: entry.publicName, providerId: entry.target.id, providerName: entry.target.name, upstreamModel: entry.upstreamModel });
    org.set(key, state);
  }
  return state;
}

/** The state of a target if this instance has observed it, without creating one. */
export function observedTarget(orgId: string, entry: CatalogEntry): TargetState | undefined {
  return registry().get(orgId)?.get(keyOf(entry));
}

/** Forgets everything observed (tests; an operator could wire it to an admin action). */
export function resetRoutingState(orgId?: string): void {
  if (orgId) registry().delete(orgId);
  else registry().clear();
}
