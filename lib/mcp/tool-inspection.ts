import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { type CompiledPolicy, type InspectionResult, inspectAndDecide } from "@/lib/gateway/policy-stage";
import type { RequestFacts } from "@/lib/policy/evaluate";
import type { ChatMessage } from "@/lib/providers/types";
import { replaceLeaves, stringLeaves } from "./tool-arguments";

/**
 * Tool calls go through the same policy engine as prompts: the arguments as direction
 * `tool_arguments`, the result as `tool_result`. Each string value is one text segment, so
 * block, redact and flag act exactly as they do for chat messages.
 */
export type TextInspection = Omit<InspectionResult, "messages"> & {
  direction: "tool_arguments" | "tool_result";
  /** The texts as received, and as they may go on (redacted where the policy says so). */
  original: string[];
  texts: string[];
};

export function inspectTexts(policy: CompiledPolicy, texts: string[], facts: Omit<RequestFacts, "direction">, direction: "tool_arguments" | "tool_result"): TextInspection {
  const messages: ChatMessage[] = texts.map((content) => ({ role: "tool", content }));
  const { messages: after, ...result } = inspectAndDecide(policy, messages, { ...facts, direction });
  return { ...result, direction, original: texts, texts: after.map((message) => message.content as string) };
}

export function inspectArguments(policy: CompiledPolicy, args: Record<string, unknown>, facts: Omit<RequestFacts, "direction">) {
  const inspection = inspectTexts(policy, stringLeaves(args).map((leaf) => leaf.text), facts, "tool_arguments");
  return { inspection, arguments: inspection.decision.action === "redact" ? replaceLeaves(args, inspection.texts) : args };
}

/**
 * The text a result carries: text content, embedded text resources and every string of its
 * structured content. (Images and audio are passed on uninspected, as in chat.)
 */
function resultProjection(result: CallToolResult) {
  return {
    content: result.content.map((item) => (item.type === "text" ? item.text : item.type === "resource" && "text" in item.resource ? item.resource.text : null)),
    structured: result.structuredContent ?? null,
  };
}

export function resultTexts(result: CallToolResult): string[] {
  return stringLeaves(resultProjection(result)).map((leaf) => leaf.text);
}

export function inspectResult(policy: CompiledPolicy, result: CallToolResult, facts: Omit<RequestFacts, "direction">) {
  const inspection = inspectTexts(policy, resultTexts(result), facts, "tool_result");
  if (inspection.decision.action !== "redact") return { inspection, result };
  const projected = replaceLeaves(resultProjection(result), inspection.texts);
  const content = result.content.map((item, index) => {
    const text = projected.content[index];
    if (typeof text !== "string") return item;
    if (item.type === "text") return { ...item, text };
    if (item.type === "resource" && "text" in item.resource) return { ...item, resource: { ...item.resource, text } };
    return item;
  });
  const structuredContent = projected.structured === null ? undefined : (projected.structured as Record<string, unknown>);
  return { inspection, result: { ...result, content, ...(structuredContent ? { structuredContent } : {}) } as CallToolResult };
}
