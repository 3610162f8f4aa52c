/**
 * Tenant isolation of the dashboard: every server action and every route handler under
 * app/api/orgs that takes an id, aimed at org B's ids by a member of org A of every role. A server
 * action is its gate (runOrgAction: the form's org and the action's permission, through
 * resolveOrgAccess) and then the service function it delegates to; both are called here as the
 * action calls them. The answer for B's id must be the answer for an id of nothing (not found
 * where the role may act, forbidden where it may not), and neither org may change at all.
 * The tables below list every action of every actions.ts under app/(dashboard); one added later
 * fails the coverage test until it is placed in them.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportForMember } from "@/lib/audit/export-handler";
import { can, PERMISSIONS, type Permission, ROLES } from "@/lib/auth/rbac";
import { decideAccessRequest, decideModel, requestModelAccess } from "@/lib/catalog/approval-service";
import { publishModel, unpublishModel } from "@/lib/catalog/catalog-service";
import { getDb, type Db } from "@/lib/db/client";
import { AppError, NotFoundError } from "@/lib/errors";
import { playgroundChat, playgroundRecord } from "@/lib/gateway/playground";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { addRequestToInvestigation, addReviewToInvestigation } from "@/lib/investigations/add-investigation-item";
import { addInvestigationNote } from "@/lib/investigations/add-investigation-note";
import { createInvestigation } from "@/lib/investigations/create-investigation";
import { updateInvestigation } from "@/lib/investigations/update-investigation";
import { revokeApiKey, updateApiKeyLimits } from "@/lib/keys/key-service";
import { decideMcpCallApproval } from "@/lib/mcp/call-approval-service";
import { deleteMcpServer, syncMcpServer, updateMcpServer } from "@/lib/mcp/server-service";
import { approveAllMcpTools, decideMcpTool, grantMcpTool } from "@/lib/mcp/tool-service";
import { revokeInvite } from "@/lib/orgs/invite-service";
import { changeMemberRole, removeMember } from "@/lib/orgs/member-service";
import { type OrgContext, resolveOrgAccess } from "@/lib/orgs/org-access";
import { rollbackPolicy } from "@/lib/policy/policy-service";
import { deleteProvider, testProviderConnection } from "@/lib/providers/provider-service";
import { assignReview } from "@/lib/reviews/assign-review";
import { commentOnReview } from "@/lib/reviews/comment-review";
import { reopenReview, resolveReview } from "@/lib/reviews/resolve-review";
import { createRoute, deleteRoute, updateRoute } from "@/lib/routing/route-service";
import { insertFlaggedRow } from "../fixtures/audit-rows";
import { orgRows, type OrgRows } from "./org-rows";
import { buildTenantA, buildTenantB, NOTHING, normalized, type Slots, slotsOf, type TenantA, type TenantB } from "./two-tenants";

let server: Awaited<ReturnType<typeof startGatewayServer>>;
let a: TenantA;
let b: TenantB;
/** A's own rows that A's forms may name next to B's ids. */
let aFlagged: { id: string };
let aInvestigation: { id: string };
let before: { a: OrgRows; b: OrgRows };

beforeAll(async () => {
  server = await startGatewayServer();
  b = await buildTenantB(server.url);
  a = await buildTenantA();
  aFlagged = await insertFlaggedRow(a.ctx.org.id);
  aInvestigation = await createInvestigation(await getDb(), a.ctx, { title: "alpha incident", summary: null, ownerId: null, fromRequestId: null });
  before = { a: await orgRows(a.ctx.org.id), b: await orgRows(b.ctx.org.id) };
}, 120_000);

afterAll(async () => {
  await server?.close();
});

/** What the action's service does with A's context and the ids of `s`. */
type Run = (db: Db, ctx: OrgContext, s: Slots) => Promise<unknown>;
/** not-found: B's id is looked up. like-nothing: B's id is checked as a value (a person to assign, a key to grant, a model to route to). */
type Variant = { aims: string; expect: "not-found" | "like-nothing"; run: Run };
type IdAction = { file: string; permission: Permission; service: string; variants: Variant[] };

const noKeys = { keyIds: [], keyTags: [] };

/** An action whose one id is looked up: B's must be not found. */
const lookup = (file: string, permission: Permission, service: string, aims: string, run: Run): IdAction => ({ file, permission, service, variants: [{ aims, expect: "not-found", run }] });

