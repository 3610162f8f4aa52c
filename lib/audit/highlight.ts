import { textSegments } from "@/lib/gateway/message-text";
import type { StoredFinding } from "@/lib/gateway/stored-prompt";
import type { ChatMessage } from "@/lib/providers/types";

/** A run of text, marked when findings cover it (overlapping findings share one mark). */
export type Piece = { text: string; findings?: Pick<StoredFinding, "ruleId" | "category" | "severity">[] };

export type PromptView =
  | { kind: "messages"; messages: { role: string; segments: { label: string | null; pieces: Piece[] }[] }[] }
  | { kind: "text"; pieces: Piece[] };

/** Splits `text` into plain and marked runs. Offsets outside the text are clamped, never trusted. */
export function highlight(text: string, findings: readonly StoredFinding[]): Piece[] {
  const spans = findings
    .map((f) => ({ start: Math.max(0, Math.min(text.length, f.start)), end: Math.max(0, Math.min(text.length, f.end)), finding: f }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const pieces: Piece[] = [];
  let cursor = 0;
  for (let i = 0; i < spans.length; ) {
    const start = spans[i]!.start;
    let end = spans[i]!.end;
    const covering = [];
    while (i < spans.length && spans[i]!.start < end) {
      end = Math.max(end, spans[i]!.end);
      covering.push(spans[i]!.finding);
      i++;
    }
    if (start > cursor) pieces.push({ text: text.slice(cursor, start) });
    pieces.push({ text: text.slice(start, end), findings: covering.map(({ ruleId, category, severity }) => ({ ruleId, category, severity })) });
    cursor = end;
  }
  if (cursor < text.length || pieces.length === 0) pieces.push({ text: text.slice(cursor) });
  return pieces;
}

/**
 * The stored prompt for reading: message by message, each text segment with its findings marked
 * (offsets are per segment; see lib/gateway/stored-prompt.ts). A prompt cut at the storage limit
 * is no longer valid JSON and is shown as plain text without marks.
 */
export function promptView(promptText: string, findings: readonly StoredFinding[]): PromptView {
  let messages: ChatMessage[];
  try {
    messages = JSON.parse(promptText) as ChatMessage[];
    if (!Array.isArray(messages)) throw new Error("not a message list");
  } catch {
    return { kind: "text", pieces: [{ text: promptText }] };
  }
  const input = findings.filter((f) => f.direction === "input");
  const segments = textSegments(messages);
  return {
    kind: "messages",
    messages: messages.map((message, index) => ({
      role: typeof message.role === "string" ? message.role : "message",
      segments: segments
        .filter((segment) => segment.message === index)
        .map((segment) => ({
          label: segment.part === null ? null : segment.part >= 0 ? `part ${segment.part + 1}` : `tool call ${-segment.part}`,
          pieces: highlight(segment.text, input.filter((f) => f.message === segment.message && (f.part ?? null) === segment.part)),
        })),
    })),
  };
}
