import { describe, expect, it } from "vitest";
import { toAnthropicRequest } from "@/lib/providers/anthropic-request";
import { fromAnthropicMessage, openAiFinishReason } from "@/lib/providers/anthropic-response";
import { anthropicStreamToChunks } from "@/lib/providers/anthropic-stream";
import type { AnthropicMessage } from "@/lib/providers/anthropic-wire";
import type { ChatCompletionChunk, ChatRequest } from "@/lib/providers/types";
import { UpstreamProtocolError } from "@/lib/providers/types";
import { UnmappableRequestError } from "@/lib/providers/unmappable-request";
import { accumulateWithOpenAiSdk, collect, replaySse, wireFile, wireJson } from "../fixtures/wire/replay";

const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

const request = (fields: Partial<ChatRequest>): ChatRequest => ({ model: "public-claude", messages: [{ role: "user", content: "Hi" }], ...fields });

describe("toAnthropicRequest", () => {
  it("translates a whole tool-using conversation", () => {
    const body = request({
      messages: [
        { role: "system", content: "You are terse." },
        { role: "developer", content: [{ type: "text", text: "Answer in French." }] },
        {
          role: "user",
          content: [
            { type: "text", text: "What is the weather where these were taken?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==" } },
            { type: "image_url", image_url: { url: "https://example.com/photos/lyon.jpg", detail: "high" } },
          ],
        },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_a", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
            { id: "call_b", type: "function", function: { name: "get_weather", arguments: '{"city":"Lyon"}' } },
          ],
        },
        { role: "tool", tool_call_id: "call_a", content: "18°C, sunny" },
        { role: "tool", tool_call_id: "call_b", content: [{ type: "text", text: "21°C, cloudy" }] },
        { role: "user", content: "Merci" },
      ],
      tools: [weatherTool],
      tool_choice: "required",
      max_completion_tokens: 300,
      max_tokens: 999,
      temperature: 0.2,
      top_p: 0.9,
      stop: "END",
      stream: true,
      user: "user-42",
    });

    expect(toAnthropicRequest(body, "claude-sonnet-4-5-20250929")).toEqual({
      model: "claude-sonnet-4-5-20250929",
      max_tokens: 300,
      system: "You are terse.\n\nAnswer in French.",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is the weather where these were taken?" },
            { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgoAAAANSUhEUg==" } },
            { type: "image", source: { type: "url", url: "https://example.com/photos/lyon.jpg" } },
          ],
        },
        {
          role: "assistant",
          content: [
            { type: "tool_use", id: "call_a", name: "get_weather", input: { city: "Paris" } },
            { type: "tool_use", id: "call_b", name: "get_weather", input: { city: "Lyon" } },
          ],
        },
        {
          // both results and the next user text share one user turn, results first
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "call_a", content: "18°C, sunny" },
            { type: "tool_result", tool_use_id: "call_b", content: "21°C, cloudy" },
            { type: "text", text: "Merci" },
          ],
        },
      ],
      tools: [
        {
          name: "get_weather",
          description: "Current weather for a city",
          input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        },
      ],
      tool_choice: { type: "any" },
      temperature: 0.2,
      top_p: 0.9,
      stop_sequences: ["END"],
      stream: true,
      metadata: { user_id: "user-42" },
    });
  });

  it("defaults max_tokens to 4096 and falls back to max_tokens when max_completion_tokens is absent", () => {
    expect(toAnthropicRequest(request({}), "m").max_tokens).toBe(4096);
    expect(toAnthropicRequest(request({ max_tokens: 77 }), "m").max_tokens).toBe(77);
  });

  it("leaves out what the client did not set", () => {
    expect(toAnthropicRequest(request({ stream: false }), "m")).toEqual({
      model: "m",
      max_tokens: 4096,
      messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
    });
  });

  it("passes a stop list as stop_sequences", () => {
    expect(toAnthropicRequest(request({ stop: ["###", "END"] }), "m").stop_sequences).toEqual(["###", "END"]);
  });

  it.each([
    ["auto", { type: "auto" }],
    ["required", { type: "any" }],
    [{ type: "function", function: { name: "get_weather" } }, { type: "tool", name: "get_weather" }],
  ])("maps tool_choice %j", (choice, expected) => {
    const mapped = toAnthropicRequest(request({ tools: [weatherTool], tool_choice: choice }), "m");
    expect(mapped.tool_choice).toEqual(expected);
    expect(mapped.tools).toHaveLength(1);
  });

  it('drops the tools for tool_choice "none" in a conversation without tool use', () => {
    const mapped = toAnthropicRequest(request({ tools: [weatherTool], tool_choice: "none" }), "m");
    expect(mapped.tools).toBeUndefined();
    expect(mapped.tool_choice).toBeUndefined();
  });

  it('keeps the tools and says "none" when the history already used them (Anthropic requires their definitions)', () => {
    const mapped = toAnthropicRequest(
      request({
        messages: [
          { role: "user", content: "weather?" },
          { role: "assistant", tool_calls: [{ id: "c1", type: "function", function: { name: "get_weather", arguments: "{}" } }] },
          { role: "tool", tool_call_id: "c1", content: "sunny" },
        ],
        tools: [weatherTool],
        tool_choice: "none",
      }),
      "m",
    );
    expect(mapped.tool_choice).toEqual({ type: "none" });
    expect(mapped.tools?.[0]?.name).toBe("get_weather");
  });

  it("turns parallel_tool_calls: false into disable_parallel_tool_use", () => {
    expect(toAnthropicRequest(request({ tools: [weatherTool], parallel_tool_calls: false }), "m").tool_choice).toEqual({
      type: "auto",
      disable_parallel_tool_use: true,
    });
  });

  it("asks for JSON with the schema in the system prompt for response_format json_schema", () => {
    const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] };
    const mapped = toAnthropicRequest(
      request({
        messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi" }],
        response_format: { type: "json_schema", json_schema: { name: "reply", schema, strict: true } },
      }),
      "m",
    );
    expect(mapped.system).toMatch(/^Be brief\.\n\nRespond with a single valid JSON value only/);
    expect(mapped.system).toContain(`(named "reply"):\n${JSON.stringify(schema)}`);
  });

  it("asks for a JSON object for response_format json_object", () => {
    const mapped = toAnthropicRequest(request({ response_format: { type: "json_object" } }), "m");
    expect(mapped.system).toContain("The value must be a JSON object.");
  });

  it("forwards a PDF file part as a document block", () => {
    const mapped = toAnthropicRequest(
      request({ messages: [{ role: "user", content: [{ type: "file", file: { filename: "a.pdf", file_data: "data:application/pdf;base64,JVBERi0xLjQ=" } }] }] }),
      "m",
    );
    expect(mapped.messages[0]!.content).toEqual([{ type: "document", source: { type: "base64", media_type: "application/pdf", data: "JVBERi0xLjQ=" } }]);
  });

  it.each([
    ["an audio part", request({ messages: [{ role: "user", content: [{ type: "input_audio", input_audio: { data: "UklGRg==", format: "wav" } }] }] })],
    ["n > 1", request({ n: 2 })],
    ["tool arguments that are not JSON", request({ messages: [{ role: "assistant", tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{oops" } }] }] })],
    ["an image given by file path", request({ messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "file:///etc/passwd" } }] }] })],
  ])("refuses %s instead of dropping it", (_, body) => {
    expect(() => toAnthropicRequest(body, "m")).toThrow(UnmappableRequestError);
  });
});