/** Every dashboard action that takes an id, with the service it delegates to and what B's ids replace. */
const ID_ACTIONS: Record<string, IdAction> = {
  decideRequestAction: {
    file: "approvals/actions.ts",
    permission: "model:approve",
    service: "decideAccessRequest",
    variants: [
      { aims: "B's access request (approve)", expect: "not-found", run: (db, ctx, s) => decideAccessRequest(db, ctx, { requestId: s.accessRequest, decision: "approve", note: undefined, scope: undefined }) },
      { aims: "B's access request (deny)", expect: "not-found", run: (db, ctx, s) => decideAccessRequest(db, ctx, { requestId: s.accessRequest, decision: "deny", note: "no", scope: undefined }) },
      { aims: "A's request, for B's key", expect: "not-found", run: (db, ctx, s) => decideAccessRequest(db, ctx, { requestId: a.accessRequest.id, decision: "approve", note: undefined, scope: { keyIds: [s.key], keyTags: [] } }) },
    ],
  },
  createInvestigationAction: {
    file: "investigations/actions.ts",
    permission: "review:write",
    service: "createInvestigation",
    variants: [
      { aims: "B's flagged request", expect: "not-found", run: (db, ctx, s) => createInvestigation(db, ctx, { title: "stolen", summary: null, ownerId: null, fromRequestId: s.requestRow }) },
      { aims: "B's member as owner", expect: "like-nothing", run: (db, ctx, s) => createInvestigation(db, ctx, { title: "stolen", summary: null, ownerId: s.user, fromRequestId: null }) },
    ],
  },
  updateInvestigationAction: {
    file: "investigations/actions.ts",
    permission: "review:write",
    service: "updateInvestigation",
    variants: [
      { aims: "B's investigation", expect: "not-found", run: (db, ctx, s) => updateInvestigation(db, ctx, { investigationId: s.investigation, status: "closed", ownerId: null }) },
      { aims: "B's member as owner of A's", expect: "like-nothing", run: (db, ctx, s) => updateInvestigation(db, ctx, { investigationId: aInvestigation.id, status: "closed", ownerId: s.user }) },
    ],
  },
  addRequestItemAction: {
    file: "investigations/actions.ts",
    permission: "review:write",
    service: "addRequestToInvestigation",
    variants: [
      { aims: "B's investigation", expect: "not-found", run: (db, ctx, s) => addRequestToInvestigation(db, ctx, { investigationId: s.investigation, reference: aFlagged.id }) },
      { aims: "B's x-request-id", expect: "not-found", run: (db, ctx, s) => addRequestToInvestigation(db, ctx, { investigationId: aInvestigation.id, reference: s.requestId }) },
      { aims: "B's audit row id", expect: "not-found", run: (db, ctx, s) => addRequestToInvestigation(db, ctx, { investigationId: aInvestigation.id, reference: s.requestRow }) },
    ],
  },
  addNoteAction: lookup("investigations/actions.ts", "review:write", "addInvestigationNote", "B's investigation", (db, ctx, s) => addInvestigationNote(db, ctx, { investigationId: s.investigation, body: "stolen" })),
  updateKeyLimitsAction: lookup("keys/actions.ts", "key:write", "updateApiKeyLimits", "B's key", (db, ctx, s) => updateApiKeyLimits(db, ctx, s.key, { tags: ["stolen"], requestsPerMinute: 1, tokensPerMinute: null })),
  revokeKeyAction: lookup("keys/actions.ts", "key:write", "revokeApiKey", "B's key", (db, ctx, s) => revokeApiKey(db, ctx, s.adminKey)),
  removeServerAction: lookup("mcp/actions.ts", "mcp:write", "deleteMcpServer", "B's MCP server", (db, ctx, s) => deleteMcpServer(db, ctx, s.mcpServer)),
  updateServerAction: lookup("mcp/[serverId]/actions.ts", "mcp:write", "updateMcpServer", "B's MCP server", (db, ctx, s) => updateMcpServer(db, ctx, s.mcpServer, { url: "https://attacker.example.com/mcp", clearCredentials: true })),
  syncServerAction: lookup("mcp/[serverId]/actions.ts", "mcp:write", "syncMcpServer", "B's MCP server", (db, ctx, s) => syncMcpServer(db, ctx, s.mcpServer)),
  approveAllAction: lookup("mcp/[serverId]/actions.ts", "mcp:write", "approveAllMcpTools", "B's MCP server", (db, ctx, s) => approveAllMcpTools(db, ctx, s.mcpServer)),
  decideToolAction: lookup("mcp/[serverId]/actions.ts", "mcp:write", "decideMcpTool", "B's MCP tool", (db, ctx, s) => decideMcpTool(db, ctx, s.mcpTool, { decision: "deny", note: "stolen" })),
  grantToolAction: {
    file: "mcp/[serverId]/actions.ts",
    permission: "mcp:write",
    service: "grantMcpTool",
    variants: [
      { aims: "B's MCP tool", expect: "not-found", run: (db, ctx, s) => grantMcpTool(db, ctx, s.mcpTool, { grantAllKeys: true, keyIds: [], keyTags: [] }) },
      { aims: "A's tool, for B's key", expect: "like-nothing", run: (db, ctx, s) => grantMcpTool(db, ctx, a.tool.tool.id, { grantAllKeys: false, keyIds: [s.key], keyTags: [] }) },
    ],
  },
  changeRoleAction: {
    file: "members/actions.ts",
    permission: "member:update",
    service: "changeMemberRole",
    variants: [
      { aims: "B's member", expect: "not-found", run: (db, ctx, s) => changeMemberRole(db, ctx, s.membership, "owner") },
      { aims: "B's owner", expect: "not-found", run: (db, ctx, s) => changeMemberRole(db, ctx, s.ownerMembership, "member") },
    ],
  },
  removeMemberAction: lookup("members/actions.ts", "member:remove", "removeMember", "B's member", (db, ctx, s) => removeMember(db, ctx, s.membership)),
  revokeInviteAction: lookup("members/actions.ts", "member:invite", "revokeInvite", "B's invite", (db, ctx, s) => revokeInvite(db, ctx, s.invite)),
  publishModelAction: lookup("models/actions.ts", "model:write", "publishModel", "B's provider", (db, ctx, s) => publishModel(db, ctx, { publicName: "alpha-stolen", providerId: s.provider, upstreamModel: "echo-1", kind: "chat", approveForAllKeys: false })),
  unpublishModelAction: lookup("models/actions.ts", "model:write", "unpublishModel", "B's model", (db, ctx, s) => unpublishModel(db, ctx, s.approvedModel)),
  requestAccessAction: {
    file: "models/actions.ts",
    permission: "model:request",
    service: "requestModelAccess",
    variants: [
      { aims: "B's model", expect: "not-found", run: (db, ctx, s) => requestModelAccess(db, ctx, { modelId: s.model, reason: "alpha wants it", scope: noKeys }) },
      { aims: "A's model, for B's key", expect: "not-found", run: (db, ctx, s) => requestModelAccess(db, ctx, { modelId: a.unreviewed.id, reason: "alpha wants it", scope: { keyIds: [s.key], keyTags: [] } }) },
    ],
  },
  decideModelAction: {
    file: "models/actions.ts",
    permission: "model:approve",
    service: "decideModel",
    variants: [
      { aims: "B's model (approve)", expect: "not-found", run: (db, ctx, s) => decideModel(db, ctx, { modelId: s.model, decision: "approve", note: undefined, scope: noKeys }) },
      { aims: "B's model (deny)", expect: "not-found", run: (db, ctx, s) => decideModel(db, ctx, { modelId: s.approvedModel, decision: "deny", note: "no", scope: noKeys }) },
      { aims: "B's model (revoke)", expect: "not-found", run: (db, ctx, s) => decideModel(db, ctx, { modelId: s.approvedModel, decision: "revoke", note: undefined, scope: noKeys }) },
      { aims: "A's model, for B's key", expect: "not-found", run: (db, ctx, s) => decideModel(db, ctx, { modelId: a.unreviewed.id, decision: "approve", note: undefined, scope: { keyIds: [s.key], keyTags: [] } }) },
    ],
  },
  rollbackPolicyAction: lookup("policy/actions.ts", "policy:write", "rollbackPolicy", "a version only B has", (db, ctx, s) => rollbackPolicy(db, ctx, s.policyVersion, 1)),
  testConnectionAction: lookup("providers/actions.ts", "provider:write", "testProviderConnection", "B's provider", (db, ctx, s) => testProviderConnection(db, ctx, s.provider)),
  deleteProviderAction: lookup("providers/actions.ts", "provider:write", "deleteProvider", "B's provider", (db, ctx, s) => deleteProvider(db, ctx, s.provider)),
  assignReviewAction: {
    file: "reviews/actions.ts",
    permission: "review:write",
    service: "assignReview",
    variants: [
      { aims: "B's flagged request", expect: "not-found", run: (db, ctx, s) => assignReview(db, ctx, { requestId: s.requestRow, assigneeId: null }) },
      { aims: "B's member as assignee", expect: "like-nothing", run: (db, ctx, s) => assignReview(db, ctx, { requestId: aFlagged.id, assigneeId: s.user }) },
    ],
  },
  commentReviewAction: lookup("reviews/actions.ts", "review:write", "commentOnReview", "B's flagged request", (db, ctx, s) => commentOnReview(db, ctx, { requestId: s.requestRow, body: "stolen" })),
  resolveReviewAction: lookup("reviews/actions.ts", "review:write", "resolveReview", "B's flagged request", (db, ctx, s) => resolveReview(db, ctx, { requestId: s.requestRow, verdict: "false_positive" })),
  reopenReviewAction: lookup("reviews/actions.ts", "review:write", "reopenReview", "B's flagged request", (db, ctx, s) => reopenReview(db, ctx, s.requestRow)),
  addToInvestigationAction: {
    file: "reviews/actions.ts",
    permission: "review:write",
    service: "addReviewToInvestigation",
    variants: [
      { aims: "B's investigation", expect: "not-found", run: (db, ctx, s) => addReviewToInvestigation(db, ctx, { investigationId: s.investigation, requestId: aFlagged.id }) },
      { aims: "B's flagged request", expect: "not-found", run: (db, ctx, s) => addReviewToInvestigation(db, ctx, { investigationId: aInvestigation.id, requestId: s.requestRow }) },
    ],
  },
  decideToolCallAction: lookup("reviews/actions.ts", "review:write", "decideMcpCallApproval", "B's held tool call", (db, ctx, s) => decideMcpCallApproval(db, ctx, s.mcpCallApproval, { decision: "approve" })),
  createRouteAction: {
    file: "routes/actions.ts",
    permission: "route:write",
    service: "createRoute",
    variants: [{ aims: "B's model as a target", expect: "like-nothing", run: (db, ctx, s) => createRoute(db, ctx, { name: "alpha-route", targets: [{ model: s.modelName, weight: 1 }] }) }],
  },
  updateRouteAction: lookup("routes/actions.ts", "route:write", "updateRoute", "B's route", (db, ctx, s) => updateRoute(db, ctx, s.route, { name: "stolen", targets: [{ model: a.chat.publicName, weight: 1 }] })),
  deleteRouteAction: lookup("routes/actions.ts", "route:write", "deleteRoute", "B's route", (db, ctx, s) => deleteRoute(db, ctx, s.route)),
};

