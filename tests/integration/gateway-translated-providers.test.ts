/**
 * The official `openai` client through the gateway's /v1 to providers that speak another wire
 * format: Anthropic's Messages API and Gemini's v1beta (both mocked on loopback). The client must
 * not be able to tell: answers, streams, tool calls, usage, embeddings and errors all arrive in
 * OpenAI's shapes, with the gateway's decision metadata.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishModel } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { createApiKey } from "@/lib/keys/key-service";
import { createProvider } from "@/lib/providers/provider-service";
import { auditRow } from "../fixtures/audit-rows";
import { startMockAnthropic, type MockAnthropic } from "../fixtures/mock-anthropic";
import { mockEmbedding, startMockGemini, type MockGemini } from "../fixtures/mock-gemini";
import { savePolicy } from "@/lib/policy/policy-service";
import { signedUpOwner } from "./factories";

process.env.ALLOW_PRIVATE_UPSTREAMS = "1"; // the mocks listen on loopback

let anthropic: MockAnthropic;
let gemini: MockGemini;
let gateway: Awaited<ReturnType<typeof startGatewayServer>>;
let key: string;
let client: OpenAI;

const tools: OpenAI.ChatCompletionTool[] = [
  {
    type: "function",
    function: { name: "get_weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
  },
];

/** How each provider is reached, and what its mock answers. */
const PROVIDERS = [
  { label: "Anthropic", model: "claude", provider: "Mock Anthropic", upstreamModel: "claude-sonnet-4-5", toolPreamble: "Let me check that." },
  { label: "Gemini", model: "gemini", provider: "Mock Gemini", upstreamModel: "gemini-2.5-flash", toolPreamble: null },
] as const;

beforeAll(async () => {
  anthropic = await startMockAnthropic();
  gemini = await startMockGemini();
  gateway = await startGatewayServer();
  const { ctx } = await signedUpOwner("translated");
  // No output rules, so streams pass through chunk for chunk (output inspection holds text back;
  // tests/integration/policy-pipeline.test.ts covers that).
  await savePolicy(await getDb(), ctx, { rules: [], customRules: [], message: "no rules: pass-through streams", baseVersion: 1 });
  const db = await getDb();
  const claude = await createProvider(db, ctx, { name: "Mock Anthropic", kind: "anthropic", baseUrl: anthropic.url, apiKey: "sk-ant-test" });
  const google = await createProvider(db, ctx, { name: "Mock Gemini", kind: "gemini", baseUrl: gemini.url, apiKey: "AIza-test" });
  const badKey = await createProvider(db, ctx, { name: "Gemini bad key", kind: "gemini", baseUrl: gemini.url, apiKey: "invalid-key" });
  await publishModel(db, ctx, { publicName: "claude", providerId: claude.id, upstreamModel: "claude-sonnet-4-5", kind: "chat" });
  await publishModel(db, ctx, { publicName: "gemini", providerId: google.id, upstreamModel: "gemini-2.5-flash", kind: "chat" });
  await publishModel(db, ctx, { publicName: "gemini-embed", providerId: google.id, upstreamModel: "gemini-embedding-001", kind: "embedding" });
  await publishModel(db, ctx, { publicName: "gemini-bad-key", providerId: badKey.id, upstreamModel: "gemini-2.5-flash", kind: "chat" });
  key = (await createApiKey(db, ctx, { name: "translated app", scopes: ["gateway"], modelAllowlist: [] })).key;
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await anthropic?.close();
  await gemini?.close();
});

