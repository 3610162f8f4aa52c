/**
 * Routing's knobs, read from the environment once, at first use (not at import), so an operator
 * can tune them per deployment and tests can shorten them before the first request. The defaults
 * suit hosted providers.
 */
export type RoutingConfig = {
  /** Retries of one target before falling back to the next (retryable failures only). */
  maxRetries: number;
  /** First backoff; doubles per retry, with jitter, up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A Retry-After longer than this is not waited for: the next target is tried instead. */
  retryAfterCapMs: number;
  /** Longest one routed attempt may take before its first streamed chunk or its whole JSON answer. */
  attemptTimeoutMs: number;
  breaker: BreakerOptions;
  /** Latency samples older than this no longer rank a target: it is tried again to learn. */
  latencyStaleMs: number;
  /** Window of the error rate (and the breaker's rate trip). */
  healthWindowMs: number;
};

export type BreakerOptions = {
  /** Opens after this many failures in a row… */
  consecutiveFailures: number;
  /** …or when at least `minSamples` outcomes in the window failed at this rate. */
  errorRate: number;
  minSamples: number;
  windowMs: number;
  /** How long it stays open before one probe is let through. */
  cooldownMs: number;
};

function envNumber(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  return Number.isFinite(value) && value >= min ? value : fallback;
}

let cached: RoutingConfig | undefined;

/** Read once: the environment is slow to read, and this is consulted several times per request. */
export function routingConfig(): RoutingConfig {
  return (cached ??= readRoutingConfig());
}

function readRoutingConfig(): RoutingConfig {
  const healthWindowMs = envNumber("ROUTING_HEALTH_WINDOW_MS", 300_000, 1);
  return {
    maxRetries: Math.floor(envNumber("ROUTING_MAX_RETRIES", 2)),
    retryBaseMs: envNumber("ROUTING_RETRY_BASE_MS", 250),
    retryMaxMs: envNumber("ROUTING_RETRY_MAX_MS", 4_000),
    retryAfterCapMs: envNumber("ROUTING_RETRY_AFTER_CAP_MS", 10_000),
    attemptTimeoutMs: envNumber("ROUTING_ATTEMPT_TIMEOUT_MS", 120_000, 1),
    breaker: {
      consecutiveFailures: Math.floor(envNumber("ROUTING_BREAKER_FAILURES", 5, 1)),
      errorRate: envNumber("ROUTING_BREAKER_ERROR_RATE", 0.5, 0.01),
      minSamples: Math.floor(envNumber("ROUTING_BREAKER_MIN_SAMPLES", 20, 1)),
      windowMs: envNumber("ROUTING_BREAKER_WINDOW_MS", 60_000, 1),
      cooldownMs: envNumber("ROUTING_BREAKER_COOLDOWN_MS", 30_000, 1),
    },
    latencyStaleMs: envNumber("ROUTING_LATENCY_STALE_MS", 300_000, 1),
    healthWindowMs,
  };
}
