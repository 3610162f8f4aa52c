import { redactWithSpans } from "@/lib/inspection";
import type { Finding, Inspector } from "@/lib/inspection/types";
import type { PromptStorage } from "@/lib/generated/prisma/enums";
import type { DIRECTIONS } from "@/lib/policy/policy-schema";
import type { ChatMessage } from "@/lib/providers/types";
import type { RequestContext } from "./request-context";
import { replaceSegments, textSegments } from "./message-text";

/** Longest prompt or answer text an audit row keeps. */
export const STORED_TEXT_LIMIT = 100_000;

/**
 * One finding as the audit row keeps it: never the matched text. For the prompt (`input`),
 * `message`/`part` name the text segment (lib/gateway/message-text.ts) and `start`/`end` are
 * UTF-16 offsets into that segment's text *as stored*; for the answer (`output`) they are offsets
 * into the stored response text. An MCP tool call's row (lib/mcp/tool-call-record.ts) has
 * `tool_arguments` findings with offsets into its stored arguments (`promptText`) and
 * `tool_result` findings with offsets into its stored result (`responseText`).
 */
export type StoredFinding = {
  ruleId: string;
  category: Finding["category"];
  severity: Finding["severity"];
  /** MCP tool calls (lib/mcp/stored-tool-call.ts) store their arguments' and results' findings the same way. */
  direction: (typeof DIRECTIONS)[number];
  message?: number;
  part?: number | null;
  start: number;
  end: number;
};

/**
 * Why per-segment offsets: `promptText` is JSON.stringify(messages), so an offset into the JSON
 * would shift with every escaped quote or newline. The detail page parses the JSON back, walks
 * the same text segments the inspector saw, and highlights inside each; the offsets are mapped
 * through the masking below so they point at what is stored ([REDACTED:…] markers included).
 *
 * What is stored, by the org's mode:
 * - none: no text; findings keep their rule, category, severity and position only.
 * - redacted: every finding masked, whatever the policy did with it.
 * - full: the prompt as it went to the provider (the policy's redactions applied).
 * A blocked prompt never left, so it is stored masked in every mode that stores text: the audit
 * must not become the one place the refused secret was kept.
 */
export function storedPrompt(mode: PromptStorage | undefined, ctx: RequestContext, blocked: boolean): { text: string | null; findings: StoredFinding[] } {
  const inspection = ctx.inspection;
  if (!inspection) return { text: null, findings: [] };
  const segments = textSegments(inspection.messages);
  const stores = mode === "full" || mode === "redacted";
  const maskAll = mode === "redacted" || blocked;
  const findings: StoredFinding[] = [];
  const texts = segments.map((segment, index) => {
    const inSegment = inspection.findings.filter((finding) => finding.segment === index);
    const masked = maskAll ? inSegment : inSegment.filter((finding) => inspection.redacted.includes(finding));
    const { text, spans } = stores ? redactWithSpans(segment.text, masked, inSegment) : { text: segment.text, spans: inSegment };
    inSegment.forEach((finding, i) =>
      findings.push({ ...describe(finding, "input"), message: segment.message, part: segment.part, start: spans[i]!.start, end: spans[i]!.end }),
    );
    return text;
  });
  if (!stores) return { text: null, findings };
  const messages: ChatMessage[] = replaceSegments(inspection.messages, segments, texts);
  return { text: JSON.stringify(messages).slice(0, STORED_TEXT_LIMIT), findings };
}

/** Whether an org's rows keep answers' text (redacted or full), so a stream must gather it as it flows. */
export function storesAnswerText(mode: PromptStorage | undefined): boolean {
  return mode === "full" || mode === "redacted";
}

/**
 * The answer as stored, with what the org's detectors find in it. Output rules may run only a
 * few detectors, so in redacted mode the answer is inspected again with all of them before it is
 * kept (masked). Nothing is inspected when no text is kept.
 */
export function storedResponse(mode: PromptStorage | undefined, text: string | null | undefined, inspector: Inspector | undefined): { text: string | null; findings: StoredFinding[] } {
  if (!text || !storesAnswerText(mode)) return { text: null, findings: [] };
  const clipped = text.slice(0, STORED_TEXT_LIMIT);
  if (!inspector) return mode === "full" ? { text: clipped, findings: [] } : { text: null, findings: [] };
  const found = inspector.inspect(clipped);
  const { text: stored, spans } = redactWithSpans(clipped, mode === "redacted" ? found : [], found);
  return { text: stored, findings: found.map((finding, i) => ({ ...describe(finding, "output"), start: spans[i]!.start, end: spans[i]!.end })) };
}

const describe = (finding: Finding, direction: StoredFinding["direction"]) => ({ ruleId: finding.ruleId, category: finding.category, severity: finding.severity, direction });
