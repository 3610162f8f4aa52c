/**
 * Tenant isolation over real HTTP, on every route the API server has: org A's keys aimed at org
 * B's ids and names. The management API is walked from its own OpenAPI document, so an operation
 * added later fails here until it says how B's ids are put into it. Every answer must be the
 * answer for an id that does not exist (404 where the id is looked up), A must see nothing of B,
 * and B's rows must be exactly as they were.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flushAudit } from "@/lib/audit/audit-writer";
import { getDb } from "@/lib/db/client";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { setPromptStorage } from "@/lib/orgs/org-service";
import { currentPolicy } from "@/lib/policy/policy-service";
import { connectClient, refusal } from "./mcp/mcp-world";
import { idsIn, orgRows, type OrgRows } from "./org-rows";
import { B_MARKER, buildTenantA, buildTenantB, NOTHING, normalized, type Slots, slotsOf, type TenantA, type TenantB } from "./two-tenants";

// A's MCP server is registered at a closed loopback port: it exists, its listing fails.
process.env.ALLOW_PRIVATE_UPSTREAMS = "1";

let server: Awaited<ReturnType<typeof startGatewayServer>>;
let a: TenantA;
let b: TenantB;
let bBefore: OrgRows;
/** Strings that only B's rows hold: every id of B (rows, request ids), its slug, its people's email addresses. */
let bFingerprints: string[];

beforeAll(async () => {
  server = await startGatewayServer();
  b = await buildTenantB(server.url);
  a = await buildTenantA();
  // A stores prompts too, so A's own simulation and search have something to find.
  await setPromptStorage(await getDb(), a.ctx, "full");
  const alpha = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: a.keys.gateway.key, maxRetries: 0 });
  await alpha.chat.completions.create({ model: a.chat.publicName, messages: [{ role: "user", content: "hello from alpha" }] });
  bBefore = await orgRows(b.ctx.org.id);
  const db = await getDb();
  const people = await db.user.findMany({ where: { memberships: { some: { orgId: b.ctx.org.id } } }, select: { email: true } });
  bFingerprints = [...idsIn(bBefore), b.ctx.org.slug, ...people.map((person) => person.email)];
}, 120_000);

afterAll(async () => {
  await server?.close();
});

/** The first of B's fingerprints in `text`, if any. */
const leakIn = (text: string, sent: string[] = []) => bFingerprints.find((print) => text.includes(print) && !sent.some((value) => value.includes(print)));

type Call = { method: string; path: string; query?: Record<string, string>; body?: unknown };
type Probe =
  /** Looks B's id up: 404, with the very answer an id of nothing gets. */
  | { kind: "not-found"; substitutes: string[]; call: (s: Slots) => Call | Promise<Call> }
  /** Refers to B by value (a filter, a name, a key list): the answer for nothing, whatever it is. */
  | { kind: "like-nothing"; substitutes: string[]; call: (s: Slots) => Call | Promise<Call> }
  /** Takes no id of B: A's own answer, in which nothing of B appears (and which `check` may count against A's rows). */
  | { kind: "own"; status: number; call: () => Call | Promise<Call>; check?: (json: Record<string, unknown>) => Promise<string | null> };

const aPolicyVersion = async () => (await currentPolicy(await getDb(), a.ctx.org.id)).version;

/**
 * Every operation of the OpenAPI document, by operationId, with how B's ids go into it. An
 * operation missing here fails the test, as does an id field of the document no probe fills.
 */
