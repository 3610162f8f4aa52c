import type { RouteStrategy } from "./route-schema";

/** What a strategy knows about one target of a route. */
export type StrategyTarget = {
  name: string;
  weight: number;
  /** Moving averages for the request's metric (time to first token for streams, total otherwise). */
  latency?: { ms: number | null; stale: boolean };
};

export type Ordering<T> = { ordered: T[]; reason: string };

/**
 * The order in which a route tries its targets:
 * - fallback: as listed;
 * - weighted: a weighted random draw without replacement (a target's chance to go first is its
 *   share of the total weight; the rest follow by further draws), zero weights last, as listed;
 * - latency: targets never measured (or measured too long ago) first, so each gets a chance to be
 *   measured; then those whose moving average meets the target, fastest first; then the rest,
 *   fastest first, as fallbacks.
 */
export function orderTargets<T extends StrategyTarget>(
  strategy: RouteStrategy,
  targets: readonly T[],
  options: { random: () => number; latencyTargetMs: number | null; metric: "ttft" | "total" },
): Ordering<T> {
  if (targets.length === 0) return { ordered: [], reason: "no targets" };
  if (strategy === "weighted") return weighted(targets, options.random);
  if (strategy === "latency") return byLatency(targets, options.latencyTargetMs, options.metric);
  return { ordered: [...targets], reason: `fallback order ${targets.map((target) => `'${target.name}'`).join(" → ")}` };
}

function weighted<T extends StrategyTarget>(targets: readonly T[], random: () => number): Ordering<T> {
  const pool = targets.filter((target) => target.weight > 0);
  const total = pool.reduce((sum, target) => sum + target.weight, 0);
  const ordered: T[] = [];
  while (pool.length > 0) {
    const left = pool.reduce((sum, target) => sum + target.weight, 0);
    let draw = random() * left;
    let index = pool.findIndex((target) => (draw -= target.weight) < 0);
    if (index === -1) index = pool.length - 1; // random() can be a hair below 1 after rounding
    ordered.push(pool.splice(index, 1)[0]!);
  }
  ordered.push(...targets.filter((target) => target.weight <= 0));
  const first = ordered[0]!;
  return { ordered, reason: `weighted draw picked '${first.name}' (weight ${first.weight} of ${total})` };
}

function byLatency<T extends StrategyTarget>(targets: readonly T[], latencyTargetMs: number | null, metric: "ttft" | "total"): Ordering<T> {
  const limit = latencyTargetMs ?? Number.POSITIVE_INFINITY;
  const known = (target: T) => target.latency?.ms != null && !target.latency.stale;
  const ms = (target: T) => target.latency!.ms!;
  const fastestFirst = (a: T, b: T) => ms(a) - ms(b);
  const unknown = targets.filter((target) => !known(target));
  const meeting = targets.filter((target) => known(target) && ms(target) <= limit).sort(fastestFirst);
  const slow = targets.filter((target) => known(target) && ms(target) > limit).sort(fastestFirst);
  const ordered = [...unknown, ...meeting, ...slow];
  const label = metric === "ttft" ? "time to first token" : "total time";
  const first = ordered[0]!;
  let reason: string;
  if (unknown.includes(first)) reason = `latency: no recent ${label} for '${first.name}', so it is tried to measure it`;
  else if (meeting.includes(first)) reason = `latency: '${first.name}' is the fastest that meets ${latencyTargetMs} ms (${label} ~${Math.round(ms(first))} ms)`;
  else reason = `latency: no target meets ${latencyTargetMs} ms; '${first.name}' is the fastest (${label} ~${Math.round(ms(first))} ms)`;
  return { ordered, reason };
}

/** A seeded generator (mulberry32) for reproducible draws in tests and simulations. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
