import type { GeminiEmbedRequest, GeminiEmbedResponse } from "./gemini-wire";
import { numberField } from "./openai-request";
import { UpstreamProtocolError } from "./types";
import { UnmappableRequestError } from "./unmappable-request";

/** An OpenAI embeddings request as Gemini's batchEmbedContents: one request per input. */
export function toGeminiEmbedRequest(body: Record<string, unknown>, upstreamModel: string): GeminiEmbedRequest {
  const input = body.input;
  const texts = typeof input === "string" ? [input] : input;
  if (!Array.isArray(texts) || texts.length === 0 || !texts.every((text): text is string => typeof text === "string")) {
    // token-id inputs cannot travel: Gemini tokenizes its own way
    throw new UnmappableRequestError("input must be a string or an array of strings", "input");
  }
  const dimensions = numberField(body, "dimensions");
  return {
    requests: texts.map((text) => ({
      model: `models/${upstreamModel}`,
      content: { parts: [{ text }] },
      ...(dimensions !== undefined ? { outputDimensionality: dimensions } : {}),
    })),
  };
}

/**
 * Gemini's vectors in OpenAI's list shape. Gemini reports no token counts for embeddings, so usage
 * is zero. `encoding_format: "base64"` is honoured because the official OpenAI SDKs ask for it by
 * default and decode it themselves: float arrays would reach them as garbage.
 */
export function fromGeminiEmbeddings(
  response: GeminiEmbedResponse,
  options: { providerName: string; model: string; encodingFormat: unknown },
): Record<string, unknown> & { usage: { prompt_tokens: number; total_tokens: number } } {
  if (!Array.isArray(response?.embeddings)) throw new UpstreamProtocolError(`${options.providerName} answered without embeddings`);
  return {
    object: "list",
    data: response.embeddings.map((embedding, index) => {
      const values = embedding.values ?? [];
      return { object: "embedding", index, embedding: options.encodingFormat === "base64" ? float32Base64(values) : values };
    }),
    model: options.model,
    usage: { prompt_tokens: 0, total_tokens: 0 },
  };
}

/** OpenAI's base64 embedding: little-endian float32s. */
function float32Base64(values: number[]): string {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((value, i) => view.setFloat32(i * 4, value, true));
  return Buffer.from(view.buffer).toString("base64");
}
