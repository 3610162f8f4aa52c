/**
 * Save-time checks that need the rest of the org: every target names a catalog model or another
 * route, aliases never loop back, one route serves one kind of model, and no change leaves another
 * route pointing at nothing. Pure functions over a picture of the org, so they are unit-tested
 * without a database; route-service.ts feeds them.
 *
 * How a target name is read (the same rule the gateway follows at request time): a target equal to
 * the route's own name is the catalog model of that name (a route cannot go through itself); any
 * other name is an alias when routes of that name exist, else a catalog model.
 */
export type ModelKind = "chat" | "embedding";

export type RouteShape = { id?: string; name: string; priority?: number; targets: readonly { model: string }[] };

export type OrgRoutingPicture = {
  catalog: ReadonlyMap<string, ModelKind>;
  routes: readonly RouteShape[];
};

type FieldErrors = Record<string, string[]>;

/** Field errors for saving `route` (replacing the row `selfId` if it is an update), or null. */
export function routeReferenceErrors(route: RouteShape, org: OrgRoutingPicture, selfId?: string): FieldErrors | null {
  const routes = [...org.routes.filter((other) => other.id === undefined || other.id !== selfId), route];
  const byName = groupByName(routes);
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);

  route.targets.forEach((target, index) => {
    const field = `targets.${index}.model`;
    if (target.model === route.name) {
      if (!org.catalog.has(target.model)) {
        add(field, `'${target.model}' is this route's own name, which means the catalog model '${target.model}', and there is none. Publish it, or choose another target.`);
      }
      return;
    }
    if (!byName.has(target.model) && !org.catalog.has(target.model)) {
      add(field, `There is no catalog model or route named '${target.model}' in this org (was it unpublished, or its provider removed?).`);
      return;
    }
    const loop = aliasPathBack(target.model, route.name, byName);
    if (loop) add(field, `Aliases loop: ${[route.name, ...loop].map((name) => `'${name}'`).join(" → ")}. A route cannot lead back to itself.`);
  });
  if (Object.keys(errors).length > 0) return errors;

  const kinds = reachableKinds(route.name, byName, org.catalog);
  if (kinds.size > 1) add("targets", "The targets mix chat and embedding models. A route serves one kind: make separate routes.");
  return Object.keys(errors).length > 0 ? errors : null;
}

/**
 * Routes that would point at nothing once no route is named `name` any more (a route deleted or
 * renamed, `org` being the routes after the change), as readable sentences. Only references to
 * `name` count: a route already broken by an unpublished model does not block unrelated changes.
 */
export function danglingReferences(org: OrgRoutingPicture, name: string): string[] {
  if (org.catalog.has(name) || org.routes.some((route) => route.name === name)) return [];
  return org.routes
    .filter((route) => route.name !== name && route.targets.some((target) => target.model === name))
    .map((route) => `Route '${route.name}' (priority ${route.priority ?? 0}) sends to '${name}', which would no longer exist. Change that route first.`);
}

function groupByName(routes: readonly RouteShape[]): Map<string, RouteShape[]> {
  const byName = new Map<string, RouteShape[]>();
  for (const route of routes) byName.set(route.name, [...(byName.get(route.name) ?? []), route]);
  return byName;
}

/** The alias names from `from` that lead back to `start` (ending with it), or null. */
function aliasPathBack(from: string, start: string, byName: Map<string, RouteShape[]>): string[] | null {
  const visited = new Set<string>();
  const walk = (name: string, path: string[]): string[] | null => {
    if (name === start) return path;
    if (visited.has(name) || !byName.has(name)) return null;
    visited.add(name);
    for (const route of byName.get(name)!) {
      for (const target of route.targets) {
        if (target.model === name) continue; // its own name: the catalog model
        const found = walk(target.model, [...path, target.model]);
        if (found) return found;
      }
    }
    return null;
  };
  return walk(from, [from]);
}

/** The kinds of the catalog models a name can end at, through any alias and priority. */
function reachableKinds(start: string, byName: Map<string, RouteShape[]>, catalog: ReadonlyMap<string, ModelKind>): Set<ModelKind> {
  const kinds = new Set<ModelKind>();
  const visited = new Set<string>();
  const visit = (name: string, asCatalog: boolean) => {
    if (asCatalog || !byName.has(name)) {
      const kind = catalog.get(name);
      if (kind) kinds.add(kind);
      return;
    }
    if (visited.has(name)) return;
    visited.add(name);
    // A name with routes can still end at its catalog model when none of its routes applies.
    if (name !== start) visit(name, true);
    for (const route of byName.get(name)!) for (const target of route.targets) visit(target.model, target.model === name);
  };
  visit(start, false);
  return kinds;
}
