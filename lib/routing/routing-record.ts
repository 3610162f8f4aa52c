import type { RouteStrategy } from "./route-schema";

/** One call to an upstream, as the decision record lists it. */
export type RoutingAttempt = {
  /** The catalog model's public name. */
  target: string;
  provider: string;
  upstreamModel: string;
  /** The provider's HTTP status (200 for an answer; 502/504 when it could not be reached or timed out). */
  status: number;
  latencyMs: number;
  /** The error code, for a failed attempt, e.g. `upstream_timeout`. */
  error?: string;
  /** 0 for the first try of this target, 1 for its first retry, … */
  retry: number;
  /** A streamed answer that broke after its first chunk (no fallback is possible then). */
  streamError?: string;
};

/**
 * How a request was routed: `ctx.routing`, the `gateway.routing` body object and the audit row's
 * `routing` column. `reason` says in words why the final target served.
 */
export type RoutingRecord = {
  /** The route that applied, or null when the catalog model of the requested name served directly. */
  route: string | null;
  priority: number | null;
  strategy: RouteStrategy | "direct";
  /** The name routing resolved: the requested model, or the one a policy route rule chose. */
  model: string;
  attempts: RoutingAttempt[];
  /** Targets not called, and why (breaker open, not usable by this key, no longer in the catalog). */
  skipped: { target: string; reason: string }[];
  reason: string;
};