describe.each(PROVIDERS)("$label through the official client", ({ model, provider, upstreamModel, toolPreamble }) => {
  it("answers a plain request in OpenAI's shape, with the gateway headers", async () => {
    const { data, response } = await client.chat.completions
      .create({ model, messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "hello" }] })
      .withResponse();
    expect(data.object).toBe("chat.completion");
    expect(data.id).toMatch(/^chatcmpl-/);
    expect(data.choices).toHaveLength(1);
    expect(data.choices[0]).toMatchObject({ index: 0, finish_reason: "stop", message: { role: "assistant", content: "You said: hello" } });
    // the mocks count words: "Be brief." + "hello" in, "You said: hello" out (Gemini mock: system prompt counted too)
    expect(data.usage).toEqual({ prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 });
    expect(response.headers.get("x-gateway-provider")).toBe(provider);
    expect(response.headers.get("x-gateway-upstream-model")).toBe(upstreamModel);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    expect((data as unknown as { gateway: Record<string, unknown> }).gateway).toMatchObject({ provider, upstream_model: upstreamModel, decision: "allow" });
    expect(await auditRow(response.headers.get("x-request-id")!)).toMatchObject({
      outcome: "ok",
      status: 200,
      providerName: provider,
      servedModel: upstreamModel,
      requestedModel: model,
      promptTokens: 3,
      completionTokens: 3,
      totalTokens: 6,
    });
  });

  it("streams text and, with include_usage, a final usage chunk", async () => {
    const { data: stream, response } = await client.chat.completions
      .create({ model, messages: [{ role: "user", content: "stream please" }], stream: true, stream_options: { include_usage: true } })
      .withResponse();
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("x-gateway-provider")).toBe(provider);
    expect(response.headers.get("x-gateway-upstream-model")).toBe(upstreamModel);
    let text = "";
    let contentChunks = 0;
    let finishReason: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    const ids = new Set<string>();
    for await (const chunk of stream) {
      ids.add(chunk.id);
      expect(chunk.object).toBe("chat.completion.chunk");
      const delta = chunk.choices[0]?.delta.content;
      if (delta) {
        text += delta;
        contentChunks++;
      }
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
      if (chunk.usage) {
        expect(chunk.choices).toEqual([]); // OpenAI's usage chunk has no choices
        usage = chunk.usage;
      }
    }
    expect(text).toBe("You said: stream please");
    expect(contentChunks).toBeGreaterThan(1); // really streamed, not one lump
    expect(finishReason).toBe("stop");
    expect(usage).toEqual({ prompt_tokens: 2, completion_tokens: 4, total_tokens: 6 });
    expect(ids.size).toBe(1);
    const row = await auditRow(response.headers.get("x-request-id")!);
    expect(row).toMatchObject({ outcome: "ok", stream: true, totalTokens: 6, errorCode: null });
    expect(row.ttftMs).not.toBeNull();
  });

  it("returns a tool call in a plain answer", async () => {
    const completion = await client.chat.completions.create({ model, messages: [{ role: "user", content: "Paris weather? use the tool" }], tools });
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBe(toolPreamble);
    expect(choice.message.tool_calls).toHaveLength(1);
    const call = choice.message.tool_calls![0]! as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(call).toMatchObject({ type: "function", function: { name: "get_weather" } });
    expect(call.id).toMatch(/^(toolu_|call_)\w+/);
    expect(JSON.parse(call.function.arguments)).toEqual({ city: "Paris" });
  });

  it("streams a tool call whose argument pieces reassemble to the mock's JSON", async () => {
    const stream = await client.chat.completions.create({ model, messages: [{ role: "user", content: "use the tool" }], tools, stream: true });
    let args = "";
    let name: string | undefined;
    let id: string | undefined;
    let finishReason: string | null = null;
    const indexes = new Set<number>();
    let text = "";
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        indexes.add(call.index);
        name ??= call.function?.name;
        id ??= call.id;
        args += call.function?.arguments ?? "";
      }
      text += chunk.choices[0]?.delta.content ?? "";
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
    }
    expect([...indexes]).toEqual([0]); // numbered from 0 even after a text block
    expect(name).toBe("get_weather");
    expect(id).toMatch(/^(toolu_|call_)\w+/);
    expect(JSON.parse(args)).toEqual({ city: "Paris" });
    expect(text).toBe(toolPreamble ?? "");
    expect(finishReason).toBe("tool_calls");

    // the same through the SDK's own accumulator
    const final = await client.chat.completions
      .stream({ model, messages: [{ role: "user", content: "use the tool" }], tools })
      .finalChatCompletion();
    expect(JSON.parse((final.choices[0]!.message.tool_calls![0] as OpenAI.ChatCompletionMessageFunctionToolCall).function.arguments)).toEqual({ city: "Paris" });
  });

  it("turns the provider's 500 into a 502 APIError in OpenAI's error shape", async () => {
    const error = await client.chat.completions
      .create({ model, messages: [{ role: "user", content: "upstream 500" }] })
      .then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).toBe(502);
    expect(apiError.error).toEqual({ message: expect.stringMatching(new RegExp(`^${provider}: `)), type: "upstream_error", code: "upstream_error", param: null });
    expect(apiError.headers?.get("x-gateway-provider")).toBe(provider);
    expect(apiError.headers?.get("x-gateway-upstream-model")).toBe(upstreamModel);

    // and on the wire, exactly OpenAI's envelope, for streamed requests too
    for (const stream of [false, true]) {
      const raw = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ model, stream, messages: [{ role: "user", content: "upstream 500" }] }),
      });
      expect(raw.status).toBe(502);
      expect(raw.headers.get("content-type")).toMatch(/^application\/json/);
      const body = (await raw.json()) as { error: Record<string, unknown> };
      expect(Object.keys(body)).toEqual(["error"]);
      expect(Object.keys(body.error).sort()).toEqual(["code", "message", "param", "type"]);
      expect(body.error).toMatchObject({ type: "upstream_error", code: "upstream_error" });
      expect(await auditRow(raw.headers.get("x-request-id")!)).toMatchObject({ outcome: "error", status: 502, errorCode: "upstream_error", stream });
    }
  });

  it("throws from the iteration when the provider's stream breaks midway, and records it incomplete", async () => {
    const { data: stream, response } = await client.chat.completions
      .create({ model, messages: [{ role: "user", content: "fail midway" }], stream: true })
      .withResponse();
    expect(response.status).toBe(200);
    let text = "";
    await expect(async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    }).rejects.toThrow(/stream/i);
    expect(text).toBe("Half an answ");
    expect(await auditRow(response.headers.get("x-request-id")!)).toMatchObject({
      outcome: "incomplete",
      stream: true,
      status: 200,
      errorCode: "upstream_stream_error",
      providerName: provider,
    });
  });
});

