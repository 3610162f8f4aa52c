import { LRUCache } from "lru-cache";
import { type RateLimiterAbstract, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { FIT_SCRIPT } from "./fit-script";
import { FittingMemoryLimiter } from "./fitting-memory-limiter";
import { connectLimitsRedis, type LimitsRedis } from "./redis-connection";

/** The four things counted: per API key per minute, per org per calendar month. */
export const COUNTERS = ["key-requests-minute", "key-tokens-minute", "org-requests-month", "org-tokens-month"] as const;
export type CounterName = (typeof COUNTERS)[number];

/** A counter's state after an operation; `msBeforeReset` is -1 when it has no expiry (memory, months). */
export type CounterState = { used: number; msBeforeReset: number };

export type CounterStore = {
  backend: "redis" | "memory";
  /** For health: whether the counters are shared by every instance right now. */
  status(): { backend: "redis" | "memory"; shared: boolean; lastError: string | null };
  /** Adds `amount` only if the total stays within `limit` (atomic across every instance sharing the store). */
  reserve(counter: CounterName, subject: string, amount: number, limit: number, windowSeconds: number): Promise<{ ok: boolean } & CounterState>;
  /** Adds (or, negative, takes away) `amount` unconditionally: refunds and charges for real usage. */
  adjust(counter: CounterName, subject: string, amount: number, windowSeconds: number): Promise<CounterState>;
  peek(counter: CounterName, subject: string): Promise<CounterState>;
  close(): Promise<void>;
};

/** Unconditional changes use a limiter that can never refuse. */
const UNLIMITED = Number.MAX_SAFE_INTEGER;

/**
 * Counters over rate-limiter-flexible: RateLimiterRedis running fit-script.ts when a Redis URL
 * is given (shared by every gateway instance, with an in-memory insurance limiter per counter
 * for when Redis fails), else FittingMemoryLimiter in this process. Counter keys are
 * `<keyPrefix><counter>:<subject>`.
 */
export async function createCounterStore(options: { redisUrl?: string; keyPrefix: string }): Promise<CounterStore> {
  const redis = options.redisUrl ? await connectLimitsRedis(options.redisUrl) : null;
  const memory = new Map<CounterName, FittingMemoryLimiter>(
    COUNTERS.map((counter) => [counter, new FittingMemoryLimiter({ points: UNLIMITED, duration: 60, keyPrefix: keyPrefixOf(options.keyPrefix, counter) }, redis?.fellBack)]),
  );
  // rate-limiter-flexible's Redis script reads the limit from the limiter's `points`: one
  // limiter per counter and limit value, all writing the same keys.
  const limiters = new LRUCache<string, RateLimiterAbstract>({ max: 5_000 });
  const limiter = (counter: CounterName, limit: number): RateLimiterAbstract => {
    const insurance = memory.get(counter)!;
    if (!redis) return insurance;
    const id = `${counter}:${limit}`;
    let found = limiters.get(id);
    if (!found) {
      found = new RateLimiterRedis({
        storeClient: redis.client,
        points: limit,
        duration: 60,
        keyPrefix: keyPrefixOf(options.keyPrefix, counter),
        customIncrTtlLuaScript: FIT_SCRIPT,
        rejectIfRedisNotReady: true,
        insuranceLimiter: insurance,
      });
      limiters.set(id, found);
    }
    return found;
  };

  return {
    backend: redis ? "redis" : "memory",
    status: () => (redis ? { backend: "redis", ...redis.status() } : { backend: "memory", shared: false, lastError: null }),
    async reserve(counter, subject, amount, limit, windowSeconds) {
      try {
        const res = await limiter(counter, limit).consume(subject, amount, { customDuration: windowSeconds, fitWithin: limit });
        return { ok: true, used: res.consumedPoints, msBeforeReset: res.msBeforeNext };
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        // A refusal reports the total it would have reached; nothing was added.
        return { ok: false, used: refusal.consumedPoints - amount, msBeforeReset: refusal.msBeforeNext };
      }
    },
    async adjust(counter, subject, amount, windowSeconds) {
      const target = limiter(counter, UNLIMITED);
      const options = { customDuration: windowSeconds };
      const res = amount >= 0 ? await target.penalty(subject, amount, options) : await target.reward(subject, -amount, options);
      return { used: res.consumedPoints, msBeforeReset: res.msBeforeNext };
    },
    async peek(counter, subject) {
      const res = await limiter(counter, UNLIMITED).get(subject);
      return res ? { used: res.consumedPoints, msBeforeReset: res.msBeforeNext } : { used: 0, msBeforeReset: -1 };
    },
    async close() {
      await redis?.close();
    },
  };
}

const keyPrefixOf = (prefix: string, counter: CounterName) => `${prefix}${counter}`;
