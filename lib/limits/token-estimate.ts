import { textSegments } from "@/lib/gateway/message-text";
import type { ChatMessage } from "@/lib/providers/types";

/**
 * How many tokens a request may use, guessed before the provider answers. The guess is what a
 * token budget reserves; the real usage replaces it when the answer is complete. No tokenizer:
 * about four characters per token is close enough for a reservation that is reconciled anyway.
 */
export type TokenEstimate = {
  promptTokens: number;
  /** What the caller capped the answer at (max_tokens × n); null when it set no cap. */
  maxCompletionTokens: number | null;
};

/** Reserved for the answer when the caller sets no max_tokens (clamped to the budget; see reservation.ts). */
export const DEFAULT_COMPLETION_RESERVE = 4096;

export const tokensOfChars = (chars: number) => Math.ceil(chars / 4);

export function estimateChatTokens(body: { messages: ChatMessage[] } & Record<string, unknown>): TokenEstimate {
  let chars = 0;
  for (const segment of textSegments(body.messages)) chars += segment.text.length;
  // Tool definitions are sent to the model and billed as prompt tokens.
  if (Array.isArray(body.tools)) chars += JSON.stringify(body.tools).length;
  const cap = positiveInteger(body.max_completion_tokens) ?? positiveInteger(body.max_tokens);
  const choices = positiveInteger(body.n) ?? 1;
  return { promptTokens: tokensOfChars(chars), maxCompletionTokens: cap === null ? null : cap * choices };
}

/** Embeddings have no answer to cap: the input is the whole cost. */
export function estimateEmbeddingTokens(body: Record<string, unknown>): TokenEstimate {
  const input = body.input;
  let tokens = 0;
  if (typeof input === "string") tokens = tokensOfChars(input.length);
  else if (Array.isArray(input)) {
    for (const item of input) {
      if (typeof item === "string") tokens += tokensOfChars(item.length);
      else if (typeof item === "number") tokens += 1; // one array of token ids
      else if (Array.isArray(item)) tokens += item.length; // several arrays of token ids
    }
  }
  return { promptTokens: tokens, maxCompletionTokens: 0 };
}

/**
 * The tokens a finished request used: the provider's count when it gave one, else the estimate
 * of the prompt plus the answer's text or its length in characters (streams report usage only
 * when the caller asks).
 */
export function usedTokens(
  usage: { total_tokens?: number | null; prompt_tokens?: number | null; completion_tokens?: number | null } | null | undefined,
  estimate: TokenEstimate,
  answerText: string | number | (() => string) = "",
): number {
  if (usage && typeof usage.total_tokens === "number") return Math.max(0, Math.round(usage.total_tokens));
  if (usage && (typeof usage.prompt_tokens === "number" || typeof usage.completion_tokens === "number")) {
    return Math.max(0, Math.round((usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0)));
  }
  // The answer's text is only made (a function: JSON of the choices, say) when no usage came with it;
  // a stream passes its length alone (it does not keep the text unless the audit stores it).
  const answerChars = typeof answerText === "number" ? answerText : (typeof answerText === "function" ? answerText() : answerText).length;
  return estimate.promptTokens + tokensOfChars(answerChars);
}

function positiveInteger(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null;
}
