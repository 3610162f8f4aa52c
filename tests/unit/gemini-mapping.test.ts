import { describe, expect, it } from "vitest";
import { fromGeminiEmbeddings, toGeminiEmbedRequest } from "@/lib/providers/gemini-embeddings";
import { SKIP_THOUGHT_SIGNATURE, guessImageMimeType, toGeminiRequest } from "@/lib/providers/gemini-request";
import { fromGeminiResponse, openAiFinishReason } from "@/lib/providers/gemini-response";
import { geminiStreamToChunks } from "@/lib/providers/gemini-stream";
import type { GeminiEmbedResponse, GeminiResponse } from "@/lib/providers/gemini-wire";
import type { ChatCompletionChunk, ChatRequest } from "@/lib/providers/types";
import { UpstreamProtocolError } from "@/lib/providers/types";
import { UnmappableRequestError } from "@/lib/providers/unmappable-request";
import { geminiErrorStream, geminiFunctionCallStream, geminiTextStream, geminiTruncatedStream } from "../fixtures/wire/gemini-streams";
import { accumulateWithOpenAiSdk, collect, replaySse, wireJson } from "../fixtures/wire/replay";

const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

const request = (fields: Partial<ChatRequest>): ChatRequest => ({ model: "public-gemini", messages: [{ role: "user", content: "Hi" }], ...fields });
const CALL_ID = /^call_[0-9a-f]{24}$/;

