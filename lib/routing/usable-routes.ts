import type { OrgSnapshot } from "@/lib/gateway/gateway-cache";
import type { Principal } from "@/lib/gateway/principal";
import { usableModels } from "@/lib/gateway/resolve-model";

/**
 * Route names (that are not themselves catalog models) the principal can be served under: some route
 * of that name reaches, directly or through aliases, a catalog model the principal may use. What
 * `GET /v1/models` adds to the catalog models, so apps see every name they may send.
 */
export function usableRouteNames(snapshot: OrgSnapshot, principal: Principal): { name: string; kind: "chat" | "embedding" }[] {
  const usable = new Map(usableModels(snapshot, principal).map((model) => [model.publicName, model.kind]));
  const reachable = (name: string, seen: Set<string>): "chat" | "embedding" | null => {
    if (seen.has(name)) return null; // alias loops are refused on save; a hand-edited one ends here
    seen.add(name);
    for (const route of snapshot.routes.get(name) ?? []) {
      for (const target of route.targets) {
        // A target with the route's own name is the catalog model of that name.
        const kind = target.model === name ? usable.get(name) : (usable.get(target.model) ?? reachable(target.model, seen));
        if (kind) return kind;
      }
    }
    return null;
  };
  return [...snapshot.routes.keys()]
    .filter((name) => !snapshot.models.has(name))
    .flatMap((name) => {
      const kind = reachable(name, new Set());
      return kind ? [{ name, kind }] : [];
    });
}
