/**
 * Retries, fallback and circuit breakers, through the gateway with the official client, against
 * mock upstreams that fail on command: statuses, Retry-After, resets, hangs, and streams that
 * break before or after their first chunk.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { resetRoutingState } from "@/lib/routing/target-state";
import { targetHealth } from "@/lib/routing/target-health";
import { auditRow } from "../fixtures/audit-rows";
import { ask, routingOf, routingWorld, type RoutingWorld } from "./routing-world";

const COOLDOWN_MS = vi.hoisted(() => {
  process.env.ROUTING_RETRY_BASE_MS = "20";
  process.env.ROUTING_MAX_RETRIES = "2";
  process.env.ROUTING_ATTEMPT_TIMEOUT_MS = "400";
  process.env.ROUTING_BREAKER_FAILURES = "3";
  process.env.ROUTING_BREAKER_COOLDOWN_MS = "600";
  process.env.ROUTING_RETRY_AFTER_CAP_MS = "1500";
  return 600;
});

let world: RoutingWorld;
let primary: RoutingWorld["upstreams"][string];
let secondary: RoutingWorld["upstreams"][string];

beforeAll(async () => {
  world = await routingWorld(["primary", "secondary"]);
  ({ primary, secondary } = world.upstreams as Record<"primary" | "secondary", RoutingWorld["upstreams"][string]>);
  await world.route({ name: "chat", strategy: "fallback", targets: [{ model: "primary" }, { model: "secondary" }] });
});

afterAll(async () => {
  await world?.close();
});

beforeEach(() => {
  world.reset();
  resetRoutingState();
});

const chat = (content: string) => world.client.chat.completions.create({ model: "chat", messages: ask(content) }).withResponse();

describe("retries", () => {
  it("retries a 503 on the same target, then answers; every attempt is in the headers, the body and the audit row", async () => {
    primary.failNext(1, { kind: "status", status: 503 });
    const { data, response } = await chat("hello");
    expect(data.choices[0]!.message.content).toBe("from primary: hello");
    expect(response.headers.get("x-gateway-route")).toBe("chat");
    expect(response.headers.get("x-gateway-attempts")).toBe("2");
    expect(response.headers.get("x-gateway-provider")).toBe("Provider primary");
    expect(response.headers.get("x-gateway-upstream-model")).toBe("primary-model");
    const routing = routingOf(data);
    expect(routing).toMatchObject({ route: "chat", priority: 0, strategy: "fallback", model: "chat", skipped: [] });
    expect(routing.attempts).toMatchObject([
      { target: "primary", provider: "Provider primary", upstreamModel: "primary-model", status: 503, error: "upstream_error", retry: 0 },
      { target: "primary", status: 200, retry: 1 },
    ]);
    expect(routing.attempts[1]!.error).toBeUndefined();
    expect(routing.reason).toContain("'primary' answered after 1 retry");
    expect(primary.calls).toHaveLength(2);
    expect(secondary.calls).toHaveLength(0);

    const row = await auditRow(response.headers.get("x-request-id")!);
    expect(row).toMatchObject({ status: 200, outcome: "ok", requestedModel: "chat", servedModel: "primary-model", providerName: "Provider primary" });
    expect(row.routing).toEqual(JSON.parse(JSON.stringify(routing)));
  });

  it("waits out a short Retry-After, and moves to the next target at once when it is longer than the cap", async () => {
    primary.failNext(1, { kind: "status", status: 429, retryAfter: "1" });
    let started = performance.now();
    const waited = await chat("short pause");
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(waited.data.choices[0]!.message.content).toBe("from primary: short pause");
    expect(routingOf(waited.data).attempts.map((attempt) => attempt.status)).toEqual([429, 200]);

    primary.failNext(1, { kind: "status", status: 429, retryAfter: "30" });
    started = performance.now();
    const movedOn = await chat("long pause");
    expect(performance.now() - started).toBeLessThan(900);
    expect(movedOn.data.choices[0]!.message.content).toBe("from secondary: long pause");
    expect(routingOf(movedOn.data).attempts.map((attempt) => [attempt.target, attempt.status])).toEqual([
      ["primary", 429],
      ["secondary", 200],
    ]);
  });

  it("returns a 400 as the provider answered it: no retry, no fallback", async () => {
    primary.failNext(1, { kind: "status", status: 400 });
    const response = await world.post({ model: "chat", messages: ask("bad request") });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { message: "Provider primary: primary says 400", type: "invalid_request_error", code: "upstream_rejected", param: null } });
    expect(response.headers.get("x-gateway-attempts")).toBe("1");
    expect(primary.calls).toHaveLength(1);
    expect(secondary.calls).toHaveLength(0);
    const row = await auditRow(response.headers.get("x-request-id")!);
    const routing = row.routing as { attempts: unknown[]; reason: string };
    expect(routing.attempts).toEqual([expect.objectContaining({ target: "primary", status: 400, error: "upstream_rejected", retry: 0 })]);
    expect(routing.reason).toContain("'primary' refused the request (400)");
  });

  it("does not retry a request for a catalog model that no route covers (as before routing)", async () => {
    primary.failNext(1, { kind: "status", status: 503 });
    const response = await world.post({ model: "primary", messages: ask("direct") });
    expect(response.status).toBe(502);
    expect(primary.calls).toHaveLength(1);
    expect(response.headers.get("x-gateway-route")).toBeNull();
    expect(response.headers.get("x-gateway-attempts")).toBe("1");
    const row = await auditRow(response.headers.get("x-request-id")!);
    expect(row.routing).toMatchObject({ route: null, strategy: "direct", model: "primary", attempts: [{ target: "primary", status: 503 }] });
  });
});

describe("fallback", () => {
  it("falls back to the next target when the first resets the connection, after retrying it", async () => {
    primary.setDefault({ kind: "reset" });
    const { data, response } = await chat("reset");
    expect(data.choices[0]!.message.content).toBe("from secondary: reset");
    expect(response.headers.get("x-gateway-provider")).toBe("Provider secondary");
    expect(response.headers.get("x-gateway-attempts")).toBe("4");
    expect(routingOf(data).attempts.map((attempt) => [attempt.target, attempt.status, attempt.error ?? null, attempt.retry])).toEqual([
      ["primary", 502, "upstream_unreachable", 0],
      ["primary", 502, "upstream_unreachable", 1],
      ["primary", 502, "upstream_unreachable", 2],
      ["secondary", 200, null, 0],
    ]);
    expect(routingOf(data).reason).toContain("'secondary' answered, falling back past 'primary' (unreachable, unreachable, unreachable)");
    expect(primary.calls).toHaveLength(3);
  });

  it("falls back when the first target does not answer within the attempt deadline", async () => {
    primary.setDefault({ kind: "hang" });
    const started = performance.now();
    const { data } = await chat("hang");
    const elapsed = performance.now() - started;
    expect(data.choices[0]!.message.content).toBe("from secondary: hang");
    const attempts = routingOf(data).attempts;
    expect(attempts.map((attempt) => [attempt.target, attempt.status, attempt.error ?? null])).toEqual([
      ["primary", 504, "upstream_timeout"],
      ["primary", 504, "upstream_timeout"],
      ["primary", 504, "upstream_timeout"],
      ["secondary", 200, null],
    ]);
    for (const attempt of attempts.slice(0, 3)) expect(attempt.latencyMs).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeGreaterThanOrEqual(1_200);
    expect(elapsed).toBeLessThan(3_000);
  });

  it("answers the last error, with every attempt, when every target fails", async () => {
    primary.setDefault({ kind: "status", status: 503 });
    secondary.setDefault({ kind: "status", status: 500 });
    const response = await world.post({ model: "chat", messages: ask("all down") });
    expect(response.status).toBe(502);
    expect((await response.json()).error).toMatchObject({ message: "Provider secondary: secondary says 500", type: "upstream_error", code: "upstream_error" });
    expect(response.headers.get("x-gateway-attempts")).toBe("6");
    expect(response.headers.get("x-gateway-provider")).toBe("Provider secondary");
    const row = await auditRow(response.headers.get("x-request-id")!);
    expect(row).toMatchObject({ status: 502, outcome: "error", errorCode: "upstream_error" });
    expect((row.routing as { reason: string }).reason).toContain("No target answered: 'primary' (503, 503, 503), 'secondary' (500, 500, 500)");
  });
});

describe("circuit breaker", () => {
  it("opens after repeated failures and skips the target, lets one probe through after the cooldown, and closes on its success", async () => {
    primary.setDefault({ kind: "status", status: 500 });
    const first = await chat("one");
    expect(first.data.choices[0]!.message.content).toBe("from secondary: one");
    expect(primary.calls).toHaveLength(3); // the third failure in a row opened it

    const skipped = await chat("two");
    expect(skipped.data.choices[0]!.message.content).toBe("from secondary: two");
    expect(primary.calls).toHaveLength(3); // not called at all
    expect(skipped.response.headers.get("x-gateway-attempts")).toBe("1");
    expect(routingOf(skipped.data).skipped).toEqual([{ target: "primary", reason: "circuit breaker open after repeated failures" }]);
    const health = (await targetHealth(world.ctx)).find((target) => target.target === "primary")!;
    expect(health).toMatchObject({ breaker: "open", errorRate: 1, recentRequests: 3, provider: "Provider primary", lastError: { status: 500, code: "upstream_error" } });

    // Still failing when the cooldown ends: one probe, no retries, open again.
    await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 50));
    expect((await targetHealth(world.ctx)).find((target) => target.target === "primary")!.breaker).toBe("half_open");
    const probeFailed = await chat("three");
    expect(probeFailed.data.choices[0]!.message.content).toBe("from secondary: three");
    expect(routingOf(probeFailed.data).attempts.map((attempt) => [attempt.target, attempt.status])).toEqual([
      ["primary", 500],
      ["secondary", 200],
    ]);
    expect(primary.calls).toHaveLength(4);
    await chat("four");
    expect(primary.calls).toHaveLength(4); // open again

    // Recovered: the next probe succeeds and the breaker closes.
    primary.setDefault({ kind: "ok" });
    await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 50));
    const probe = await chat("five");
    expect(probe.data.choices[0]!.message.content).toBe("from primary: five");
    expect((await targetHealth(world.ctx)).find((target) => target.target === "primary")!.breaker).toBe("closed");
    const after = await chat("six");
    expect(after.data.choices[0]!.message.content).toBe("from primary: six");
  });

  it("answers 503 no_available_target when every target's breaker is open", async () => {
    primary.setDefault({ kind: "status", status: 500 });
    secondary.setDefault({ kind: "status", status: 500 });
    expect((await world.post({ model: "chat", messages: ask("open both") })).status).toBe(502);
    const response = await world.post({ model: "chat", messages: ask("nothing left") });
    expect(response.status).toBe(503);
    expect((await response.json()).error).toMatchObject({ type: "upstream_error", code: "no_available_target" });
    expect(response.headers.get("x-gateway-attempts")).toBe("0");
    expect(primary.calls.length + secondary.calls.length).toBe(6);
  });
});

describe("streams", () => {
  const streamText = async (stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>) => {
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    return text;
  };

  it("falls back when a stream fails before its first chunk; the client sees only the answer that worked", async () => {
    primary.setDefault({ kind: "close-before-first-chunk" });
    const { data: stream, response } = await world.client.chat.completions.create({ model: "chat", messages: ask("stream please"), stream: true }).withResponse();
    expect(response.headers.get("x-gateway-provider")).toBe("Provider secondary");
    expect(response.headers.get("x-gateway-attempts")).toBe("4");
    expect(await streamText(stream)).toBe("from secondary: stream please");
    const row = await auditRow(response.headers.get("x-request-id")!);
    expect(row).toMatchObject({ status: 200, stream: true, outcome: "ok", providerName: "Provider secondary" });
    expect((row.routing as { attempts: { target: string; error?: string }[] }).attempts.map((attempt) => [attempt.target, attempt.error ?? null])).toEqual([
      ["primary", "upstream_stream_error"],
      ["primary", "upstream_stream_error"],
      ["primary", "upstream_stream_error"],
      ["secondary", null],
    ]);
  });

  it("falls back when a stream is refused with a 503 before any byte", async () => {
    primary.setDefault({ kind: "status", status: 503 });
    const { data: stream } = await world.client.chat.completions.create({ model: "chat", messages: ask("refused stream"), stream: true }).withResponse();
    expect(await streamText(stream)).toBe("from secondary: refused stream");
  });

  it("ends a stream cut after its first chunk with an error event, and does not fall back", async () => {
    primary.failNext(1, { kind: "cut-after-first-chunk" });
    const { data: stream, response } = await world.client.chat.completions.create({ model: "chat", messages: ask("cut me"), stream: true }).withResponse();
    let text = "";
    await expect(async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    }).rejects.toThrow(/broke off the stream|ended the stream/);
    expect(text).toBe("from ");
    expect(primary.calls).toHaveLength(1);
    expect(secondary.calls).toHaveLength(0);
    const row = await auditRow(response.headers.get("x-request-id")!);
    expect(row).toMatchObject({ status: 200, outcome: "incomplete", errorCode: "upstream_stream_error" });
    const attempts = (row.routing as { attempts: { target: string; status: number; streamError?: string }[] }).attempts;
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ target: "primary", status: 200 });
    expect(attempts[0]!.streamError).toMatch(/Provider primary/);
    const health = (await targetHealth(world.ctx)).find((target) => target.target === "primary")!;
    expect(health.lastError).toMatchObject({ code: "upstream_stream_error" });
  });

  it("sends the raw error event on the wire for a cut stream", async () => {
    primary.failNext(1, { kind: "cut-after-first-chunk" });
    const response = await world.post({ model: "chat", messages: ask("raw cut"), stream: true });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain('"code":"upstream_stream_error"');
    expect(body).not.toContain("[DONE]");
    expect(body).not.toContain("secondary");
  });
});