const OPERATIONS: Record<string, Probe[]> = {
  listKeys: [{ kind: "own", status: 200, call: () => ({ method: "GET", path: "/keys" }) }],
  createKey: [{ kind: "own", status: 201, call: () => ({ method: "POST", path: "/keys", body: { name: `${B_MARKER} app`, scopes: ["gateway"] } }) }],
  getKey: [
    { kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "GET", path: `/keys/${s.key}` }) },
    { kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "GET", path: `/keys/${s.adminKey}` }) },
  ],
  updateKey: [{ kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "PATCH", path: `/keys/${s.key}`, body: { tags: ["stolen"], requests_per_minute: 1 } }) }],
  revokeKey: [{ kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "DELETE", path: `/keys/${s.adminKey}` }) }],
  listProviders: [{ kind: "own", status: 200, call: () => ({ method: "GET", path: "/providers" }) }],
  // B's provider name is free in A: a clash would tell A that B has it.
  createProvider: [{ kind: "own", status: 201, call: () => ({ method: "POST", path: "/providers", body: { name: `${B_MARKER} echo`, kind: "echo" } }) }],
  deleteProvider: [{ kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "DELETE", path: `/providers/${s.provider}` }) }],
  testProvider: [{ kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "POST", path: `/providers/${s.provider}/test` }) }],
  listModels: [{ kind: "own", status: 200, call: () => ({ method: "GET", path: "/models" }) }],
  publishModel: [
    { kind: "not-found", substitutes: ["body:provider_id"], call: (s) => ({ method: "POST", path: "/models", body: { public_name: "alpha-stolen", provider_id: s.provider, upstream_model: "echo-1" } }) },
  ],
  unpublishModel: [
    { kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "DELETE", path: `/models/${s.approvedModel}` }) },
    { kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "DELETE", path: `/models/${s.model}` }) },
  ],
  getPolicy: [{ kind: "own", status: 200, call: () => ({ method: "GET", path: "/policy" }) }],
  savePolicy: [
    {
      kind: "own",
      status: 201,
      call: async () => ({ method: "POST", path: "/policy", body: { rules: (await currentPolicy(await getDb(), a.ctx.org.id)).rules, message: "alpha keeps its rules", base_version: await aPolicyVersion() } }),
    },
  ],
  listPolicyVersions: [{ kind: "own", status: 200, call: () => ({ method: "GET", path: "/policy/versions" }) }],
  // No rules at all would change B's flagged request: were B's traffic replayed, its id would show.
  simulatePolicy: [
    {
      kind: "own",
      status: 200,
      call: () => ({ method: "POST", path: "/policy/simulate", body: { rules: [] } }),
      check: async (json) => {
        const stored = await (await getDb()).gatewayRequest.count({ where: { orgId: a.ctx.org.id, promptText: { not: null }, endpoint: "chat.completions" } });
        return json.examined === stored ? null : `examined ${String(json.examined)} requests, A stored ${stored}`;
      },
    },
  ],
  rollbackPolicy: [
    { kind: "not-found", substitutes: ["body:to_version"], call: async (s) => ({ method: "POST", path: "/policy/rollback", body: { to_version: s.policyVersion, base_version: await aPolicyVersion() } }) },
  ],
  listRoutes: [{ kind: "own", status: 200, call: () => ({ method: "GET", path: "/routes" }) }],
  createRoute: [{ kind: "like-nothing", substitutes: ["body:targets"], call: (s) => ({ method: "POST", path: "/routes", body: { name: "alpha-route", targets: [{ model: s.modelName }] } }) }],
  getRoute: [{ kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "GET", path: `/routes/${s.route}` }) }],
  replaceRoute: [{ kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "PUT", path: `/routes/${s.route}`, body: { name: "stolen", targets: [{ model: a.chat.publicName }] } }) }],
  deleteRoute: [{ kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "DELETE", path: `/routes/${s.route}` }) }],
  approveModel: [
    { kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "POST", path: `/models/${s.model}/approve`, body: {} }) },
    { kind: "not-found", substitutes: ["body:key_ids"], call: (s) => ({ method: "POST", path: `/models/${a.unreviewed.id}/approve`, body: { key_ids: [s.key] } }) },
  ],
  denyModel: [{ kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "POST", path: `/models/${s.approvedModel}/deny`, body: { note: "not yours" } }) }],
  revokeModel: [{ kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "POST", path: `/models/${s.approvedModel}/revoke`, body: {} }) }],
  listAccessRequests: [{ kind: "own", status: 200, call: () => ({ method: "GET", path: "/access-requests" }) }],
  createAccessRequest: [
    { kind: "not-found", substitutes: ["body:model_id"], call: (s) => ({ method: "POST", path: "/access-requests", body: { model_id: s.model, reason: "alpha wants B's model" } }) },
    { kind: "not-found", substitutes: ["body:key_ids"], call: (s) => ({ method: "POST", path: "/access-requests", body: { model_id: a.unreviewed.id, reason: "alpha names B's key", key_ids: [s.key] } }) },
  ],
  approveAccessRequest: [
    { kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "POST", path: `/access-requests/${s.accessRequest}/approve`, body: {} }) },
    { kind: "not-found", substitutes: ["body:key_ids"], call: (s) => ({ method: "POST", path: `/access-requests/${a.accessRequest.id}/approve`, body: { key_ids: [s.key] } }) },
  ],
  denyAccessRequest: [{ kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "POST", path: `/access-requests/${s.accessRequest}/deny`, body: { note: "not yours" } }) }],
  listActivity: [
    { kind: "own", status: 200, call: () => ({ method: "GET", path: "/activity" }) },
    { kind: "like-nothing", substitutes: ["query:actor"], call: (s) => ({ method: "GET", path: "/activity", query: { actor: s.user } }) },
    { kind: "like-nothing", substitutes: ["query:actor"], call: (s) => ({ method: "GET", path: "/activity", query: { actor: s.adminKey } }) },
  ],
  verifyAuditChain: [
    {
      kind: "own",
      status: 200,
      call: () => ({ method: "POST", path: "/audit/verify" }),
      check: async (json) => {
        const chained = await (await getDb()).gatewayRequest.count({ where: { orgId: a.ctx.org.id, chainSeq: { not: null } } });
        return json.checked === chained && json.ok === true ? null : `checked ${String(json.checked)} rows (ok: ${String(json.ok)}), A has ${chained}`;
      },
    },
  ],
  searchRequests: [
    { kind: "own", status: 200, call: () => ({ method: "GET", path: "/requests" }) },
    ...searchProbes("/requests"),
  ],
  exportRequests: [
    { kind: "own", status: 200, call: () => ({ method: "GET", path: "/requests/export" }) },
    { kind: "own", status: 200, call: () => ({ method: "GET", path: "/requests/export", query: { format: "csv" } }) },
    ...searchProbes("/requests/export"),
  ],
  getRequest: [
    { kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "GET", path: `/requests/${s.requestId}` }) },
    { kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "GET", path: `/requests/${s.requestRow}` }) },
  ],
  listMcpServers: [{ kind: "own", status: 200, call: () => ({ method: "GET", path: "/mcp/servers" }) }],
  // B's server name is free in A as well; A's server cannot be listed (nothing listens there) but is kept.
  createMcpServer: [{ kind: "own", status: 201, call: () => ({ method: "POST", path: "/mcp/servers", body: { name: B_MARKER, url: "http://127.0.0.1:9/mcp" } }) }],
  getMcpServer: [{ kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "GET", path: `/mcp/servers/${s.mcpServer}` }) }],
  updateMcpServer: [{ kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "PATCH", path: `/mcp/servers/${s.mcpServer}`, body: { url: "https://attacker.example.com/mcp" } }) }],
  deleteMcpServer: [{ kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "DELETE", path: `/mcp/servers/${s.mcpServer}` }) }],
  syncMcpServer: [{ kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "POST", path: `/mcp/servers/${s.mcpServer}/sync` }) }],
  approveAllMcpTools: [{ kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "POST", path: `/mcp/servers/${s.mcpServer}/approve-all`, body: {} }) }],
  listMcpTools: [
    { kind: "own", status: 200, call: () => ({ method: "GET", path: "/mcp/tools" }) },
    { kind: "not-found", substitutes: ["query:server_id"], call: (s) => ({ method: "GET", path: "/mcp/tools", query: { server_id: s.mcpServer } }) },
  ],
  getMcpTool: [{ kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "GET", path: `/mcp/tools/${s.mcpTool}` }) }],
  decideMcpTool: [{ kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "POST", path: `/mcp/tools/${s.mcpTool}/decision`, body: { decision: "deny", note: "not yours" } }) }],
  grantMcpTool: [
    { kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "PUT", path: `/mcp/tools/${s.mcpTool}/grants`, body: { grant_all_keys: true } }) },
    { kind: "like-nothing", substitutes: ["body:key_ids"], call: (s) => ({ method: "PUT", path: `/mcp/tools/${a.tool.tool.id}/grants`, body: { key_ids: [s.key] } }) },
  ],
  listMcpCallApprovals: [{ kind: "own", status: 200, call: () => ({ method: "GET", path: "/mcp/call-approvals" }) }],
  getMcpCallApproval: [{ kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "GET", path: `/mcp/call-approvals/${s.mcpCallApproval}` }) }],
  decideMcpCallApproval: [
    { kind: "not-found", substitutes: ["path:id"], call: (s) => ({ method: "POST", path: `/mcp/call-approvals/${s.mcpCallApproval}/decision`, body: { decision: "approve" } }) },
  ],
};

