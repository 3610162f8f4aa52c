import type { TargetOption } from "./types";

/**
 * The choices for a route's targets: every catalog model and every other route name. A name that
 * is both is listed once, as a route, because that is how the gateway reads it; the route's own
 * name (when editing) is read as its catalog model, so it is listed as a model.
 */
export function targetOptions(
  models: { publicName: string; kind: string; providerName: string }[],
  routeNames: string[],
  ownName?: string,
): TargetOption[] {
  const aliases = [...new Set(routeNames)].filter((name) => name !== ownName).sort();
  const aliasSet = new Set(aliases);
  return [
    ...models
      .filter((model) => !aliasSet.has(model.publicName))
      .map((model): TargetOption => ({ value: model.publicName, label: `${model.publicName} (${model.kind}, ${model.providerName})`, group: "model" })),
    ...aliases.map((name): TargetOption => ({ value: name, label: `${name} (route)`, group: "route" })),
  ];
}
