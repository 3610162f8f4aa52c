import { nowMs } from "../bench/stats";

/**
 * Open loop: calls `fire(i, due)` for i = 0 … total−1 at `start + i/rate`, whether or not earlier
 * requests have been answered, so a gateway that slows down meets the same arrivals and its
 * lateness shows in the latencies (measured from `due`). Sleeps until the next one is due rather
 * than polling, to keep the load generator's own CPU use low. Resolves once the last is fired.
 */
export function openLoop(rate: number, total: number, fire: (i: number, due: number) => void, start = nowMs() + 20): Promise<void> {
  const dueOf = (i: number) => start + (i * 1000) / rate;
  let next = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const now = nowMs();
      for (; next < total && dueOf(next) <= now; next++) fire(next, dueOf(next));
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, dueOf(next) - nowMs()));
    };
    tick();
  });
}
