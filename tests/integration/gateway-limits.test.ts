/**
 * Rate limits and quotas in the request path, seen through the official `openai` client (retries
 * off) against the gateway on loopback and a mock OpenAI-compatible upstream. Counters live in
 * Redis when REDIS_URL is set (CI) and in memory otherwise; this file uses its own key prefix.
 * The mock answers every chat with usage 18 tokens and every embedding input with 5.
 */
import { randomBytes } from "node:crypto";
process.env.REDIS_KEY_PREFIX = `${process.env.REDIS_KEY_PREFIX ?? ""}gw-limits-${randomBytes(6).toString("hex")}:`;
process.env.ALLOW_PRIVATE_UPSTREAMS = "1"; // the mock upstream listens on loopback

import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { publishModel } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { createApiKey, updateApiKeyLimits } from "@/lib/keys/key-service";
import { closeLimitStore, limitStore } from "@/lib/limits/default-store";
import type { CounterName } from "@/lib/limits/counter-store";
import { limitsSettled } from "@/lib/limits/reservation";
import { monthWindow } from "@/lib/limits/windows";
import type { OrgContext } from "@/lib/orgs/org-access";
import { setOrgQuotas } from "@/lib/orgs/org-quotas";
import { createProvider } from "@/lib/providers/provider-service";
import { auditRow } from "../fixtures/audit-rows";
import { startMockOpenAi, type MockOpenAi } from "../fixtures/mock-openai";
import { signedUpOwner } from "./factories";

let upstream: MockOpenAi;
let gateway: Awaited<ReturnType<typeof startGatewayServer>>;

const USAGE_PER_CHAT = 18;

/** An org of its own, with the mock provider's chat and embedding models published. */
async function newOrg(label: string): Promise<OrgContext> {
  const { ctx } = await signedUpOwner(label);
  const db = await getDb();
  const provider = await createProvider(db, ctx, { name: "Mock", kind: "openai_compatible", baseUrl: upstream.url });
  await publishModel(db, ctx, { publicName: "chat", providerId: provider.id, upstreamModel: "gpt-4o-mini", kind: "chat" });
  await publishModel(db, ctx, { publicName: "embed", providerId: provider.id, upstreamModel: "text-embedding-3-small", kind: "embedding" });
  return ctx;
}

async function newKey(ctx: OrgContext, limits: { requestsPerMinute?: number | null; tokensPerMinute?: number | null } = {}) {
  const { apiKey, key } = await createApiKey(await getDb(), ctx, { name: "app", scopes: ["gateway"], modelAllowlist: [], ...limits });
  return { id: apiKey.id, client: new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 }) };
}

const chat = (client: OpenAI, content = "hello", extra: Record<string, unknown> = {}) =>
  client.chat.completions.create({ model: "chat", messages: [{ role: "user", content }], ...extra }).withResponse();

