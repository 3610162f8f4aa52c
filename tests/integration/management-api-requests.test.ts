/**
 * The management API's audit endpoints for SIEM pipelines: search with the dashboard's filters and
 * cursor pages, one decision record, a streamed export; an admin-scoped key of the org only, and
 * nothing of another org. The OpenAPI document describes them and stays valid.
 */
import { compileErrors, validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { createApiKey } from "@/lib/keys/key-service";
import { buildWorld, type World } from "./audit-search-world";

let server: Awaited<ReturnType<typeof startGatewayServer>>;
let world: World;
let adminKey: string;
let gatewayKey: string;
let otherAdminKey: string;

const api = (path: string, key = adminKey) => fetch(`${server.url}/api/v1${path}`, { headers: { authorization: `Bearer ${key}` } });

beforeAll(async () => {
  server = await startGatewayServer();
  world = await buildWorld();
  const db = await getDb();
  adminKey = (await createApiKey(db, world.owner.ctx, { name: "siem", scopes: ["admin"], modelAllowlist: [] })).key;
  gatewayKey = (await createApiKey(db, world.owner.ctx, { name: "app", scopes: ["gateway"], modelAllowlist: [] })).key;
  otherAdminKey = (await createApiKey(db, world.other.ctx, { name: "siem", scopes: ["admin"], modelAllowlist: [] })).key;
});

afterAll(async () => {
  await server?.close();
});

describe("GET /api/v1/requests", () => {
  it("pages through a filtered search with next_cursor, without gaps or repeats", async () => {
    const expected = world.rows.filter((r) => r.decision === "allow").map((r) => r.requestId).sort();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await api(`/requests?decision=allow&limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body.object).toBe("list");
      expect(body.data.length).toBeLessThanOrEqual(4);
      for (const item of body.data) expect(item.decision).toBe("allow");
      seen.push(...body.data.map((item: { id: string }) => item.id));
      cursor = body.next_cursor;
      pages++;
    } while (cursor && pages < 50);
    expect(pages).toBe(Math.ceil(expected.length / 4));
    expect([...seen].sort()).toEqual(expected);
  });

  it("returns summaries in the documented shape", async () => {
    const row = world.rows.find((r) => r.apiKeyId === world.keyA.id && r.matchedRules!.length > 0)!;
    const body = await (await api(`/requests?request_id=${row.requestId}`)).json();
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({
      id: row.requestId,
      created_at: row.createdAt.toISOString(),
      api_key: { id: world.keyA.id, name: "billing-app" },
      requested_model: row.requestedModel,
      matched_rules: row.matchedRules,
      latency_ms: row.latencyMs,
      status: row.status,
    });
    expect(body.data[0]).not.toHaveProperty("prompt");
  });

  it("answers bad filters and huge pages with a 400 naming the field", async () => {
    for (const [query, field] of [
      ["limit=5000", "limit"],
      ["status=99", "status"],
      ["from=yesterday", "from"],
      ["from=2026-11-02&to=2026-11-01", "to"],
      ["latency_min=9&latency_max=1", "latency_max"],
      ["sort=random", "sort"],
      ["cursor=bogus", "cursor"],
    ]) {
      const response = await api(`/requests?${query}`);
      expect(response.status, query).toBe(400);
      const body = await response.json();
      expect(body.error.param, query).toBe(field);
      expect(body.error.message, query).toMatch(new RegExp(`^${field}: `));
    }
  });

  it("needs an admin key of the org; another org's key sees only its own rows", async () => {
    expect((await api("/requests", gatewayKey)).status).toBe(403);
    expect((await api("/requests", "gw_live_nothing")).status).toBe(401);
    const theirs = await (await api("/requests?limit=200", otherAdminKey)).json();
    expect(theirs.data.map((item: { id: string }) => item.id).sort()).toEqual(world.otherRows.map((r) => r.requestId).sort());
  });
});

describe("GET /api/v1/requests/{id}", () => {
  it("returns the decision record; another org's id is 404", async () => {
    const row = world.rows[1]!;
    const response = await api(`/requests/${row.requestId}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: row.requestId, decision: row.decision, matched_rules: row.matchedRules, findings: [], prompt: row.promptText, response: null });
    const foreign = await api(`/requests/${world.otherRows[0]!.requestId}`);
    expect(foreign.status).toBe(404);
    expect((await foreign.json()).error.code).toBe("not_found");
  });
});

describe("GET /api/v1/requests/export", () => {
  it("streams JSON Lines by default and CSV on request, with the search's filters", async () => {
    const expected = world.rows.filter((r) => r.outcome === "blocked").map((r) => r.requestId).sort();
    const jsonl = await api("/requests/export?outcome=blocked");
    expect(jsonl.status).toBe(200);
    expect(jsonl.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(jsonl.headers.get("content-disposition")).toMatch(/attachment; filename="requests-.+\.jsonl"/);
    const lines = (await jsonl.text()).trimEnd().split("\n").map((line) => JSON.parse(line));
    expect(lines.map((line) => line.id).sort()).toEqual(expected);
    const csv = await api("/requests/export?outcome=blocked&format=csv");
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const text = await csv.text();
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(expected.length + 1);
    expect((await api("/requests/export?format=xlsx")).status).toBe(400);
  });
});

describe("OpenAPI", () => {
  it("documents the audit endpoints and stays a valid document", async () => {
    const document = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/requests", "/requests/{id}", "/requests/export"]));
    const parameters = document.paths["/requests"].get.parameters.map((p: { name: string }) => p.name);
    expect(parameters).toEqual(expect.arrayContaining(["from", "to", "key", "rule", "status", "q", "sort", "cursor", "limit", "latency_min", "tokens_max"]));
    const result = await validate(structuredClone(document));
    expect(result.valid, compileErrors(result)).toBe(true);
  });
});
