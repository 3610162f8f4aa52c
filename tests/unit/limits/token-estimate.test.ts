import { describe, expect, it } from "vitest";
import { limitsFor } from "@/lib/limits/limit-plan";
import { tokensToReserve } from "@/lib/limits/reservation";
import { DEFAULT_COMPLETION_RESERVE, estimateChatTokens, estimateEmbeddingTokens, usedTokens } from "@/lib/limits/token-estimate";

const chat = (extra: Record<string, unknown> = {}, messages: unknown[] = [{ role: "user", content: "x".repeat(10) }]) =>
  estimateChatTokens({ model: "m", messages, ...extra } as Parameters<typeof estimateChatTokens>[0]);

describe("estimateChatTokens", () => {
  it("counts the prompt's text at four characters a token, rounded up", () => {
    expect(chat()).toEqual({ promptTokens: 3, maxCompletionTokens: null });
    expect(chat({}, [{ role: "user", content: "x".repeat(8) }]).promptTokens).toBe(2);
    expect(chat({}, [{ role: "user", content: "" }]).promptTokens).toBe(0);
  });

  it("adds text parts, every message and earlier tool call arguments, but not image data", () => {
    const estimate = chat({}, [
      { role: "system", content: "abcd" },
      { role: "user", content: [{ type: "text", text: "abcdefgh" }, { type: "image_url", image_url: { url: `data:image/png;base64,${"A".repeat(4000)}` } }] },
      { role: "assistant", content: null, tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: '{"a":1}' } }] },
    ]);
    expect(estimate.promptTokens).toBe(Math.ceil((4 + 8 + 7) / 4));
  });

  it("counts tool definitions as prompt", () => {
    const tools = [{ type: "function", function: { name: "weather", parameters: { type: "object" } } }];
    expect(chat({ tools }).promptTokens).toBe(Math.ceil((10 + JSON.stringify(tools).length) / 4));
  });

  it("caps the answer by max_completion_tokens, else max_tokens, times n", () => {
    expect(chat({ max_tokens: 50 }).maxCompletionTokens).toBe(50);
    expect(chat({ max_tokens: 50, max_completion_tokens: 20 }).maxCompletionTokens).toBe(20);
    expect(chat({ max_tokens: 50, n: 3 }).maxCompletionTokens).toBe(150);
    expect(chat({ max_tokens: "50" }).maxCompletionTokens).toBeNull();
    expect(chat({ max_tokens: 0 }).maxCompletionTokens).toBeNull();
  });
});

describe("estimateEmbeddingTokens", () => {
  it("counts strings by characters and token arrays by length, with no answer", () => {
    expect(estimateEmbeddingTokens({ input: "x".repeat(9) })).toEqual({ promptTokens: 3, maxCompletionTokens: 0 });
    expect(estimateEmbeddingTokens({ input: ["abcd", "abcde"] }).promptTokens).toBe(3);
    expect(estimateEmbeddingTokens({ input: [1, 2, 3] }).promptTokens).toBe(3);
    expect(estimateEmbeddingTokens({ input: [[1, 2], [3, 4, 5]] }).promptTokens).toBe(5);
  });
});

describe("tokensToReserve", () => {
  const org = { id: "o", monthlyRequestQuota: null, monthlyTokenQuota: null };
  const withTpm = (tokensPerMinute: number | null) => limitsFor({ key: { id: "k", requestsPerMinute: null, tokensPerMinute }, org });

  it("reserves the prompt plus the caller's cap", () => {
    expect(tokensToReserve({ promptTokens: 10, maxCompletionTokens: 90 }, withTpm(50))).toBe(100);
  });

  it("reserves the default for the answer when no cap is set, clamped to the smallest token limit", () => {
    expect(tokensToReserve({ promptTokens: 10, maxCompletionTokens: null }, [])).toBe(10 + DEFAULT_COMPLETION_RESERVE);
    expect(tokensToReserve({ promptTokens: 10, maxCompletionTokens: null }, withTpm(100_000))).toBe(10 + DEFAULT_COMPLETION_RESERVE);
    expect(tokensToReserve({ promptTokens: 10, maxCompletionTokens: null }, withTpm(500))).toBe(500);
    expect(tokensToReserve({ promptTokens: 600, maxCompletionTokens: null }, withTpm(500))).toBe(600);
  });

  it("never reserves nothing", () => {
    expect(tokensToReserve({ promptTokens: 0, maxCompletionTokens: 0 }, [])).toBe(1);
  });
});

describe("usedTokens", () => {
  const estimate = { promptTokens: 10, maxCompletionTokens: 100 };
  it("takes the provider's total, else prompt plus completion, else estimates from the answer", () => {
    expect(usedTokens({ prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 }, estimate)).toBe(18);
    expect(usedTokens({ prompt_tokens: 11, completion_tokens: 7 }, estimate)).toBe(18);
    expect(usedTokens(null, estimate, "x".repeat(41))).toBe(10 + 11);
    expect(usedTokens(undefined, estimate)).toBe(10);
  });
});
