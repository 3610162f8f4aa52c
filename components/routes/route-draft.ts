import { ROUTE_STRATEGIES, type RouteStrategy } from "@/lib/routing/route-schema";
import type { RouteSummary } from "./types";

/** A target row as the form holds it: what was typed, not yet validated. */
export type TargetDraft = { model: string; weight: string };

/** The route form's contents as text, the way the inputs hold them. */
export type RouteDraft = {
  name: string;
  priority: string;
  description: string;
  strategy: RouteStrategy;
  latencyTargetMs: string;
  workloads: string;
  keyTags: string;
  minPromptChars: string;
  maxPromptChars: string;
  targets: TargetDraft[];
};

const BLANK_TARGET: TargetDraft = { model: "", weight: "1" };

export const NEW_ROUTE_DRAFT: RouteDraft = {
  name: "",
  priority: "0",
  description: "",
  strategy: "fallback",
  latencyTargetMs: "",
  workloads: "",
  keyTags: "",
  minPromptChars: "",
  maxPromptChars: "",
  targets: [BLANK_TARGET],
};

const text = (value: number | null) => (value === null ? "" : String(value));

/** A saved route, to prefill the edit form. */
export function draftOfRoute(route: RouteSummary): RouteDraft {
  return {
    name: route.name,
    priority: String(route.priority),
    description: route.description ?? "",
    strategy: route.strategy,
    latencyTargetMs: text(route.latencyTargetMs),
    workloads: route.workloads.join(", "),
    keyTags: route.keyTags.join(", "),
    minPromptChars: text(route.minPromptChars),
    maxPromptChars: text(route.maxPromptChars),
    targets: route.targets.length > 0 ? route.targets.map((target) => ({ model: target.model, weight: String(target.weight) })) : [BLANK_TARGET],
  };
}

/** The target rows a refused save echoes back (JSON in `values.targets`), or null if there are none. */
function echoedTargets(json: string | undefined): TargetDraft[] | null {
  if (!json) return null;
  try {
    const parsed: unknown = JSON.parse(json);
    if (!Array.isArray(parsed)) return null;
    return parsed
      .filter((row): row is Record<string, unknown> => typeof row === "object" && row !== null)
      .map((row) => ({ model: String(row.model ?? ""), weight: String(row.weight ?? "") }));
  } catch {
    return null;
  }
}

/** What the person submitted, from a refused save's echoed values, to show it again as they left it. */
export function draftOfValues(values: Record<string, string>): RouteDraft {
  const strategy = ROUTE_STRATEGIES.find((value) => value === values.strategy) ?? "fallback";
  const targets = echoedTargets(values.targets);
  return {
    name: values.name ?? "",
    priority: values.priority ?? "",
    description: values.description ?? "",
    strategy,
    latencyTargetMs: values.latencyTargetMs ?? "",
    workloads: values.workloads ?? "",
    keyTags: values.keyTags ?? "",
    minPromptChars: values.minPromptChars ?? "",
    maxPromptChars: values.maxPromptChars ?? "",
    targets: targets && targets.length > 0 ? targets : [BLANK_TARGET],
  };
}

/** Comma- or space-separated entries, split the way the server reads them (so `workloads.N` is entry N). */
export function listEntries(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}
