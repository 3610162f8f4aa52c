/**
 * The latency and weighted strategies through the gateway, and the health view they feed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { targetHealth } from "@/lib/routing/target-health";
import { resetRoutingState } from "@/lib/routing/target-state";
import { ask, routingOf, routingWorld, type RoutingWorld } from "./routing-world";

vi.hoisted(() => {
  process.env.ROUTING_RETRY_BASE_MS = "10";
});

let world: RoutingWorld;

beforeAll(async () => {
  world = await routingWorld(["slow", "fast", "heavy", "light", "spare"]);
  await world.route({ name: "quick", strategy: "latency", latencyTargetMs: 100, targets: [{ model: "slow" }, { model: "fast" }] });
  await world.route({ name: "quick-stream", strategy: "latency", latencyTargetMs: 100, targets: [{ model: "slow" }, { model: "fast" }] });
  await world.route({ name: "split", strategy: "weighted", targets: [{ model: "heavy", weight: 3 }, { model: "light", weight: 1 }] });
  await world.route({ name: "spare-only", strategy: "weighted", targets: [{ model: "heavy", weight: 1 }, { model: "spare", weight: 0 }] });
});

afterAll(async () => {
  await world?.close();
});

beforeEach(() => {
  world.reset();
  resetRoutingState();
  world.upstreams.slow!.setDefault({ kind: "ok", delayMs: 200 });
  world.upstreams.fast!.setDefault({ kind: "ok", delayMs: 5 });
});

const served = async (model: string, content = "hi") => {
  const completion = await world.client.chat.completions.create({ model, messages: ask(content) });
  return { text: completion.choices[0]!.message.content!, routing: routingOf(completion) };
};

describe("latency strategy", () => {
  it("measures each target once, then sends everything to the one that meets the target", async () => {
    const first = await served("quick");
    expect(first.text).toMatch(/^from slow/); // nothing measured yet: listed order
    expect(first.routing.reason).toContain("no recent total time for 'slow'");
    const second = await served("quick");
    expect(second.text).toMatch(/^from fast/); // 'fast' still unmeasured: its turn to be measured
    const after = [];
    for (let i = 0; i < 8; i++) after.push((await served("quick")).text.split(":")[0]);
    expect(after).toEqual(Array(8).fill("from fast"));
    expect(world.upstreams.slow!.calls).toHaveLength(1);
    expect((await served("quick")).routing.reason).toMatch(/'fast' is the fastest that meets 100 ms \(total time ~\d+ ms\)/);

    const health = await targetHealth(world.ctx);
    const slow = health.find((target) => target.target === "slow")!;
    const fast = health.find((target) => target.target === "fast")!;
    expect(slow.totalEwmaMs).toBeGreaterThanOrEqual(190);
    expect(fast.totalEwmaMs).toBeLessThan(100);
    expect(fast.sampleCount).toBe(10);
    expect(fast).toMatchObject({ errorRate: 0, breaker: "closed", lastError: null, provider: "Provider fast", upstreamModel: "fast-model" });
  });

  it("falls back to the slower target when the fast one fails", async () => {
    await served("quick");
    await served("quick"); // both measured now
    world.upstreams.fast!.setDefault({ kind: "status", status: 503 });
    const result = await served("quick");
    expect(result.text).toMatch(/^from slow/);
    expect(result.routing.attempts.map((attempt) => attempt.target)).toEqual(["fast", "fast", "fast", "slow"]);
  });

  it("ranks streams by time to first token", async () => {
    world.upstreams.slow!.setDefault({ kind: "ok", delayMs: 200 });
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { response, data: stream } = await world.client.chat.completions.create({ model: "quick-stream", messages: ask("s"), stream: true }).withResponse();
      for await (const _ of stream) void _;
      order.push(response.headers.get("x-gateway-provider")!);
    }
    expect(order).toEqual(["Provider slow", "Provider fast", "Provider fast", "Provider fast"]);
    const fast = (await targetHealth(world.ctx)).find((target) => target.target === "fast")!;
    expect(fast.ttftEwmaMs).not.toBeNull();
    expect(fast.ttftEwmaMs!).toBeLessThan(100);
  });
});

describe("weighted strategy", () => {
  it("splits traffic roughly by weight (3:1 over 200 requests)", async () => {
    const counts = { heavy: 0, light: 0 };
    for (let batch = 0; batch < 20; batch++) {
      const results = await Promise.all(Array.from({ length: 10 }, () => served("split")));
      for (const result of results) counts[result.text.startsWith("from heavy") ? "heavy" : "light"]++;
    }
    expect(counts.heavy + counts.light).toBe(200);
    // Expected share 0.75; sd ≈ 0.031 at n = 200, so [0.6, 0.9] is about five sd either side.
    expect(counts.heavy / 200).toBeGreaterThan(0.6);
    expect(counts.heavy / 200).toBeLessThan(0.9);
    expect(counts.light).toBeGreaterThan(0);
  });

  it("uses a target of weight zero only as a fallback", async () => {
    for (let i = 0; i < 20; i++) expect((await served("spare-only")).text).toMatch(/^from heavy/);
    expect(world.upstreams.spare!.calls).toHaveLength(0);
    world.upstreams.heavy!.setDefault({ kind: "status", status: 502 });
    const result = await served("spare-only");
    expect(result.text).toMatch(/^from spare/);
    expect(result.routing.reason).toContain("weighted draw picked 'heavy' (weight 1 of 1)");
  });
});