describe("toGeminiRequest", () => {
  it("translates a whole tool-using conversation", () => {
    const body = request({
      messages: [
        { role: "system", content: "You are terse." },
        { role: "developer", content: "Answer in French." },
        {
          role: "user",
          content: [
            { type: "text", text: "What is the weather where these were taken?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==" } },
            { type: "image_url", image_url: { url: "https://example.com/photos/lyon.webp?size=large" } },
          ],
        },
        {
          role: "assistant",
          content: "Checking both.",
          tool_calls: [
            {
              id: "call_a",
              type: "function",
              function: { name: "get_weather", arguments: '{"city":"Paris"}' },
              extra_content: { google: { thought_signature: "CiQBVKhc7vXq" } },
            },
            { id: "call_b", type: "function", function: { name: "get_time", arguments: '{"city":"Lyon"}' } },
          ],
        },
        { role: "tool", tool_call_id: "call_b", content: "14:05" },
        { role: "tool", tool_call_id: "call_a", content: '{"celsius":18,"sky":"sunny"}' },
        { role: "user", content: "Merci" },
      ],
      tools: [weatherTool],
      tool_choice: "auto",
      max_completion_tokens: 300,
      temperature: 0.2,
      top_p: 0.9,
      stop: ["END"],
      n: 2,
      seed: 7,
    });

    expect(toGeminiRequest(body)).toEqual({
      systemInstruction: { parts: [{ text: "You are terse.\n\nAnswer in French." }] },
      contents: [
        {
          role: "user",
          parts: [
            { text: "What is the weather where these were taken?" },
            { inlineData: { mimeType: "image/png", data: "iVBORw0KGgoAAAANSUhEUg==" } },
            { fileData: { mimeType: "image/webp", fileUri: "https://example.com/photos/lyon.webp?size=large" } },
          ],
        },
        {
          role: "model",
          parts: [
            { text: "Checking both." },
            { functionCall: { name: "get_weather", args: { city: "Paris" } }, thoughtSignature: "CiQBVKhc7vXq" },
            { functionCall: { name: "get_time", args: { city: "Lyon" } } },
          ],
        },
        {
          role: "user",
          parts: [
            { functionResponse: { name: "get_time", response: { content: "14:05" } } },
            { functionResponse: { name: "get_weather", response: { content: { celsius: 18, sky: "sunny" } } } },
            { text: "Merci" },
          ],
        },
      ],
      tools: [
        {
          functionDeclarations: [
            {
              name: "get_weather",
              description: "Current weather for a city",
              parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
            },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: "AUTO" } },
      generationConfig: { temperature: 0.2, topP: 0.9, maxOutputTokens: 300, stopSequences: ["END"], candidateCount: 2, seed: 7 },
    });
  });

  it("gives an unsigned first function call Google's skip-validator signature", () => {
    const mapped = toGeminiRequest(
      request({
        messages: [
          { role: "user", content: "weather?" },
          {
            role: "assistant",
            tool_calls: [
              { id: "c1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
              { id: "c2", type: "function", function: { name: "get_weather", arguments: '{"city":"Rome"}' } },
            ],
          },
        ],
      }),
    );
    expect(mapped.contents[1]!.parts).toEqual([
      { functionCall: { name: "get_weather", args: { city: "Paris" } }, thoughtSignature: SKIP_THOUGHT_SIGNATURE },
      { functionCall: { name: "get_weather", args: { city: "Rome" } } },
    ]);
  });

  it.each([
    ["none", { mode: "NONE" }],
    ["required", { mode: "ANY" }],
    [{ type: "function", function: { name: "get_weather" } }, { mode: "ANY", allowedFunctionNames: ["get_weather"] }],
  ])("maps tool_choice %j", (choice, expected) => {
    expect(toGeminiRequest(request({ tools: [weatherTool], tool_choice: choice })).toolConfig).toEqual({ functionCallingConfig: expected });
  });

  it("asks for JSON, with the schema passed through, for response_format", () => {
    const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] };
    expect(toGeminiRequest(request({ response_format: { type: "json_schema", json_schema: { name: "reply", schema } } })).generationConfig).toEqual({
      responseMimeType: "application/json",
      responseSchema: schema,
    });
    expect(toGeminiRequest(request({ response_format: { type: "json_object" } })).generationConfig).toEqual({ responseMimeType: "application/json" });
  });

  it("leaves out what the client did not set, and uses max_tokens when max_completion_tokens is absent", () => {
    expect(toGeminiRequest(request({}))).toEqual({ contents: [{ role: "user", parts: [{ text: "Hi" }] }] });
    expect(toGeminiRequest(request({ max_tokens: 64 })).generationConfig).toEqual({ maxOutputTokens: 64 });
  });

  it("forwards audio and inline files as inlineData", () => {
    const mapped = toGeminiRequest(
      request({
        messages: [
          {
            role: "user",
            content: [
              { type: "input_audio", input_audio: { data: "UklGRg==", format: "wav" } },
              { type: "file", file: { filename: "a.pdf", file_data: "data:application/pdf;base64,JVBERi0xLjQ=" } },
            ],
          },
        ],
      }),
    );
    expect(mapped.contents[0]!.parts).toEqual([
      { inlineData: { mimeType: "audio/wav", data: "UklGRg==" } },
      { inlineData: { mimeType: "application/pdf", data: "JVBERi0xLjQ=" } },
    ]);
  });

  it.each([
    ["https://cdn.example/a.PNG", "image/png"],
    ["https://cdn.example/b.jpeg#x", "image/jpeg"],
    ["https://cdn.example/render?id=4", "image/jpeg"],
  ])("guesses the MIME type of %s", (url, mimeType) => {
    expect(guessImageMimeType(url)).toBe(mimeType);
  });

  it.each([
    ["a tool answer to an unknown call", request({ messages: [{ role: "tool", tool_call_id: "nope", content: "x" }] })],
    ["tool arguments that are not a JSON object", request({ messages: [{ role: "assistant", tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "[1]" } }] }] })],
    ["a tool that is not a function", request({ tools: [{ type: "custom", custom: { name: "x" } }] })],
  ])("refuses %s", (_, body) => {
    expect(() => toGeminiRequest(body)).toThrow(UnmappableRequestError);
  });
});