/** The audit search's references to B: its key, person, provider, request, model, tool and words. */
function searchProbes(path: string): Probe[] {
  const filters: [string, (s: Slots) => string][] = [
    ["key", (s) => s.key],
    ["user", (s) => s.user],
    ["provider", (s) => s.provider],
    ["request_id", (s) => s.requestId],
    ["requested_model", (s) => s.modelName],
    ["rule", (s) => s.rule],
    ["tool", (s) => s.toolName],
    ["q", (s) => s.word],
  ];
  return filters.map(([name, value]) => ({ kind: "like-nothing", substitutes: [`query:${name}`], call: (s: Slots) => ({ method: "GET", path, query: { [name]: value(s) } }) }));
}

type Operation = { id: string; method: string; template: string; parameters: { name: string; in: string; description?: string; schema?: { enum?: unknown[] } }[]; bodyFields: string[] };

/** Per-org numbers that name a row just as ids do. */
const PER_ORG_NUMBERS = new Set(["to_version"]);

/** The fields of an operation through which it can be pointed at a row, or a name, of another org (a choice from a fixed list cannot). */
function referenceFields(operation: Operation): string[] {
  const fields = operation.parameters.flatMap((parameter) => {
    if (parameter.in === "path") return [`path:${parameter.name}`];
    const refers = /(^|_)ids?$/.test(parameter.name) || (!parameter.schema?.enum && /\b(id|name)\b/i.test(parameter.description ?? ""));
    return refers ? [`${parameter.in}:${parameter.name}`] : [];
  });
  return [...fields, ...operation.bodyFields.filter((field) => /(^|_)ids?$/.test(field) || PER_ORG_NUMBERS.has(field)).map((field) => `body:${field}`)];
}

