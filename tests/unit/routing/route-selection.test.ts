import { describe, expect, it } from "vitest";
import { GatewayError } from "@/lib/gateway/gateway-error";
import type { RouteRecord } from "@/lib/routing/route-record";
import { conditionsHold, selectRoute, workloadOf } from "@/lib/routing/route-selection";

const route = (overrides: Partial<RouteRecord>): RouteRecord => ({
  id: "r",
  name: "chat",
  priority: 0,
  strategy: "fallback",
  latencyTargetMs: null,
  workloads: [],
  keyTags: [],
  minPromptChars: null,
  maxPromptChars: null,
  targets: [{ model: "m", weight: 1 }],
  ...overrides,
});
const facts = { workload: null, keyTags: [], promptChars: 100 };

describe("workloadOf", () => {
  it.each(["batch", "eval.nightly", "team:a-b_c", "a".repeat(64)])("accepts %j", (label) => {
    expect(workloadOf(new Headers({ "x-gateway-workload": label }))).toBe(label);
  });

  it("treats an absent or empty header as no workload", () => {
    expect(workloadOf(new Headers())).toBeNull();
    expect(workloadOf(new Headers({ "x-gateway-workload": "" }))).toBeNull();
  });

  it.each(["Batch", "a".repeat(65), "with space", "semi;colon", "slash/no", "caf\u00e9"])("refuses %j with a 400 invalid_workload", (label) => {
    let caught: unknown;
    try {
      workloadOf(new Headers({ "x-gateway-workload": label }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    expect((caught as GatewayError).toJSON()).toEqual({
      error: { message: expect.stringContaining("1 to 64 characters"), type: "invalid_request_error", code: "invalid_workload", param: "x-gateway-workload" },
    });
    expect((caught as GatewayError).status).toBe(400);
  });
});

describe("conditionsHold", () => {
  it("holds with no conditions", () => {
    expect(conditionsHold(route({}), facts)).toEqual([]);
  });

  it("matches the workload label, any key tag and the prompt size bounds (inclusive)", () => {
    const r = route({ workloads: ["batch"], keyTags: ["team:a", "team:b"], minPromptChars: 10, maxPromptChars: 100 });
    expect(conditionsHold(r, { workload: "batch", keyTags: ["env:prod", "team:b"], promptChars: 100 })).toEqual([
      "workload 'batch'",
      "key tag 'team:b'",
      "prompt of 100 chars within 10–100",
    ]);
    expect(conditionsHold(r, { workload: "other", keyTags: ["team:b"], promptChars: 50 })).toBeNull();
    expect(conditionsHold(r, { workload: null, keyTags: ["team:b"], promptChars: 50 })).toBeNull();
    expect(conditionsHold(r, { workload: "batch", keyTags: ["team:c"], promptChars: 50 })).toBeNull();
    expect(conditionsHold(r, { workload: "batch", keyTags: ["team:a"], promptChars: 9 })).toBeNull();
    expect(conditionsHold(r, { workload: "batch", keyTags: ["team:a"], promptChars: 101 })).toBeNull();
  });
});

describe("selectRoute", () => {
  it("takes the first route (lowest priority) whose conditions hold", () => {
    const routes = [route({ id: "p0", priority: 0, workloads: ["batch"] }), route({ id: "p1", priority: 1, minPromptChars: 50 }), route({ id: "p2", priority: 2 })];
    expect(selectRoute(routes, { ...facts, workload: "batch" })?.route.id).toBe("p0");
    expect(selectRoute(routes, facts)?.route.id).toBe("p1");
    expect(selectRoute(routes, { ...facts, promptChars: 10 })?.route.id).toBe("p2");
    expect(selectRoute(routes.slice(0, 2), { ...facts, promptChars: 10 })).toBeNull();
    expect(selectRoute(undefined, facts)).toBeNull();
  });
});
