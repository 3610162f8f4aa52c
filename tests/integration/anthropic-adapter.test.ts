import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anthropicAdapter } from "@/lib/providers/anthropic";
import type { ChatCompletionChunk, ChatRequest, ChatResult, ProviderTarget } from "@/lib/providers/types";
import { UpstreamProtocolError } from "@/lib/providers/types";
import { MOCK_ANTHROPIC_MODELS, startMockAnthropic, type MockAnthropic } from "../fixtures/mock-anthropic";
import { accumulateWithOpenAiSdk, collect } from "../fixtures/wire/replay";

process.env.ALLOW_PRIVATE_UPSTREAMS = "1"; // the mock listens on loopback, which the gateway otherwise refuses

let mock: MockAnthropic;
let target: ProviderTarget;

beforeAll(async () => {
  mock = await startMockAnthropic();
  target = { id: "prov_anthropic", kind: "anthropic", name: "Anthropic", baseUrl: mock.url, apiKey: "sk-ant-test" };
});
afterAll(() => mock.close());

const weatherTool = {
  type: "function",
  function: { name: "get_weather", description: "Current weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
};

function chat(body: Partial<ChatRequest>, on: ProviderTarget = target): Promise<ChatResult> {
  return anthropicAdapter.chat({
    target: on,
    upstreamModel: "claude-sonnet-4-5",
    body: { model: "public-claude", messages: [], ...body },
    signal: AbortSignal.timeout(10_000),
  });
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

describe("anthropicAdapter over HTTP", () => {
  it("answers a plain request as a chat.completion", async () => {
    const completion = expectJson(await chat({ messages: [{ role: "system", content: "Be kind." }, { role: "user", content: "Hello there" }] }));
    expect(completion).toMatchObject({
      id: expect.stringMatching(/^chatcmpl-msg_01Mock\d{18}$/),
      object: "chat.completion",
      model: "claude-sonnet-4-5",
      choices: [{ index: 0, message: { role: "assistant", content: "You said: Hello there" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 4, completion_tokens: 4, total_tokens: 8 },
    });
    expect(lastRequest()).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: 4096,
      system: "Be kind.",
      messages: [{ role: "user", content: [{ type: "text", text: "Hello there" }] }],
    });
  });

  it("maps a max_tokens cut to finish_reason length", async () => {
    const completion = expectJson(await chat({ messages: [{ role: "user", content: "one two three" }], max_completion_tokens: 2 }));
    expect(completion.choices[0]).toMatchObject({ message: { content: "You said:" }, finish_reason: "length" });
  });

  it("streams chat.completion.chunk objects with a final usage chunk when include_usage is set", async () => {
    const chunks = await collect(
      expectStream(await chat({ messages: [{ role: "user", content: "Stream this please" }], stream: true, stream_options: { include_usage: true } })),
    );
    expect(chunks[0]!.choices).toEqual([{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }]);
    expect(contentOf(chunks)).toBe("You said: Stream this please");
    expect(chunks.length).toBeGreaterThan(4); // the text came in several deltas
    expect(chunks[chunks.length - 2]!.choices).toEqual([{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }]);
    expect(chunks[chunks.length - 1]).toMatchObject({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 } });
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(lastRequest().stream).toBe(true);
  });

  it("returns a tool call in a plain answer", async () => {
    const completion = expectJson(await chat({ messages: [{ role: "user", content: "Please use the tool" }], tools: [weatherTool] }));
    expect(completion.choices[0]).toEqual({
      index: 0,
      message: {
        role: "assistant",
        content: "Let me check that.",
        refusal: null,
        tool_calls: [{ id: "toolu_01MockToolUse000000000001", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }],
      },
      logprobs: null,
      finish_reason: "tool_calls",
    });
    expect(lastRequest().tools).toEqual([{ name: "get_weather", description: "Current weather", input_schema: weatherTool.function.parameters }]);
  });

  it("streams a tool call as OpenAI tool_calls deltas the OpenAI SDK can assemble", async () => {
    const chunks = await collect(expectStream(await chat({ messages: [{ role: "user", content: "use the tool" }], tools: [weatherTool], stream: true })));
    const toolStart = chunks.find((chunk) => JSON.stringify(chunk).includes('"id":"toolu_'));
    // the tool_use is content block 1 (after the text), but OpenAI numbers tool calls from 0
    expect(toolStart!.choices).toEqual([
      {
        index: 0,
        delta: { tool_calls: [{ index: 0, id: "toolu_01MockToolUse000000000001", type: "function", function: { name: "get_weather", arguments: "" } }] },
        logprobs: null,
        finish_reason: null,
      },
    ]);
    const completion = await accumulateWithOpenAiSdk(chunks);
    const call = completion.choices[0]!.message.tool_calls![0]!;
    expect(call.type === "function" && JSON.parse(call.function.arguments)).toEqual({ city: "Paris" });
    expect(completion.choices[0]!.finish_reason).toBe("tool_calls");
  });

  it("sends tool results back as tool_result blocks and gets the follow-up answer", async () => {
    const completion = expectJson(
      await chat({
        messages: [
          { role: "user", content: "use the tool" },
          { role: "assistant", content: null, tool_calls: [{ id: "toolu_x", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] },
          { role: "tool", tool_call_id: "toolu_x", content: "18C and sunny" },
        ],
        tools: [weatherTool],
      }),
    );
    expect(completion.choices[0]).toMatchObject({ message: { content: "The tool answered: 18C and sunny" }, finish_reason: "stop" });
    expect((lastRequest().messages as unknown[])[2]).toEqual({ role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_x", content: "18C and sunny" }] });
  });

  it("forwards image parts as image blocks", async () => {
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
    expect((lastRequest().messages as { content: unknown }[])[0]!.content).toEqual([
      { type: "text", text: "Describe these" },
      { type: "image", source: { type: "base64", media_type: "image/jpeg", data: "/9j/4AAQSkZJRg==" } },
      { type: "image", source: { type: "url", url: "https://images.example/cat.png" } },
    ]);
  });

  it("answers an upstream 500 as a 502 error in OpenAI's shape", async () => {
    expect(await chat({ messages: [{ role: "user", content: "trigger upstream 500" }] })).toEqual({
      type: "error",
      error: {
        status: 502,
        error: { message: "Anthropic: Internal server error", type: "upstream_error", code: "upstream_error", param: null },
        upstreamStatus: 500, // kept for routing's retry decision, never sent to the caller
        retryAfter: null,
      },
    });
  });

  it("answers a rejected key as a 502 (our configuration, not the caller's mistake)", async () => {
    const result = await chat({ messages: [{ role: "user", content: "Hi" }] }, { ...target, apiKey: null });
    expect(result).toMatchObject({ type: "error", error: { status: 502, error: { message: "Anthropic: x-api-key header is required" } } });
  });

  it("refuses an untranslatable request with a 400 without calling Anthropic", async () => {
    const before = mock.requests.length;
    const result = await chat({ messages: [{ role: "user", content: [{ type: "input_audio", input_audio: { data: "UklGRg==", format: "wav" } }] }] });
    expect(result).toMatchObject({ type: "error", error: { status: 400, error: { type: "invalid_request_error", code: "unsupported_by_provider" } } });
    expect(mock.requests.length).toBe(before);
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

  it("answers 502 upstream_unreachable when nothing listens", async () => {
    const closedPort = await freePort();
    const result = await chat({ messages: [{ role: "user", content: "Hi" }] }, { ...target, baseUrl: `http://127.0.0.1:${closedPort}` });
    expect(result).toMatchObject({ type: "error", error: { status: 502, error: { code: "upstream_unreachable" } } });
  });

  it("lists the models", async () => {
    expect(await anthropicAdapter.listModels(target, AbortSignal.timeout(10_000))).toEqual(MOCK_ANTHROPIC_MODELS);
  });

  it("has no embeddings", () => {
    expect(anthropicAdapter.embeddings).toBeUndefined();
  });
});

/** A loopback port with nothing listening on it. */
async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
