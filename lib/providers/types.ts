import type { Abortable } from "@/lib/http/abort-source";
/**
 * The contract between the gateway pipeline and a provider adapter. The pipeline speaks OpenAI's
 * wire format end to end; each adapter turns an OpenAI-shaped request into its provider's call and
 * the provider's answer back into OpenAI's shapes (JSON, or chat.completion.chunk objects for a
 * stream). OpenAI-compatible adapters pass fields through untouched.
 */

export const PROVIDER_KINDS = ["openai", "azure_openai", "openai_compatible", "anthropic", "gemini", "echo"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** A provider as the adapter needs it, with its credential already decrypted. */
export type ProviderTarget = {
  id: string;
  kind: ProviderKind;
  name: string;
  /** Without a trailing slash. For openai: https://api.openai.com/v1; for anthropic: https://api.anthropic.com. */
  baseUrl: string;
  apiKey: string | null;
  /** Azure OpenAI's api-version query parameter. */
  apiVersion?: string | null;
};

/** An OpenAI chat.completions request body as the client sent it (validated loosely, passed through). */
export type ChatRequest = Record<string, unknown> & {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
};

export type ChatMessage = Record<string, unknown> & {
  role: "system" | "developer" | "user" | "assistant" | "tool";
  content?: string | ContentPart[] | null;
};

export type ContentPart = Record<string, unknown> & { type: string };

export type Usage = { prompt_tokens: number; completion_tokens: number; total_tokens: number };

/** OpenAI's `chat.completion` object. */
export type ChatCompletion = Record<string, unknown> & {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: unknown[];
  usage?: Usage;
};

/** OpenAI's `chat.completion.chunk` object. */
export type ChatCompletionChunk = Record<string, unknown> & {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: unknown[];
  usage?: Usage | null;
};

/** An error the provider answered with, already in OpenAI's error shape. */
export type UpstreamError = {
  status: number;
  error: { message: string; type: string; code: string | null; param?: string | null };
  /**
   * What the provider itself answered (before 5xx and auth failures become 502), and its
   * Retry-After header: routing decides from them whether another try can help. Not sent to callers.
   */
  upstreamStatus?: number;
  retryAfter?: string | null;
};

export type AdapterCall<Body> = {
  target: ProviderTarget;
  /** The provider's own model id (the catalog maps public names to it). */
  upstreamModel: string;
  body: Body;
  /** Aborted when the client disconnects or the upstream timeout passes. */
  signal: Abortable;
};

export type ChatResult =
  | { type: "json"; completion: ChatCompletion }
  | { type: "stream"; chunks: AsyncIterable<ChatCompletionChunk> }
  | { type: "error"; error: UpstreamError };

export type EmbeddingsResult =
  | { type: "json"; response: Record<string, unknown> & { usage?: { prompt_tokens: number; total_tokens: number } } }
  | { type: "error"; error: UpstreamError };

export interface ProviderAdapter {
  chat(call: AdapterCall<ChatRequest>): Promise<ChatResult>;
  embeddings?(call: AdapterCall<Record<string, unknown>>): Promise<EmbeddingsResult>;
  /** Model ids the provider offers, for the dashboard's "test connection". */
  listModels(target: ProviderTarget, signal: AbortSignal): Promise<string[]>;
}

/**
 * Thrown by adapters when the provider broke mid-stream or sent something unreadable: the
 * pipeline ends the client's stream with an error event and records the request as incomplete.
 */
export class UpstreamProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UpstreamProtocolError";
  }
}
