import { openAiFinishReason, openAiUsage } from "./anthropic-response";
import type { AnthropicStreamEvent, AnthropicUsage } from "./anthropic-wire";
import { chunkWriter, nowInSeconds, type ChunkWriter } from "./openai-chunks";
import { parseSseJson } from "./sse";
import type { ChatCompletionChunk } from "./types";
import { UpstreamProtocolError } from "./types";

export type StreamOptions = { providerName: string; includeUsage: boolean; created?: number };

/**
 * Anthropic's stream events as OpenAI `chat.completion.chunk`s. Tool calls are numbered from 0
 * in the order they start (OpenAI's `index`), not by content block: a text block before a
 * tool_use block would otherwise make the first tool call index 1.
 */
export async function* anthropicStreamToChunks(
  events: AsyncIterable<{ event?: string; data: string }>,
  options: StreamOptions,
): AsyncGenerator<ChatCompletionChunk> {
  const { providerName } = options;
  let writer: ChunkWriter | null = null;
  const toolIndexByBlock = new Map<number, number>();
  let usage: AnthropicUsage = {};
  let stopped = false;

  const started = (): ChunkWriter => {
    if (!writer) throw new UpstreamProtocolError(`${providerName} sent stream content before message_start`);
    return writer;
  };

  for await (const message of events) {
    const event = parseSseJson(message.data, providerName) as AnthropicStreamEvent;
    switch (event.type) {
      case "message_start":
        writer = chunkWriter({
          id: `chatcmpl-${event.message.id}`,
          created: options.created ?? nowInSeconds(),
          model: event.message.model,
          includeUsage: options.includeUsage,
        });
        usage = { ...event.message.usage };
        yield writer.choice({ role: "assistant", content: "" });
        break;

      case "content_block_start": {
        const block = event.content_block;
        if (block.type === "tool_use") {
          const index = toolIndexByBlock.size;
          toolIndexByBlock.set(event.index, index);
          const toolCall = { index, id: block.id, type: "function", function: { name: block.name, arguments: "" } };
          yield started().choice({ tool_calls: [toolCall] });
        } else if (block.type === "text" && typeof block.text === "string" && block.text) {
          yield started().choice({ content: block.text });
        }
        break;
      }

      case "content_block_delta": {
        const delta = event.delta;
        if (delta.type === "text_delta" && delta.text) {
          yield started().choice({ content: delta.text });
        } else if (delta.type === "input_json_delta" && delta.partial_json) {
          const index = toolIndexByBlock.get(event.index);
          if (index === undefined) throw new UpstreamProtocolError(`${providerName} sent tool input for a block that is not a tool call`);
          yield started().choice({ tool_calls: [{ index, function: { arguments: delta.partial_json } }] });
        }
        // thinking_delta, signature_delta and citations_delta have no chat.completion equivalent
        break;
      }

      case "message_delta":
        // output_tokens here is the running total; newer API versions may repeat input counts too
        usage = { ...usage, ...definedCounts(event.usage ?? {}) };
        yield started().choice({}, openAiFinishReason(event.delta.stop_reason));
        break;

      case "message_stop":
        // The body ends right after; reading it to the end lets the connection be reused.
        stopped = true;
        break;

      case "error":
        throw new UpstreamProtocolError(`${providerName}: ${event.error?.message ?? "stream error"}`);

      default:
        // ping, content_block_stop, and event types added later (Anthropic's versioning policy
        // says clients must tolerate them)
        break;
    }
  }
  if (!stopped || !writer) throw new UpstreamProtocolError(`${providerName} ended the stream before it was complete`);
  if (options.includeUsage) yield writer.usage(openAiUsage(usage));
}

function definedCounts(usage: AnthropicUsage): AnthropicUsage {
  return Object.fromEntries(Object.entries(usage).filter(([, count]) => typeof count === "number"));
}
