import type { GeminiCandidate, GeminiPart, GeminiResponse, GeminiUsageMetadata } from "./gemini-wire";
import { nowInSeconds } from "./openai-chunks";
import type { ChatCompletion, Usage } from "./types";
import { UpstreamProtocolError } from "./types";

export type OpenAiToolCallOut = {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
  extra_content?: { google: { thought_signature: string } };
};

/** A Gemini generateContent response as an OpenAI `chat.completion`, one choice per candidate. */
export function fromGeminiResponse(
  response: GeminiResponse,
  options: { providerName: string; fallbackModel: string; created?: number },
): ChatCompletion {
  if (!response || typeof response !== "object" || (response.candidates !== undefined && !Array.isArray(response.candidates))) {
    throw new UpstreamProtocolError(`${options.providerName} answered with something that is not a GenerateContentResponse`);
  }
  const candidates = response.candidates ?? [];
  const choices = candidates.map((candidate, position) => {
    const { text, toolCalls } = candidateOutput(candidate);
    return {
      index: candidate.index ?? position,
      message: {
        role: "assistant",
        content: text || toolCalls.length === 0 ? text : null,
        refusal: null,
        ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
      },
      logprobs: null,
      finish_reason: openAiFinishReason(candidate.finishReason, toolCalls.length > 0) ?? "stop",
    };
  });
  // A blocked prompt gets no candidates at all; OpenAI's nearest shape is an empty filtered answer.
  if (choices.length === 0 && response.promptFeedback?.blockReason) {
    choices.push({ index: 0, message: { role: "assistant", content: null, refusal: null }, logprobs: null, finish_reason: "content_filter" });
  }
  return {
    id: completionId(response),
    object: "chat.completion",
    created: options.created ?? nowInSeconds(),
    model: response.modelVersion ?? options.fallbackModel,
    choices,
    usage: openAiUsage(response.usageMetadata ?? {}),
  };
}

export function completionId(response: GeminiResponse): string {
  return `chatcmpl-${response.responseId ?? crypto.randomUUID().replaceAll("-", "")}`;
}

/** Answer text and function calls of a candidate; thought summaries are reasoning, not answer. */
export function candidateOutput(candidate: GeminiCandidate): { text: string; toolCalls: OpenAiToolCallOut[] } {
  let text = "";
  const toolCalls: OpenAiToolCallOut[] = [];
  for (const part of candidate.content?.parts ?? []) {
    if (typeof part.text === "string" && !part.thought) text += part.text;
    if (part.functionCall) toolCalls.push(toolCallFrom(part));
  }
  return { text, toolCalls };
}

/**
 * Gemini does not name its function calls, so each gets a fresh OpenAI-style id: unique, since
 * clients key calls and results by id across the whole conversation. The thought signature rides
 * along where Google's own OpenAI-compatible endpoint puts it, so a client that sends the
 * assistant message back unchanged returns it (gemini-request.ts).
 */
function toolCallFrom(part: GeminiPart): OpenAiToolCallOut {
  const call = part.functionCall!;
  return {
    id: newToolCallId(),
    type: "function",
    function: { name: call.name, arguments: JSON.stringify(call.args ?? {}) },
    ...(part.thoughtSignature ? { extra_content: { google: { thought_signature: part.thoughtSignature } } } : {}),
  };
}

export function newToolCallId(): string {
  return `call_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
}

/** null while a candidate is still going (no finishReason yet). */
export function openAiFinishReason(finishReason: string | undefined, hadToolCalls: boolean): string | null {
  switch (finishReason) {
    case undefined:
    case "FINISH_REASON_UNSPECIFIED":
      return null;
    case "MAX_TOKENS":
      return "length";
    case "SAFETY":
    case "RECITATION":
    case "BLOCKLIST":
    case "PROHIBITED_CONTENT":
    case "SPII":
    case "IMAGE_SAFETY":
      return "content_filter";
    default:
      // STOP, and the rest (LANGUAGE, OTHER, MALFORMED_FUNCTION_CALL…), which OpenAI has no word for
      return hadToolCalls ? "tool_calls" : "stop";
  }
}

/**
 * Thinking tokens are billed as output and counted in totalTokenCount, so they belong in
 * completion_tokens (as OpenAI counts reasoning tokens); tool-use prompt tokens likewise in
 * prompt_tokens. Cached tokens are already inside promptTokenCount.
 */
export function openAiUsage(usage: GeminiUsageMetadata): Usage {
  const prompt = (usage.promptTokenCount ?? 0) + (usage.toolUsePromptTokenCount ?? 0);
  const completion = (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: usage.totalTokenCount ?? prompt + completion };
}
