/**
 * The route form's pure parts: where each server error is shown, how a refused save's echo
 * rebuilds the form, and which choices the target selects offer.
 */
import { describe, expect, it } from "vitest";
import { draftOfRoute, draftOfValues, NEW_ROUTE_DRAFT, type RouteDraft } from "@/components/routes/route-draft";
import { placeRouteErrors } from "@/components/routes/route-errors";
import { targetOptions } from "@/components/routes/target-options";
import { readRouteForm, readRouteFormTargets } from "@/lib/routing/route-schema";

const draft = (changes: Partial<RouteDraft> = {}): RouteDraft => ({
  ...NEW_ROUTE_DRAFT,
  targets: [
    { model: "m1", weight: "1" },
    { model: "m2", weight: "0" },
  ],
  ...changes,
});

describe("placeRouteErrors", () => {
  it("puts field, list-entry, target-list and target-row errors next to their controls", () => {
    const placed = placeRouteErrors(
      {
        name: ["Use letters, digits and . _ : / - only."],
        "workloads.1": ["Workloads use a-z, 0-9 and . _ : - (up to 64)."],
        targets: ["Give at least one target a weight above zero."],
        "targets.1.model": ["Aliases loop: 'a' → 'b' → 'a'."],
        "targets.0.weight": ["Weights cannot be negative."],
      },
      draft({ workloads: "batch, Nightly" }),
      { latencyTargetMs: false },
    );
    expect(placed).toEqual({
      fields: { name: ["Use letters, digits and . _ : / - only."], workloads: ["'Nightly': Workloads use a-z, 0-9 and . _ : - (up to 64)."] },
      targets: ["Give at least one target a weight above zero."],
      rows: { 0: { weight: ["Weights cannot be negative."] }, 1: { model: ["Aliases loop: 'a' → 'b' → 'a'."] } },
      unplaced: [],
    });
  });

  it("shows errors without a visible control in the alert, with what they are about", () => {
    const errors = {
      form: ["Route 'x' (priority 0) sends to 'y', which would no longer exist."],
      latencyTargetMs: ["Use at least 1 ms."],
      "targets.5.model": ["Unknown."],
      surprise: ["Odd."],
    };
    expect(placeRouteErrors(errors, draft(), { latencyTargetMs: false })).toEqual({
      fields: {},
      targets: ["Target 6: Unknown."],
      rows: {},
      unplaced: ["Route 'x' (priority 0) sends to 'y', which would no longer exist.", "Latency target: Use at least 1 ms.", "surprise: Odd."],
    });
    expect(placeRouteErrors({ latencyTargetMs: ["Use at least 1 ms."] }, draft(), { latencyTargetMs: true }).fields).toEqual({ latencyTargetMs: ["Use at least 1 ms."] });
  });

  it("places nothing when there are no errors", () => {
    expect(placeRouteErrors(undefined, draft(), { latencyTargetMs: true })).toEqual({ fields: {}, targets: [], rows: {}, unplaced: [] });
  });
});

describe("route drafts", () => {
  it("rebuilds the form from a refused save's echo, target rows included", () => {
    const form = new FormData();
    for (const [key, value] of [["targetModel", "m1"], ["targetWeight", "0"], ["targetModel", ""], ["targetWeight", "4"], ["targetModel", "m2"], ["targetWeight", " 0 "]]) form.append(key!, value!);
    const echoed = readRouteFormTargets(form);
    expect(echoed).toEqual([{ model: "m1", weight: "0" }, { model: "m2", weight: "0" }]);
    // Row N of the echo is `targets.N` of the errors: the same list the schema read.
    expect((readRouteForm(form) as { targets: unknown }).targets).toEqual([{ model: "m1", weight: 0 }, { model: "m2", weight: 0 }]);

    const values = { name: "assistant", priority: "3", strategy: "latency", latencyTargetMs: "800", workloads: "batch", keyTags: "", targets: JSON.stringify(echoed) };
    expect(draftOfValues(values)).toEqual({
      name: "assistant",
      priority: "3",
      description: "",
      strategy: "latency",
      latencyTargetMs: "800",
      workloads: "batch",
      keyTags: "",
      minPromptChars: "",
      maxPromptChars: "",
      targets: [{ model: "m1", weight: "0" }, { model: "m2", weight: "0" }],
    });
  });

  it("falls back to one blank row and the fallback strategy when the echo has neither", () => {
    const rebuilt = draftOfValues({ strategy: "bogus", targets: "not json" });
    expect(rebuilt.strategy).toBe("fallback");
    expect(rebuilt.targets).toEqual([{ model: "", weight: "1" }]);
    expect(draftOfValues({ targets: "[]" }).targets).toEqual([{ model: "", weight: "1" }]);
  });

  it("prefills the edit form from a saved route", () => {
    expect(
      draftOfRoute({
        id: "r1",
        name: "assistant",
        priority: -2,
        description: null,
        strategy: "weighted",
        latencyTargetMs: null,
        workloads: ["batch", "eval"],
        keyTags: ["team:data"],
        minPromptChars: 10,
        maxPromptChars: null,
        targets: [{ model: "m1", weight: 2.5 }, { model: "m2", weight: 0 }],
        problems: [],
      }),
    ).toEqual({
      name: "assistant",
      priority: "-2",
      description: "",
      strategy: "weighted",
      latencyTargetMs: "",
      workloads: "batch, eval",
      keyTags: "team:data",
      minPromptChars: "10",
      maxPromptChars: "",
      targets: [{ model: "m1", weight: "2.5" }, { model: "m2", weight: "0" }],
    });
  });
});

describe("targetOptions", () => {
  const models = [
    { publicName: "m1", kind: "chat", providerName: "Mock" },
    { publicName: "assistant", kind: "chat", providerName: "Mock" },
    { publicName: "embed", kind: "embedding", providerName: "Echo" },
  ];

  it("lists catalog models, then other routes once each; a name that is both is a route", () => {
    expect(targetOptions(models, ["assistant", "fast", "fast"])).toEqual([
      { value: "m1", label: "m1 (chat, Mock)", group: "model" },
      { value: "embed", label: "embed (embedding, Echo)", group: "model" },
      { value: "assistant", label: "assistant (route)", group: "route" },
      { value: "fast", label: "fast (route)", group: "route" },
    ]);
  });

  it("offers a route's own name as its catalog model, never as an alias to itself", () => {
    expect(targetOptions(models, ["assistant", "fast"], "assistant")).toEqual([
      { value: "m1", label: "m1 (chat, Mock)", group: "model" },
      { value: "assistant", label: "assistant (chat, Mock)", group: "model" },
      { value: "embed", label: "embed (embedding, Echo)", group: "model" },
      { value: "fast", label: "fast (route)", group: "route" },
    ]);
  });
});
