import type { ChatCompletionChunk, Usage } from "./types";

/**
 * Builds `chat.completion.chunk` objects the way OpenAI streams them: every chunk shares one id,
 * created and model; when the client asked for usage, every chunk carries `usage: null` and the
 * last one has no choices and the usage.
 */
export function chunkWriter(meta: { id: string; created: number; model: string; includeUsage: boolean }) {
  const base = () => ({ id: meta.id, object: "chat.completion.chunk" as const, created: meta.created, model: meta.model });
  return {
    choice(delta: Record<string, unknown>, finishReason: string | null = null, index = 0): ChatCompletionChunk {
      return {
        ...base(),
        choices: [{ index, delta, logprobs: null, finish_reason: finishReason }],
        ...(meta.includeUsage ? { usage: null } : {}),
      };
    },
    usage(usage: Usage): ChatCompletionChunk {
      return { ...base(), choices: [], usage };
    },
  };
}

export type ChunkWriter = ReturnType<typeof chunkWriter>;

export const nowInSeconds = () => Math.floor(Date.now() / 1000);