/** Actions that take no id: they act on the org of the form (B's slug is refused by the gate, tested below) or create A's own rows. */
const NO_ID_ACTIONS: Record<string, string> = {
  verifyChainAction: "verifies the chain of the form's org",
  checkoutAction: "starts checkout for the form's org",
  customerPortalAction: "opens the portal of the form's org",
  createKeyAction: "creates a key in the form's org (model names in its allowlist are only names)",
  registerServerAction: "registers a server in the form's org",
  inviteMemberAction: "invites an email address into the form's org",
  savePolicyAction: "saves the next policy version of the form's org",
  tryPolicyAction: "runs a prompt through the form's org's policy or a draft, storing nothing",
  simulateTrafficAction: "replays a draft over the form's org's traffic",
  addProviderAction: "adds a provider to the form's org",
  renameOrgAction: "renames the form's org",
  leaveOrgAction: "removes the caller from the form's org",
  promptStorageAction: "sets the form's org's prompt storage",
  orgQuotasAction: "sets the form's org's quotas",
  auditRetentionAction: "sets the form's org's retention",
};

const DASHBOARD = path.resolve("app/(dashboard)/[org]");

/** Every file called `name` under `dir`, by its path relative to `dir`. */
function filesNamed(dir: string, name: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((file) => path.basename(file) === name);
}

