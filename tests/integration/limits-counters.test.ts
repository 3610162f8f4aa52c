/**
 * The counters behind rate limits and quotas (lib/limits), against both backends: in memory
 * always, and the real Redis at REDIS_URL when it is set (CI), where two stores with their own
 * connections stand for two gateway instances. Every run uses its own key prefix.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { type CounterStore, createCounterStore } from "@/lib/limits/counter-store";
import { LimitExceededError } from "@/lib/limits/limit-exceeded";
import { type Limit, limitsFor } from "@/lib/limits/limit-plan";
import { limitsSettled, reserve } from "@/lib/limits/reservation";

const REDIS_URL = process.env.REDIS_URL;
const runPrefix = `${process.env.REDIS_KEY_PREFIX ?? ""}limits-it-${randomBytes(6).toString("hex")}:`;
const stores: CounterStore[] = [];
const id = (label: string) => `${label}-${randomBytes(6).toString("hex")}`;

async function store(options: { redisUrl?: string } = {}): Promise<CounterStore> {
  const created = await createCounterStore({ redisUrl: options.redisUrl, keyPrefix: runPrefix });
  stores.push(created);
  return created;
}

afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  await limitsSettled();
  await Promise.all(stores.map((s) => s.close()));
});

/** N concurrent reservations against one limit: what was granted and where the counter ends. */
async function contend(target: CounterStore, amounts: number[], limit: number) {
  const subject = id("key");
  const results = await Promise.all(amounts.map((amount) => target.reserve("key-tokens-minute", subject, amount, limit, 60)));
  const granted = amounts.filter((_, index) => results[index]!.ok);
  const counter = await target.peek("key-tokens-minute", subject);
  return { granted, counter, subject };
}

function behavesAsCounters(backend: () => Promise<CounterStore>) {
  it("adds what fits and leaves the counter untouched when refusing", async () => {
    const counters = await backend();
    const subject = id("key");
    expect(await counters.reserve("key-tokens-minute", subject, 60, 100, 60)).toMatchObject({ ok: true, used: 60 });
    const refused = await counters.reserve("key-tokens-minute", subject, 50, 100, 60);
    expect(refused).toMatchObject({ ok: false, used: 60 });
    expect(refused.msBeforeReset).toBeGreaterThan(50_000);
    expect(refused.msBeforeReset).toBeLessThanOrEqual(60_000);
    expect(await counters.reserve("key-tokens-minute", subject, 40, 100, 60)).toMatchObject({ ok: true, used: 100 });
    expect((await counters.peek("key-tokens-minute", subject)).used).toBe(100);
  });

  it("never lets concurrent reservations add up past the limit", async () => {
    const counters = await backend();
    const even = await contend(counters, Array.from({ length: 50 }, () => 100), 1_000);
    expect(even.granted).toHaveLength(10);
    expect(even.counter.used).toBe(1_000);

    const amounts = Array.from({ length: 40 }, (_, index) => 37 + ((index * 53) % 180));
    const uneven = await contend(counters, amounts, 2_000);
    const grantedTotal = uneven.granted.reduce((sum, amount) => sum + amount, 0);
    expect(grantedTotal).toBeLessThanOrEqual(2_000);
    expect(grantedTotal).toBeGreaterThan(2_000 - Math.max(...amounts));
    expect(uneven.counter.used).toBe(grantedTotal);
  });

  it("adjusts unconditionally, past the limit and back", async () => {
    const counters = await backend();
    const subject = id("key");
    await counters.reserve("key-tokens-minute", subject, 90, 100, 60);
    expect((await counters.adjust("key-tokens-minute", subject, 30, 60)).used).toBe(120);
    expect((await counters.reserve("key-tokens-minute", subject, 1, 100, 60)).ok).toBe(false);
    expect((await counters.adjust("key-tokens-minute", subject, -70, 60)).used).toBe(50);
    expect((await counters.reserve("key-tokens-minute", subject, 50, 100, 60)).ok).toBe(true);
  });

  it("reserves across several limits all or nothing, settles to real usage and releases", async () => {
    const counters = await backend();
    const org = { id: id("org"), monthlyRequestQuota: 100, monthlyTokenQuota: 10_000 };
    const limits = limitsFor({ key: { id: id("key"), requestsPerMinute: 5, tokensPerMinute: 300 }, org });
    const used = async () => Promise.all(limits.map(async (limit) => (await counters.peek(limit.counter, limit.subject)).used));

    const first = await reserve(counters, limits, { promptTokens: 20, maxCompletionTokens: 180 });
    expect(await used()).toEqual([1, 1, 200, 200]);
    await first.settle(45); // the answer was short: 155 tokens go back
    expect(await used()).toEqual([1, 1, 45, 45]);

    // 45 + 200 + 200 > 300: the token limit refuses, and the request counts it took go back too.
    await reserve(counters, limits, { promptTokens: 20, maxCompletionTokens: 180 }).then((second) => second.settle(200));
    const refusal = await reserve(counters, limits, { promptTokens: 20, maxCompletionTokens: 180 }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(LimitExceededError);
    expect((refusal as LimitExceededError).refused).toMatchObject({ refusal: "exhausted", used: 245, limit: { counter: "key-tokens-minute" } });
    expect((refusal as LimitExceededError).retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect(await used()).toEqual([2, 2, 245, 245]);

    const third = await reserve(counters, limits, { promptTokens: 5, maxCompletionTokens: 5 });
    expect(await used()).toEqual([3, 3, 255, 255]);
    await third.release();
    await third.settle(1_000); // once released, nothing more happens
    expect(await used()).toEqual([2, 2, 245, 245]);
  });

  it("refuses a request larger than the limit itself without counting it, with no Retry-After", async () => {
    const counters = await backend();
    const limits = limitsFor({ key: { id: id("key"), requestsPerMinute: 5, tokensPerMinute: 100 }, org: { id: id("org"), monthlyRequestQuota: null, monthlyTokenQuota: null } });
    const refusal = (await reserve(counters, limits, { promptTokens: 10, maxCompletionTokens: 500 }).catch((error: unknown) => error)) as LimitExceededError;
    expect(refusal.refused).toMatchObject({ refusal: "too_large", requested: 510 });
    expect(refusal.retryAfterSeconds).toBeNull();
    expect((await counters.peek("key-requests-minute", limits[0]!.subject)).used).toBe(0);
  });

  it("leaves a window that has ended alone when a late answer settles", async () => {
    const counters = await backend();
    const limit: Limit = { counter: "key-tokens-minute", subject: id("key"), unit: "tokens", scope: "key-minute", limit: 100, windowSeconds: 1, resetsAt: null };
    const held = await reserve(counters, [limit], { promptTokens: 10, maxCompletionTokens: 40 });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await counters.reserve(limit.counter, limit.subject, 30, 100, 60); // the next window's own use
    await held.settle(5);
    expect((await counters.peek(limit.counter, limit.subject)).used).toBe(30);
  });
}

describe("in memory", () => {
  behavesAsCounters(() => store());

  it("is the backend without a Redis URL", async () => {
    expect((await store()).backend).toBe("memory");
  });

  it("keeps month-long windows (past Node's 24.8-day timer limit) instead of dropping them at once", async () => {
    const counters = await store();
    const subject = id("org");
    await counters.reserve("org-tokens-month", subject, 10, 100, 31 * 24 * 3600);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await counters.peek("org-tokens-month", subject)).used).toBe(10);
  });
});

