import type { Abortable } from "@/lib/http/abort-source";
import { fromGeminiEmbeddings, toGeminiEmbedRequest } from "./gemini-embeddings";
import { toGeminiRequest } from "./gemini-request";
import { fromGeminiResponse } from "./gemini-response";
import { geminiStreamToChunks } from "./gemini-stream";
import type { GeminiEmbedResponse, GeminiResponse } from "./gemini-wire";
import { upstreamRequest } from "./http";
import { readSse } from "./sse";
import type { AdapterCall, ChatRequest, ChatResult, EmbeddingsResult, ProviderAdapter, ProviderTarget } from "./types";
import { UnmappableRequestError, unmappableRequest } from "./unmappable-request";
import { postJson } from "./post-json";
import { readUpstreamJson, upstreamError } from "./upstream-error";

/**
 * Google's Gemini API (v1beta) behind OpenAI's chat-completions and embeddings formats: requests
 * are translated (gemini-request.ts, gemini-embeddings.ts) and answers come back as
 * chat.completion, chat.completion.chunk or embedding-list objects.
 */
export const geminiAdapter: ProviderAdapter = {
  async chat(call: AdapterCall<ChatRequest>): Promise<ChatResult> {
    const request = translate(call.target, () => toGeminiRequest(call.body));
    if ("error" in request) return { type: "error", error: request.error };
    const stream = call.body.stream === true;
    const method = stream ? "streamGenerateContent?alt=sse" : "generateContent";
    const response = await send(call.target, modelUrl(call.target, call.upstreamModel, method), request.value, call.signal);
    if ("error" in response) return { type: "error", error: response.error };
    const mapping = { providerName: call.target.name, fallbackModel: call.upstreamModel };
    if (!stream) {
      const read = await readUpstreamJson<GeminiResponse>(response.body, call.target.name, call.signal);
      if ("error" in read) return { type: "error", error: read.error };
      return { type: "json", completion: fromGeminiResponse(read.value, mapping) };
    }
    const events = readSse(response.body, call.signal, call.target.name);
    const includeUsage = call.body.stream_options?.include_usage === true;
    return { type: "stream", chunks: geminiStreamToChunks(events, { ...mapping, includeUsage }) };
  },

  async embeddings(call: AdapterCall<Record<string, unknown>>): Promise<EmbeddingsResult> {
    const model = bareModel(call.upstreamModel);
    const request = translate(call.target, () => toGeminiEmbedRequest(call.body, model));
    if ("error" in request) return { type: "error", error: request.error };
    const response = await send(call.target, modelUrl(call.target, model, "batchEmbedContents"), request.value, call.signal);
    if ("error" in response) return { type: "error", error: response.error };
    const read = await readUpstreamJson<GeminiEmbedResponse>(response.body, call.target.name, call.signal);
    if ("error" in read) return { type: "error", error: read.error };
    const embeddings = read.value;
    const options = { providerName: call.target.name, model: call.upstreamModel, encodingFormat: call.body.encoding_format };
    return { type: "json", response: fromGeminiEmbeddings(embeddings, options) };
  },

  async listModels(target: ProviderTarget, signal: AbortSignal): Promise<string[]> {
    // 1000 is the page-size cap; Gemini lists about fifty models, so one page is all of them
    const response = await upstreamRequest(`${target.baseUrl}/v1beta/models?pageSize=1000`, { method: "GET", headers: headers(target), signal });
    if (response.status !== 200) {
      const text = await response.body.text();
      throw new Error(upstreamError(target.name, errorStatus(response.status, text), text, null, headers(target)).error.message);
    }
    const listing = (await response.body.json()) as { models?: { name?: unknown }[] };
    return (listing.models ?? []).map((model) => bareModel(String(model.name ?? ""))).filter(Boolean);
  },
};

function translate<T>(target: ProviderTarget, build: () => T): { value: T } | { error: ReturnType<typeof unmappableRequest> } {
  try {
    return { value: build() };
  } catch (cause) {
    if (cause instanceof UnmappableRequestError) return { error: unmappableRequest(target.name, cause) };
    throw cause;
  }
}

/** Gemini names models "models/<id>"; the catalog may store either form. */
function bareModel(model: string): string {
  return model.replace(/^models\//, "");
}

function modelUrl(target: ProviderTarget, model: string, method: string): string {
  return `${target.baseUrl}/v1beta/models/${encodeURIComponent(bareModel(model))}:${method}`;
}

function send(target: ProviderTarget, url: string, body: unknown, signal: Abortable) {
  return postJson(target.name, url, { headers: headers(target), body, signal, statusOf: errorStatus });
}

/**
 * Gemini answers a bad API key with 400 INVALID_ARGUMENT (reason API_KEY_INVALID). That is our
 * configuration, not the caller's mistake, so it is treated as the 401 it means.
 */
function errorStatus(status: number, bodyText: string): number {
  return status === 400 && bodyText.includes("API_KEY_INVALID") ? 401 : status;
}

function headers(target: ProviderTarget): Record<string, string> {
  return target.apiKey ? { "x-goog-api-key": target.apiKey } : {};
}
