/**
 * Which route applies: the workload header, key tags, prompt size and priority; aliases; the
 * policy's route-to action; targets a key may not use; and the decision record that explains it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { publishModel } from "@/lib/catalog/catalog-service";
import { savePolicy } from "@/lib/policy/policy-service";
import { createProvider } from "@/lib/providers/provider-service";
import { deleteRoute } from "@/lib/routing/route-service";
import { resetRoutingState } from "@/lib/routing/target-state";
import { auditRow } from "../fixtures/audit-rows";
import { ask, routingOf, routingWorld, type RoutingWorld } from "./routing-world";

let world: RoutingWorld;

beforeAll(async () => {
  process.env.ROUTING_RETRY_BASE_MS = "10";
  world = await routingWorld(["cheap", "smart", "long", "default", "local"]);
  await world.route({ name: "assistant", priority: 0, workloads: ["batch", "eval"], targets: [{ model: "cheap" }] });
  await world.route({ name: "assistant", priority: 1, keyTags: ["team:research"], targets: [{ model: "smart" }] });
  await world.route({ name: "assistant", priority: 2, minPromptChars: 200, targets: [{ model: "long" }] });
  await world.route({ name: "assistant", priority: 3, targets: [{ model: "default" }] });
  // A route under a catalog model's own name, for one workload only.
  await world.route({ name: "default", workloads: ["premium"], targets: [{ model: "smart" }, { model: "default" }] });
  // An alias: "tiered" tries whatever "economy" resolves to, then "default".
  await world.route({ name: "economy", targets: [{ model: "cheap" }] });
  await world.route({ name: "tiered", targets: [{ model: "economy" }, { model: "default" }] });
  await world.route({ name: "private", targets: [{ model: "local" }] });
});

afterAll(async () => {
  await world?.close();
});

beforeEach(() => {
  world.reset();
  resetRoutingState();
});

const servedBy = (text: string | null | undefined) => text?.match(/^from (\w+)/)?.[1];

describe("route conditions", () => {
  it("picks the route by the x-gateway-workload header and records the workload", async () => {
    const { data, response } = await world.client.chat.completions
      .create({ model: "assistant", messages: ask("summarise") }, { headers: { "x-gateway-workload": "batch" } })
      .withResponse();
    expect(servedBy(data.choices[0]!.message.content)).toBe("cheap");
    expect(response.headers.get("x-gateway-route")).toBe("assistant");
    expect(routingOf(data)).toMatchObject({ route: "assistant", priority: 0 });
    expect(routingOf(data).reason).toContain("Route 'assistant' priority 0 applies (workload 'batch')");
    expect((data as unknown as { gateway: { workload: string } }).gateway.workload).toBe("batch");
    const row = await auditRow(response.headers.get("x-request-id")!);
    expect(row.workload).toBe("batch");
    expect(row.routing).toMatchObject({ route: "assistant", priority: 0, attempts: [{ target: "cheap", status: 200 }] });
  });

  it("refuses a malformed workload label with a 400 in OpenAI's shape", async () => {
    for (const label of ["Batch", "a".repeat(65), "has space", "semi;colon"]) {
      const response = await world.post({ model: "assistant", messages: ask("x") }, { "x-gateway-workload": label });
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body).toEqual({ error: { message: expect.stringContaining("x-gateway-workload"), type: "invalid_request_error", code: "invalid_workload", param: "x-gateway-workload" } });
    }
    expect(Object.values(world.upstreams).every((upstream) => upstream.calls.length === 0)).toBe(true);
  });

  it("picks the route by the key's tags", async () => {
    const research = await world.newKey({ tags: ["team:research", "env:prod"] });
    const other = await world.newKey({ tags: ["team:sales"] });
    const a = await research.client.chat.completions.create({ model: "assistant", messages: ask("think") });
    expect(servedBy(a.choices[0]!.message.content)).toBe("smart");
    expect(routingOf(a).reason).toContain("key tag 'team:research'");
    const b = await other.client.chat.completions.create({ model: "assistant", messages: ask("think") });
    expect(servedBy(b.choices[0]!.message.content)).toBe("default");
    // Both conditions hold: the lower priority wins.
    const c = await research.client.chat.completions.create({ model: "assistant", messages: ask("think") }, { headers: { "x-gateway-workload": "eval" } });
    expect(servedBy(c.choices[0]!.message.content)).toBe("cheap");
  });

  it("picks the route by prompt size", async () => {
    const short = await world.client.chat.completions.create({ model: "assistant", messages: ask("x".repeat(199)) });
    expect(servedBy(short.choices[0]!.message.content)).toBe("default");
    const long = await world.client.chat.completions.create({ model: "assistant", messages: [{ role: "system", content: "y".repeat(100) }, ...ask("x".repeat(100))] });
    expect(servedBy(long.choices[0]!.message.content)).toBe("long");
    expect(routingOf(long).reason).toContain("prompt of 200 chars");
  });

  it("serves the catalog model of the requested name when no route of that name applies", async () => {
    const plain = await world.client.chat.completions.create({ model: "default", messages: ask("plain") });
    expect(servedBy(plain.choices[0]!.message.content)).toBe("default");
    expect(routingOf(plain)).toMatchObject({ route: null, strategy: "direct", model: "default" });
    expect(routingOf(plain).reason).toContain("No route named 'default' applies to this request, so the catalog model 'default' serves.");
    const premium = await world.client.chat.completions.create({ model: "default", messages: ask("premium") }, { headers: { "x-gateway-workload": "premium" } });
    expect(servedBy(premium.choices[0]!.message.content)).toBe("smart");
    // The route's own name as a target means the catalog model, reached on fallback.
    world.upstreams.smart!.setDefault({ kind: "status", status: 500 });
    const fellBack = await world.client.chat.completions.create({ model: "default", messages: ask("premium") }, { headers: { "x-gateway-workload": "premium" } });
    expect(servedBy(fellBack.choices[0]!.message.content)).toBe("default");
  });
});

describe("aliases and key access", () => {
  it("expands an alias target in place", async () => {
    const completion = await world.client.chat.completions.create({ model: "tiered", messages: ask("alias") });
    expect(servedBy(completion.choices[0]!.message.content)).toBe("cheap");
    expect(routingOf(completion).reason).toContain("Alias 'economy' → its route priority 0");
    world.upstreams.cheap!.setDefault({ kind: "status", status: 503 });
    const fellBack = await world.client.chat.completions.create({ model: "tiered", messages: ask("alias") });
    expect(servedBy(fellBack.choices[0]!.message.content)).toBe("default");
    expect(routingOf(fellBack).attempts.map((attempt) => attempt.target)).toEqual(["cheap", "cheap", "cheap", "default"]);
  });

  it("skips targets the key may not use, and answers resolveModel's 404 when none is left", async () => {
    const limited = await world.newKey({ modelAllowlist: ["default"] });
    const completion = await limited.client.chat.completions.create({ model: "tiered", messages: ask("limited") });
    expect(servedBy(completion.choices[0]!.message.content)).toBe("default");
    expect(routingOf(completion).skipped).toEqual([{ target: "cheap", reason: expect.stringContaining("does not exist or you do not have access") }]);
    expect(world.upstreams.cheap!.calls).toHaveLength(0);

    const none = await world.newKey({ modelAllowlist: ["smart"] });
    const refused = await none.client.chat.completions.create({ model: "tiered", messages: ask("nothing") }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 404, code: "model_not_found", message: expect.stringContaining("'cheap'") });
    const row = await auditRow((refused as { requestID: string }).requestID);
    expect(row).toMatchObject({ status: 404, errorCode: "model_not_found" });
    expect((row.routing as { skipped: { target: string }[]; attempts: unknown[] })).toMatchObject({ route: "tiered", attempts: [], skipped: [{ target: "cheap" }, { target: "default" }] });
  });
});

describe("GET /v1/models with routes", () => {
  it("lists the route names a key can be served under, beside its catalog models", async () => {
    const ids = async (client: typeof world.client) => (await client.models.list()).data.map((model) => model.id).sort();
    expect(await ids(world.client)).toEqual(["assistant", "cheap", "default", "economy", "local", "long", "private", "smart", "tiered"]);
    // Only 'default' on its allowlist: 'assistant' and 'tiered' still reach it (some route of theirs
    // does); 'economy' and 'private' reach nothing it may use.
    const limited = await world.newKey({ modelAllowlist: ["default"] });
    expect(await ids(limited.client)).toEqual(["assistant", "default", "tiered"]);
  });
});

describe("policy route-to", () => {
  it("sends prompts with findings to the model the policy names, and fails closed when the key may not use it", async () => {
    const { data: before } = await world.client.chat.completions.create({ model: "assistant", messages: ask("mail me at ada.lovelace@analytical-engines.co.uk") }).withResponse();
    expect(servedBy(before.choices[0]!.message.content)).toBe("default"); // no route rule yet

    await savePolicy(world.db, world.ctx, {
      rules: [{ id: "pii-to-private", enabled: true, mode: "enforce", when: { directions: ["input"], categories: ["pii"] }, action: { type: "route", model: "private" } }],
      customRules: [],
      message: "personal data stays on our own model",
      baseVersion: 2,
    });
    const { data, response } = await world.client.chat.completions.create({ model: "assistant", messages: ask("mail me at ada.lovelace@analytical-engines.co.uk") }).withResponse();
    expect(servedBy(data.choices[0]!.message.content)).toBe("local");
    expect(response.headers.get("x-gateway-matched-rules")).toBe("pii-to-private");
    expect(response.headers.get("x-gateway-route")).toBe("private");
    expect(routingOf(data)).toMatchObject({ route: "private", model: "private" });
    expect(routingOf(data).reason).toContain("Policy rule 'pii-to-private' sent 'assistant' to 'private'.");
    const row = await auditRow(response.headers.get("x-request-id")!);
    expect(row).toMatchObject({ requestedModel: "assistant", servedModel: "local-model", matchedRules: ["pii-to-private"] });

    // Without findings, routing is untouched.
    const clean = await world.client.chat.completions.create({ model: "assistant", messages: ask("nothing personal") });
    expect(servedBy(clean.choices[0]!.message.content)).toBe("default");

    // A key that may not use the private model is refused rather than served elsewhere.
    const publicOnly = await world.newKey({ modelAllowlist: ["default"] });
    await expect(publicOnly.client.chat.completions.create({ model: "assistant", messages: ask("mail me at ada.lovelace@analytical-engines.co.uk") })).rejects.toMatchObject({ status: 404 });
    expect(world.upstreams.default!.calls.filter((call) => call.prompt.includes("ada.lovelace@"))).toHaveLength(1); // only the one before the rule
  });
});

describe("embeddings", () => {
  it("routes embeddings with fallback across targets", async () => {
    const dead = await createProvider(world.db, world.ctx, { name: "Dead embeddings", kind: "openai_compatible", baseUrl: "http://127.0.0.1:9/v1" });
    const echo = await createProvider(world.db, world.ctx, { name: "Echo embeddings", kind: "echo" });
    await publishModel(world.db, world.ctx, { publicName: "embed-dead", providerId: dead.id, upstreamModel: "dead-embed", kind: "embedding" });
    await publishModel(world.db, world.ctx, { publicName: "embed-echo", providerId: echo.id, upstreamModel: "echo-embedding-1", kind: "embedding" });
    await world.route({ name: "embed", targets: [{ model: "embed-dead" }, { model: "embed-echo" }] });
    const { data, response } = await world.client.embeddings.create({ model: "embed", input: ["a", "b"] }).withResponse();
    expect(data.data).toHaveLength(2);
    expect(response.headers.get("x-gateway-provider")).toBe("Echo embeddings");
    expect(response.headers.get("x-gateway-attempts")).toBe("4");
    const routing = (data as unknown as { gateway: { routing: { attempts: { target: string; error?: string }[] } } }).gateway.routing;
    expect(routing.attempts.map((attempt) => [attempt.target, attempt.error ?? null])).toEqual([
      ["embed-dead", "upstream_unreachable"],
      ["embed-dead", "upstream_unreachable"],
      ["embed-dead", "upstream_unreachable"],
      ["embed-echo", null],
    ]);
  });
});

describe("the decision record endpoint and route changes", () => {
  it("returns the routing record of a request, and follows route changes at once", async () => {
    const { response } = await world.client.chat.completions.create({ model: "tiered", messages: ask("record") }).withResponse();
    const record = await (
      await fetch(`${world.gateway.url}/v1/gateway/requests/${response.headers.get("x-request-id")}`, { headers: { authorization: `Bearer ${world.key}` } })
    ).json();
    expect(record.routing).toMatchObject({ route: "tiered", strategy: "fallback", attempts: [{ target: "cheap", status: 200 }] });

    const smart = await world.client.chat.completions.create({ model: "smart", messages: ask("direct") });
    expect(servedBy(smart.choices[0]!.message.content)).toBe("smart");
    const created = await world.route({ name: "smart", targets: [{ model: "long" }] });
    const routed = await world.client.chat.completions.create({ model: "smart", messages: ask("now routed") });
    expect(servedBy(routed.choices[0]!.message.content)).toBe("long");
    await deleteRoute(world.db, world.ctx, created.id);
    const back = await world.client.chat.completions.create({ model: "smart", messages: ask("direct again") });
    expect(servedBy(back.choices[0]!.message.content)).toBe("smart");
  });
});