describe.skipIf(!REDIS_URL)("in Redis (REDIS_URL)", () => {
  behavesAsCounters(() => store({ redisUrl: REDIS_URL }));

  it("shares counters between two instances, each with its own connection", async () => {
    const [first, second] = [await store({ redisUrl: REDIS_URL }), await store({ redisUrl: REDIS_URL })];
    expect([first.backend, second.backend]).toEqual(["redis", "redis"]);
    const subject = id("key");
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, index) => (index % 2 ? first : second).reserve("key-requests-minute", subject, 1, 12, 60)),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(12);
    expect((await first.peek("key-requests-minute", subject)).used).toBe(12);
    expect((await second.peek("key-requests-minute", subject)).used).toBe(12);
    await second.adjust("key-requests-minute", subject, -2, 60);
    expect(await first.reserve("key-requests-minute", subject, 2, 12, 60)).toMatchObject({ ok: true, used: 12 });
  });

  it("keeps each counter in Redis under the run's prefix, expiring with its window", async () => {
    const counters = await store({ redisUrl: REDIS_URL });
    const subject = id("org");
    await counters.reserve("org-requests-month", subject, 1, 10, 5 * 24 * 3600);
    await counters.reserve("key-requests-minute", subject, 1, 10, 60);
    const raw = new Redis(REDIS_URL!);
    try {
      expect(await raw.get(`${runPrefix}org-requests-month:${subject}`)).toBe("1");
      const monthTtl = await raw.pttl(`${runPrefix}org-requests-month:${subject}`);
      expect(monthTtl).toBeGreaterThan(5 * 24 * 3600 * 1000 - 5_000);
      expect(monthTtl).toBeLessThanOrEqual(5 * 24 * 3600 * 1000);
      const minuteTtl = await raw.pttl(`${runPrefix}key-requests-minute:${subject}`);
      expect(minuteTtl).toBeGreaterThan(55_000);
      expect(minuteTtl).toBeLessThanOrEqual(60_000);
    } finally {
      raw.disconnect();
    }
  });
});

describe("when Redis is unreachable", () => {
  it("counts in this instance's memory, still within the limit, and says so once", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const counters = await store({ redisUrl: "redis://127.0.0.1:1" });
    expect(counters.backend).toBe("redis");
    const { granted, counter } = await contend(counters, Array.from({ length: 8 }, () => 1), 5);
    expect(granted).toHaveLength(5);
    expect(counter.used).toBe(5);
    const fallbackLines = logged.mock.calls.filter(([line]) => String(line).includes("Redis is unavailable"));
    expect(fallbackLines).toHaveLength(1);
    expect(String(fallbackLines[0]![0])).toContain("memory");
  });
});
