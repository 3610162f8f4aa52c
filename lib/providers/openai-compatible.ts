import type { Abortable } from "@/lib/http/abort-source";
import { upstreamRequest } from "./http";
import { END_OF_STREAM, parseSseJson, sseEvents } from "./sse";
import type {
  AdapterCall,
  ChatCompletion,
  ChatCompletionChunk,
  ChatRequest,
  ChatResult,
  EmbeddingsResult,
  ProviderAdapter,
  ProviderTarget,
} from "./types";
import { UpstreamProtocolError } from "./types";
import { postJson } from "./post-json";
import type { UpstreamBody } from "./upstream-exchange";
import { readUpstreamJson, upstreamError } from "./upstream-error";

/**
 * OpenAI, Azure OpenAI and every OpenAI-compatible server (Ollama, vLLM, LM Studio, Groq,
 * Mistral, Together): the request goes out as the client wrote it, with only `model` replaced by
 * the upstream id, and the answer comes back as it is.
 */
export const openAiCompatibleAdapter: ProviderAdapter = {
  async chat(call: AdapterCall<ChatRequest>): Promise<ChatResult> {
    // Object.assign rather than a spread followed by `model`, which costs about a microsecond a member on Node 20.
    const body = Object.assign({}, call.body, { model: call.upstreamModel });
    const response = await send(call.target, "chat/completions", call.upstreamModel, body, call.signal);
    if ("error" in response) return { type: "error", error: response.error };
    if (!call.body.stream) {
      const read = await readUpstreamJson<ChatCompletion>(response.body, call.target.name, call.signal);
      if ("error" in read) return { type: "error", error: read.error };
      if (!hasChoices(read.value)) throw new UpstreamProtocolError(`${call.target.name} answered with something that is not a chat completion`);
      return { type: "json", completion: read.value };
    }
    return { type: "stream", chunks: openAiChunks(response.body, call.signal, call.target.name) };
  },

  async embeddings(call: AdapterCall<Record<string, unknown>>): Promise<EmbeddingsResult> {
    const body = Object.assign({}, call.body, { model: call.upstreamModel });
    const response = await send(call.target, "embeddings", call.upstreamModel, body, call.signal);
    if ("error" in response) return { type: "error", error: response.error };
    const read = await readUpstreamJson<Record<string, unknown>>(response.body, call.target.name, call.signal);
    return "error" in read ? { type: "error", error: read.error } : { type: "json", response: read.value };
  },

  async listModels(target: ProviderTarget, signal: AbortSignal): Promise<string[]> {
    const url = target.kind === "azure_openai" ? azureUrl(target, "models", null) : `${target.baseUrl}/models`;
    const headers = authHeaders(target);
    const response = await upstreamRequest(url, { method: "GET", headers, signal });
    if (response.status !== 200) throw new Error(upstreamError(target.name, response.status, await response.body.text(), null, headers).error.message);
    const listing = (await response.body.json()) as { data?: { id?: unknown }[] };
    return (listing.data ?? []).map((model) => String(model.id)).filter(Boolean);
  },
};

function send(target: ProviderTarget, path: string, model: string, body: unknown, signal: Abortable) {
  const url = target.kind === "azure_openai" ? azureUrl(target, path, model) : `${target.baseUrl}/${path}`;
  return postJson(target.name, url, { headers: authHeaders(target), body, signal });
}

function authHeaders(target: ProviderTarget): Record<string, string> {
  if (!target.apiKey) return {};
  return target.kind === "azure_openai" ? { "api-key": target.apiKey } : { authorization: `Bearer ${target.apiKey}` };
}

/** Azure routes by deployment: {base}/openai/deployments/{deployment}/{path}?api-version=… */
function azureUrl(target: ProviderTarget, path: string, deployment: string | null): string {
  const version = encodeURIComponent(target.apiVersion ?? "2024-10-21");
  const prefix = deployment ? `${target.baseUrl}/openai/deployments/${encodeURIComponent(deployment)}` : `${target.baseUrl}/openai`;
  return `${prefix}/${path}?api-version=${version}`;
}

/** The provider's chunks as they come, checked; the stream must end with `[DONE]`. */
function openAiChunks(body: UpstreamBody, signal: Abortable, providerName: string): AsyncIterableIterator<ChatCompletionChunk> {
  return sseEvents(body, {
    signal,
    providerName,
    endMarkerRequired: true,
    map(message) {
      if (message.data === "[DONE]") return END_OF_STREAM;
      const chunk = parseSseJson(message.data, providerName) as ChatCompletionChunk & { error?: { message?: string } };
      if (typeof chunk === "object" && chunk?.error) throw new UpstreamProtocolError(`${providerName}: ${chunk.error.message ?? "stream error"}`);
      if (!hasChoices(chunk)) throw new UpstreamProtocolError(`${providerName} sent a stream event that is not a chat completion chunk`);
      return chunk;
    },
  });
}

/**
 * Whether an answer or a stream event has the one field everything downstream reads: `choices`,
 * a list of objects (empty in a usage chunk). Anything else (null, a string, `{}`) is the
 * provider's protocol error, not something to hand on or to trip over.
 */
function hasChoices(value: unknown): boolean {
  const choices = (value as { choices?: unknown } | null)?.choices;
  return typeof value === "object" && value !== null && Array.isArray(choices) && choices.every((choice) => typeof choice === "object" && choice !== null);
}