describe("fromGeminiResponse", () => {
  it("maps a recorded answer, leaving thought summaries out and thinking tokens in completion_tokens", () => {
    const completion = fromGeminiResponse(wireJson<GeminiResponse>("gemini-generate-text.json"), {
      providerName: "Gemini",
      fallbackModel: "gemini-flash-latest",
      created: 1_760_000_000,
    });
    expect(completion).toEqual({
      id: "chatcmpl-mOKzaNbGBrSp1MkPl9S7wQ4",
      object: "chat.completion",
      created: 1_760_000_000,
      model: "gemini-2.5-flash",
      choices: [{ index: 0, message: { role: "assistant", content: "Bonjour tout le monde !", refusal: null }, logprobs: null, finish_reason: "stop" }],
      usage: { prompt_tokens: 11, completion_tokens: 5 + 68, total_tokens: 84 },
    });
  });

  it("maps recorded parallel function calls to tool_calls with fresh ids and the thought signature", () => {
    const completion = fromGeminiResponse(wireJson<GeminiResponse>("gemini-generate-function-calls.json"), { providerName: "Gemini", fallbackModel: "x" });
    const choice = completion.choices[0] as { message: { content: unknown; tool_calls: { id: string }[] }; finish_reason: string };
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([
      {
        id: expect.stringMatching(CALL_ID),
        type: "function",
        function: { name: "get_weather", arguments: '{"location":"San Francisco, CA","unit":"celsius"}' },
        extra_content: { google: { thought_signature: "CiQBVKhc7vXqMl3bK0Yw9mJc8p6eS8b0Wm3rYl1KyFbVqS3lYw==" } },
      },
      { id: expect.stringMatching(CALL_ID), type: "function", function: { name: "get_weather", arguments: '{"location":"Paris, France"}' } },
    ]);
    expect(choice.message.tool_calls[0]!.id).not.toBe(choice.message.tool_calls[1]!.id);
    expect(completion.usage).toEqual({ prompt_tokens: 74, completion_tokens: 36 + 86, total_tokens: 196 });
  });

  it("answers a blocked prompt with an empty content_filter choice", () => {
    const completion = fromGeminiResponse(wireJson<GeminiResponse>("gemini-generate-blocked.json"), { providerName: "Gemini", fallbackModel: "x" });
    expect(completion.choices).toEqual([{ index: 0, message: { role: "assistant", content: null, refusal: null }, logprobs: null, finish_reason: "content_filter" }]);
    expect(completion.usage).toEqual({ prompt_tokens: 17, completion_tokens: 0, total_tokens: 17 });
  });

  it.each([
    ["STOP", false, "stop"],
    ["STOP", true, "tool_calls"],
    ["MAX_TOKENS", false, "length"],
    ["SAFETY", false, "content_filter"],
    ["RECITATION", false, "content_filter"],
    ["BLOCKLIST", false, "content_filter"],
    ["PROHIBITED_CONTENT", false, "content_filter"],
    [undefined, false, null],
  ])("maps finishReason %s (function calls: %s) to %s", (finishReason, hadToolCalls, expected) => {
    expect(openAiFinishReason(finishReason, hadToolCalls)).toBe(expected);
  });
});