/** The error a call ended with (the test fails if it succeeded). */
async function failure(call: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const outcome = await call.then(
    () => null,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(OpenAI.APIError);
  return outcome as InstanceType<typeof OpenAI.APIError>;
}

const used = async (counter: CounterName, subject: string) => (await (await limitStore()).peek(counter, subject)).used;
const monthOf = (ctx: OrgContext) => `${ctx.org.id}:${monthWindow().id}`;

beforeAll(async () => {
  upstream = await startMockOpenAi();
  gateway = await startGatewayServer();
});

afterAll(async () => {
  await limitsSettled();
  await closeLimitStore();
  await gateway?.close();
  await upstream?.close();
});

describe("requests per minute", () => {
  it("answers 429 rate_limit_exceeded with Retry-After and OpenAI's headers once a key's limit is used", async () => {
    const ctx = await newOrg("rpm");
    const { client } = await newKey(ctx, { requestsPerMinute: 2 });
    const first = await chat(client);
    expect(first.response.headers.get("x-ratelimit-limit-requests")).toBe("2");
    expect(first.response.headers.get("x-ratelimit-remaining-requests")).toBe("1");
    expect(first.response.headers.get("x-ratelimit-reset-requests")).toMatch(/^(\d+(\.\d+)?s|1m0s)$/);
    expect(first.response.headers.get("x-ratelimit-limit-tokens")).toBeNull(); // no token limit is set
    const second = await chat(client);
    expect(second.response.headers.get("x-ratelimit-remaining-requests")).toBe("0");

    const sentBefore = upstream.requests.length;
    const error = await failure(chat(client));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({ status: 429, type: "requests", code: "rate_limit_exceeded" });
    expect(error.message).toContain("requests per minute: limit 2, used 2");
    expect(error.message).toContain("API keys page");
    const retryAfter = Number(error.headers!.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(error.headers!.get("x-ratelimit-limit-requests")).toBe("2");
    expect(error.headers!.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(upstream.requests.length).toBe(sentBefore); // nothing reached the provider

    const row = await auditRow(error.headers!.get("x-request-id")!);
    expect(row).toMatchObject({ status: 429, outcome: "error", errorCode: "rate_limit_exceeded", requestedModel: "chat" });
  });

  it("sends no limit headers for a key and org without limits", async () => {
    const { client } = await newKey(await newOrg("free"));
    const { response } = await chat(client);
    expect([...response.headers.keys()].filter((name) => name.startsWith("x-ratelimit") || name.startsWith("x-gateway-quota"))).toEqual([]);
  });

  it("applies a key's new limits from the next request, on embeddings too", async () => {
    const ctx = await newOrg("edit");
    const { id, client } = await newKey(ctx);
    await client.embeddings.create({ model: "embed", input: "one" });
    await updateApiKeyLimits(await getDb(), ctx, id, { tags: ["team:data"], requestsPerMinute: 1, tokensPerMinute: null });
    const { response } = await client.embeddings.create({ model: "embed", input: "two" }).withResponse();
    expect(response.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    const error = await failure(client.embeddings.create({ model: "embed", input: "three" }));
    expect(error).toMatchObject({ status: 429, code: "rate_limit_exceeded" });
    expect((await auditRow(error.headers!.get("x-request-id")!)).endpoint).toBe("embeddings");
  });

  it("gives back what a request held when the gateway refuses it before the provider", async () => {
    const ctx = await newOrg("refund");
    const { id, client } = await newKey(ctx, { requestsPerMinute: 1, tokensPerMinute: 500 });
    expect(await failure(client.chat.completions.create({ model: "no-such-model", messages: [{ role: "user", content: "hi" }] }))).toMatchObject({ status: 404 });
    const secret = `ghp_${randomBytes(27).toString("base64url").replace(/[-_]/g, "x").slice(0, 36)}`;
    expect(await failure(chat(client, `deploy with ${secret}`))).toMatchObject({ status: 403, code: "policy_violation" });
    await limitsSettled();
    expect(await used("key-requests-minute", id)).toBe(0);
    expect(await used("key-tokens-minute", id)).toBe(0);
    await chat(client); // the one request a minute is still there
  });
});

describe("tokens per minute", () => {
  it("never lets concurrent requests hold more than the budget, then keeps only what they used", async () => {
    const ctx = await newOrg("tpm");
    const { id, client } = await newKey(ctx, { tokensPerMinute: 200 });
    const prompt = "slow please"; // the mock waits 2 s, so every reservation is held at once
    const reservation = Math.ceil(prompt.length / 4) + 40;
    const sentBefore = upstream.requests.length;
    const calls = Array.from({ length: 10 }, () => chat(client, prompt, { max_tokens: 40 }).then((r) => r.response, (e: InstanceType<typeof OpenAI.APIError>) => e));

    const admitted = Math.floor(200 / reservation);
    await vi.waitFor(() => expect(upstream.requests.length - sentBefore).toBe(admitted), { timeout: 1_500 });
    const held = await used("key-tokens-minute", id);
    expect(held).toBe(admitted * reservation);
    expect(held).toBeLessThanOrEqual(200);

    const outcomes = await Promise.all(calls);
    const ok = outcomes.filter((outcome) => outcome instanceof Response);
    const refused = outcomes.filter((outcome) => outcome instanceof OpenAI.APIError);
    expect(ok).toHaveLength(admitted);
    expect(refused).toHaveLength(10 - admitted);
    for (const error of refused) {
      expect(error).toMatchObject({ status: 429, type: "tokens", code: "rate_limit_exceeded" });
      expect(Number(error.headers!.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    expect(upstream.requests.length - sentBefore).toBe(admitted);

    await limitsSettled();
    expect(await used("key-tokens-minute", id)).toBe(admitted * USAGE_PER_CHAT);
  });

  it("reserves the prompt plus max_tokens, then refunds what the answer did not use", async () => {
    const ctx = await newOrg("reconcile");
    const { id, client } = await newKey(ctx, { tokensPerMinute: 1_000 });
    const { response } = await chat(client, "x".repeat(40), { max_tokens: 500 });
    expect(response.headers.get("x-ratelimit-limit-tokens")).toBe("1000");
    expect(response.headers.get("x-ratelimit-remaining-tokens")).toBe(String(1_000 - (10 + 500)));
    await limitsSettled();
    expect(await used("key-tokens-minute", id)).toBe(USAGE_PER_CHAT);

    const next = await chat(client, "x".repeat(40), { max_tokens: 100 });
    expect(next.response.headers.get("x-ratelimit-remaining-tokens")).toBe(String(1_000 - USAGE_PER_CHAT - 110));
  });

  it("settles a streamed answer at its end: with the usage it reports, or estimated from its text", async () => {
    const ctx = await newOrg("stream");
    const { id, client } = await newKey(ctx, { tokensPerMinute: 5_000 });
    const withUsage = await client.chat.completions.create({ model: "chat", messages: [{ role: "user", content: "count me" }], max_tokens: 300, stream: true, stream_options: { include_usage: true } });
    for await (const _chunk of withUsage);
    await vi.waitFor(async () => expect(await used("key-tokens-minute", id)).toBe(USAGE_PER_CHAT));

    const without = await client.chat.completions.create({ model: "chat", messages: [{ role: "user", content: "count me" }], max_tokens: 300, stream: true });
    for await (const _chunk of without);
    const estimated = Math.ceil("count me".length / 4) + Math.ceil("You said: count me".length / 4);
    await vi.waitFor(async () => expect(await used("key-tokens-minute", id)).toBe(USAGE_PER_CHAT + estimated));
  });

  it("refuses a request larger than the whole budget, saying how to fit it, with no Retry-After", async () => {
    const { client } = await newKey(await newOrg("large"), { tokensPerMinute: 100 });
    const error = await failure(chat(client, "hello", { max_tokens: 400 }));
    expect(error).toMatchObject({ status: 429, type: "tokens", code: "rate_limit_exceeded" });
    expect(error.message).toContain("Request too large");
    expect(error.message).toContain("lower max_tokens");
    expect(error.headers!.get("retry-after")).toBeNull();
    expect(error.headers!.get("x-ratelimit-remaining-tokens")).toBe("100");
    // Without max_tokens the answer's reserve shrinks to what the budget allows.
    const { response } = await chat(client, "hello");
    expect(response.headers.get("x-ratelimit-remaining-tokens")).toBe("0");
  });
});

describe("monthly org quotas", () => {
  it("answers 429 quota_exceeded naming the quota, when it resets and how to raise it", async () => {
    const ctx = await newOrg("quota");
    await setOrgQuotas(await getDb(), ctx, { monthlyRequestQuota: 2, monthlyTokenQuota: null });
    const [a, b] = [await newKey(ctx), await newKey(ctx)]; // the quota is the org's, whichever key
    const first = await chat(a.client);
    expect(first.response.headers.get("x-gateway-quota-limit-requests")).toBe("2");
    expect(first.response.headers.get("x-gateway-quota-remaining-requests")).toBe("1");
    expect(first.response.headers.get("x-ratelimit-limit-requests")).toBeNull();
    await chat(b.client);

    const error = await failure(chat(a.client));
    const month = monthWindow();
    expect(error).toMatchObject({ status: 429, type: "requests", code: "quota_exceeded" });
    expect(error.message).toContain("Monthly requests quota of this org reached: 2 requests per calendar month (UTC)");
    expect(error.message).toContain(`resets at ${month.resetsAt.toISOString()}`);
    expect(error.message).toContain("Settings page");
    const retryAfter = Number(error.headers!.get("retry-after"));
    expect(Math.abs(retryAfter - month.msToReset / 1000)).toBeLessThan(60);
    expect(error.headers!.get("x-gateway-quota-remaining-requests")).toBe("0");
    expect((await auditRow(error.headers!.get("x-request-id")!)).errorCode).toBe("quota_exceeded");
    expect(await used("org-requests-month", monthOf(ctx))).toBe(2);
  });

  it("counts tokens per month across chat and embeddings", async () => {
    const ctx = await newOrg("tokens");
    await setOrgQuotas(await getDb(), ctx, { monthlyRequestQuota: null, monthlyTokenQuota: 40 });
    const { client } = await newKey(ctx);
    await chat(client, "hi", { max_tokens: 20 }); // holds 21, uses 18
    await client.embeddings.create({ model: "embed", input: "hello world" }); // holds 3, uses 5
    await limitsSettled();
    expect(await used("org-tokens-month", monthOf(ctx))).toBe(USAGE_PER_CHAT + 5);
    const error = await failure(chat(client, "hi", { max_tokens: 20 }));
    expect(error).toMatchObject({ status: 429, type: "tokens", code: "quota_exceeded" });
    expect(error.message).toContain("Monthly tokens quota");
  });
});
