import type { Db } from "@/lib/db/client";
import type { RouteStrategy, RouteTarget } from "./route-schema";

/** A route as the hot path holds it in the org snapshot. */
export type RouteRecord = {
  id: string;
  name: string;
  priority: number;
  strategy: RouteStrategy;
  latencyTargetMs: number | null;
  workloads: string[];
  keyTags: string[];
  minPromptChars: number | null;
  maxPromptChars: number | null;
  targets: RouteTarget[];
};

/** Routes by name, lowest priority first: what gateway-cache.ts puts in each org snapshot. */
export type RoutesByName = Map<string, RouteRecord[]>;

/** Stored targets are validated on save; a row edited by hand keeps only well-formed targets. */
export function storedTargets(json: unknown): RouteTarget[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((item) => {
    const target = item as { model?: unknown; weight?: unknown };
    if (typeof target?.model !== "string") return [];
    const weight = typeof target.weight === "number" && Number.isFinite(target.weight) && target.weight >= 0 ? target.weight : 1;
    return [{ model: target.model, weight }];
  });
}

export async function loadRoutes(db: Db, orgId: string): Promise<RoutesByName> {
  const rows = await db.route.findMany({ where: { orgId }, orderBy: [{ name: "asc" }, { priority: "asc" }] });
  const byName: RoutesByName = new Map();
  for (const row of rows) {
    const record: RouteRecord = {
      id: row.id,
      name: row.name,
      priority: row.priority,
      strategy: row.strategy,
      latencyTargetMs: row.latencyTargetMs,
      workloads: row.workloads,
      keyTags: row.keyTags,
      minPromptChars: row.minPromptChars,
      maxPromptChars: row.maxPromptChars,
      targets: storedTargets(row.targets),
    };
    byName.set(row.name, [...(byName.get(row.name) ?? []), record]);
  }
  return byName;
}