describe("fromAnthropicMessage", () => {
  it("maps text and tool_use blocks, stop reason and usage of a recorded answer", () => {
    const message = wireJson<AnthropicMessage>("anthropic-message-tool-use.json");
    expect(fromAnthropicMessage(message, "Anthropic", 1_760_000_000)).toEqual({
      id: "chatcmpl-msg_01Aq9w938a90dw8q5oRyZ2PD",
      object: "chat.completion",
      created: 1_760_000_000,
      model: "claude-sonnet-4-5-20250929",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: "I'll check the current weather in San Francisco for you.",
            refusal: null,
            tool_calls: [
              {
                id: "toolu_01A09q90qw90lq917835lq9",
                type: "function",
                function: { name: "get_weather", arguments: '{"location":"San Francisco, CA","unit":"celsius"}' },
              },
            ],
          },
          logprobs: null,
          finish_reason: "tool_calls",
        },
      ],
      usage: { prompt_tokens: 384, completion_tokens: 92, total_tokens: 476 },
    });
  });

  it("joins text blocks, skips thinking, and counts cached prompt tokens into prompt_tokens", () => {
    const completion = fromAnthropicMessage(wireJson<AnthropicMessage>("anthropic-message-text.json"), "Anthropic");
    expect(completion.choices[0]).toMatchObject({ message: { content: "Bonjour tout le monde !" }, finish_reason: "stop" });
    expect(completion.choices[0]).not.toHaveProperty("message.tool_calls");
    expect(completion.usage).toEqual({ prompt_tokens: 21 + 1024 + 2048, completion_tokens: 9, total_tokens: 3102 });
  });

  it("answers null content when the model only called tools", () => {
    const message = wireJson<AnthropicMessage>("anthropic-message-tool-use.json");
    const completion = fromAnthropicMessage({ ...message, content: message.content.slice(1) }, "Anthropic");
    expect(completion.choices[0]).toMatchObject({ message: { content: null } });
  });

  it.each([
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["max_tokens", "length"],
    ["tool_use", "tool_calls"],
    ["refusal", "content_filter"],
  ])("maps stop_reason %s to %s", (stopReason, finishReason) => {
    expect(openAiFinishReason(stopReason)).toBe(finishReason);
  });

  it("refuses a body that is not a message", () => {
    expect(() => fromAnthropicMessage({ type: "error" } as unknown as AnthropicMessage, "Anthropic")).toThrow(UpstreamProtocolError);
  });
});