/** Each exported action of the dashboard, with its file's text and its own body. */
function dashboardActions(): { name: string; file: string; source: string; body: string }[] {
  return filesNamed(DASHBOARD, "actions.ts").flatMap((file) => {
    const source = readFileSync(path.join(DASHBOARD, file), "utf8");
    const starts = [...source.matchAll(/export async function (\w+)\(/g)];
    return starts.map((match, index) => ({
      name: match[1]!,
      file,
      source,
      body: source.slice(match.index, starts[index + 1]?.index ?? source.length),
    }));
  });
}

type Outcome = { ok: true } | { ok: false; error: string; status: number; message: string; fieldErrors: string };

/** The action as a member of A with `role` sends it: the gate on A's org, then the service. */
async function attempt(action: IdAction, variant: Variant, ctx: OrgContext, userId: string, slots: Slots): Promise<Outcome> {
  const db = await getDb();
  try {
    const gated = await resolveOrgAccess(db, userId, ctx.org.slug, action.permission);
    await variant.run(db, gated, slots);
    return { ok: true };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ok: false, error: error.name, status: error.status, message: normalized(error.message, slots), fieldErrors: normalized(JSON.stringify(error.fieldErrors ?? {}), slots) };
  }
}

describe("the dashboard's server actions, by members of A of every role, aimed at B's ids", () => {
  it("lists every action of app/(dashboard) once, with the permission and service its file names", () => {
    const actions = dashboardActions();
    expect(actions.length).toBeGreaterThan(40);
    const problems: string[] = [];
    for (const action of actions) {
      const idAction = ID_ACTIONS[action.name];
      if (!idAction && !NO_ID_ACTIONS[action.name]) problems.push(`${action.file} ${action.name}: in neither table; say which ids it takes`);
      if (idAction && NO_ID_ACTIONS[action.name]) problems.push(`${action.name}: in both tables`);
      if (!idAction) continue;
      if (idAction.file !== action.file) problems.push(`${action.name}: lives in ${action.file}, not ${idAction.file}`);
      const own = action.body.match(/permission: "([^"]+)"/)?.[1];
      const inFile = [...action.source.matchAll(/permission: "([^"]+)"/g)].map((match) => match[1]);
      if ((own ?? inFile[0]) !== idAction.permission || (!own && new Set(inFile).size !== 1)) problems.push(`${action.name}: gated by ${own ?? inFile.join("/")}, not ${idAction.permission}`);
      if (!action.body.includes(`${idAction.service}(`)) problems.push(`${action.name}: does not call ${idAction.service}`);
    }
    const names = new Set(actions.map((action) => action.name));
    for (const name of [...Object.keys(ID_ACTIONS), ...Object.keys(NO_ID_ACTIONS)]) if (!names.has(name)) problems.push(`${name}: no such action any more`);
    expect(problems).toEqual([]);
  });

  it("refuses B's slug in the form's org for every role and permission, as it refuses an org that does not exist", async () => {
    const db = await getDb();
    for (const role of ROLES) {
      for (const permission of PERMISSIONS) {
        for (const slug of [b.ctx.org.slug, NOTHING.orgSlug]) {
          await expect(resolveOrgAccess(db, a.roles[role].user.id, slug, permission), `${role} ${permission} ${slug}`).rejects.toBeInstanceOf(NotFoundError);
        }
      }
    }
  });

  it("answers every action aimed at B's ids as for ids of nothing: not found where the role may act, forbidden where it may not", async () => {
    const failures: string[] = [];
    let attempts = 0;
    for (const role of ROLES) {
      const { user, ctx } = a.roles[role];
      for (const [name, action] of Object.entries(ID_ACTIONS)) {
        for (const variant of action.variants) {
          const label = `${role} ${name} on ${variant.aims}`;
          const fromB = await attempt(action, variant, ctx, user.id, slotsOf(b));
          const fromNothing = await attempt(action, variant, ctx, user.id, NOTHING);
          attempts++;
          if (fromB.ok) {
            failures.push(`${label}: succeeded`);
            continue;
          }
          const expected = !can(role, action.permission) ? "ForbiddenError" : variant.expect === "not-found" ? "NotFoundError" : null;
          if (expected && fromB.error !== expected) failures.push(`${label}: ${fromB.error} (${fromB.message}), expected ${expected}`);
          if (JSON.stringify(fromB) !== JSON.stringify(fromNothing)) failures.push(`${label}: B's ids answer ${JSON.stringify(fromB)}, ids of nothing ${JSON.stringify(fromNothing)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(attempts).toBeGreaterThan(150);
  });
});

/** Every route handler under app/api/orgs, by file, with the lib function it hands the request to. */
const ROUTE_HANDLERS: Record<string, { methods: string[]; handler: string; variants: { aims: string; respond: (userId: string, s: Slots) => Promise<Response> }[] }> = {
  "[org]/playground/route.ts": {
    methods: ["POST"],
    handler: "playgroundChat",
    variants: [
      {
        aims: "B's org",
        respond: (userId, s) =>
          playgroundChat(post(`/api/orgs/${s.orgSlug}/playground`, { model: s.modelName, messages: [{ id: "m1", role: "user", parts: [{ type: "text", text: "hi" }] }] }), s.orgSlug, userId),
      },
    ],
  },
  "[org]/requests/[id]/route.ts": {
    methods: ["GET"],
    handler: "playgroundRecord",
    variants: [
      { aims: "B's org and request", respond: (userId, s) => playgroundRecord(get(`/api/orgs/${s.orgSlug}/requests/${s.requestId}`), s.orgSlug, userId, s.requestId) },
      { aims: "B's request in A's org", respond: (userId, s) => playgroundRecord(get(`/api/orgs/${a.ctx.org.slug}/requests/${s.requestId}`), a.ctx.org.slug, userId, s.requestId) },
    ],
  },
  "[org]/requests/export/route.ts": {
    methods: ["GET"],
    handler: "exportForMember",
    variants: [
      { aims: "B's org", respond: (userId, s) => exportForMember(get(`/api/orgs/${s.orgSlug}/requests/export?format=jsonl`), s.orgSlug, userId) },
      { aims: "B's key in A's export", respond: (userId, s) => exportForMember(get(`/api/orgs/${a.ctx.org.slug}/requests/export?format=jsonl&key=${s.key}`), a.ctx.org.slug, userId) },
      { aims: "B's request in A's export", respond: (userId, s) => exportForMember(get(`/api/orgs/${a.ctx.org.slug}/requests/export?format=csv&request_id=${s.requestId}`), a.ctx.org.slug, userId) },
    ],
  },
};

const ORIGIN = "http://localhost:3000";
const get = (route: string) => new Request(`${ORIGIN}${route}`, { headers: { host: "localhost:3000" } });
const post = (route: string, body: unknown) => new Request(`${ORIGIN}${route}`, { method: "POST", headers: { host: "localhost:3000", "content-type": "application/json" }, body: JSON.stringify(body) });

const API_ORGS = path.resolve("app/api/orgs");
const routeFiles = () => filesNamed(API_ORGS, "route.ts");

describe("the route handlers of app/api/orgs, by members of A of every role, aimed at B's ids", () => {
  it("lists every route handler file, its methods and the function it hands over to", () => {
    const problems: string[] = [];
    for (const file of routeFiles()) {
      const entry = ROUTE_HANDLERS[file];
      if (!entry) {
        problems.push(`${file}: not listed; say which ids it takes`);
        continue;
      }
      const source = readFileSync(path.join(API_ORGS, file), "utf8");
      const methods = [...source.matchAll(/export async function (GET|POST|PUT|PATCH|DELETE)\(/g)].map((match) => match[1]);
      if (JSON.stringify(methods) !== JSON.stringify(entry.methods)) problems.push(`${file}: exports ${methods}, listed ${entry.methods}`);
      if (!source.includes(`${entry.handler}(`)) problems.push(`${file}: does not call ${entry.handler}`);
    }
    for (const file of Object.keys(ROUTE_HANDLERS)) if (!routeFiles().includes(file)) problems.push(`${file}: no such route file any more`);
    expect(problems).toEqual([]);
  });

  it("answers B's org and ids as it answers ids of nothing, and never with B's rows", async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const userId = a.roles[role].user.id;
      for (const [file, entry] of Object.entries(ROUTE_HANDLERS)) {
        for (const variant of entry.variants) {
          const label = `${role} ${file} on ${variant.aims}`;
          const answer = async (slots: Slots) => {
            const response = await variant.respond(userId, slots);
            return `${response.status} ${normalized(await response.text(), slots)}`;
          };
          const [fromB, fromNothing] = [await answer(slotsOf(b)), await answer(NOTHING)];
          const aimsAtB = variant.aims.startsWith("B's org");
          const status = Number(fromB.split(" ")[0]);
          if (aimsAtB && status !== 404) failures.push(`${label}: ${fromB.slice(0, 200)}, expected 404`);
          if (!aimsAtB && status >= 500) failures.push(`${label}: ${fromB.slice(0, 200)}`);
          if (fromB !== fromNothing) failures.push(`${label}: B's ids answer ${fromB.slice(0, 300)}, ids of nothing ${fromNothing.slice(0, 300)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe("afterwards", () => {
  it("left every row of B, and of A, exactly as it was", async () => {
    expect(await orgRows(b.ctx.org.id)).toEqual(before.b);
    expect(await orgRows(a.ctx.org.id)).toEqual(before.a);
  });
});
