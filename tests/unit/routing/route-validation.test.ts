import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/schemas/form";
import { danglingReferences, type OrgRoutingPicture, routeReferenceErrors } from "@/lib/routing/route-references";
import { readRouteForm, routeInputSchema } from "@/lib/routing/route-schema";

const errorsOf = (input: unknown) => {
  const parsed = routeInputSchema.safeParse(input);
  return parsed.success ? null : fieldErrorsOf(parsed.error);
};

describe("routeInputSchema", () => {
  it("accepts a minimal route and fills the defaults", () => {
    expect(routeInputSchema.parse({ name: "chat", targets: [{ model: "gpt-4o" }] })).toEqual({
      name: "chat",
      priority: 0,
      strategy: "fallback",
      workloads: [],
      keyTags: [],
      targets: [{ model: "gpt-4o", weight: 1 }],
    });
  });

  it("refuses a route with no targets", () => {
    expect(errorsOf({ name: "chat", targets: [] })).toEqual({ targets: ["Add at least one target."] });
    expect(errorsOf({ name: "chat" })).toHaveProperty("targets");
  });

  it("refuses weights that are zero everywhere, whatever the strategy", () => {
    for (const strategy of ["fallback", "weighted", "latency"]) {
      const errors = errorsOf({ name: "chat", strategy, latencyTargetMs: 500, targets: [{ model: "a", weight: 0 }, { model: "b", weight: 0 }] });
      expect(errors).toEqual({ targets: ["Give at least one target a weight above zero: with every weight at zero the route could pick nothing."] });
    }
    expect(errorsOf({ name: "chat", strategy: "weighted", targets: [{ model: "a", weight: 0 }, { model: "b", weight: 0.5 }] })).toBeNull();
  });

  it("refuses negative weights, duplicate targets and a latency route without a latency target", () => {
    expect(errorsOf({ name: "chat", targets: [{ model: "a", weight: -1 }] })).toEqual({ "targets.0.weight": ["Weights cannot be negative."] });
    expect(errorsOf({ name: "chat", targets: [{ model: "a" }, { model: "b" }, { model: "a" }] })).toEqual({ "targets.2.model": ["'a' is listed twice. List each target once."] });
    expect(errorsOf({ name: "chat", strategy: "latency", targets: [{ model: "a" }] })).toEqual({ latencyTargetMs: ["The latency strategy needs a latency target in milliseconds."] });
  });

  it("checks names, workloads, tags and prompt bounds", () => {
    expect(errorsOf({ name: "has space", targets: [{ model: "a" }] })).toEqual({ name: ["Use letters, digits and . _ : / - only."] });
    expect(errorsOf({ name: "chat", workloads: ["ok", "NOT OK"], targets: [{ model: "a" }] })).toEqual({ "workloads.1": ["Workloads use a-z, 0-9 and . _ : - (up to 64)."] });
    expect(errorsOf({ name: "chat", keyTags: ["team,data"], targets: [{ model: "a" }] })).toEqual({ "keyTags.0": ["Tags use letters, digits and . _ : / - only."] });
    expect(errorsOf({ name: "chat", minPromptChars: 100, maxPromptChars: 10, targets: [{ model: "a" }] })).toEqual({ maxPromptChars: ["The maximum prompt size must not be below the minimum."] });
  });

  it("reads a dashboard form into the same input", () => {
    const form = new FormData();
    for (const [key, value] of [
      ["name", "chat"], ["priority", "2"], ["strategy", "weighted"], ["workloads", "batch, eval"], ["keyTags", "team:data"],
      ["minPromptChars", ""], ["maxPromptChars", "5000"], ["targetModel", "a"], ["targetWeight", "3"], ["targetModel", "b"], ["targetWeight", ""], ["targetModel", ""], ["targetWeight", "9"],
    ]) form.append(key!, value!);
    expect(routeInputSchema.parse(readRouteForm(form))).toEqual({
      name: "chat",
      priority: 2,
      description: null,
      strategy: "weighted",
      latencyTargetMs: null,
      workloads: ["batch", "eval"],
      keyTags: ["team:data"],
      minPromptChars: null,
      maxPromptChars: 5000,
      targets: [{ model: "a", weight: 3 }, { model: "b", weight: 1 }],
    });
  });
});

const org = (routes: OrgRoutingPicture["routes"], catalog: [string, "chat" | "embedding"][] = [["m1", "chat"], ["m2", "chat"], ["e1", "embedding"]]): OrgRoutingPicture => ({
  catalog: new Map(catalog),
  routes,
});

