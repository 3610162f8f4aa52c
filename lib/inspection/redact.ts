import type { Finding } from "./types";

/** `secret.aws_access_key_id` → `aws_access_key_id`: the category is implied and keeps the marker short. */
function label(ruleId: string): string {
  const dot = ruleId.indexOf(".");
  return dot === -1 ? ruleId : ruleId.slice(dot + 1);
}

/**
 * Replaces each finding's span with [REDACTED:<rule>]. Overlapping (or touching) spans merge into one
 * marker named after the finding that starts first (longest on ties), so no fragment of a value leaks
 * between two markers.
 */
export function redact(text: string, findings: Finding[]): string {
  const spans = findings
    .map((f) => ({ start: Math.max(0, f.start), end: Math.min(text.length, f.end), ruleId: f.ruleId }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  let out = "";
  let cursor = 0;
  let i = 0;
  while (i < spans.length) {
    const first = spans[i]!;
    let end = first.end;
    i++;
    while (i < spans.length && spans[i]!.start < end) {
      end = Math.max(end, spans[i]!.end);
      i++;
    }
    out += text.slice(cursor, first.start) + `[REDACTED:${label(first.ruleId)}]`;
    cursor = end;
  }
  return out + text.slice(cursor);
}
