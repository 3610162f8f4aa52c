import type { Redis } from "ioredis";

/** How long a counter operation may wait on Redis before this instance counts in memory instead. */
const COMMAND_TIMEOUT_MS = 1_000;
const CONNECT_WAIT_MS = 2_000;

export type LimitsRedis = {
  client: Redis;
  /** Call when a counter fell back to memory: logs once per outage, not once per request. */
  fellBack(): void;
  /** Whether counters are shared right now (Redis connected), and why not. */
  status(): { shared: boolean; lastError: string | null };
  close(): Promise<void>;
};

/**
 * The limits' own Redis connection. It must not be shared: rate-limiter-flexible registers its
 * Lua script on the client under one fixed command name, and ours (fit-script.ts) differs from
 * the stock one other limiters use. No offline queue and a short command timeout, so a slow or
 * absent Redis sends requests to the in-memory insurance at once instead of holding them.
 */
export async function connectLimitsRedis(url: string): Promise<LimitsRedis> {
  const { Redis } = await import("ioredis");
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: COMMAND_TIMEOUT_MS, connectTimeout: CONNECT_WAIT_MS });
  let degraded = false;
  let lastError = "";
  const fellBack = () => {
    if (degraded) return;
    degraded = true;
    console.error(
      `[limits] Redis is unavailable${lastError ? ` (${lastError})` : ""}: rate limits and quotas are counted in this instance's memory, not shared, until it is back.`,
    );
  };
  client.on("error", (error: Error) => {
    lastError = error.message;
  });
  client.on("ready", () => {
    if (!degraded) return;
    degraded = false;
    console.error("[limits] Redis is back: rate limits and quotas are shared again.");
  });
  // Wait for the first connection (or its first failure), so an instance that just started
  // shares counters from its first request; without Redis it starts on memory and switches over
  // when Redis answers.
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off("ready", done);
      client.off("error", done);
      resolve();
    };
    const timer = setTimeout(done, CONNECT_WAIT_MS);
    client.once("ready", done);
    client.once("error", done);
  });
  return {
    client,
    fellBack,
    status: () => ({ shared: client.status === "ready", lastError: client.status === "ready" ? null : lastError || client.status }),
    close: async () => {
      client.disconnect();
    },
  };
}
