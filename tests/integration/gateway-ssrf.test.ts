/**
 * SSRF protection end to end, with private upstreams NOT allowed. Kept in its own file (its own
 * process): lib/providers/http.ts builds its connection agent once per process, with the DNS guard
 * only if private upstreams were disallowed at that moment, and every other gateway file allows
 * them for its loopback mocks.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { publishModel } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { ValidationError } from "@/lib/errors";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { createApiKey } from "@/lib/keys/key-service";
import type { OrgContext } from "@/lib/orgs/org-access";
import { createProvider, testProviderConnection } from "@/lib/providers/provider-service";
import { auditRow } from "../fixtures/audit-rows";
import { startMockOpenAi, type MockOpenAi } from "../fixtures/mock-openai";
import { signedUpOwner } from "./factories";

vi.hoisted(() => {
  delete process.env.ALLOW_PRIVATE_UPSTREAMS;
});

let ctx: OrgContext;
let upstream: MockOpenAi;
let gateway: Awaited<ReturnType<typeof startGatewayServer>>;
let client: OpenAI;

beforeAll(async () => {
  ctx = (await signedUpOwner("ssrf")).ctx;
  upstream = await startMockOpenAi(); // a live loopback service the gateway must not call
  gateway = await startGatewayServer();
  const { key } = await createApiKey(await getDb(), ctx, { name: "ssrf app", scopes: ["gateway"], modelAllowlist: [] });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

describe("saving a provider", () => {
  it.each([
    "http://127.0.0.1:9/v1",
    "http://169.254.169.254/",
    "http://10.0.0.1/",
    "http://[::1]:8080/",
    "http://localhost:8000",
    "http://192.168.1.20:11434/v1",
    "http://[::ffff:127.0.0.1]:8080/v1",
    "http://2130706433/v1",
  ])("refuses %s with a baseUrl field error naming ALLOW_PRIVATE_UPSTREAMS", async (baseUrl) => {
    const db = await getDb();
    const name = `Internal ${baseUrl}`.slice(0, 60);
    const error = await createProvider(db, ctx, { name, kind: "openai_compatible", baseUrl, apiKey: "sk-x" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    const { fieldErrors, status } = error as ValidationError;
    expect(status).toBe(400);
    expect(Object.keys(fieldErrors ?? {})).toEqual(["baseUrl"]);
    expect(fieldErrors!.baseUrl![0]).toMatch(/loopback or private address.*ALLOW_PRIVATE_UPSTREAMS=1/);
    expect(await db.provider.count({ where: { orgId: ctx.org.id, name } })).toBe(0);
  });

  it("refuses them for translated kinds too", async () => {
    for (const kind of ["anthropic", "gemini"] as const) {
      await expect(createProvider(await getDb(), ctx, { name: `Local ${kind}`, kind, baseUrl: "http://127.0.0.1:8000", apiKey: "k" })).rejects.toBeInstanceOf(
        ValidationError,
      );
    }
  });

  it("accepts a public IP-literal upstream (no DNS needed)", async () => {
    const provider = await createProvider(await getDb(), ctx, { name: "Public literal", kind: "openai_compatible", baseUrl: "https://8.8.8.8/v1", apiKey: "sk-x" });
    expect(provider.baseUrl).toBe("https://8.8.8.8/v1");
  });
});

describe("calling a provider whose stored URL is internal (saved before the rule, or edited in the database)", () => {
  let providerId: string;

  beforeAll(async () => {
    const db = await getDb();
    const row = await db.provider.create({
      data: { orgId: ctx.org.id, name: "Smuggled loopback", kind: "openai_compatible", baseUrl: upstream.url, createdById: ctx.userId },
    });
    providerId = row.id;
    await publishModel(db, ctx, { publicName: "smuggled", providerId, upstreamModel: "gpt-4o-mini", kind: "chat" });
    await publishModel(db, ctx, { publicName: "smuggled-embed", providerId, upstreamModel: "text-embedding-3-small", kind: "embedding" });
  });

  it("answers 502 upstream_blocked and never connects", async () => {
    const before = upstream.requests.length;
    for (const stream of [false, true]) {
      const error = await client.chat.completions
        .create({ model: "smuggled", messages: [{ role: "user", content: "hello" }], stream })
        .then(() => null, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      const apiError = error as InstanceType<typeof OpenAI.APIError>;
      expect(apiError.status).toBe(502);
      expect(apiError.error).toMatchObject({ type: "upstream_error", code: "upstream_blocked", param: null });
      expect((apiError.error as { message: string }).message).toMatch(/^Smuggled loopback: 127\.0\.0\.1 is a loopback or private address/);
      const requestId = apiError.headers?.get("x-request-id");
      expect(await auditRow(requestId!)).toMatchObject({ status: 502, outcome: "error", errorCode: "upstream_blocked", stream });
    }
    await expect(client.embeddings.create({ model: "smuggled-embed", input: "hello" })).rejects.toMatchObject({ status: 502, code: "upstream_blocked" });
    expect(upstream.requests.length).toBe(before);
  });

  it("reports the block from the dashboard's test connection without calling it", async () => {
    const before = upstream.requests.length;
    const result = await testProviderConnection(await getDb(), ctx, providerId);
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/127\.0\.0\.1 is a loopback or private address.*ALLOW_PRIVATE_UPSTREAMS/) });
    expect(upstream.requests.length).toBe(before);
  });
});
