/**
 * The management API (/api/v1) with an admin-scoped key: the same jobs as the dashboard's keys,
 * providers and models pages, validated input, OpenAI-shaped errors, and an OpenAPI document that
 * a real validator accepts.
 */
import { compileErrors, validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { createApiKey } from "@/lib/keys/key-service";
import { startMockOpenAi, type MockOpenAi } from "../fixtures/mock-openai";
import { signedUpOwner } from "./factories";

process.env.ALLOW_PRIVATE_UPSTREAMS = "1";

let server: Awaited<ReturnType<typeof startGatewayServer>>;
let upstream: MockOpenAi;
let adminKey: string;
let gatewayKey: string;

const api = (path: string, init: RequestInit & { key?: string } = {}) =>
  fetch(`${server.url}/api/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${init.key ?? adminKey}`, "content-type": "application/json", ...init.headers },
  });

beforeAll(async () => {
  server = await startGatewayServer();
  upstream = await startMockOpenAi();
  const { ctx } = await signedUpOwner("mgmt");
  const db = await getDb();
  adminKey = (await createApiKey(db, ctx, { name: "terraform", scopes: ["admin"], modelAllowlist: [] })).key;
  gatewayKey = (await createApiKey(db, ctx, { name: "app", scopes: ["gateway"], modelAllowlist: [] })).key;
});

afterAll(async () => {
  await server?.close();
  await upstream?.close();
});