async function operationsOfTheDocument(): Promise<Operation[]> {
  const document = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { operationId: string; parameters?: Operation["parameters"]; requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>>;
  };
  return Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      id: operation.operationId,
      method: method.toUpperCase(),
      template,
      parameters: operation.parameters ?? [],
      bodyFields: Object.keys(operation.requestBody?.content["application/json"]?.schema.properties ?? {}),
    })),
  );
}

type Answer = { status: number; text: string; json: { error?: { message: string; type: string; code: string | null; param: string | null } } | null };

async function send(call: Call): Promise<Answer> {
  const query = call.query ? `?${new URLSearchParams(call.query)}` : "";
  const response = await fetch(`${server.url}/api/v1${call.path}${query}`, {
    method: call.method,
    headers: { authorization: `Bearer ${a.keys.admin.key}`, "content-type": "application/json" },
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
  });
  const text = await response.text();
  let json: Answer["json"] = null;
  try {
    json = JSON.parse(text) as Answer["json"];
  } catch {
    // exports answer JSON Lines or CSV
  }
  return { status: response.status, text, json };
}

const matchesTemplate = (template: string, path: string) => new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(path);

describe("the management API (/api/v1) with A's admin key", () => {
  it("has a probe for every operation of its OpenAPI document, filling every id field with B's ids", async () => {
    const operations = await operationsOfTheDocument();
    expect(operations.length).toBeGreaterThan(40);
    const missing = operations.filter((operation) => !OPERATIONS[operation.id]).map((operation) => `${operation.id} (${operation.method} ${operation.template}): no probe says how B's ids go into it`);
    const unfilled = operations.flatMap((operation) => {
      const filled = new Set((OPERATIONS[operation.id] ?? []).flatMap((probe) => (probe.kind === "own" ? [] : probe.substitutes)));
      return referenceFields(operation).filter((field) => !filled.has(field)).map((field) => `${operation.id}: no probe puts B's id in ${field}`);
    });
    const stale = Object.keys(OPERATIONS).filter((id) => !operations.some((operation) => operation.id === id)).map((id) => `${id}: not in the document any more`);
    expect([...missing, ...unfilled, ...stale]).toEqual([]);
  });

  it("answers every operation aimed at B exactly as for ids of nothing (404 where an id is looked up), and shows A nothing of B", async () => {
    const operations = await operationsOfTheDocument();
    // A's own traffic is written, so what A's answers count can be counted in A's rows.
    await flushAudit();
    const failures: string[] = [];
    let probed = 0;
    for (const operation of operations) {
      for (const probe of OPERATIONS[operation.id] ?? []) {
        const label = `${operation.id} (${operation.method} ${operation.template})`;
        if (probe.kind === "own") {
          const call = await probe.call();
          const answer = await send(call);
          if (answer.status !== probe.status) failures.push(`${label}: ${answer.status}, expected ${probe.status}: ${answer.text.slice(0, 300)}`);
          const leak = leakIn(answer.text);
          if (leak) failures.push(`${label}: A's answer holds B's ${leak}`);
          const wrong = probe.check && answer.json ? await probe.check(answer.json as Record<string, unknown>) : null;
          if (wrong) failures.push(`${label}: ${wrong}`);
          probed++;
          continue;
        }
        const [withB, withNothing] = [await probe.call(slotsOf(b)), await probe.call(NOTHING)];
        if (withB.method !== operation.method || !matchesTemplate(operation.template, withB.path)) failures.push(`${label}: the probe sends ${withB.method} ${withB.path}`);
        const [fromB, fromNothing] = [await send(withB), await send(withNothing)];
        probed++;
        if (probe.kind === "not-found" && (fromB.status !== 404 || fromB.json?.error?.type !== "not_found_error")) {
          failures.push(`${label} [${probe.substitutes}]: ${fromB.status} ${fromB.text.slice(0, 300)}, expected 404 not_found_error`);
        }
        if (`${fromB.status} ${normalized(fromB.text, slotsOf(b))}` !== `${fromNothing.status} ${normalized(fromNothing.text, NOTHING)}`) {
          failures.push(`${label} [${probe.substitutes}]: B's id answers\n  ${fromB.status} ${fromB.text.slice(0, 300)}\nbut an id of nothing answers\n  ${fromNothing.status} ${fromNothing.text.slice(0, 300)}`);
        }
        const sent = Object.values(slotsOf(b)).map(String);
        const leak = leakIn(fromB.text, sent);
        if (leak) failures.push(`${label} [${probe.substitutes}]: the answer holds B's ${leak}`);
      }
    }
    expect(failures).toEqual([]);
    expect(probed).toBeGreaterThan(60);
  });
});

