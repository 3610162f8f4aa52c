import { diffLines } from "diff";
import { canonicalJson } from "@/lib/audit/chain/canonical-json";
import type { ToolDefinition } from "./tool-definition";

/**
 * What changed between the definition an admin approved and the one the server lists now, field
 * by field, so a held tool can be judged before approving again. Texts (where a "rug pull" hides
 * new instructions) are shown whole, before and after; schemas as a line diff of their JSON with
 * keys sorted, so a mere reordering of keys (which the hash ignores too) shows no change.
 */
export type DiffLine = { change: "added" | "removed" | "unchanged"; text: string } | { change: "skipped"; count: number };

export type TextField = "title" | "description";
export type JsonField = "inputSchema" | "outputSchema" | "annotations";

export type DefinitionChange =
  | { field: TextField; kind: "text"; before: string | null; after: string | null }
  | { field: JsonField; kind: "json"; lines: DiffLine[] };

const TEXT_FIELDS: TextField[] = ["title", "description"];
const JSON_FIELDS: JsonField[] = ["inputSchema", "outputSchema", "annotations"];

/** Unchanged lines kept around each change; longer unchanged runs are folded into one "skipped" line. */
export const CONTEXT_LINES = 3;

export function diffToolDefinitions(before: ToolDefinition, after: ToolDefinition): DefinitionChange[] {
  const changes: DefinitionChange[] = [];
  for (const field of TEXT_FIELDS) {
    const was = before[field] ?? null;
    const now = after[field] ?? null;
    if (was !== now) changes.push({ field, kind: "text", before: was, after: now });
  }
  for (const field of JSON_FIELDS) {
    const was = prettyJson(before[field]);
    const now = prettyJson(after[field]);
    if (was !== now) changes.push({ field, kind: "json", lines: foldUnchanged(lineDiff(was, now)) });
  }
  return changes;
}

/** Pretty-printed with sorted keys; an absent field is empty text, so adding one shows every line as added. */
function prettyJson(value: unknown): string {
  if (value === undefined) return "";
  return `${JSON.stringify(JSON.parse(canonicalJson(value)), null, 2)}\n`;
}

function lineDiff(before: string, after: string): DiffLine[] {
  const lines: DiffLine[] = [];
  for (const part of diffLines(before, after)) {
    const change = part.added ? "added" : part.removed ? "removed" : "unchanged";
    for (const text of part.value.replace(/\n$/, "").split("\n")) lines.push({ change, text });
  }
  return lines;
}

function foldUnchanged(lines: DiffLine[]): DiffLine[] {
  const changed = lines.map((line, index) => (line.change === "added" || line.change === "removed" ? index : -1)).filter((index) => index >= 0);
  const near = (index: number) => changed.some((at) => Math.abs(at - index) <= CONTEXT_LINES);
  const folded: DiffLine[] = [];
  let skipped = 0;
  lines.forEach((line, index) => {
    if (line.change !== "unchanged" || near(index)) {
      if (skipped) folded.push({ change: "skipped", count: skipped });
      skipped = 0;
      folded.push(line);
    } else {
      skipped++;
    }
  });
  if (skipped) folded.push({ change: "skipped", count: skipped });
  return folded;
}