describe("anthropicStreamToChunks", () => {
  const stream = (name: string, includeUsage: boolean) =>
    collect(anthropicStreamToChunks(replaySse(wireFile(name)), { providerName: "Anthropic", includeUsage, created: 1_760_000_000 }));

  it("turns a recorded tool-use stream into OpenAI chunks, numbering tool calls from 0", async () => {
    const chunks = await stream("anthropic-stream-tool-use.txt", true);
    const deltas = chunks.map((chunk) => (chunk.choices[0] as { delta?: unknown } | undefined)?.delta);

    expect(chunks[0]).toEqual({
      id: "chatcmpl-msg_014p7gG3wDgGV9EUtLvnow3U",
      object: "chat.completion.chunk",
      created: 1_760_000_000,
      model: "claude-sonnet-4-5-20250929",
      choices: [{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }],
      usage: null,
    });
    expect(deltas.slice(1, 4)).toEqual([
      { content: "Okay" },
      { content: ", let's check the weather for San Francisco" },
      { content: " and Paris:" },
    ]);
    expect(deltas[4]).toEqual({
      tool_calls: [{ index: 0, id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", type: "function", function: { name: "get_weather", arguments: "" } }],
    });
    expect(deltas.slice(5, 9)).toEqual(
      ['{"location":', ' "San', " Francisc", 'o, CA", "unit": "fah'].map((partial) => ({ tool_calls: [{ index: 0, function: { arguments: partial } }] })),
    );
    expect(deltas[10]).toEqual({
      tool_calls: [{ index: 1, id: "toolu_01HSWwDn4vKkaUMeKhS4hzXo", type: "function", function: { name: "get_weather", arguments: "" } }],
    });
    expect(chunks[13]!.choices).toEqual([{ index: 0, delta: {}, logprobs: null, finish_reason: "tool_calls" }]);
    expect(chunks[14]).toEqual({
      id: "chatcmpl-msg_014p7gG3wDgGV9EUtLvnow3U",
      object: "chat.completion.chunk",
      created: 1_760_000_000,
      model: "claude-sonnet-4-5-20250929",
      choices: [],
      usage: { prompt_tokens: 472 + 128, completion_tokens: 89, total_tokens: 689 },
    });
    expect(chunks).toHaveLength(15);
    expect(new Set(chunks.map((chunk) => `${chunk.id}|${chunk.created}|${chunk.model}|${chunk.object}`)).size).toBe(1);
  });

  it("yields chunks the official OpenAI SDK assembles into the same answer", async () => {
    const completion = await accumulateWithOpenAiSdk(await stream("anthropic-stream-tool-use.txt", false));
    const message = completion.choices[0]!.message;
    expect(message.content).toBe("Okay, let's check the weather for San Francisco and Paris:");
    expect(message.tool_calls?.map((call) => call.type === "function" && [call.id, JSON.parse(call.function.arguments)])).toEqual([
      ["toolu_01T1x1fJ34qAmk2tNTrN7Up6", { location: "San Francisco, CA", unit: "fahrenheit" }],
      ["toolu_01HSWwDn4vKkaUMeKhS4hzXo", { location: "Paris, France" }],
    ]);
    expect(completion.choices[0]!.finish_reason).toBe("tool_calls");
  });

  it("sends no usage chunk and no usage field unless asked", async () => {
    const chunks = await stream("anthropic-stream-tool-use.txt", false);
    expect(chunks.every((chunk: ChatCompletionChunk) => chunk.choices.length === 1 && !("usage" in chunk))).toBe(true);
  });

  it("throws UpstreamProtocolError on an error event, after what came before it", async () => {
    const seen: ChatCompletionChunk[] = [];
    const iterate = async () => {
      for await (const chunk of anthropicStreamToChunks(replaySse(wireFile("anthropic-stream-overloaded.txt")), { providerName: "Anthropic", includeUsage: false })) {
        seen.push(chunk);
      }
    };
    await expect(iterate()).rejects.toThrow(new UpstreamProtocolError("Anthropic: Overloaded"));
    expect(seen.map((chunk) => (chunk.choices[0] as { delta: unknown }).delta)).toEqual([{ role: "assistant", content: "" }, { content: "Hello" }]);
  });

  it("throws UpstreamProtocolError when the stream ends without message_stop", async () => {
    await expect(stream("anthropic-stream-truncated.txt", true)).rejects.toThrow(UpstreamProtocolError);
  });

  it("throws UpstreamProtocolError on an event that is not JSON", async () => {
    await expect(collect(anthropicStreamToChunks(replaySse("event: message_start\ndata: {oops\n\n"), { providerName: "Anthropic", includeUsage: false }))).rejects.toThrow(
      UpstreamProtocolError,
    );
  });
});
