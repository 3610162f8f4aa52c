/**
 * The upstream deadline (UPSTREAM_TIMEOUT_MS). pipeline.ts reads it once, when it is imported, so
 * this file sets it in vi.hoisted, before any import, and keeps to itself: in the other gateway
 * files the default (10 minutes) stays in force.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { publishModel } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { createApiKey } from "@/lib/keys/key-service";
import { createProvider } from "@/lib/providers/provider-service";
import { auditRow } from "../fixtures/audit-rows";
import { startMockFaultyUpstream, type MockFaultyUpstream } from "../fixtures/mock-faulty-upstream";
import { startMockOpenAi, type MockOpenAi } from "../fixtures/mock-openai";
import { signedUpOwner } from "./factories";

const TIMEOUT_MS = vi.hoisted(() => {
  process.env.UPSTREAM_TIMEOUT_MS = "300";
  process.env.ALLOW_PRIVATE_UPSTREAMS = "1"; // the mock upstreams listen on loopback
  return 300;
});

let openai: MockOpenAi;
let faulty: MockFaultyUpstream;
let gateway: Awaited<ReturnType<typeof startGatewayServer>>;
let client: OpenAI;

beforeAll(async () => {
  openai = await startMockOpenAi();
  faulty = await startMockFaultyUpstream({ intervalMs: 100, chunks: 50 });
  gateway = await startGatewayServer();
  const { ctx } = await signedUpOwner("timeout");
  const db = await getDb();
  const mock = await createProvider(db, ctx, { name: "Mock OpenAI", kind: "openai_compatible", baseUrl: openai.url });
  const slowStream = await createProvider(db, ctx, { name: "Trickling upstream", kind: "openai_compatible", baseUrl: faulty.url });
  await publishModel(db, ctx, { publicName: "gpt", providerId: mock.id, upstreamModel: "gpt-4o-mini", kind: "chat" });
  await publishModel(db, ctx, { publicName: "trickle", providerId: slowStream.id, upstreamModel: "trickle-1", kind: "chat" });
  const { key } = await createApiKey(db, ctx, { name: "timeout app", scopes: ["gateway"], modelAllowlist: [] });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await faulty?.close();
  await openai?.close();
});

describe("an upstream slower than UPSTREAM_TIMEOUT_MS", () => {
  it("answers 504 upstream_timeout at the deadline, not when the upstream finally answers", async () => {
    const started = performance.now();
    const error = await client.chat.completions
      .create({ model: "gpt", messages: [{ role: "user", content: "slow please" }] })
      .then(() => null, (caught: unknown) => caught);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ status: 504, code: "upstream_timeout", type: "upstream_error" });
    expect((error as InstanceType<typeof OpenAI.APIError>).error).toEqual({
      message: "Mock OpenAI did not answer in time",
      type: "upstream_error",
      code: "upstream_timeout",
      param: null,
    });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(1_500); // the mock waits 2 s

    const requestId = (error as InstanceType<typeof OpenAI.APIError>).requestID ?? (error as { headers?: Headers }).headers?.get("x-request-id");
    expect(requestId).toMatch(/^req_/);
    expect(await auditRow(requestId!)).toMatchObject({ status: 504, outcome: "error", errorCode: "upstream_timeout", stream: false, providerName: "Mock OpenAI" });
  });

  it("answers 504 for a stream whose headers do not come in time", async () => {
    const started = performance.now();
    await expect(
      client.chat.completions.create({ model: "gpt", messages: [{ role: "user", content: "slow stream" }], stream: true }),
    ).rejects.toMatchObject({ status: 504, code: "upstream_timeout" });
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it("cuts a stream that outlasts the deadline, hangs up on the upstream and records it incomplete", async () => {
    const { data: stream, response } = await client.chat.completions
      .create({ model: "trickle", messages: [{ role: "user", content: "trickle past the deadline" }], stream: true })
      .withResponse();
    let text = "";
    const started = performance.now();
    await expect(async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    }).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(1_500); // the whole stream would take 5 s
    expect(text).toMatch(/^tick1 /);
    const call = faulty.requests.find((request) => request.prompt === "trickle past the deadline")!;
    await faulty.closed(call, 1_000);
    expect(call.finished).toBe(false);
    expect(await auditRow(response.headers.get("x-request-id")!)).toMatchObject({ status: 200, stream: true, outcome: "incomplete" });
  });

  it("does not get in the way of a prompt upstream", async () => {
    const completion = await client.chat.completions.create({ model: "gpt", messages: [{ role: "user", content: "quick" }] });
    expect(completion.choices[0]!.message.content).toBe("You said: quick");
  });
});