describe("geminiStreamToChunks", () => {
  const options = { providerName: "Gemini", fallbackModel: "gemini-flash-latest", created: 1_760_000_000 };
  const stream = (transcript: string, includeUsage: boolean) => collect(geminiStreamToChunks(replaySse(transcript), { ...options, includeUsage }));
  const deltaOf = (chunk: ChatCompletionChunk) => (chunk.choices[0] as { delta: unknown }).delta;

  it("turns a recorded text stream into OpenAI chunks with a final usage chunk", async () => {
    const chunks = await stream(geminiTextStream, true);
    expect(chunks[0]).toEqual({
      id: "chatcmpl-mOKzaNbGBrSp1MkPl9S7wQ4",
      object: "chat.completion.chunk",
      created: 1_760_000_000,
      model: "gemini-2.5-flash",
      choices: [{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }],
      usage: null,
    });
    expect(chunks.slice(1, 3).map(deltaOf)).toEqual([{ content: "Why don't scientists trust atoms?" }, { content: "\n\nBecause they make up everything!" }]);
    expect(chunks[3]!.choices).toEqual([{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }]);
    expect(chunks[4]).toMatchObject({ choices: [], usage: { prompt_tokens: 6, completion_tokens: 14 + 492, total_tokens: 512 } });
    expect(chunks).toHaveLength(5);
    expect(new Set(chunks.map((chunk) => `${chunk.id}|${chunk.created}|${chunk.model}`)).size).toBe(1);
  });

  it("sends each function call as one complete tool_calls delta, numbered from 0", async () => {
    const chunks = await stream(geminiFunctionCallStream, false);
    expect(chunks.map(deltaOf)).toEqual([
      { role: "assistant", content: "" },
      { content: "Let me look up both cities." },
      {
        tool_calls: [
          {
            index: 0,
            id: expect.stringMatching(CALL_ID),
            type: "function",
            function: { name: "get_weather", arguments: '{"location":"San Francisco, CA","unit":"celsius"}' },
            extra_content: { google: { thought_signature: "CiQBVKhc7vXqMl3bK0Yw9mJc8p6eS8b0Wm3rYl1KyFbVqS3lYw==" } },
          },
        ],
      },
      { tool_calls: [{ index: 1, id: expect.stringMatching(CALL_ID), type: "function", function: { name: "get_weather", arguments: '{"location":"Paris, France"}' } }] },
      {},
    ]);
    expect((chunks[4]!.choices[0] as { finish_reason: string }).finish_reason).toBe("tool_calls");
    expect(chunks.every((chunk) => !("usage" in chunk))).toBe(true);
  });

  it("yields chunks the official OpenAI SDK assembles into the same answer", async () => {
    const completion = await accumulateWithOpenAiSdk(await stream(geminiFunctionCallStream, true));
    const message = completion.choices[0]!.message;
    expect(message.content).toBe("Let me look up both cities.");
    expect(message.tool_calls?.map((call) => call.type === "function" && JSON.parse(call.function.arguments))).toEqual([
      { location: "San Francisco, CA", unit: "celsius" },
      { location: "Paris, France" },
    ]);
    expect(completion.usage).toEqual({ prompt_tokens: 74, completion_tokens: 43 + 86, total_tokens: 203 });
  });

  it("throws UpstreamProtocolError when the stream ends without a finishReason", async () => {
    await expect(stream(geminiTruncatedStream, true)).rejects.toThrow(UpstreamProtocolError);
  });

  it("throws UpstreamProtocolError on an error event", async () => {
    await expect(stream(geminiErrorStream, false)).rejects.toThrow(new UpstreamProtocolError("Gemini: The model is overloaded. Please try again later."));
  });
});

describe("Gemini embeddings", () => {
  it("sends one request per input, naming the model and the dimensions", () => {
    expect(toGeminiEmbedRequest({ model: "m", input: ["a", "b c"], dimensions: 256 }, "gemini-embedding-001")).toEqual({
      requests: [
        { model: "models/gemini-embedding-001", content: { parts: [{ text: "a" }] }, outputDimensionality: 256 },
        { model: "models/gemini-embedding-001", content: { parts: [{ text: "b c" }] }, outputDimensionality: 256 },
      ],
    });
    expect(toGeminiEmbedRequest({ model: "m", input: "solo" }, "e").requests).toHaveLength(1);
  });

  it("refuses token-id input", () => {
    expect(() => toGeminiEmbedRequest({ model: "m", input: [1, 2, 3] }, "e")).toThrow(UnmappableRequestError);
  });

  it("maps a recorded batch answer to OpenAI's list", () => {
    const response = wireJson<GeminiEmbedResponse>("gemini-batch-embed.json");
    expect(fromGeminiEmbeddings(response, { providerName: "Gemini", model: "gemini-embedding-001", encodingFormat: undefined })).toEqual({
      object: "list",
      data: [
        { object: "embedding", index: 0, embedding: [0.013168523, -0.008711934, -0.046782676, 0.00069968984] },
        { object: "embedding", index: 1, embedding: [-0.020640424, 0.003186385, -0.033153687, 0.0067543946] },
      ],
      model: "gemini-embedding-001",
      usage: { prompt_tokens: 0, total_tokens: 0 },
    });
  });

  it("encodes little-endian float32 base64 when asked, as the OpenAI SDKs expect", () => {
    const response = wireJson<GeminiEmbedResponse>("gemini-batch-embed.json");
    const mapped = fromGeminiEmbeddings(response, { providerName: "Gemini", model: "e", encodingFormat: "base64" });
    const encoded = (mapped.data as { embedding: string }[])[0]!.embedding;
    const bytes = Buffer.from(encoded, "base64");
    const decoded = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
    expect(decoded).toEqual([0.013168523, -0.008711934, -0.046782676, 0.00069968984].map(Math.fround));
  });
});