describe("what each translation sends upstream", () => {
  it("gives Anthropic its required max_tokens, the system prompt apart, and the upstream model id", async () => {
    await client.chat.completions.create({ model: "claude", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "what goes out" }] });
    expect(anthropic.requests.at(-1)).toMatchObject({
      model: "claude-sonnet-4-5",
      max_tokens: expect.any(Number),
      system: "Be brief.",
      messages: [{ role: "user" }],
    });
  });

  it("gives Gemini a systemInstruction, user contents and function declarations", async () => {
    await client.chat.completions.create({ model: "gemini", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "use the tool" }], tools });
    expect(gemini.requests.at(-1)).toMatchObject({
      systemInstruction: { parts: [{ text: "Be brief." }] },
      contents: [{ role: "user", parts: [{ text: "use the tool" }] }],
      tools: [{ functionDeclarations: [{ name: "get_weather" }] }],
    });
  });

  it("treats Gemini's API_KEY_INVALID as the gateway's problem (502), not the caller's (400)", async () => {
    await expect(client.chat.completions.create({ model: "gemini-bad-key", messages: [{ role: "user", content: "hi" }] })).rejects.toMatchObject({
      status: 502,
      type: "upstream_error",
    });
  });
});

describe("Gemini embeddings through the official client", () => {
  it("decodes the base64 vectors the SDK asks for by default into the mock's exact floats", async () => {
    const { data, response } = await client.embeddings.create({ model: "gemini-embed", input: ["hello world", "abc"] }).withResponse();
    expect(response.headers.get("x-gateway-provider")).toBe("Mock Gemini");
    expect(response.headers.get("x-gateway-upstream-model")).toBe("gemini-embedding-001");
    expect(data.object).toBe("list");
    expect(data.model).toBe("gemini-embedding-001");
    expect(data.data.map((item) => item.index)).toEqual([0, 1]);
    expect(data.data[0]!.embedding).toEqual(mockEmbedding("hello world"));
    expect(data.data[1]!.embedding).toEqual(mockEmbedding("abc"));
    expect(gemini.requests.at(-1)).toEqual({
      requests: [
        { model: "models/gemini-embedding-001", content: { parts: [{ text: "hello world" }] } },
        { model: "models/gemini-embedding-001", content: { parts: [{ text: "abc" }] } },
      ],
    });
  });

  it("sends base64 on the wire when asked and floats otherwise", async () => {
    const embed = async (encoding_format?: string) => {
      const response = await fetch(`${gateway.url}/v1/embeddings`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "gemini-embed", input: "hello world", ...(encoding_format ? { encoding_format } : {}) }),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { data: { embedding: unknown }[] }).data[0]!.embedding;
    };
    const base64 = await embed("base64");
    expect(typeof base64).toBe("string");
    const bytes = Buffer.from(base64 as string, "base64");
    expect(Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4))).toEqual(mockEmbedding("hello world"));
    expect(await embed("float")).toEqual(mockEmbedding("hello world"));
    expect(await embed()).toEqual(mockEmbedding("hello world"));
  });

  it("passes dimensions through as outputDimensionality", async () => {
    const result = await client.embeddings.create({ model: "gemini-embed", input: "hello world", dimensions: 2 });
    expect(result.data[0]!.embedding).toEqual(mockEmbedding("hello world").slice(0, 2));
  });
});
