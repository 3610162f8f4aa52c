import { listEntries, type RouteDraft } from "./route-draft";

/** Fields of the route form that show their own errors. */
export const ROUTE_FIELDS = ["name", "priority", "description", "strategy", "latencyTargetMs", "workloads", "keyTags", "minPromptChars", "maxPromptChars"] as const;
export type RouteField = (typeof ROUTE_FIELDS)[number];

const LABELS: Record<RouteField, string> = {
  name: "Name",
  priority: "Priority",
  description: "Description",
  strategy: "Strategy",
  latencyTargetMs: "Latency target",
  workloads: "Workloads",
  keyTags: "Key tags",
  minPromptChars: "Minimum prompt size",
  maxPromptChars: "Maximum prompt size",
};

export type PlacedRouteErrors = {
  fields: Partial<Record<RouteField, string[]>>;
  /** About the target list as a whole ("add at least one", "every weight is zero", mixed kinds). */
  targets: string[];
  /** By row index as submitted: errors of that row's model and weight. */
  rows: Record<number, { model?: string[]; weight?: string[] }>;
  /** Errors with no field on screen ("form", or a field that is hidden), with a readable prefix. */
  unplaced: string[];
};

/**
 * Sorts a save's field errors (paths like `name`, `workloads.1`, `targets`, `targets.0.model`,
 * `form`) to the control each belongs to, so every message is shown next to what it is about.
 * Entries of a list field name the entry; anything without a visible control is unplaced.
 */
export function placeRouteErrors(
  fieldErrors: Record<string, string[]> | undefined,
  draft: RouteDraft,
  visible: { latencyTargetMs: boolean },
): PlacedRouteErrors {
  const placed: PlacedRouteErrors = { fields: {}, targets: [], rows: {}, unplaced: [] };
  for (const [path, messages] of Object.entries(fieldErrors ?? {})) {
    const [head, index, leaf] = path.split(".");
    const field = ROUTE_FIELDS.find((name) => name === head);
    if (field && (field !== "latencyTargetMs" || visible.latencyTargetMs)) {
      const entry = (field === "workloads" || field === "keyTags") && index !== undefined ? listEntries(draft[field])[Number(index)] : undefined;
      (placed.fields[field] ??= []).push(...messages.map((message) => (entry === undefined ? message : `'${entry}': ${message}`)));
    } else if (field) {
      placed.unplaced.push(...messages.map((message) => `${LABELS[field]}: ${message}`));
    } else if (head === "targets" && index === undefined) {
      placed.targets.push(...messages);
    } else if (head === "targets" && /^\d+$/.test(index!) && Number(index) < draft.targets.length && (leaf === "model" || leaf === "weight")) {
      ((placed.rows[Number(index)] ??= {})[leaf] ??= []).push(...messages);
    } else if (head === "targets") {
      const where = /^\d+$/.test(index!) ? `Target ${Number(index) + 1}` : path;
      placed.targets.push(...messages.map((message) => `${where}: ${message}`));
    } else {
      placed.unplaced.push(...messages.map((message) => (path === "form" ? message : `${path}: ${message}`)));
    }
  }
  return placed;
}