describe("routeReferenceErrors", () => {
  it("accepts catalog models and other routes as targets", () => {
    expect(routeReferenceErrors({ name: "r", targets: [{ model: "m1" }, { model: "other" }] }, org([{ id: "1", name: "other", targets: [{ model: "m2" }] }]))).toBeNull();
  });

  it("refuses a model that is not in the catalog (unknown, or its provider deleted and the model with it)", () => {
    expect(routeReferenceErrors({ name: "r", targets: [{ model: "m1" }, { model: "gone" }] }, org([]))).toEqual({
      "targets.1.model": ["There is no catalog model or route named 'gone' in this org (was it unpublished, or its provider removed?)."],
    });
  });

  it("reads the route's own name as the catalog model of that name", () => {
    expect(routeReferenceErrors({ name: "m1", targets: [{ model: "m1" }, { model: "m2" }] }, org([]))).toBeNull();
    expect(routeReferenceErrors({ name: "fresh", targets: [{ model: "fresh" }] }, org([]))).toEqual({
      "targets.0.model": ["'fresh' is this route's own name, which means the catalog model 'fresh', and there is none. Publish it, or choose another target."],
    });
  });

  it("refuses an alias loop of two, and of three through another priority", () => {
    const existing = org([{ id: "b", name: "b", targets: [{ model: "a" }] }]);
    expect(routeReferenceErrors({ name: "a", targets: [{ model: "m1" }, { model: "b" }] }, existing)).toEqual({
      "targets.1.model": ["Aliases loop: 'a' → 'b' → 'a'. A route cannot lead back to itself."],
    });
    const three = org([
      { id: "b0", name: "b", targets: [{ model: "m1" }] },
      { id: "b1", name: "b", priority: 1, targets: [{ model: "c" }] },
      { id: "c", name: "c", targets: [{ model: "a" }] },
    ]);
    expect(routeReferenceErrors({ name: "a", targets: [{ model: "b" }] }, three)).toEqual({
      "targets.0.model": ["Aliases loop: 'a' → 'b' → 'c' → 'a'. A route cannot lead back to itself."],
    });
  });

  it("judges an update against the routes without its old self", () => {
    // Route "a" (id a) used to send to "b", and "b" sends to "a"… through the old "a" only.
    const existing = org([
      { id: "a", name: "a", targets: [{ model: "m1" }] },
      { id: "b", name: "b", targets: [{ model: "a" }] },
    ]);
    expect(routeReferenceErrors({ name: "a", targets: [{ model: "b" }] }, existing, "a")).toEqual({
      "targets.0.model": ["Aliases loop: 'a' → 'b' → 'a'. A route cannot lead back to itself."],
    });
    // Renamed, "a" is gone: b → a now dangles (danglingReferences' job), which is not a loop.
    expect(routeReferenceErrors({ name: "renamed", targets: [{ model: "b" }] }, existing, "a")).toBeNull();
    expect(routeReferenceErrors({ name: "a", targets: [{ model: "m2" }] }, existing, "a")).toBeNull();
  });

  it("refuses a route whose targets mix chat and embedding models, through aliases too", () => {
    expect(routeReferenceErrors({ name: "r", targets: [{ model: "m1" }, { model: "e1" }] }, org([]))).toEqual({
      targets: ["The targets mix chat and embedding models. A route serves one kind: make separate routes."],
    });
    expect(routeReferenceErrors({ name: "r", targets: [{ model: "m1" }, { model: "emb" }] }, org([{ id: "x", name: "emb", targets: [{ model: "e1" }] }]))).toHaveProperty("targets");
  });
});

describe("danglingReferences", () => {
  it("names the routes left pointing at a name no route or model answers to any more", () => {
    const after = org([
      { id: "1", name: "front", priority: 2, targets: [{ model: "gone" }, { model: "m1" }] },
      { id: "2", name: "broken-elsewhere", targets: [{ model: "unpublished" }] },
    ]);
    expect(danglingReferences(after, "gone")).toEqual(["Route 'front' (priority 2) sends to 'gone', which would no longer exist. Change that route first."]);
    expect(danglingReferences(after, "m1")).toEqual([]); // still a catalog model
    expect(danglingReferences(org([{ id: "1", name: "x", targets: [{ model: "y" }] }, { id: "2", name: "y", targets: [{ model: "m1" }] }]), "y")).toEqual([]);
  });
});
