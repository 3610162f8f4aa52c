import type { GeminiResponse, GeminiUsageMetadata } from "./gemini-wire";
import { candidateOutput, completionId, openAiFinishReason, openAiUsage } from "./gemini-response";
import { chunkWriter, nowInSeconds, type ChunkWriter } from "./openai-chunks";
import { parseSseJson } from "./sse";
import type { ChatCompletionChunk } from "./types";
import { UpstreamProtocolError } from "./types";

export type GeminiStreamOptions = { providerName: string; fallbackModel: string; includeUsage: boolean; created?: number };

/**
 * streamGenerateContent events (each a whole GenerateContentResponse holding the next piece) as
 * OpenAI `chat.completion.chunk`s. Gemini sends a function call whole in one event, so each
 * becomes one complete tool_calls delta. The stream is complete once a candidate has a
 * finishReason; usage is the last usageMetadata seen, which Gemini sends with the final event.
 */
export async function* geminiStreamToChunks(
  events: AsyncIterable<{ event?: string; data: string }>,
  options: GeminiStreamOptions,
): AsyncGenerator<ChatCompletionChunk> {
  const { providerName } = options;
  let writer: ChunkWriter | null = null;
  let usage: GeminiUsageMetadata = {};
  let finished = false;
  const choices = new Map<number, { toolCalls: number }>();

  for await (const message of events) {
    const response = parseSseJson(message.data, providerName) as GeminiResponse;
    if (response.error) throw new UpstreamProtocolError(`${providerName}: ${response.error.message ?? "stream error"}`);
    writer ??= chunkWriter({
      id: completionId(response),
      created: options.created ?? nowInSeconds(),
      model: response.modelVersion ?? options.fallbackModel,
      includeUsage: options.includeUsage,
    });
    if (response.usageMetadata) usage = response.usageMetadata;

    const candidates = response.candidates ?? [];
    if (candidates.length === 0 && response.promptFeedback?.blockReason) {
      yield writer.choice({ role: "assistant", content: "" });
      yield writer.choice({}, "content_filter");
      finished = true;
    }
    for (const [position, candidate] of candidates.entries()) {
      const index = candidate.index ?? position;
      let choice = choices.get(index);
      if (!choice) {
        choice = { toolCalls: 0 };
        choices.set(index, choice);
        yield writer.choice({ role: "assistant", content: "" }, null, index);
      }
      const { text, toolCalls } = candidateOutput(candidate);
      if (text) yield writer.choice({ content: text }, null, index);
      for (const call of toolCalls) {
        yield writer.choice({ tool_calls: [{ index: choice.toolCalls++, ...call }] }, null, index);
      }
      const finishReason = openAiFinishReason(candidate.finishReason, choice.toolCalls > 0);
      if (finishReason) {
        yield writer.choice({}, finishReason, index);
        finished = true;
      }
    }
  }
  if (!finished || !writer) throw new UpstreamProtocolError(`${providerName} ended the stream before it was complete`);
  if (options.includeUsage) yield writer.usage(openAiUsage(usage));
}
