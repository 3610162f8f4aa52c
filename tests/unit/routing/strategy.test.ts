import { describe, expect, it } from "vitest";
import { orderTargets, seededRandom, type StrategyTarget } from "@/lib/routing/strategy";

const names = (targets: StrategyTarget[]) => targets.map((target) => target.name);
const options = { random: seededRandom(42), latencyTargetMs: null, metric: "total" as const };

describe("fallback", () => {
  it("keeps the listed order", () => {
    const targets = [{ name: "a", weight: 1 }, { name: "b", weight: 5 }, { name: "c", weight: 0 }];
    const { ordered, reason } = orderTargets("fallback", targets, options);
    expect(names(ordered)).toEqual(["a", "b", "c"]);
    expect(reason).toBe("fallback order 'a' → 'b' → 'c'");
  });
});

describe("weighted", () => {
  const targets = [{ name: "a", weight: 6 }, { name: "b", weight: 3 }, { name: "c", weight: 1 }, { name: "z", weight: 0 }];

  it("draws without replacement: every target once, zero weights last", () => {
    const random = seededRandom(7);
    for (let i = 0; i < 200; i++) {
      const ordered = names(orderTargets("weighted", targets, { ...options, random }).ordered);
      expect([...ordered].sort()).toEqual(["a", "b", "c", "z"]);
      expect(ordered.at(-1)).toBe("z");
    }
  });

  it("puts each target first in proportion to its weight (seeded, 20000 draws)", () => {
    const random = seededRandom(1234);
    const first: Record<string, number> = { a: 0, b: 0, c: 0, z: 0 };
    const n = 20_000;
    for (let i = 0; i < n; i++) first[orderTargets("weighted", targets, { ...options, random }).ordered[0]!.name]!++;
    // Expected 0.6 / 0.3 / 0.1; the standard error at n = 20000 is under 0.0035.
    expect(first.a! / n).toBeCloseTo(0.6, 1);
    expect(Math.abs(first.a! / n - 0.6)).toBeLessThan(0.015);
    expect(Math.abs(first.b! / n - 0.3)).toBeLessThan(0.015);
    expect(Math.abs(first.c! / n - 0.1)).toBeLessThan(0.015);
    expect(first.z).toBe(0);
  });

  it("draws the second place among what is left, by weight", () => {
    const random = seededRandom(99);
    let bSecondAfterA = 0;
    let aFirst = 0;
    for (let i = 0; i < 20_000; i++) {
      const ordered = names(orderTargets("weighted", targets, { ...options, random }).ordered);
      if (ordered[0] === "a") {
        aFirst++;
        if (ordered[1] === "b") bSecondAfterA++;
      }
    }
    expect(Math.abs(bSecondAfterA / aFirst - 0.75)).toBeLessThan(0.02); // 3 of the remaining 4
  });

  it("says which target the draw picked", () => {
    const ordering = orderTargets("weighted", [{ name: "only", weight: 2 }, { name: "spare", weight: 0 }], options);
    expect(ordering.reason).toBe("weighted draw picked 'only' (weight 2 of 2)");
  });

  it("is reproducible with the same seed", () => {
    const draws = (random: () => number) => Array.from({ length: 20 }, () => names(orderTargets("weighted", targets, { ...options, random }).ordered).join(""));
    const a = draws(seededRandom(5));
    expect(draws(seededRandom(5))).toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(1);
  });
});

describe("latency", () => {
  const at = (ms: number | null, stale = false) => ({ ms, stale });
  const latency = (targets: StrategyTarget[], latencyTargetMs: number | null = 500) => orderTargets("latency", targets, { ...options, latencyTargetMs });

  it("tries unmeasured targets first (listed order), then those meeting the target fastest first, then the rest fastest first", () => {
    const { ordered, reason } = latency([
      { name: "slow", weight: 1, latency: at(900) },
      { name: "ok", weight: 1, latency: at(400) },
      { name: "new1", weight: 1 },
      { name: "fast", weight: 1, latency: at(120) },
      { name: "slower", weight: 1, latency: at(1500) },
      { name: "new2", weight: 1, latency: at(null) },
    ]);
    expect(names(ordered)).toEqual(["new1", "new2", "fast", "ok", "slow", "slower"]);
    expect(reason).toBe("latency: no recent total time for 'new1', so it is tried to measure it");
  });

  it("prefers the fastest target that meets the latency target once all are measured", () => {
    const { ordered, reason } = latency([
      { name: "b", weight: 1, latency: at(300) },
      { name: "a", weight: 1, latency: at(250.4) },
      { name: "c", weight: 1, latency: at(700) },
    ]);
    expect(names(ordered)).toEqual(["a", "b", "c"]);
    expect(reason).toBe("latency: 'a' is the fastest that meets 500 ms (total time ~250 ms)");
  });

  it("treats a stale measurement as unmeasured, so a slow target gets another chance", () => {
    const { ordered } = latency([
      { name: "fast", weight: 1, latency: at(100) },
      { name: "recovered", weight: 1, latency: at(2000, true) },
    ]);
    expect(names(ordered)).toEqual(["recovered", "fast"]);
  });

  it("still orders fastest first when no target meets the target", () => {
    const { ordered, reason } = orderTargets(
      "latency",
      [
        { name: "x", weight: 1, latency: at(800) },
        { name: "y", weight: 1, latency: at(600) },
      ],
      { ...options, latencyTargetMs: 100, metric: "ttft" },
    );
    expect(names(ordered)).toEqual(["y", "x"]);
    expect(reason).toBe("latency: no target meets 100 ms; 'y' is the fastest (time to first token ~600 ms)");
  });
});
