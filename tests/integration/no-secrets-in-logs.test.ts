/**
 * Nothing the gateway writes to stdout or stderr carries a secret, with logging turned up as far
 * as it goes (DEBUG for every library, Prisma's query debug included, the schema engine's debug
 * lines, Node's own HTTP debug output). The API server runs in its own process (scripts/serve-api.ts,
 * through tests/fixtures/gateway-process.ts) so that every line it writes is captured. Secrets are
 * planted everywhere they can travel: a provider credential and MCP server credentials set through
 * the management API, the org's keys, prompts and tool arguments carrying an AWS key, a card number
 * and a password, a wrong key, upstreams that echo the credentials they receive in their errors, an
 * upstream that is down, malformed and oversized bodies. Success and every error path are exercised; then the output is searched for each value.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import { createApiKey } from "@/lib/keys/key-service";
import { ensureSharedSecrets, startGatewayProcess, type GatewayProcess } from "../fixtures/gateway-process";
import { startMockEchoingUpstream, type MockEchoingUpstream } from "../fixtures/mock-echoing-upstream";
import { startMockMcpUpstream, type MockMcpUpstream } from "../fixtures/mock-mcp-upstream";
import { startMockOpenAi, type MockOpenAi } from "../fixtures/mock-openai";
import { apiKeyPieces, findPlanted, maskPlanted, PLANTED } from "../fixtures/planted-secrets";
import { signedUpOwner } from "./factories";
import { connectClient } from "./mcp/mcp-world";
import { closedPort } from "../fixtures/closed-port";

// The child decrypts what this process encrypts: one master key for both.
ensureSharedSecrets();

const MAX_BODY_BYTES = 64 * 1024;
const PROMPTS = {
  aws: `Use AWS key ${PLANTED.awsAccessKeyId} for the deploy.`,
  card: `Charge card ${PLANTED.cardNumber} for the order.`,
  password: `The admin login is password=${PLANTED.promptPassword} for now.`,
};

let upstream: MockOpenAi;
let echoing: MockEchoingUpstream;
let mcpUpstream: MockMcpUpstream;
let gateway: GatewayProcess;
let gatewayUrl: string;
let adminKey: string;
let appKey = "";

const api = async (route: string, init: { method?: string; body?: unknown; raw?: string; key?: string } = {}) => {
  const response = await fetch(`${gatewayUrl}/api/v1${route}`, {
    method: init.method ?? (init.body === undefined && init.raw === undefined ? "GET" : "POST"),
    headers: { authorization: `Bearer ${init.key ?? adminKey}`, "content-type": "application/json" },
    body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { id: string } };
};

const v1 = async (route: string, init: { body?: unknown; raw?: string; key?: string; headers?: Record<string, string> } = {}) => {
  const response = await fetch(`${gatewayUrl}/v1${route}`, {
    method: init.body === undefined && init.raw === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${init.key ?? appKey}`, "content-type": "application/json", ...init.headers },
    body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  return { status: response.status, text: await response.text() };
};

const chat = (model: string, content: string, options: { stream?: boolean; key?: string } = {}) =>
  v1("/chat/completions", { key: options.key, body: { model, messages: [{ role: "user", content }], stream: options.stream ?? false } });

beforeAll(async () => {
  upstream = await startMockOpenAi({ apiKey: PLANTED.providerCredential });
  echoing = await startMockEchoingUpstream();
  mcpUpstream = await startMockMcpUpstream({ token: PLANTED.mcpBearerToken });
  // The only thing set up in this process: an org and its admin key. The rest goes through the
  // child's management API, so the planted credentials pass through the process whose output is read.
  const { ctx } = await signedUpOwner("logs");
  adminKey = (await createApiKey(await getDb(), ctx, { name: "automation", scopes: ["admin"], modelAllowlist: [] })).key;
  await closeDb(); // an embedded database belongs to one process at a time: the child's now
  gateway = await startGatewayProcess({
    // Everything the app and its libraries can be made to say.
    // (Prisma's own client-engine namespace is left out: stringifying its config crashes it.)
    DEBUG: "*,-prisma:client:clientEngine",
    DEBUG_SCHEMA_ENGINE: "1",
    MIGRATE_ON_START: "true", // a no-op here, but the schema engine's lines are read too
    NODE_DEBUG: "http,undici,fetch",
    GATEWAY_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
    // A busy shared machine must not look like a database outage (which refuses requests with 503).
    DATABASE_TIMEOUT_MS: "30000",
  });
  gatewayUrl = gateway.url;
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
  await echoing?.close();
  await mcpUpstream?.close();
});

describe("what the gateway logs", () => {
  it("takes planted credentials through the management API: providers, models, keys, MCP servers", async () => {
    const provider = async (name: string, kind: string, baseUrl: string) => {
      const created = await api("/providers", { body: { name, kind, base_url: baseUrl, api_key: PLANTED.providerCredential } });
      expect(created.status).toBe(201);
      return created.body.id;
    };
    const mock = await provider("Mock", "openai_compatible", upstream.url);
    const echo = await provider("Echoing", "openai_compatible", `${echoing.url}/v1`);
    const echoAnthropic = await provider("Echoing Anthropic", "anthropic", `${echoing.url}/status/401`);
    const echoGemini = await provider("Echoing Gemini", "gemini", `${echoing.url}/status/403`);
    const down = await provider("Down", "openai_compatible", `http://127.0.0.1:${await closedPort()}/v1`);

    expect((await api(`/providers/${mock}/test`, { body: {} })).body).toMatchObject({ ok: true });
    for (const id of [echo, echoAnthropic, echoGemini, down]) {
      const test = await api(`/providers/${id}/test`, { body: {} });
      expect(test.body).toMatchObject({ ok: false });
      expect(findPlanted(String(test.body.message), { providerCredential: PLANTED.providerCredential }).map((hit) => hit.name)).toEqual([]);
    }
    // Refused input that carries the credential: a bad base URL, malformed JSON, a wrong admin key.
    expect((await api("/providers", { body: { name: "Bad", kind: "openai_compatible", base_url: "not a url", api_key: PLANTED.providerCredential } })).status).toBe(400);
    expect((await api("/providers", { raw: `{"name":"Broken","api_key":"${PLANTED.providerCredential}"` })).status).toBe(400);
    expect((await api("/providers", { body: { name: "Sneaky", kind: "openai_compatible", api_key: PLANTED.providerCredential }, key: PLANTED.wrongApiKey })).status).toBe(401);

    for (const [name, providerId, upstreamModel, kind] of [
      ["chat", mock, "gpt-4o-mini", "chat"],
      ["embed", mock, "text-embedding-3-small", "embedding"],
      ["echoing", echo, "any", "chat"],
      ["echoing-anthropic", echoAnthropic, "claude-any", "chat"],
      ["echoing-gemini", echoGemini, "gemini-any", "chat"],
      ["down", down, "any", "chat"],
      ["down-embed", down, "any", "embedding"],
    ] as const) {
      expect((await api("/models", { body: { public_name: name, provider_id: providerId, upstream_model: upstreamModel, kind } })).status).toBe(201);
    }
    const key = await api("/keys", { body: { name: "agent", scopes: ["gateway", "mcp"] } });
    expect(key.status).toBe(201);
    appKey = String(key.body.key);

    const credentials = { bearer_token: PLANTED.mcpBearerToken, headers: { "X-Planted-Secret": PLANTED.mcpHeaderSecret } };
    const tools = await api("/mcp/servers", { body: { name: "tools", url: mcpUpstream.url, ...credentials } });
    expect(tools.status).toBe(201);
    expect(tools.body.sync_error).toBeNull();
    expect((await api(`/mcp/servers/${tools.body.id}/approve-all`, { body: {} })).status).toBe(200);
    const listed = (await api(`/mcp/tools?server_id=${tools.body.id}`)).body.data as { id: string; name: string }[];
    for (const tool of listed.filter((candidate) => candidate.name === "echo" || candidate.name === "lookup_customer")) {
      expect((await api(`/mcp/tools/${tool.id}/grants`, { method: "PUT", body: { key_ids: [key.body.id] } })).status).toBe(200);
    }
    const echoServer = await api("/mcp/servers", { body: { name: "echoing", url: `${echoing.url}/mcp`, ...credentials } });
    expect(/MCP server echoing answered HTTP 500/.test(String(echoServer.body.sync_error)), "the listing failed").toBe(true);
    expect(findPlanted(String(echoServer.body.sync_error), { mcpBearerToken: PLANTED.mcpBearerToken, mcpHeaderSecret: PLANTED.mcpHeaderSecret }).map((hit) => hit.name)).toEqual([]);
    expect((await api(`/mcp/servers/${echoServer.body.id}/sync`, { body: {} })).status).toBe(502);
    expect((await api("/mcp/servers", { body: { name: "spaced", url: mcpUpstream.url, bearer_token: `x ${PLANTED.mcpBearerToken}` } })).status).toBe(400);
  });

  it("serves /v1 and refuses what it must, with the planted values in prompts, keys and bodies", async () => {
    const client = new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey: appKey, maxRetries: 0 });
    expect((await client.chat.completions.create({ model: "chat", messages: [{ role: "user", content: "hello" }] })).choices[0]!.message.content).toBe("You said: hello");
    const stream = await client.chat.completions.create({ model: "chat", messages: [{ role: "user", content: PROMPTS.card }], stream: true });
    let streamed = "";
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? "";
    expect(streamed.includes(PLANTED.cardNumber), "the default policy masks cards").toBe(false); // a boolean: a failure must not print it
    expect((await client.embeddings.create({ model: "embed", input: "hello" })).data).toHaveLength(1);

    expect((await chat("chat", PROMPTS.aws)).status).toBe(403);
    expect((await chat("chat", PROMPTS.password, { stream: true })).status).toBe(403);
    expect((await chat("chat", PROMPTS.card)).status).toBe(200);
    expect((await v1("/embeddings", { body: { model: "embed", input: [PROMPTS.aws] } })).status).toBe(403);

    for (const model of ["echoing", "echoing-anthropic", "echoing-gemini"]) {
      for (const stream of [false, true]) {
        const failed = await chat(model, "hello", { stream });
        expect(failed.status).toBe(502);
        expect(findPlanted(failed.text, { providerCredential: PLANTED.providerCredential }).map((hit) => hit.name)).toEqual([]);
      }
    }
    expect((await chat("down", "hello")).status).toBe(502);
    expect((await chat("down", "hello", { stream: true })).status).toBe(502);
    expect((await v1("/embeddings", { body: { model: "down-embed", input: "hello" } })).status).toBe(502);

    expect((await chat("chat", "hello", { key: PLANTED.wrongApiKey })).status).toBe(401);
    expect((await v1("/chat/completions", { key: PLANTED.providerCredential, body: { model: "chat", messages: [] } })).status).toBe(401);
    expect((await v1("/models", { key: withLastCharacterChanged(appKey) })).status).toBe(401);
    expect((await v1("/models", { headers: { authorization: `Basic ${Buffer.from(`user:${PLANTED.promptPassword}`).toString("base64")}` } })).status).toBe(401);
    expect((await v1(`/models?api_key=${encodeURIComponent(PLANTED.providerCredential)}`)).status).toBe(200);

    // Malformed, invalid and oversized bodies. (Planted values go only where secrets travel, not
    // into ids or model names: Prisma's debug output shows every query parameter, by design.)
    expect((await v1("/chat/completions", { raw: `{"model":"chat","messages":[{"role":"user","content":"${PROMPTS.aws}"` })).status).toBe(400);
    expect((await v1("/chat/completions", { body: { model: "chat", messages: PROMPTS.password } })).status).toBe(400);
    expect((await v1("/chat/completions", { body: { model: "chat", messages: [{ role: PROMPTS.aws, content: "hi" }] } })).status).toBe(400);
    expect((await v1("/chat/completions", { body: { model: "chat", messages: [{ role: "user", content: PROMPTS.card }], stream_options: { include_usage: PROMPTS.password } } })).status).toBe(400);
    const oversized = `{"model":"chat","messages":[{"role":"user","content":"${PROMPTS.aws.repeat(Math.ceil((2 * MAX_BODY_BYTES) / PROMPTS.aws.length))}"}]}`;
    expect((await v1("/chat/completions", { raw: oversized })).status).toBe(413);
  });

  it("serves /mcp with planted values in tool arguments, and upstreams that echo credentials or are down", async () => {
    const client: Client = await connectClient(gatewayUrl, appKey);
    const echoed = (await client.callTool({ name: "tools__echo", arguments: { text: "hello" } })) as { content: { text: string }[] };
    expect(echoed.content[0]!.text).toBe("echo: hello");
    await expect(client.callTool({ name: "tools__echo", arguments: { text: PROMPTS.aws } })).rejects.toThrow(/policy/i);
    await expect(client.callTool({ name: "tools__echo", arguments: { text: PROMPTS.password } })).rejects.toThrow(/policy/i);
    const carded = (await client.callTool({ name: "tools__lookup_customer", arguments: { id: PLANTED.cardNumber } })) as { content: { text: string }[] };
    expect(carded.content[0]!.text.includes(PLANTED.cardNumber), "the default policy masks cards").toBe(false);
    await expect(client.callTool({ name: "tools__missing", arguments: { text: PROMPTS.aws } })).rejects.toThrow();

    // The same server, moved to an upstream that echoes the credentials in its errors, then to one that is down.
    const server = ((await api("/mcp/servers")).body.data as { id: string; name: string }[]).find((candidate) => candidate.name === "tools");
    for (const url of [`${echoing.url}/mcp`, `http://127.0.0.1:${await closedPort()}/mcp`]) {
      expect((await api(`/mcp/servers/${server!.id}`, { method: "PATCH", body: { url } })).status).toBe(200);
      const refused = await client.callTool({ name: "tools__echo", arguments: { text: "hello" } }).then(
        () => "answered",
        (error: Error) => error.message,
      );
      expect(/MCP server tools/.test(refused), "the call failed upstream").toBe(true);
      expect(findPlanted(refused, { mcpBearerToken: PLANTED.mcpBearerToken, mcpHeaderSecret: PLANTED.mcpHeaderSecret }).map((hit) => hit.name)).toEqual([]);
    }
    await client.close();

    await expect(connectClient(gatewayUrl, PLANTED.wrongApiKey)).rejects.toThrow(/401|API key/);
    const malformed = await fetch(`${gatewayUrl}/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${appKey}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"tools__echo","arguments":{"text":"${PROMPTS.password}"`,
    });
    expect(malformed.status).toBeGreaterThanOrEqual(400);
  });

  it("wrote none of the planted values, nor any piece of a key beyond its shown prefix, to stdout or stderr", async () => {
    gateway.child.kill("SIGTERM"); // drains, writes its audit rows and exits: its last lines are read too
    expect((await gateway.exited).code).toBe(0);
    const output = gateway.output();
    // The output is really there: its start line, its shutdown, and the debug lines the flags
    // turned on (tested without printing the output, which is what is under suspicion).
    const expectedLines = {
      start: /API listening on http/,
      shutdown: /\[shutdown\] SIGTERM/,
      "NODE_DEBUG=http": /^HTTP \d+: /m,
      "DEBUG=prisma:*, every query with its parameters": /^prisma:driver-adapter:\w+ \[js::query_raw\]/m,
    };
    expect(Object.entries(expectedLines).filter(([, pattern]) => !pattern.test(output)).map(([name]) => name)).toEqual([]);
    const planted = { ...PLANTED, adminKey, adminKeyPieces: apiKeyPieces(adminKey), appKey, appKeyPieces: apiKeyPieces(appKey) };
    // Reported by name with the line it is on, the value itself masked.
    const lines = output.split("\n");
    const where = findPlanted(output, planted).map((hit) => {
      const line = output.slice(0, hit.index).split("\n").length;
      return `${hit.name} (${hit.kind}) on line ${line}: ${maskPlanted(lines[line - 1]!, planted).slice(0, 300)}`;
    });
    expect(where).toEqual([]);
  });
});

/** A key one character off: its last character replaced by another (never by itself). */
function withLastCharacterChanged(key: string): string {
  return `${key.slice(0, -1)}${key.endsWith("x") ? "y" : "x"}`;
}
