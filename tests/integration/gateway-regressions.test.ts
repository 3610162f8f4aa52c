/**
 * Regressions found in the gateway core, each with the cause that was fixed: a client leaving a
 * stream, provider bodies that break or stall after their headers, and provider or model names
 * that are not ASCII (they travel in response headers).
 */
import { request as httpRequest } from "node:http";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { publishModel } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { createApiKey } from "@/lib/keys/key-service";
import type { OrgContext } from "@/lib/orgs/org-access";
import { createProvider } from "@/lib/providers/provider-service";
import { auditRow } from "../fixtures/audit-rows";
import { startMockFaultyUpstream, type MockFaultyUpstream } from "../fixtures/mock-faulty-upstream";
import { signedUpOwner } from "./factories";

vi.hoisted(() => {
  // Read by pipeline.ts at import. Long enough for a trickled stream's first chunks on a loaded
  // machine, short of the 5 s the "stall body" mock waits.
  process.env.UPSTREAM_TIMEOUT_MS = "2500";
  process.env.ALLOW_PRIVATE_UPSTREAMS = "1"; // the mock upstream listens on loopback
});

let ctx: OrgContext;
let upstream: MockFaultyUpstream;
let gateway: Awaited<ReturnType<typeof startGatewayServer>>;
let key: string;
let client: OpenAI;

const chat = (body: Record<string, unknown>) =>
  fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  upstream = await startMockFaultyUpstream({ intervalMs: 100, chunks: 50 });
  gateway = await startGatewayServer();
  ctx = (await signedUpOwner("bugs")).ctx;
  const db = await getDb();
  for (const kind of ["openai_compatible", "anthropic", "gemini"] as const) {
    const provider = await createProvider(db, ctx, { name: `Faulty ${kind}`, kind, baseUrl: kind === "openai_compatible" ? upstream.url : upstream.url.replace(/\/v1$/, ""), apiKey: "k" });
    await publishModel(db, ctx, { publicName: `faulty-${kind}`, providerId: provider.id, upstreamModel: `faulty-${kind}-1`, kind: "chat" });
  }
  const echo = await createProvider(db, ctx, { name: "Echo", kind: "echo" });
  await publishModel(db, ctx, { publicName: "echo", providerId: echo.id, upstreamModel: "echo-1", kind: "chat" });
  key = (await createApiKey(db, ctx, { name: "bugs app", scopes: ["gateway"], modelAllowlist: [] })).key;
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

describe("gateway core regressions", () => {
  it("a client that leaves mid-stream is recorded as upstream_stream_error, not client_disconnected", async () => {
    // Cause: cancel() sets summary.error = client_disconnected and aborts the upstream; the pull()
    // still awaiting iterator.next() then rejects with that abort, and its catch overwrites
    // summary.error with upstream_stream_error (and tries to enqueue into the cancelled stream)
    // before cancel()'s finish() records the row. Hono also aborts request.signal on close, which
    // leads to the same rejection. The audit log blames the provider for the client's hang-up.
    const { data: stream, response } = await client.chat.completions
      .create({ model: "faulty-openai_compatible", messages: [{ role: "user", content: "trickle then leave" }], stream: true })
      .withResponse();
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) break;
    expect(await auditRow(response.headers.get("x-request-id")!)).toMatchObject({ outcome: "incomplete", errorCode: "client_disconnected" });
  });

  it.each(["openai_compatible", "anthropic", "gemini"])(
    "%s adapter: a JSON answer cut off after its headers is a 502 from the provider, not a 500 of ours",
    async (kind) => {
      // Cause: `await response.body.json()` (in each adapter)
      // is outside send()'s try/catch, so the socket error reaches pipeline.ts asGatewayError(),
      // which turns anything unknown into a 500 "The gateway failed…" and logs it as our failure.
      const response = await chat({ model: `faulty-${kind}`, messages: [{ role: "user", content: "break body" }] });
      const body = (await response.json()) as { error: { type: string; code: string } };
      expect({ status: response.status, type: body.error.type }).toEqual({ status: 502, type: "upstream_error" });
    },
  );

  it("a JSON answer that stalls after its headers past UPSTREAM_TIMEOUT_MS becomes a 500, not a 504 upstream_timeout", async () => {
    // Same cause as above: the timeout fires while the body is read, outside send()'s catch.
    // The mock would finish its answer after 5 s; a 504 means the deadline answered first.
    const response = await chat({ model: "faulty-openai_compatible", messages: [{ role: "user", content: "stall body" }] });
    const body = (await response.json()) as { error: { code: string } };
    expect({ status: response.status, code: body.error.code }).toEqual({ status: 504, code: "upstream_timeout" });
  });

  it("a provider name outside Latin-1 makes every request to it fail with an empty 500", async () => {
    // Cause: provider names (and upstream model ids) are free text, and they go into the
    // x-gateway-provider / x-gateway-upstream-model headers as they are; Headers#set throws for
    // characters above U+00FF ("–", "通义", emoji). The pipeline's catch calls metadataHeaders()
    // again, so it throws a second time and the caller gets a bare 500 without OpenAI's error body.
    const db = await getDb();
    const provider = await createProvider(db, ctx, { name: "Echo – EU", kind: "echo" });
    await publishModel(db, ctx, { publicName: "echo-eu", providerId: provider.id, upstreamModel: "echo-1", kind: "chat" });
    const plain = await chat({ model: "echo-eu", messages: [{ role: "user", content: "hi" }] });
    expect(plain.status).toBe(200);
    expect(plain.headers.get("x-gateway-provider")).toBe("Echo %E2%80%93 EU");
    expect(decodeURIComponent(plain.headers.get("x-gateway-provider")!)).toBe("Echo – EU");
    const body = await plain.json();
    expect(body.choices[0].message.content).toBe("Echo: hi");
    expect(body.gateway.provider).toBe("Echo – EU");
    const streamed = await chat({ model: "echo-eu", stream: true, messages: [{ role: "user", content: "hi" }] });
    expect(streamed.status).toBe(200);
    expect(await streamed.text()).toContain("data: [DONE]");
  });
});
describe("the node:http mount's garbage", () => {
  /** A POST over bare node:http: unlike fetch, the client makes no AbortController of its own. */
  function post(path: string, body: unknown): Promise<number> {
    return new Promise((resolve, reject) => {
      const call = httpRequest(`${gateway.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" } }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode!));
      });
      call.on("error", reject);
      call.end(JSON.stringify(body));
    });
  }

  it("makes no AbortController per request (on Node 20 each signal outlives the young generation, with all it holds)", async () => {
    const Original = globalThis.AbortController;
    let made = 0;
    globalThis.AbortController = class extends Original {
      constructor() {
        super();
        made++;
      }
    };
    try {
      for (let i = 0; i < 5; i++) expect(await post("/v1/chat/completions", { model: "faulty-openai_compatible", messages: [{ role: "user", content: `hello ${i}` }] })).toBe(200);
      expect(await post("/v1/chat/completions", { model: "echo", messages: [{ role: "user", content: "streamed" }], stream: true })).toBe(200);
    } finally {
      globalThis.AbortController = Original;
    }
    expect(made).toBe(0);
  });
});
