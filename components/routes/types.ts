import type { RouteView } from "@/lib/routing/route-service";

/** A route as the routes pages hand it to client components: the route service's view without its timestamps. */
export type RouteSummary = Omit<RouteView, "createdAt" | "updatedAt">;

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
