import type { Abortable } from "@/lib/http/abort-source";

/**
 * How long to wait before retrying a target: exponential (base · 2^retry, capped) with "equal
 * jitter" (half fixed, half random), so a burst of failing requests does not retry in lockstep.
 * `retry` is 1 for the first retry.
 */
export function backoffDelay(retry: number, options: { baseMs: number; maxMs: number; random: () => number }): number {
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  return exponential / 2 + options.random() * (exponential / 2);
}

/**
 * A Retry-After header (seconds, or an HTTP date) in milliseconds from `now`, or null when absent
 * or unreadable. Past dates are 0.
 */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  if (!/[a-z]/i.test(value)) return null; // "-1" and the like: neither seconds nor an HTTP date
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/**
 * The wait before the next try of the same target: the backoff, or the provider's Retry-After if
 * longer. A Retry-After past `capMs` means "not soon": null, so the caller moves on to the next
 * target instead of holding the request.
 */
export function retryDelay(
  retry: number,
  retryAfterHeader: string | null | undefined,
  options: { baseMs: number; maxMs: number; capMs: number; random: () => number; now?: number },
): number | null {
  const backoff = backoffDelay(retry, options);
  const asked = retryAfterMs(retryAfterHeader, options.now);
  if (asked === null) return backoff;
  if (asked > options.capMs) return null;
  return Math.max(backoff, asked);
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal: Abortable): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