describe("management API", () => {
  it("adds a provider, tests it, publishes a model and issues a key that then works on /v1", async () => {
    const created = await api("/providers", { method: "POST", body: JSON.stringify({ name: "Mock", kind: "openai_compatible", base_url: upstream.url, api_key: "sk-secret-1234" }) });
    expect(created.status).toBe(201);
    const provider = await created.json();
    expect(provider).toMatchObject({ name: "Mock", kind: "openai_compatible", credential_hint: "…1234", model_count: 0 });
    expect(JSON.stringify(provider)).not.toContain("sk-secret");

    const test = await (await api(`/providers/${provider.id}/test`, { method: "POST" })).json();
    expect(test).toEqual({ ok: true, models: ["gpt-4o-mini", "text-embedding-3-small"], message: null });

    const model = await api("/models", { method: "POST", body: JSON.stringify({ public_name: "team-default", provider_id: provider.id, upstream_model: "gpt-4o-mini" }) });
    expect(model.status).toBe(201);
    expect(await model.json()).toMatchObject({ public_name: "team-default", kind: "chat", provider: { name: "Mock" } });

    const key = await api("/keys", { method: "POST", body: JSON.stringify({ name: "ci", scopes: ["gateway"], model_allowlist: ["team-default"] }) });
    expect(key.status).toBe(201);
    const issued = await key.json();
    expect(issued.key).toMatch(/^gw_live_/);
    expect(issued).toMatchObject({ name: "ci", scopes: ["gateway"], model_allowlist: ["team-default"], revoked_at: null });

    const listed = await (await api("/keys")).json();
    expect(listed.object).toBe("list");
    expect(listed.data.map((k: { name: string }) => k.name)).toEqual(expect.arrayContaining(["ci", "terraform", "app"]));
    expect(JSON.stringify(listed)).not.toContain(issued.key);

    const chat = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${issued.key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "team-default", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(chat.status).toBe(200);

    expect((await api(`/keys/${issued.id}`, { method: "DELETE" })).status).toBe(200);
    const after = await fetch(`${server.url}/v1/models`, { headers: { authorization: `Bearer ${issued.key}` } });
    expect(after.status).toBe(401);

    expect((await api(`/models/${(await (await api("/models")).json()).data[0].id}`, { method: "DELETE" })).status).toBe(200);
    expect((await api(`/providers/${provider.id}`, { method: "DELETE" })).status).toBe(200);
    expect((await (await api("/providers")).json()).data).toEqual([]);
  });

  it("answers bad input with field errors, unknown ids with 404, and keys without the admin scope with 403", async () => {
    const bad = await api("/providers", { method: "POST", body: JSON.stringify({ name: "x", kind: "openai_compatible" }) });
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error).toMatchObject({ type: "invalid_request_error", code: "invalid_value" });
    expect(body.error.field_errors).toMatchObject({ name: ["Use at least 2 characters."], baseUrl: ["This provider type needs its base URL."] });

    expect((await api("/keys", { method: "POST", body: "{oops" })).status).toBe(400);
    expect((await api("/keys/does-not-exist", { method: "DELETE" })).status).toBe(404);
    expect((await api("/models", { method: "POST", body: JSON.stringify({ public_name: "m", provider_id: "nope", upstream_model: "x" }) })).status).toBe(404);
    expect((await api("/nothing")).status).toBe(404);

    const forbidden = await api("/keys", { key: gatewayKey });
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).error.code).toBe("insufficient_scope");
    expect((await api("/keys", { key: "gw_live_0000000000000000000000000000abcd" })).status).toBe(401);
  });

  it("keeps orgs apart: another org's admin key sees and touches nothing of this org", async () => {
    const providers = await (await api("/providers")).json();
    const { ctx: other } = await signedUpOwner("mgmt-other");
    const otherKey = (await createApiKey(await getDb(), other, { name: "other", scopes: ["admin"], modelAllowlist: [] })).key;
    const mine = await (await api("/keys")).json();
    const theirs = await (await api("/keys", { key: otherKey })).json();
    expect(theirs.data.map((k: { name: string }) => k.name)).toEqual(["other"]);
    const myKeyId = mine.data.find((k: { name: string }) => k.name === "app").id;
    expect((await api(`/keys/${myKeyId}`, { method: "DELETE", key: otherKey })).status).toBe(404);
    expect((await (await api("/keys")).json()).data.find((k: { id: string }) => k.id === myKeyId).revoked_at).toBeNull();
    expect(providers.object).toBe("list");
  });

  it("serves an OpenAPI 3.1 document that validates", async () => {
    const response = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/keys", "/keys/{id}", "/providers", "/providers/{id}/test", "/models"]));
    const result = await validate(document);
    expect(result.valid, result.valid ? "" : compileErrors(result)).toBe(true);
  });

  it("reads, saves and rolls back the policy, refusing stale and invalid saves", async () => {
    const current = await (await api("/policy")).json();
    expect(current).toMatchObject({ version: 1, message: "Default policy" });
    expect(current.rules.map((rule: { id: string }) => rule.id)).toContain("block-secrets");

    const monitored = current.rules.map((rule: { id: string; mode: string }) => (rule.id === "block-secrets" ? { ...rule, mode: "monitor" } : rule));
    const saved = await api("/policy", { method: "POST", body: JSON.stringify({ rules: monitored, message: "monitor first", base_version: 1 }) });
    expect(saved.status).toBe(201);
    expect(await saved.json()).toMatchObject({ version: 2, message: "monitor first" });

    const stale = await api("/policy", { method: "POST", body: JSON.stringify({ rules: current.rules, message: "stale", base_version: 1 }) });
    expect(stale.status).toBe(409);
    const invalid = await api("/policy", { method: "POST", body: JSON.stringify({ rules: [{ id: "Bad Id", action: { type: "block" } }], message: "x", base_version: 2 }) });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.field_errors).toHaveProperty(["rules.0.id"]);

    const rolledBack = await api("/policy/rollback", { method: "POST", body: JSON.stringify({ to_version: 1, base_version: 2 }) });
    expect(rolledBack.status).toBe(201);
    expect((await rolledBack.json()).version).toBe(3);
    const versions = await (await api("/policy/versions")).json();
    expect(versions.data.map((version: { version: number }) => version.version)).toEqual([3, 2, 1]);
    expect((await api("/policy/nope")).status).toBe(404);
    const simulated = await api("/policy/simulate", { method: "POST", body: JSON.stringify({ rules: current.rules }) });
    expect(simulated.status).toBe(200);
    expect(await simulated.json()).toEqual({ examined: 0, changed: [] }); // this org stores no prompts
  });
});
