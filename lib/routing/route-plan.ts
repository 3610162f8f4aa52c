import type { CatalogEntry, OrgSnapshot } from "@/lib/gateway/gateway-cache";
import { GatewayError } from "@/lib/gateway/gateway-error";
import type { Principal } from "@/lib/gateway/principal";
import { resolveModel } from "@/lib/gateway/resolve-model";
import type { RouteRecord } from "./route-record";
import { type RequestFacts, selectRoute } from "./route-selection";
import type { RoutingRecord } from "./routing-record";
import { orderTargets } from "./strategy";
import { observedTarget } from "./target-state";

/** Aliases deeper than this are not followed (saves refuse loops; this guards the hot path anyway). */
const MAX_ALIAS_DEPTH = 8;

export type RoutePlan = {
  /** The targets to try, in order. */
  candidates: CatalogEntry[];
  /** True when no route applied: the catalog model serves as it always did (no retries, no breaker gate). */
  direct: boolean;
  record: RoutingRecord;
  /** Why this route and this order, as phrases for the record's reason. */
  why: string[];
  /** Set when no target may be used (the first resolveModel error): the caller records the plan, then throws it. */
  refusal?: GatewayError;
};

export type PlanInput = {
  snapshot: OrgSnapshot;
  principal: Principal;
  /** The model the client asked for. */
  requested: string;
  /** The model a policy route rule chose instead, and the rules that chose it. */
  routeTo?: string;
  policyRules?: string[];
  kind: CatalogEntry["kind"];
  facts: RequestFacts;
  stream: boolean;
  random: () => number;
};

/**
 * Which targets to try, in which order. The policy's route-to replaces the requested name; the
 * first route of that name whose conditions hold (lowest priority) applies, and its strategy
 * orders its targets; an alias target expands in place into its own route's order. Every target
 * goes through resolveModel, so targets this key may not use (or that left the catalog) are
 * skipped; when none is left, `refusal` holds the first such error. With no route, the catalog
 * model of that name serves: resolveModel's answer, as before routing existed.
 */
export function planRoute(input: PlanInput): RoutePlan {
  const { snapshot, principal, kind, facts } = input;
  const name = input.routeTo ?? input.requested;
  const why: string[] = [];
  if (input.routeTo && input.routeTo !== input.requested) {
    why.push(`Policy rule ${(input.policyRules ?? []).map((rule) => `'${rule}'`).join(", ") || "(route)"} sent '${input.requested}' to '${input.routeTo}'.`);
  }
  const routesOfName = snapshot.routes.get(name);
  const selected = selectRoute(routesOfName, facts);
  if (!selected) {
    const entry = resolveModel(snapshot, principal, name, kind);
    why.push(routesOfName ? `No route named '${name}' applies to this request, so the catalog model '${name}' serves.` : `No route named '${name}'; the catalog model serves.`);
    return { candidates: [entry], direct: true, why, record: { route: null, priority: null, strategy: "direct", model: name, attempts: [], skipped: [], reason: "" } };
  }

  const record: RoutingRecord = { route: name, priority: selected.route.priority, strategy: selected.route.strategy, model: name, attempts: [], skipped: [], reason: "" };
  const conditions = selected.because.length > 0 ? ` applies (${selected.because.join(", ")})` : " applies (no conditions)";
  why.push(`Route '${name}' priority ${selected.route.priority}${conditions}.`);
  let firstError: GatewayError | null = null;
  const metric = input.stream ? "ttft" : "total";

  const expand = (route: RouteRecord, chain: string[]): { entries: CatalogEntry[]; reason: string } => {
    const groups = route.targets.map((target) => {
      const entries = resolveTarget(target.model, route, chain);
      const state = entries[0] ? observedTarget(snapshot.org.id, entries[0]) : undefined;
      return { name: target.model, weight: target.weight, entries, latency: state?.latency(metric) };
    });
    const ordering = orderTargets(route.strategy, groups, { random: input.random, latencyTargetMs: route.latencyTargetMs, metric });
    return { entries: ordering.ordered.flatMap((group) => group.entries), reason: ordering.reason };
  };

  const resolveTarget = (target: string, route: RouteRecord, chain: string[]): CatalogEntry[] => {
    const aliasRoutes = target === route.name ? undefined : snapshot.routes.get(target);
    if (aliasRoutes && !chain.includes(target) && chain.length < MAX_ALIAS_DEPTH) {
      const alias = selectRoute(aliasRoutes, facts);
      if (alias) {
        const expanded = expand(alias.route, [...chain, target]);
        why.push(`Alias '${target}' → its route priority ${alias.route.priority}: ${expanded.reason}.`);
        return expanded.entries;
      }
    }
    try {
      return [resolveModel(snapshot, principal, target, kind)];
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      firstError ??= error;
      record.skipped.push({ target, reason: error.message });
      return [];
    }
  };

  const top = expand(selected.route, [name]);
  why.push(`Order: ${top.reason}.`);
  const seen = new Set<string>();
  const candidates = top.entries.filter((entry) => !seen.has(entry.publicName) && seen.add(entry.publicName));
  if (candidates.length === 0) {
    const refusal = firstError ?? new GatewayError(404, `Route '${name}' has no target this key may use.`, "invalid_request_error", "model_not_found", "model");
    record.reason = [...why, "No target of the route may be used by this caller."].join(" ");
    return { candidates, direct: false, why, record, refusal };
  }
  return { candidates, direct: false, why, record };
}
