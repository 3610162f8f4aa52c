import { randomBytes } from "node:crypto";
import type { StoredFinding } from "@/lib/gateway/stored-prompt";
import { STORED_TEXT_LIMIT } from "@/lib/gateway/stored-prompt";
import type { PromptStorage } from "@/lib/generated/prisma/enums";
import { redactWithSpans } from "@/lib/inspection";
import { replaceLeaves } from "./tool-arguments";
import type { TextInspection } from "./tool-inspection";

/**
 * What a tool call's audit row keeps of its arguments and result, by the org's prompt storage
 * mode, as for prompts (lib/gateway/stored-prompt.ts): none keeps no text; redacted masks every
 * finding; full keeps what went on (the policy's redactions applied). Blocked text is always
 * masked. Each finding names its string value (`message`, in stringLeaves order) and carries
 * offsets into the whole stored text, which the detail page marks as it is.
 */
export type Rendered = { text: string; leafStarts: number[]; escaped: boolean };
export type Renderer = (texts: string[]) => Rendered;

export function storedToolText(mode: PromptStorage, inspection: TextInspection | undefined, blocked: boolean, render: Renderer): { text: string | null; findings: StoredFinding[] } {
  if (!inspection) return { text: null, findings: [] };
  const stores = mode === "full" || mode === "redacted";
  const maskAll = mode === "redacted" || blocked;
  const located: { leaf: number; finding: TextInspection["findings"][number]; start: number; end: number }[] = [];
  const texts = inspection.original.map((original, leaf) => {
    const inLeaf = inspection.findings.filter((finding) => finding.segment === leaf);
    const masked = maskAll ? inLeaf : inLeaf.filter((finding) => inspection.redacted.includes(finding));
    const { text, spans } = stores ? redactWithSpans(original, masked, inLeaf) : { text: original, spans: inLeaf };
    inLeaf.forEach((finding, i) => located.push({ leaf, finding, start: spans[i]!.start, end: spans[i]!.end }));
    return text;
  });
  const rendered = stores ? render(texts) : null;
  const findings = located.map(({ leaf, finding, start, end }): StoredFinding => {
    const base = rendered ? rendered.leafStarts[leaf]! : 0;
    const at = (offset: number) => base + (rendered?.escaped ? escapedLength(texts[leaf]!.slice(0, offset)) : offset);
    return { ruleId: finding.ruleId, category: finding.category, severity: finding.severity, direction: inspection.direction, message: leaf, part: null, start: rendered ? at(start) : start, end: rendered ? at(end) : end };
  });
  return { text: rendered ? rendered.text.slice(0, STORED_TEXT_LIMIT) : null, findings };
}

/** How long a piece of a string is once written inside a JSON string literal. */
const escapedLength = (text: string) => JSON.stringify(text).length - 2;

/**
 * The arguments as stored: the JSON object the client sent (indented for reading), with string
 * values as given. Each value is first written as a unique marker, so where its text starts in
 * the JSON is found exactly, whatever escaping the text before it needed.
 */
export const renderArguments =
  (args: Record<string, unknown>): Renderer =>
  (texts) => {
    const nonce = randomBytes(8).toString("hex");
    const marker = (index: number) => `\u2063${nonce}:${index}\u2063`;
    const withMarkers = JSON.stringify(replaceLeaves(args, texts.map((_, index) => marker(index))), null, 2);
    let text = "";
    let cursor = 0;
    const leafStarts: number[] = [];
    texts.forEach((value, index) => {
      const at = withMarkers.indexOf(marker(index), cursor);
      text += withMarkers.slice(cursor, at);
      leafStarts.push(text.length);
      text += JSON.stringify(value).slice(1, -1);
      cursor = at + marker(index).length;
    });
    return { text: text + withMarkers.slice(cursor), leafStarts, escaped: true };
  };

/** A result as stored: its texts (content, embedded resources, structured strings) one after another. */
export const RESULT_SEPARATOR = "\n\n";
export const renderResult: Renderer = (texts) => {
  const leafStarts: number[] = [];
  let length = 0;
  for (const text of texts) {
    leafStarts.push(length);
    length += text.length + RESULT_SEPARATOR.length;
  }
  return { text: texts.join(RESULT_SEPARATOR), leafStarts, escaped: false };
};
