import type { Finding } from "./types";

/** `secret.aws_access_key_id` → `aws_access_key_id`: the category is implied and keeps the marker short. */
function label(ruleId: string): string {
  const dot = ruleId.indexOf(".");
  return dot === -1 ? ruleId : ruleId.slice(dot + 1);
}

/** A masked stretch: where it was in the input, where its marker is in the output. */
type Region = { inStart: number; inEnd: number; outStart: number; outEnd: number };

/**
 * Replaces each finding's span with [REDACTED:<rule>]. Overlapping spans merge into one marker named
 * after the finding that starts first (longest on ties), so no fragment of a value leaks between two
 * markers; spans that only touch get a marker each.
 */
export function redact(text: string, findings: Finding[]): string {
  return redactWithSpans(text, findings, []).text;
}

/**
 * `redact`, also saying where other findings (`locate`) lie in the redacted text: a finding inside
 * a masked stretch points at its marker, any other is shifted by the markers before it. The audit
 * uses it to keep highlight offsets that are true of the text it stores.
 */
export function redactWithSpans(text: string, findings: Finding[], locate: readonly Finding[]): { text: string; spans: { start: number; end: number }[] } {
  const spans = findings
    .map((f) => ({ start: Math.max(0, f.start), end: Math.min(text.length, f.end), ruleId: f.ruleId }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const regions: Region[] = [];
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
    out += text.slice(cursor, first.start);
    const outStart = out.length;
    out += `[REDACTED:${label(first.ruleId)}]`;
    regions.push({ inStart: first.start, inEnd: end, outStart, outEnd: out.length });
    cursor = end;
  }
  out += text.slice(cursor);
  const map = (position: number, side: "start" | "end") => {
    let shift = 0;
    for (const region of regions) {
      if (side === "start" ? position < region.inStart : position <= region.inStart) break;
      if (side === "start" ? position < region.inEnd : position <= region.inEnd) return side === "start" ? region.outStart : region.outEnd;
      shift += region.outEnd - region.outStart - (region.inEnd - region.inStart);
    }
    return position + shift;
  };
  return { text: out, spans: locate.map((f) => ({ start: map(Math.max(0, f.start), "start"), end: map(Math.min(text.length, f.end), "end") })) };
}
