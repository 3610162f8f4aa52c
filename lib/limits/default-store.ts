import { type CounterStore, createCounterStore } from "./counter-store";

/**
 * This process's counters: in Redis when REDIS_URL is set (shared by every gateway instance,
 * keys under REDIS_KEY_PREFIX), else in memory.
 */
const globalForLimits = globalThis as unknown as { limitStore?: Promise<CounterStore> };

export function limitStore(): Promise<CounterStore> {
  globalForLimits.limitStore ??= createCounterStore({
    redisUrl: process.env.REDIS_URL || undefined,
    keyPrefix: `${process.env.REDIS_KEY_PREFIX ?? ""}limits:`,
  });
  return globalForLimits.limitStore;
}

/** For tests and shutdown: close the counters (the next use opens new ones, re-reading the env). */
export async function closeLimitStore(): Promise<void> {
  const store = globalForLimits.limitStore;
  globalForLimits.limitStore = undefined;
  await (await store)?.close();
}