// After the management API: A's refused requests for B's names become A's own audit rows, which
// A's searches for those names would then rightly find.
describe("the gateway (/v1) with A's key", () => {
  const gatewayClient = () => new OpenAI({ baseURL: `${server.url}/v1`, apiKey: a.keys.gateway.key, maxRetries: 0 });

  it("answers B's request ids on /v1/gateway/requests/{id} as it answers ids of nothing", async () => {
    const record = async (id: string) => {
      const response = await fetch(`${server.url}/v1/gateway/requests/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${a.keys.gateway.key}` } });
      return { status: response.status, error: ((await response.json()) as { error: { code: string; message: string } }).error };
    };
    const nothing = await record(NOTHING.requestId);
    expect(nothing).toMatchObject({ status: 404, error: { code: "request_not_found" } });
    for (const id of [...b.requestIds, b.ids.requestRow]) {
      const answer = await record(id);
      expect(answer.status, id).toBe(404);
      expect({ ...answer.error, message: answer.error.message.replace(id, "<id>") }).toEqual({ ...nothing.error, message: nothing.error.message.replace(NOTHING.requestId, "<id>") });
    }
  });

  it("answers B's model and route names on chat completions and embeddings exactly like a model that does not exist", async () => {
    const client = gatewayClient();
    const refusedChat = async (model: string) =>
      client.chat.completions.create({ model, messages: [{ role: "user", content: "hi" }] }).then(
        () => {
          throw new Error(`${model} answered A's key`);
        },
        (error: InstanceType<typeof OpenAI.APIError>) => ({ status: error.status, code: error.code, type: error.type, param: error.param, message: error.message.replace(model, "<model>") }),
      );
    const refusedEmbedding = async (model: string) =>
      client.embeddings.create({ model, input: "hi" }).then(
        () => {
          throw new Error(`${model} answered A's key`);
        },
        (error: InstanceType<typeof OpenAI.APIError>) => ({ status: error.status, code: error.code, type: error.type, param: error.param, message: error.message.replace(model, "<model>") }),
      );
    const nothingChat = await refusedChat(NOTHING.modelName);
    expect(nothingChat).toMatchObject({ status: 404, code: "model_not_found" });
    for (const model of b.names.models) expect(await refusedChat(model), model).toEqual(nothingChat);
    const nothingEmbedding = await refusedEmbedding(NOTHING.modelName);
    expect(nothingEmbedding).toMatchObject({ status: 404, code: "model_not_found" });
    for (const model of b.names.models) expect(await refusedEmbedding(model), model).toEqual(nothingEmbedding);
  });

  it("lists A's models on /v1/models and none of B's", async () => {
    const listed = (await gatewayClient().models.list()).data.map((model) => model.id);
    expect(listed).toContain(a.chat.publicName);
    for (const model of b.names.models) expect(listed).not.toContain(model);
  });
});

describe("the MCP endpoint (/mcp) with A's key", () => {
  let client: Client;
  afterAll(async () => {
    await client?.close();
  });

  it("lists A's tools and none of B's, and refuses B's tool names exactly like a tool that does not exist", async () => {
    client = await connectClient(server.url, a.keys.gateway.key);
    const listed = (await client.listTools()).tools.map((tool) => tool.name);
    expect(listed).toEqual([a.tool.exposedName]);
    const refused = async (name: string) => {
      const error = await refusal(client.callTool({ name, arguments: { repo: "x" } }));
      return { code: error.code, reason: error.data.code, message: error.message.replace(name, "<tool>") };
    };
    const nothing = await refused(NOTHING.toolName);
    expect(nothing.reason).toBe("unknown_tool");
    for (const name of b.names.tools) expect(await refused(name), name).toEqual(nothing);
  });
});

describe("B, afterwards", () => {
  it("has every row exactly as before A tried", async () => {
    expect(await orgRows(b.ctx.org.id)).toEqual(bBefore);
  });
});
