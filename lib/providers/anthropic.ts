import type { Abortable } from "@/lib/http/abort-source";
import { toAnthropicRequest } from "./anthropic-request";
import { fromAnthropicMessage } from "./anthropic-response";
import { anthropicStreamToChunks } from "./anthropic-stream";
import type { AnthropicMessage, AnthropicRequest } from "./anthropic-wire";
import { upstreamRequest } from "./http";
import { readSse } from "./sse";
import type { AdapterCall, ChatRequest, ChatResult, ProviderAdapter, ProviderTarget } from "./types";
import { UnmappableRequestError, unmappableRequest } from "./unmappable-request";
import { postJson } from "./post-json";
import { readUpstreamJson, upstreamError } from "./upstream-error";

/** The Messages API version the mapping is written against; newer versions change event shapes. */
const ANTHROPIC_VERSION = "2023-06-01";

/**
 * Anthropic's Messages API behind OpenAI's chat-completions format: the request is translated
 * (anthropic-request.ts), and the answer comes back as a chat.completion or as
 * chat.completion.chunk objects. Anthropic has no embeddings endpoint, so there is no
 * `embeddings` here.
 */
export const anthropicAdapter: ProviderAdapter = {
  async chat(call: AdapterCall<ChatRequest>): Promise<ChatResult> {
    let request: AnthropicRequest;
    try {
      request = toAnthropicRequest(call.body, call.upstreamModel);
    } catch (cause) {
      if (cause instanceof UnmappableRequestError) return { type: "error", error: unmappableRequest(call.target.name, cause) };
      throw cause;
    }
    const response = await send(call.target, request, call.signal);
    if ("error" in response) return { type: "error", error: response.error };
    if (!request.stream) {
      const read = await readUpstreamJson<AnthropicMessage>(response.body, call.target.name, call.signal);
      if ("error" in read) return { type: "error", error: read.error };
      return { type: "json", completion: fromAnthropicMessage(read.value, call.target.name) };
    }
    const events = readSse(response.body, call.signal, call.target.name);
    const includeUsage = call.body.stream_options?.include_usage === true;
    return { type: "stream", chunks: anthropicStreamToChunks(events, { providerName: call.target.name, includeUsage }) };
  },

  async listModels(target: ProviderTarget, signal: AbortSignal): Promise<string[]> {
    // 1000 is the page-size cap; Anthropic lists a few dozen models, so one page is all of them
    const response = await upstreamRequest(`${target.baseUrl}/v1/models?limit=1000`, { method: "GET", headers: headers(target), signal });
    if (response.status !== 200) throw new Error(upstreamError(target.name, response.status, await response.body.text(), null, headers(target)).error.message);
    const listing = (await response.body.json()) as { data?: { id?: unknown }[] };
    return (listing.data ?? []).map((model) => String(model.id ?? "")).filter(Boolean);
  },
};

function send(target: ProviderTarget, body: AnthropicRequest, signal: Abortable) {
  return postJson(target.name, `${target.baseUrl}/v1/messages`, { headers: headers(target), body, signal });
}

function headers(target: ProviderTarget): Record<string, string> {
  return { "anthropic-version": ANTHROPIC_VERSION, ...(target.apiKey ? { "x-api-key": target.apiKey } : {}) };
}
