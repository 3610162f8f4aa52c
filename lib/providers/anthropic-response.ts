import type { AnthropicMessage, AnthropicUsage } from "./anthropic-wire";
import { nowInSeconds } from "./openai-chunks";
import type { ChatCompletion, Usage } from "./types";
import { UpstreamProtocolError } from "./types";

/** An Anthropic Messages response as an OpenAI `chat.completion`. */
export function fromAnthropicMessage(message: AnthropicMessage, providerName: string, created = nowInSeconds()): ChatCompletion {
  if (!message || typeof message.id !== "string" || !Array.isArray(message.content)) {
    throw new UpstreamProtocolError(`${providerName} answered with something that is not a message`);
  }
  let text = "";
  const toolCalls: Record<string, unknown>[] = [];
  for (const block of message.content) {
    if (block.type === "text" && typeof block.text === "string") text += block.text;
    if (block.type === "tool_use") {
      toolCalls.push({ id: block.id, type: "function", function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
    }
    // thinking, redacted_thinking and server-tool blocks have no place in chat.completion
  }
  return {
    id: `chatcmpl-${message.id}`,
    object: "chat.completion",
    created,
    model: message.model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          // OpenAI sends null, not "", when the model only called tools
          content: text || toolCalls.length === 0 ? text : null,
          refusal: null,
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: openAiFinishReason(message.stop_reason),
      },
    ],
    usage: openAiUsage(message.usage ?? {}),
  };
}

export function openAiFinishReason(stopReason: string | null | undefined): string {
  switch (stopReason) {
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "refusal":
      return "content_filter";
    default:
      // end_turn, stop_sequence, and pause_turn (a server tool paused; the answer so far is whole)
      return "stop";
  }
}

/**
 * Anthropic counts cached prompt tokens apart from input_tokens; OpenAI's prompt_tokens includes
 * them, so they are added back to keep prompt_tokens the size of the whole prompt.
 */
export function openAiUsage(usage: AnthropicUsage): Usage {
  const prompt = (usage.input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
  const completion = usage.output_tokens ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}
