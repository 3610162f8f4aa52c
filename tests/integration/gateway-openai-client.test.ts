/**
 * The official `openai` npm client, unchanged but for baseURL and key, against the gateway's /v1
 * (the same handlers Next mounts), backed by a mock OpenAI-compatible upstream on loopback.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flushAudit } from "@/lib/audit/audit-writer";
import { publishModel } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { createApiKey, revokeApiKey } from "@/lib/keys/key-service";
import { setPromptStorage } from "@/lib/orgs/org-service";
import type { OrgContext } from "@/lib/orgs/org-access";
import { createProvider } from "@/lib/providers/provider-service";
import { startMockOpenAi, type MockOpenAi } from "../fixtures/mock-openai";
import { signedUpOwner } from "./factories";

process.env.ALLOW_PRIVATE_UPSTREAMS = "1"; // the mock upstream listens on loopback

let upstream: MockOpenAi;
let gateway: Awaited<ReturnType<typeof startGatewayServer>>;
let ctx: OrgContext;
let key: string;
let client: OpenAI;

const clientFor = (apiKey: string) => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey, maxRetries: 0 });

async function newKey(input: Partial<Parameters<typeof createApiKey>[2]> = {}) {
  return createApiKey(await getDb(), ctx, { name: "test app", scopes: ["gateway"], modelAllowlist: [], ...input });
}

beforeAll(async () => {
  upstream = await startMockOpenAi({ apiKey: "sk-upstream-secret" });
  gateway = await startGatewayServer();
  ctx = (await signedUpOwner("gw")).ctx;
  const db = await getDb();
  const provider = await createProvider(db, ctx, { name: "Mock OpenAI", kind: "openai_compatible", baseUrl: upstream.url, apiKey: "sk-upstream-secret" });
  await publishModel(db, ctx, { publicName: "gpt-4o-mini", providerId: provider.id, upstreamModel: "gpt-4o-mini-2024-07-18", kind: "chat" });
  await publishModel(db, ctx, { publicName: "fast", providerId: provider.id, upstreamModel: "gpt-4o-mini-2024-07-18", kind: "chat" });
  await publishModel(db, ctx, { publicName: "embed", providerId: provider.id, upstreamModel: "text-embedding-3-small", kind: "embedding" });
  key = (await newKey()).key;
  client = clientFor(key);
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

describe("chat completions through the official client", () => {
  it("answers a plain request with decision metadata in headers and body", async () => {
    const { data, response } = await client.chat.completions
      .create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hello" }], temperature: 0.2, user: "u-42" })
      .withResponse();
    expect(data.choices[0]!.message.content).toBe("You said: hello");
    expect(data.usage).toEqual({ prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 });
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    expect(response.headers.get("x-gateway-provider")).toBe("Mock OpenAI");
    expect(response.headers.get("x-gateway-upstream-model")).toBe("gpt-4o-mini-2024-07-18");
    expect(response.headers.get("x-gateway-decision")).toBe("allow");
    expect((data as unknown as { gateway: Record<string, unknown> }).gateway).toMatchObject({
      request_id: response.headers.get("x-request-id"),
      provider: "Mock OpenAI",
      upstream_model: "gpt-4o-mini-2024-07-18",
      decision: "allow",
      matched_rules: [],
    });
    // Passed through untouched, but for the model id; the caller's key never reaches the provider.
    const sent = upstream.requests.at(-1)!;
    expect(sent.body).toMatchObject({ model: "gpt-4o-mini-2024-07-18", temperature: 0.2, user: "u-42" });
    expect(sent.headers.authorization).toBe("Bearer sk-upstream-secret");
  });

  it("streams with include_usage, ending with usage and [DONE]", async () => {
    const stream = await client.chat.completions.create({
      model: "fast",
      messages: [{ role: "user", content: "stream please" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe("You said: stream please");
    expect(usage?.total_tokens).toBe(18);
  });

  it("returns tool calls, plain and streamed, and passes tools, response_format and images through", async () => {
    const tools: OpenAI.ChatCompletionTool[] = [
      { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } },
    ];
    const plain = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "use the tool" }], tools });
    expect(plain.choices[0]!.message.tool_calls?.[0]).toMatchObject({ type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } });

    const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "use the tool" }], tools, stream: true });
    let args = "";
    for await (const chunk of stream) args += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? "";
    expect(JSON.parse(args)).toEqual({ city: "Paris" });

    await client.chat.completions.create({
      model: "gpt-4o-mini",
      response_format: { type: "json_object" },
      messages: [{ role: "user", content: [{ type: "text", text: "what is this" }, { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } }] }],
    });
    expect(upstream.requests.at(-1)!.body).toMatchObject({
      response_format: { type: "json_object" },
      messages: [{ content: [{ type: "text" }, { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } }] }],
    });
  });

  it("ends a stream that breaks midway with an error, and records it as incomplete", async () => {
    const { data: stream, response } = await client.chat.completions
      .create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "fail midway" }], stream: true })
      .withResponse();
    let text = "";
    await expect(async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    }).rejects.toThrow(/ended the stream|stream/i);
    expect(text).toBe("Partial");
    await flushAudit();
    const row = await (await getDb()).gatewayRequest.findUnique({ where: { requestId: response.headers.get("x-request-id")! } });
    expect(row).toMatchObject({ outcome: "incomplete", stream: true, errorCode: "upstream_stream_error" });
  });
});

describe("embeddings and models", () => {
  it("embeds through the catalog's embedding model", async () => {
    const result = await client.embeddings.create({ model: "embed", input: ["a", "b"] });
    expect(result.data.map((d) => d.index)).toEqual([0, 1]);
    expect(result.data[0]!.embedding).toHaveLength(3);
    expect(upstream.requests.at(-1)!.body.model).toBe("text-embedding-3-small");
  });

  it("lists only what the key may use", async () => {
    expect((await client.models.list()).data.map((m) => m.id).sort()).toEqual(["embed", "fast", "gpt-4o-mini"]);
    const narrow = clientFor((await newKey({ modelAllowlist: ["fast"] })).key);
    expect((await narrow.models.list()).data.map((m) => m.id)).toEqual(["fast"]);
    await expect(narrow.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] })).rejects.toMatchObject({
      status: 404,
      code: "model_not_found",
    });
  });
});

describe("errors in OpenAI's shape", () => {
  it("refuses a missing, wrong, revoked or expired key, and a key without the gateway scope", async () => {
    await expect(clientFor("gw_live_not-a-real-key").models.list()).rejects.toMatchObject({ status: 401, code: "invalid_api_key" });
    const revoked = await newKey();
    const revokedClient = clientFor(revoked.key);
    await revokedClient.models.list(); // cached as valid first
    await revokeApiKey(await getDb(), ctx, revoked.apiKey.id);
    await expect(revokedClient.models.list()).rejects.toMatchObject({ status: 401, code: "api_key_revoked" });

    const expiring = await newKey({ expiresAt: new Date(Date.now() + 1500) });
    await clientFor(expiring.key).models.list();
    await new Promise((resolve) => setTimeout(resolve, 1600));
    await expect(clientFor(expiring.key).models.list()).rejects.toMatchObject({ status: 401, code: "api_key_expired" });

    const mcpOnly = await newKey({ scopes: ["mcp"] });
    await expect(clientFor(mcpOnly.key).models.list()).rejects.toMatchObject({ status: 403, code: "insufficient_scope" });
  });

  it("answers unknown models, upstream failures and bad bodies with the right status", async () => {
    await expect(client.chat.completions.create({ model: "nope", messages: [{ role: "user", content: "hi" }] })).rejects.toMatchObject({
      status: 404,
      code: "model_not_found",
      param: "model",
    });
    await expect(client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "upstream 500" }] })).rejects.toMatchObject({
      status: 502,
      type: "upstream_error",
    });
    await expect(client.chat.completions.create({ model: "gpt-4o-mini", messages: [] })).rejects.toMatchObject({ status: 400, param: "messages" });

    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${gateway.url}/v1/chat/completions`, { method: "POST", body, headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers } });
    const malformed = await post("{not json");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: { message: "The request body is not valid JSON.", type: "invalid_request_error", code: "invalid_json", param: null } });
    const wrongType = await post(JSON.stringify({ model: 42, messages: "hi" }));
    expect(wrongType.status).toBe(400);
    expect((await wrongType.json()).error.code).toBe("invalid_value");

    process.env.GATEWAY_MAX_BODY_BYTES = "1024";
    try {
      const big = await post(JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x".repeat(5000) }] }));
      expect(big.status).toBe(413);
      expect((await big.json()).error.code).toBe("request_too_large");
    } finally {
      delete process.env.GATEWAY_MAX_BODY_BYTES;
    }
    const unknown = await fetch(`${gateway.url}/v1/nothing-here`, { headers: { authorization: `Bearer ${key}` } });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("unknown_url");
  });
});

describe("decision records", () => {
  it("lets a key fetch the record of its own request, and no other key", async () => {
    const { response } = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "record me" }] }).withResponse();
    const requestId = response.headers.get("x-request-id")!;
    const own = await fetch(`${gateway.url}/v1/gateway/requests/${requestId}`, { headers: { authorization: `Bearer ${key}` } });
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({
      id: requestId,
      outcome: "ok",
      requested_model: "gpt-4o-mini",
      served_model: "gpt-4o-mini-2024-07-18",
      provider: "Mock OpenAI",
      decision: { action: "allow", matched_rules: [] },
      usage: { total_tokens: 18 },
      prompt: null, // the org stores no prompt text by default
    });
    const other = (await newKey()).key;
    const foreign = await fetch(`${gateway.url}/v1/gateway/requests/${requestId}`, { headers: { authorization: `Bearer ${other}` } });
    expect(foreign.status).toBe(404);
  });

  it("keeps the prompt and answer text only when the org chose full storage", async () => {
    await setPromptStorage(await getDb(), ctx, "full");
    try {
      const { response } = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "keep this" }] }).withResponse();
      const record = await (await fetch(`${gateway.url}/v1/gateway/requests/${response.headers.get("x-request-id")}`, { headers: { authorization: `Bearer ${key}` } })).json();
      expect(record, JSON.stringify(record)).toHaveProperty("prompt");
      expect(record.prompt).toContain("keep this");
      expect(record.response).toBe("You said: keep this");
    } finally {
      await setPromptStorage(await getDb(), ctx, "none");
    }
  });
});

describe("prompt storage", () => {
  it("keeps prompt and answer in redacted mode with what the detectors find masked", async () => {
    await setPromptStorage(await getDb(), ctx, "redacted");
    try {
      const { response } = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "write to grace@hopper-labs.io today" }] }).withResponse();
      const record = await (await fetch(`${gateway.url}/v1/gateway/requests/${response.headers.get("x-request-id")}`, { headers: { authorization: `Bearer ${key}` } })).json();
      expect(record).toMatchObject({ outcome: "ok" });
      expect(JSON.parse(record.prompt)).toEqual([{ role: "user", content: "write to [REDACTED:email] today" }]);
      expect(record.response).toBe("You said: write to [REDACTED:email] today");
      expect(JSON.stringify(record)).not.toContain("grace@hopper-labs.io");
    } finally {
      await setPromptStorage(await getDb(), ctx, "none");
    }
  });
});
