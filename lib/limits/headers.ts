import type { LimitState } from "./reservation";

/**
 * A duration as OpenAI's x-ratelimit-reset-* headers write it (Go's notation): "20ms", "1.5s",
 * "6m0s", "291h24m0s".
 */
export function formatResetDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  if (total < 1000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = (total % 60_000) / 1000;
  const secondsText = `${Number.isInteger(seconds) ? seconds : seconds.toFixed(3).replace(/0+$/, "")}s`;
  if (hours > 0) return `${hours}h${minutes}m${secondsText}`;
  if (minutes > 0) return `${minutes}m${secondsText}`;
  return secondsText;
}

/**
 * Where the request stands against each limit that is set. The per-key minute limits use
 * OpenAI's names (x-ratelimit-{limit,remaining,reset}-{requests,tokens}), so clients that pace
 * themselves by them work unchanged; the org's monthly quotas have the same shape under
 * x-gateway-quota-*. On a 429, Retry-After says in seconds when trying again can succeed.
 */
export function limitHeaders(states: LimitState[], retryAfterSeconds: number | null = null): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const state of states) {
    const prefix = state.limit.scope === "key-minute" ? "x-ratelimit" : "x-gateway-quota";
    const unit = state.limit.unit;
    headers[`${prefix}-limit-${unit}`] = String(state.limit.limit);
    headers[`${prefix}-remaining-${unit}`] = String(Math.max(0, state.limit.limit - state.used));
    headers[`${prefix}-reset-${unit}`] = formatResetDuration(state.msBeforeReset);
  }
  if (retryAfterSeconds !== null) headers["retry-after"] = String(retryAfterSeconds);
  return headers;
}
