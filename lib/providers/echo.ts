import type { AdapterCall, ChatCompletionChunk, ChatRequest, ChatResult, ProviderAdapter } from "./types";

/**
 * The built-in test provider: answers "Echo: <last user message>" without calling any model, so
 * the quickstart and demos work offline. Clearly labelled as such wherever it is listed.
 */
export const echoAdapter: ProviderAdapter = {
  async chat(call: AdapterCall<ChatRequest>): Promise<ChatResult> {
    const text = `Echo: ${lastUserText(call.body)}`;
    const id = `chatcmpl-echo-${crypto.randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const usage = { prompt_tokens: countTokens(JSON.stringify(call.body.messages)), completion_tokens: countTokens(text), total_tokens: 0 };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    if (!call.body.stream) {
      return {
        type: "json",
        completion: {
          id,
          object: "chat.completion",
          created,
          model: call.upstreamModel,
          choices: [{ index: 0, message: { role: "assistant", content: text, refusal: null }, finish_reason: "stop", logprobs: null }],
          usage,
        },
      };
    }
    const includeUsage = call.body.stream_options?.include_usage === true;
    async function* chunks(): AsyncGenerator<ChatCompletionChunk> {
      const base = { id, object: "chat.completion.chunk" as const, created, model: call.upstreamModel };
      yield { ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] };
      for (const word of text.split(/(?<= )/)) {
        yield { ...base, choices: [{ index: 0, delta: { content: word }, finish_reason: null }] };
      }
      yield { ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] };
      if (includeUsage) yield { ...base, choices: [], usage };
    }
    return { type: "stream", chunks: chunks() };
  },

  async embeddings(call) {
    const inputs = Array.isArray(call.body.input) ? call.body.input : [call.body.input];
    // Floats by default, little-endian float32 in base64 when asked, as OpenAI does (its SDK asks).
    const encode = (values: number[]) =>
      call.body.encoding_format === "base64" ? Buffer.from(new Float32Array(values).buffer).toString("base64") : values;
    const data = inputs.map((input, index) => ({ object: "embedding", index, embedding: encode(pseudoEmbedding(String(input))) }));
    const tokens = inputs.reduce<number>((sum, input) => sum + countTokens(String(input)), 0);
    return { type: "json", response: { object: "list", data, model: call.upstreamModel, usage: { prompt_tokens: tokens, total_tokens: tokens } } };
  },

  async listModels() {
    return ["echo-1", "echo-embedding-1"];
  },
};

function lastUserText(body: ChatRequest): string {
  const last = [...body.messages].reverse().find((message) => message.role === "user");
  if (!last) return "";
  if (typeof last.content === "string") return last.content;
  // A text part's text is echoed only when it is text: String() of an object can throw (`{"toString": ""}`).
  return (last.content ?? []).map((part) => (part.type === "text" && typeof part.text === "string" ? part.text : `[${part.type}]`)).join(" ");
}

/** About four characters a token, like OpenAI's rule of thumb. */
function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** A deterministic unit vector from the text, so equal inputs embed equally. */
function pseudoEmbedding(text: string): number[] {
  const vector = Array.from({ length: 8 }, (_, i) => {
    let h = 2166136261 ^ i;
    for (const char of text) h = Math.imul(h ^ char.charCodeAt(0), 16777619);
    return (h >>> 0) / 2 ** 32 - 0.5;
  });
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}
