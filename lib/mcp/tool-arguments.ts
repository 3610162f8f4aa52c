import { createHash } from "node:crypto";
import { canonicalJson } from "@/lib/audit/chain/canonical-json";

/**
 * Tool arguments are JSON; inspection works on text. Every string value (a "leaf") is one text
 * segment, in a fixed depth-first order (object keys as sent, array items in order), so findings
 * can name a leaf by index and the stored arguments can be walked again to highlight them.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type StringLeaf = { path: (string | number)[]; text: string };

export function stringLeaves(value: unknown, path: (string | number)[] = [], leaves: StringLeaf[] = []): StringLeaf[] {
  if (typeof value === "string") leaves.push({ path, text: value });
  else if (Array.isArray(value)) value.forEach((item, index) => stringLeaves(item, [...path, index], leaves));
  else if (value && typeof value === "object") for (const [key, item] of Object.entries(value)) stringLeaves(item, [...path, key], leaves);
  return leaves;
}

/** A copy of `value` with its string leaves replaced, in `stringLeaves` order. */
export function replaceLeaves<T>(value: T, texts: string[]): T {
  let next = 0;
  const walk = (node: unknown): unknown => {
    if (typeof node === "string") return texts[next++];
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walk(item)]));
    return node;
  };
  return walk(value) as T;
}

/** sha256 of the canonical JSON: the same arguments in any key order hash the same (call approvals). */
export function argumentsHash(args: unknown): string {
  return createHash("sha256").update(canonicalJson(args ?? {})).digest("hex");
}

const MAX_SHAPE_DEPTH = 8;
const MAX_SHAPE_ITEMS = 50;

/**
 * The arguments with every value replaced by its type, strings by their length (and the rules
 * that found something in them): what an auditor needs to see the call's form, never its values.
 */
export function argumentShape(value: unknown, findingsByLeaf: Map<number, string[]> = new Map()): unknown {
  let leaf = 0;
  const walk = (node: unknown, depth: number): unknown => {
    if (typeof node === "string") {
      const rules = findingsByLeaf.get(leaf++);
      return rules?.length ? `string(${node.length}) [${[...new Set(rules)].join(", ")}]` : `string(${node.length})`;
    }
    if (node === null) return "null";
    if (typeof node !== "object") return typeof node;
    if (depth >= MAX_SHAPE_DEPTH) {
      leaf += stringLeaves(node).length; // keep leaf numbering aligned with stringLeaves
      return Array.isArray(node) ? "array(…)" : "object(…)";
    }
    if (Array.isArray(node)) {
      const shown = node.slice(0, MAX_SHAPE_ITEMS).map((item) => walk(item, depth + 1));
      for (const rest of node.slice(MAX_SHAPE_ITEMS)) leaf += stringLeaves(rest).length;
      return node.length > MAX_SHAPE_ITEMS ? [...shown, `… ${node.length - MAX_SHAPE_ITEMS} more`] : shown;
    }
    const entries = Object.entries(node);
    // Built with fromEntries, not `shape[key] =`: a key named __proto__ (JSON.parse makes it an
    // own key) would otherwise set the shape's prototype and vanish from the audit row.
    const shown: [string, unknown][] = entries.slice(0, MAX_SHAPE_ITEMS).map(([key, item]) => [key, walk(item, depth + 1)]);
    for (const [, rest] of entries.slice(MAX_SHAPE_ITEMS)) leaf += stringLeaves(rest).length;
    if (entries.length > MAX_SHAPE_ITEMS) shown.push(["…", `${entries.length - MAX_SHAPE_ITEMS} more keys`]);
    return Object.fromEntries(shown);
  };
  return walk(value, 0);
}
