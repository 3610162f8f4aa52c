import type { RouteStrategy } from "@/lib/routing/route-schema";

/** A route as the routes pages hand it to client components. */
export type RouteSummary = {
  id: string;
  name: string;
  priority: number;
  description: string | null;
  strategy: RouteStrategy;
  latencyTargetMs: number | null;
  workloads: string[];
  keyTags: string[];
  minPromptChars: number | null;
  maxPromptChars: number | null;
  targets: { model: string; weight: number }[];
  /** What is wrong with the route today (a target that disappeared), as sentences. */
  problems: string[];
};

/** One choice of a target's model select: a catalog model, or another route (an alias). */
export type TargetOption = { value: string; label: string; group: "model" | "route" };

/** Only the fields the client components use, from the route service's view (which has more). */
export function toRouteSummary(route: RouteSummary): RouteSummary {
  return {
    id: route.id,
    name: route.name,
    priority: route.priority,
    description: route.description,
    strategy: route.strategy,
    latencyTargetMs: route.latencyTargetMs,
    workloads: route.workloads,
    keyTags: route.keyTags,
    minPromptChars: route.minPromptChars,
    maxPromptChars: route.maxPromptChars,
    targets: route.targets.map((target) => ({ model: target.model, weight: target.weight })),
    problems: route.problems,
  };
}
