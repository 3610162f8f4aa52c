import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { geminiAdapter } from "@/lib/providers/gemini";
import type { ChatCompletionChunk, ChatRequest, ChatResult, EmbeddingsResult, ProviderTarget } from "@/lib/providers/types";
import { UpstreamProtocolError } from "@/lib/providers/types";
import { MOCK_GEMINI_MODELS, MOCK_THOUGHT_SIGNATURE, mockEmbedding, startMockGemini, type MockGemini } from "../fixtures/mock-gemini";
import { accumulateWithOpenAiSdk, collect } from "../fixtures/wire/replay";

process.env.ALLOW_PRIVATE_UPSTREAMS = "1"; // the mock listens on loopback, which the gateway otherwise refuses

let mock: MockGemini;
let target: ProviderTarget;

beforeAll(async () => {
  mock = await startMockGemini();
  target = { id: "prov_gemini", kind: "gemini", name: "Gemini", baseUrl: mock.url, apiKey: "AIza-test" };
});
afterAll(() => mock.close());

const weatherTool = {
  type: "function",
  function: { name: "get_weather", description: "Current weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
};
const CALL_ID = /^call_[0-9a-f]{24}$/;

function chat(body: Partial<ChatRequest>, on: ProviderTarget = target): Promise<ChatResult> {
  return geminiAdapter.chat({
    target: on,
    upstreamModel: "gemini-2.5-flash",
    body: { model: "public-gemini", messages: [], ...body },
    signal: AbortSignal.timeout(10_000),
  });
}

function embeddings(body: Record<string, unknown>, upstreamModel = "gemini-embedding-001"): Promise<EmbeddingsResult> {
  return geminiAdapter.embeddings!({ target, upstreamModel, body: { model: "public-embed", ...body }, signal: AbortSignal.timeout(10_000) });
}

function expectJson(result: ChatResult) {
  if (result.type !== "json") throw new Error(`expected a JSON answer, got ${JSON.stringify(result)}`);
  return result.completion;
}

function expectStream(result: ChatResult) {
  if (result.type !== "stream") throw new Error(`expected a stream, got ${JSON.stringify(result)}`);
  return result.chunks;
}

const lastRequest = () => mock.requests[mock.requests.length - 1] as Record<string, unknown>;
const contentOf = (chunks: ChatCompletionChunk[]) =>
  chunks.map((chunk) => (chunk.choices[0] as { delta?: { content?: string } } | undefined)?.delta?.content ?? "").join("");

describe("geminiAdapter over HTTP", () => {
  it("answers a plain request as a chat.completion", async () => {
    const completion = expectJson(await chat({ messages: [{ role: "system", content: "Be kind." }, { role: "user", content: "Hello there" }], temperature: 0.3 }));
    expect(completion).toMatchObject({
      id: expect.stringMatching(/^chatcmpl-mockResp\d{6}$/),
      object: "chat.completion",
      model: "gemini-2.5-flash",
      choices: [{ index: 0, message: { role: "assistant", content: "You said: Hello there" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 4, completion_tokens: 4, total_tokens: 8 },
    });
    expect(lastRequest()).toEqual({
      contents: [{ role: "user", parts: [{ text: "Hello there" }] }],
      systemInstruction: { parts: [{ text: "Be kind." }] },
      generationConfig: { temperature: 0.3 },
    });
  });

  it("maps a MAX_TOKENS cut to finish_reason length", async () => {
    const completion = expectJson(await chat({ messages: [{ role: "user", content: "one two three" }], max_tokens: 2 }));
    expect(completion.choices[0]).toMatchObject({ message: { content: "You said:" }, finish_reason: "length" });
  });

  it("streams chat.completion.chunk objects with a final usage chunk when include_usage is set", async () => {
    const chunks = await collect(
      expectStream(await chat({ messages: [{ role: "user", content: "Stream this please" }], stream: true, stream_options: { include_usage: true } })),
    );
    expect(chunks[0]!.choices).toEqual([{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }]);
    expect(contentOf(chunks)).toBe("You said: Stream this please");
    expect(chunks).toHaveLength(6); // role, three text events, finish, usage
    expect(chunks[4]!.choices).toEqual([{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }]);
    expect(chunks[5]).toMatchObject({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 } });
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  it("returns a function call as a tool call in a plain answer, signature included", async () => {
    const completion = expectJson(await chat({ messages: [{ role: "user", content: "Please use the tool" }], tools: [weatherTool], tool_choice: "auto" }));
    expect(completion.choices[0]).toEqual({
      index: 0,
      message: {
        role: "assistant",
        content: null,
        refusal: null,
        tool_calls: [
          {
            id: expect.stringMatching(CALL_ID),
            type: "function",
            function: { name: "get_weather", arguments: '{"city":"Paris"}' },
            extra_content: { google: { thought_signature: MOCK_THOUGHT_SIGNATURE } },
          },
        ],
      },
      logprobs: null,
      finish_reason: "tool_calls",
    });
    expect(lastRequest()).toMatchObject({
      tools: [{ functionDeclarations: [{ name: "get_weather", description: "Current weather", parameters: weatherTool.function.parameters }] }],
      toolConfig: { functionCallingConfig: { mode: "AUTO" } },
    });
  });

  it("streams a function call as a tool_calls delta the OpenAI SDK can assemble", async () => {
    const chunks = await collect(expectStream(await chat({ messages: [{ role: "user", content: "use the tool" }], tools: [weatherTool], stream: true })));
    const completion = await accumulateWithOpenAiSdk(chunks);
    const call = completion.choices[0]!.message.tool_calls![0]!;
    expect(call.id).toMatch(CALL_ID);
    expect(call.type === "function" && [call.function.name, JSON.parse(call.function.arguments)]).toEqual(["get_weather", { city: "Paris" }]);
    expect(completion.choices[0]!.finish_reason).toBe("tool_calls");
  });

  it("round-trips a tool call: the answer goes back as a named functionResponse with the signature", async () => {
    const first = expectJson(await chat({ messages: [{ role: "user", content: "use the tool" }], tools: [weatherTool] }));
    const assistant = (first.choices[0] as { message: Record<string, unknown> & { tool_calls: { id: string }[] } }).message;
    const completion = expectJson(
      await chat({
        messages: [
          { role: "user", content: "use the tool" },
          { ...assistant, role: "assistant" },
          { role: "tool", tool_call_id: assistant.tool_calls[0]!.id, content: '{"celsius":18}' },
        ],
        tools: [weatherTool],
      }),
    );
    expect(completion.choices[0]).toMatchObject({ message: { content: 'The tool answered: {"content":{"celsius":18}}' }, finish_reason: "stop" });
    expect((lastRequest().contents as unknown[]).slice(1)).toEqual([
      { role: "model", parts: [{ functionCall: { name: "get_weather", args: { city: "Paris" } }, thoughtSignature: MOCK_THOUGHT_SIGNATURE }] },
      { role: "user", parts: [{ functionResponse: { name: "get_weather", response: { content: { celsius: 18 } } } }] },
    ]);
  });

  it("forwards image parts as inlineData and fileData", async () => {
    const completion = expectJson(
      await chat({
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "Describe these" },
              { type: "image_url", image_url: { url: "data:image/jpeg;base64,/9j/4AAQSkZJRg==" } },
              { type: "image_url", image_url: { url: "https://images.example/cat.png" } },
            ],
          },
        ],
      }),
    );
    expect(completion.choices[0]).toMatchObject({ message: { content: "You said: Describe these" } });
    expect((lastRequest().contents as { parts: unknown }[])[0]!.parts).toEqual([
      { text: "Describe these" },
      { inlineData: { mimeType: "image/jpeg", data: "/9j/4AAQSkZJRg==" } },
      { fileData: { mimeType: "image/png", fileUri: "https://images.example/cat.png" } },
    ]);
  });

  it("answers an upstream 500 as a 502 error in OpenAI's shape", async () => {
    expect(await chat({ messages: [{ role: "user", content: "trigger upstream 500" }] })).toEqual({
      type: "error",
      error: {
        status: 502,
        error: {
          message: "Gemini: An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
          type: "upstream_error",
          code: "upstream_error",
          param: null,
        },
        upstreamStatus: 500,
        retryAfter: null,
      },
    });
  });

  it("treats Gemini's 400 API_KEY_INVALID as our configuration problem (502), not the caller's", async () => {
    const result = await chat({ messages: [{ role: "user", content: "Hi" }] }, { ...target, apiKey: "invalid-key" });
    expect(result).toMatchObject({ type: "error", error: { status: 502, error: { message: "Gemini: API key not valid. Please pass a valid API key." } } });
  });

  it("keeps Gemini's 400 for a request it rejects", async () => {
    // a lone system message leaves no contents, which Gemini refuses
    const result = await chat({ messages: [{ role: "system", content: "Only this" }] });
    expect(result).toMatchObject({ type: "error", error: { status: 400, error: { type: "invalid_request_error" } } });
  });

  it("throws UpstreamProtocolError while iterating a stream cut midway", async () => {
    const seen: ChatCompletionChunk[] = [];
    const chunks = expectStream(await chat({ messages: [{ role: "user", content: "please fail midway" }], stream: true }));
    const iterate = async () => {
      for await (const chunk of chunks) seen.push(chunk);
    };
    await expect(iterate()).rejects.toThrow(UpstreamProtocolError);
    expect(contentOf(seen)).toBe("Half an answ");
  });

  it("lists the models without the models/ prefix", async () => {
    expect(await geminiAdapter.listModels(target, AbortSignal.timeout(10_000))).toEqual(MOCK_GEMINI_MODELS);
  });

  it("embeds a list of inputs", async () => {
    const result = await embeddings({ input: ["hello world", "hi"] });
    expect(result).toEqual({
      type: "json",
      response: {
        object: "list",
        data: [
          { object: "embedding", index: 0, embedding: mockEmbedding("hello world") },
          { object: "embedding", index: 1, embedding: mockEmbedding("hi") },
        ],
        model: "gemini-embedding-001",
        usage: { prompt_tokens: 0, total_tokens: 0 },
      },
    });
    expect(lastRequest()).toEqual({
      requests: [
        { model: "models/gemini-embedding-001", content: { parts: [{ text: "hello world" }] } },
        { model: "models/gemini-embedding-001", content: { parts: [{ text: "hi" }] } },
      ],
    });
  });

  it("embeds a single string with dimensions, base64-encoded as the OpenAI SDK asks by default", async () => {
    const result = await embeddings({ input: "hello world", dimensions: 3, encoding_format: "base64" }, "models/gemini-embedding-001");
    if (result.type !== "json") throw new Error(JSON.stringify(result));
    const encoded = (result.response.data as { embedding: string }[])[0]!.embedding;
    const bytes = Buffer.from(encoded, "base64");
    expect(Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4))).toEqual(mockEmbedding("hello world").slice(0, 3));
  });

  it("refuses token-id embedding input with a 400 without calling Gemini", async () => {
    const before = mock.requests.length;
    expect(await embeddings({ input: [[1, 2, 3]] })).toMatchObject({ type: "error", error: { status: 400, error: { param: "input" } } });
    expect(mock.requests.length).toBe(before);
  });
});
