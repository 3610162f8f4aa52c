/**
 * Every role against every permission of lib/auth/rbac.ts, through the product's own actions:
 * each permission has at least one real action that needs it (a service function as the
 * dashboard's server action calls it, a route handler of app/api/orgs, or the management API with
 * a key its creator made), run by an owner, an admin, a member and an auditor of one org. It must
 * succeed exactly when the RBAC table grants the permission, be refused with the product's
 * ForbiddenError (403 over HTTP) otherwise, and a refused call must change no row of the org.
 * The expectation is read from the table; a few facts written out by hand catch a wrong table.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listActivity } from "@/lib/activity/list-activity";
import { flushAudit } from "@/lib/audit/audit-writer";
import { verifyChainAs } from "@/lib/audit/chain/verify-service";
import { exportForMember } from "@/lib/audit/export-handler";
import { can, PERMISSIONS, type Permission, ROLES, type Role } from "@/lib/auth/rbac";
import { readBillingConfig } from "@/lib/billing/billing-config";
import { openCustomerPortal, startCheckout } from "@/lib/billing/checkout";
import { activityFiltersSchema } from "@/lib/activity/activity-filters";
import { decideAccessRequest, decideModel, listAccessRequests, requestModelAccess } from "@/lib/catalog/approval-service";
import { findCatalogModel, listCatalog, publishModel, unpublishModel } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { ForbiddenError } from "@/lib/errors";
import { playgroundChat } from "@/lib/gateway/playground";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { addInvestigationNote } from "@/lib/investigations/add-investigation-note";
import { createInvestigation } from "@/lib/investigations/create-investigation";
import { listInvestigations } from "@/lib/investigations/list-investigations";
import { updateInvestigation } from "@/lib/investigations/update-investigation";
import { createApiKey, getApiKey, listApiKeys, revokeApiKey, updateApiKeyLimits } from "@/lib/keys/key-service";
import { decideMcpCallApproval, getMcpCallApproval, listMcpCallApprovals } from "@/lib/mcp/call-approval-service";
import { createMcpServer, deleteMcpServer, getMcpServer, listMcpServers, syncMcpServer, updateMcpServer } from "@/lib/mcp/server-service";
import { approveAllMcpTools, decideMcpTool, getMcpTool, grantMcpTool, listMcpTools } from "@/lib/mcp/tool-service";
import { createInvite, listPendingInvites, revokeInvite } from "@/lib/orgs/invite-service";
import { changeMemberRole, listMembers, removeMember } from "@/lib/orgs/member-service";
import { type OrgContext, resolveOrgAccess } from "@/lib/orgs/org-access";
import { setOrgQuotas } from "@/lib/orgs/org-quotas";
import { renameOrg, setAuditRetention, setPromptStorage } from "@/lib/orgs/org-service";
import { currentPolicy, policyHistory, rollbackPolicy, savePolicy } from "@/lib/policy/policy-service";
import { simulateOnRecentTraffic } from "@/lib/policy/simulate-traffic";
import { createProvider, deleteProvider, listProviders, testProviderConnection } from "@/lib/providers/provider-service";
import { assignReview } from "@/lib/reviews/assign-review";
import { commentOnReview } from "@/lib/reviews/comment-review";
import { resolveReview } from "@/lib/reviews/resolve-review";
import { listReviewQueue } from "@/lib/reviews/review-queue";
import { checkRoute, createRoute, deleteRoute, getRoute, listRoutes, updateRoute } from "@/lib/routing/route-service";
import { reviewQueueFilterSchema } from "@/lib/schemas/review";
import { auditRow, insertFlaggedRow } from "../fixtures/audit-rows";
import { holdToolCall, insertMcpTool } from "../fixtures/mcp-rows";
import { startMockMcpUpstream, type MockMcpUpstream } from "../fixtures/mock-mcp-upstream";
import { startMockStripe, type MockStripe } from "../fixtures/mock-stripe";
import { keyWithTags, memberOf, signedUpOwner, uniqueEmail } from "./factories";
import { orgRows } from "./org-rows";

// The MCP and Stripe stand-ins listen on loopback.
process.env.ALLOW_PRIVATE_UPSTREAMS = "1";

type Actor = { role: Role; userId: string; ctx: OrgContext; adminKey: string };
type Outcome = "granted" | "refused";

let server: Awaited<ReturnType<typeof startGatewayServer>>;
let upstream: MockMcpUpstream;
let stripe: MockStripe;
let billing: NonNullable<ReturnType<typeof readBillingConfig>>;
let owner: OrgContext;
let actors: Record<Role, Actor>;
/** The org's standing rows the probes act on; rows an action consumes are made fresh by its `prepare`. */
let world: {
  providerId: string;
  modelId: string;
  modelName: string;
  keyId: string;
  routeId: string;
  serverId: string;
  toolId: string;
  flaggedId: string;
  investigationId: string;
  approvalId: string;
  requester: OrgContext;
};

beforeAll(async () => {
  server = await startGatewayServer();
  upstream = await startMockMcpUpstream();
  stripe = await startMockStripe({ apiKey: "sk_test_roles", prices: [{ id: "price_team", nickname: "Team monthly", unitAmount: 4900 }] });
  // Passed to the billing functions directly: the rest of the instance runs without billing (and its plan limits).
  billing = readBillingConfig({ STRIPE_SECRET_KEY: "sk_test_roles", STRIPE_WEBHOOK_SECRET: "whsec_roles", STRIPE_API_BASE: stripe.url, STRIPE_PRICE_TEAM: "price_team" })!;
  const database = await getDb();
  const signed = await signedUpOwner("roles");
  owner = signed.ctx;
  await setPromptStorage(database, owner, "full");
  actors = {} as Record<Role, Actor>;
  for (const role of ROLES) {
    const person = role === "owner" ? { user: signed.user, ctx: owner } : await memberOf(owner, role);
    // An admin-scoped key made by this person (written directly: members and auditors cannot create keys, but keep those they made as admins).
    const adminKey = (await keyWithTags(owner, `admin key of the ${role}`, [], { scopes: ["admin"], createdById: person.user.id })).key;
    actors[role] = { role, userId: person.user.id, ctx: person.ctx, adminKey };
  }
  const provider = await createProvider(database, owner, { name: "echo", kind: "echo" });
  const model = await publishModel(database, owner, { publicName: "roles-chat", providerId: provider.id, upstreamModel: "echo-1", kind: "chat" });
  const key = await createApiKey(database, owner, { name: "app", scopes: ["gateway", "mcp"], modelAllowlist: [] });
  const route = await createRoute(database, owner, { name: "roles-route", targets: [{ model: model.publicName, weight: 1 }] });
  const { server: mcp } = await createMcpServer(database, owner, { name: "upstream", url: upstream.url, headers: {} });
  const tool = (await listMcpTools(database, owner, { serverId: mcp.id }))[0]!;
  const held = await insertMcpTool(database, { orgId: owner.org.id, createdById: owner.userId }, { server: "held", tool: "delete_repo" }, { requiresCallApproval: true });
  const { approvalId } = await holdToolCall(database, { orgId: owner.org.id, toolId: held.tool.id, apiKeyId: key.apiKey.id, arguments: { repo: "standing" } });
  const flagged = await insertFlaggedRow(owner.org.id);
  const investigation = await createInvestigation(database, owner, { title: "standing incident", summary: null, ownerId: null, fromRequestId: null });
  const requester = (await memberOf(owner, "member", "requester")).ctx;
  world = {
    providerId: provider.id,
    modelId: model.id,
    modelName: model.publicName,
    keyId: key.apiKey.id,
    routeId: route.id,
    serverId: mcp.id,
    toolId: tool.id,
    flaggedId: flagged.id,
    investigationId: investigation.id,
    approvalId,
    requester,
  };
}, 120_000);

afterAll(async () => {
  await server?.close();
  await upstream?.close();
  await stripe?.close();
});

/** The service call's outcome: it resolved, or the product refused it as forbidden. Anything else fails the test. */
async function service(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    await call();
    return "granted";
  } catch (error) {
    if (error instanceof ForbiddenError) return "refused";
    throw error;
  }
}

/** An HTTP answer's outcome: 2xx, or 403. */
async function http(response: Response | Promise<Response>): Promise<Outcome> {
  const answer = await response;
  const body = await answer.text();
  if (answer.ok) return "granted";
  if (answer.status === 403) return "refused";
  throw new Error(`answered ${answer.status}: ${body.slice(0, 300)}`);
}

function api(actor: Actor, method: string, route: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${actor.adminKey}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const request = (route: string, init: RequestInit = {}) => new Request(`http://localhost:3000${route}`, { ...init, headers: { host: "localhost:3000", "content-type": "application/json" } });
const fresh = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

/**
 * How the product reaches the action: a service function (as the server action calls it, after
 * its gate), the gate alone (resolveOrgAccess, for permissions nothing else checks), a route
 * handler of app/api/orgs, or the management API (where a key acts with its creator's role, at
 * most admin).
 */
type Via = "service" | "gate" | "route handler" | "management API";
type Probe = { permission: Permission; action: string; via: Via; prepare?: () => Promise<Record<string, string>>; run: (actor: Actor, prepared: Record<string, string>) => Promise<Outcome> };

const db = () => getDb();

const PROBES: Probe[] = [
  { permission: "org:read", action: "runOrgAction's gate (every org page; the leave action)", via: "gate", run: async (actor) => service(async () => resolveOrgAccess(await db(), actor.userId, owner.org.slug, "org:read")) },
  { permission: "org:update", action: "renameOrg (renameOrgAction)", via: "service", run: async (actor) => service(async () => renameOrg(await db(), actor.ctx, `Renamed by the ${actor.role}`)) },
  { permission: "org:update", action: "setPromptStorage (promptStorageAction)", via: "service", run: async (actor) => service(async () => setPromptStorage(await db(), actor.ctx, "full")) },
  { permission: "org:update", action: "setAuditRetention (auditRetentionAction)", via: "service", run: async (actor) => service(async () => setAuditRetention(await db(), actor.ctx, 400)) },
  { permission: "org:update", action: "setOrgQuotas (orgQuotasAction)", via: "service", run: async (actor) => service(async () => setOrgQuotas(await db(), actor.ctx, { monthlyRequestQuota: null, monthlyTokenQuota: null })) },
  { permission: "org:delete", action: "resolveOrgAccess(org:delete)", via: "gate", run: async (actor) => service(async () => resolveOrgAccess(await db(), actor.userId, owner.org.slug, "org:delete")) },
  { permission: "member:read", action: "listMembers (members page)", via: "service", run: async (actor) => service(async () => listMembers(await db(), actor.ctx)) },
  { permission: "member:read", action: "listPendingInvites (members page)", via: "service", run: async (actor) => service(async () => listPendingInvites(await db(), actor.ctx)) },
  { permission: "member:invite", action: "createInvite as member (inviteMemberAction)", via: "service", run: async (actor) => service(async () => createInvite(await db(), actor.ctx, { email: uniqueEmail("invitee"), role: "member" })) },
  {
    permission: "member:invite",
    action: "revokeInvite (revokeInviteAction)",
    via: "service",
    prepare: async () => ({ inviteId: (await createInvite(await db(), owner, { email: uniqueEmail("to-revoke"), role: "member" })).invite.id }),
    run: async (actor, { inviteId }) => service(async () => revokeInvite(await db(), actor.ctx, inviteId!)),
  },
  {
    permission: "member:update",
    action: "changeMemberRole member to auditor (changeRoleAction)",
    via: "service",
    prepare: async () => ({ membershipId: (await memberOf(owner, "member", "to-change")).ctx.membershipId }),
    run: async (actor, { membershipId }) => service(async () => changeMemberRole(await db(), actor.ctx, membershipId!, "auditor")),
  },
  {
    permission: "member:remove",
    action: "removeMember (removeMemberAction)",
    via: "service",
    prepare: async () => ({ membershipId: (await memberOf(owner, "member", "to-remove")).ctx.membershipId }),
    run: async (actor, { membershipId }) => service(async () => removeMember(await db(), actor.ctx, membershipId!)),
  },
  {
    permission: "member:manage-owners",
    action: "changeMemberRole member to owner (changeRoleAction)",
    via: "service",
    prepare: async () => ({ membershipId: (await memberOf(owner, "member", "to-promote")).ctx.membershipId }),
    run: async (actor, { membershipId }) => service(async () => changeMemberRole(await db(), actor.ctx, membershipId!, "owner")),
  },
  { permission: "member:manage-owners", action: "createInvite as owner (inviteMemberAction)", via: "service", run: async (actor) => service(async () => createInvite(await db(), actor.ctx, { email: uniqueEmail("owner-invitee"), role: "owner" })) },
  { permission: "provider:read", action: "listProviders (providers page)", via: "service", run: async (actor) => service(async () => listProviders(await db(), actor.ctx)) },
  { permission: "provider:write", action: "createProvider (addProviderAction)", via: "service", run: async (actor) => service(async () => createProvider(await db(), actor.ctx, { name: fresh("echo"), kind: "echo" })) },
  { permission: "provider:write", action: "testProviderConnection (testConnectionAction)", via: "service", run: async (actor) => service(async () => testProviderConnection(await db(), actor.ctx, world.providerId)) },
  {
    permission: "provider:write",
    action: "deleteProvider (deleteProviderAction)",
    via: "service",
    prepare: async () => ({ providerId: (await createProvider(await db(), owner, { name: fresh("doomed"), kind: "echo" })).id }),
    run: async (actor, { providerId }) => service(async () => deleteProvider(await db(), actor.ctx, providerId!)),
  },
  { permission: "model:read", action: "listCatalog (models page)", via: "service", run: async (actor) => service(async () => listCatalog(await db(), actor.ctx)) },
  { permission: "model:read", action: "findCatalogModel", via: "service", run: async (actor) => service(async () => findCatalogModel(await db(), actor.ctx, world.modelId)) },
  {
    permission: "model:write",
    action: "publishModel unreviewed (publishModelAction)",
    via: "service",
    run: async (actor) => service(async () => publishModel(await db(), actor.ctx, { publicName: fresh("model"), providerId: world.providerId, upstreamModel: "echo-1", kind: "chat", approveForAllKeys: false })),
  },
  {
    permission: "model:write",
    action: "unpublishModel (unpublishModelAction)",
    via: "service",
    prepare: async () => ({ modelId: (await unreviewedModel()).id }),
    run: async (actor, { modelId }) => service(async () => unpublishModel(await db(), actor.ctx, modelId!)),
  },
  {
    permission: "model:request",
    action: "requestModelAccess (requestAccessAction)",
    via: "service",
    prepare: async () => ({ modelId: (await unreviewedModel()).id }),
    run: async (actor, { modelId }) => service(async () => requestModelAccess(await db(), actor.ctx, { modelId: modelId!, reason: "needed for the roles test", scope: { keyIds: [], keyTags: [] } })),
  },
  {
    permission: "model:approve",
    action: "decideModel approve (decideModelAction)",
    via: "service",
    prepare: async () => ({ modelId: (await unreviewedModel()).id }),
    run: async (actor, { modelId }) => service(async () => decideModel(await db(), actor.ctx, { modelId: modelId!, decision: "approve", note: undefined, scope: { keyIds: [], keyTags: [] } })),
  },
  {
    permission: "model:approve",
    action: "decideAccessRequest deny (decideRequestAction)",
    via: "service",
    prepare: async () => ({ requestId: (await pendingRequest()).id }),
    run: async (actor, { requestId }) => service(async () => decideAccessRequest(await db(), actor.ctx, { requestId: requestId!, decision: "deny", note: "not now", scope: undefined })),
  },
  {
    // Not a refusal but a narrower view: without it one sees only one's own requests, as the approvals page does.
    permission: "approval:read",
    action: "listAccessRequests shows someone else's request (approvals page)",
    via: "service",
    prepare: async () => ({ requestId: (await pendingRequest()).id }),
    run: async (actor, { requestId }) => ((await listAccessRequests(await db(), actor.ctx)).some((shown) => shown.id === requestId) ? "granted" : "refused"),
  },
  { permission: "key:read", action: "listApiKeys (keys page)", via: "service", run: async (actor) => service(async () => listApiKeys(await db(), actor.ctx)) },
  { permission: "key:read", action: "getApiKey", via: "service", run: async (actor) => service(async () => getApiKey(await db(), actor.ctx, world.keyId)) },
  { permission: "key:write", action: "createApiKey (createKeyAction)", via: "service", run: async (actor) => service(async () => createApiKey(await db(), actor.ctx, { name: fresh("key"), scopes: ["gateway"], modelAllowlist: [] })) },
  {
    permission: "key:write",
    action: "updateApiKeyLimits (updateKeyLimitsAction)",
    via: "service",
    prepare: async () => ({ keyId: (await createApiKey(await db(), owner, { name: fresh("limited"), scopes: ["gateway"], modelAllowlist: [] })).apiKey.id }),
    run: async (actor, { keyId }) => service(async () => updateApiKeyLimits(await db(), actor.ctx, keyId!, { tags: ["team:x"], requestsPerMinute: 10, tokensPerMinute: null })),
  },
  {
    permission: "key:write",
    action: "revokeApiKey (revokeKeyAction)",
    via: "service",
    prepare: async () => ({ keyId: (await createApiKey(await db(), owner, { name: fresh("doomed"), scopes: ["gateway"], modelAllowlist: [] })).apiKey.id }),
    run: async (actor, { keyId }) => service(async () => revokeApiKey(await db(), actor.ctx, keyId!)),
  },
  { permission: "key:write", action: "POST /api/v1/keys", via: "management API", run: async (actor) => http(api(actor, "POST", "/keys", { name: fresh("api-key") })) },
  { permission: "policy:read", action: "policyHistory (policy page)", via: "service", run: async (actor) => service(async () => policyHistory(await db(), actor.ctx)) },
  {
    permission: "policy:write",
    action: "savePolicy (savePolicyAction)",
    via: "service",
    run: async (actor) =>
      service(async () => {
        const current = await currentPolicy(await db(), owner.org.id);
        return savePolicy(await db(), actor.ctx, { rules: current.rules, customRules: [], message: `saved by the ${actor.role}`, baseVersion: current.version });
      }),
  },
  { permission: "policy:write", action: "rollbackPolicy (rollbackPolicyAction)", via: "service", run: async (actor) => service(async () => rollbackPolicy(await db(), actor.ctx, 1, (await currentPolicy(await db(), owner.org.id)).version)) },
  { permission: "policy:write", action: "simulateOnRecentTraffic (simulateTrafficAction)", via: "service", run: async (actor) => service(async () => simulateOnRecentTraffic(await db(), actor.ctx, { rules: [], customRules: [] })) },
  { permission: "policy:write", action: "POST /api/v1/policy/simulate", via: "management API", run: async (actor) => http(api(actor, "POST", "/policy/simulate", { rules: [] })) },
  { permission: "route:read", action: "listRoutes (routes page)", via: "service", run: async (actor) => service(async () => listRoutes(await db(), actor.ctx)) },
  { permission: "route:read", action: "getRoute (route page)", via: "service", run: async (actor) => service(async () => getRoute(await db(), actor.ctx, world.routeId)) },
  { permission: "route:read", action: "checkRoute (route form)", via: "service", run: async (actor) => service(async () => checkRoute(await db(), actor.ctx, { name: "draft", targets: [{ model: world.modelName, weight: 1 }] })) },
  { permission: "route:write", action: "createRoute (createRouteAction)", via: "service", run: async (actor) => service(async () => createRoute(await db(), actor.ctx, { name: fresh("route"), targets: [{ model: world.modelName, weight: 1 }] })) },
  {
    permission: "route:write",
    action: "updateRoute (updateRouteAction)",
    via: "service",
    prepare: async () => ({ routeId: (await freshRoute()).id }),
    run: async (actor, { routeId }) => service(async () => updateRoute(await db(), actor.ctx, routeId!, { name: fresh("renamed"), targets: [{ model: world.modelName, weight: 1 }] })),
  },
  {
    permission: "route:write",
    action: "deleteRoute (deleteRouteAction)",
    via: "service",
    prepare: async () => ({ routeId: (await freshRoute()).id }),
    run: async (actor, { routeId }) => service(async () => deleteRoute(await db(), actor.ctx, routeId!)),
  },
  { permission: "mcp:read", action: "listMcpServers (MCP page)", via: "service", run: async (actor) => service(async () => listMcpServers(await db(), actor.ctx)) },
  { permission: "mcp:read", action: "getMcpServer (server page)", via: "service", run: async (actor) => service(async () => getMcpServer(await db(), actor.ctx, world.serverId)) },
  { permission: "mcp:read", action: "listMcpTools", via: "service", run: async (actor) => service(async () => listMcpTools(await db(), actor.ctx)) },
  { permission: "mcp:read", action: "getMcpTool", via: "service", run: async (actor) => service(async () => getMcpTool(await db(), actor.ctx, world.toolId)) },
  { permission: "mcp:write", action: "createMcpServer (registerServerAction)", via: "service", run: async (actor) => service(async () => createMcpServer(await db(), actor.ctx, { name: fresh("mcp"), url: upstream.url, headers: {} })) },
  { permission: "mcp:write", action: "updateMcpServer (updateServerAction)", via: "service", run: async (actor) => service(async () => updateMcpServer(await db(), actor.ctx, world.serverId, { url: upstream.url, clearCredentials: false })) },
  { permission: "mcp:write", action: "syncMcpServer (syncServerAction)", via: "service", run: async (actor) => service(async () => syncMcpServer(await db(), actor.ctx, world.serverId)) },
  { permission: "mcp:write", action: "approveAllMcpTools (approveAllAction)", via: "service", run: async (actor) => service(async () => approveAllMcpTools(await db(), actor.ctx, world.serverId)) },
  { permission: "mcp:write", action: "decideMcpTool (decideToolAction)", via: "service", run: async (actor) => service(async () => decideMcpTool(await db(), actor.ctx, world.toolId, { decision: "approve" })) },
  { permission: "mcp:write", action: "grantMcpTool (grantToolAction)", via: "service", run: async (actor) => service(async () => grantMcpTool(await db(), actor.ctx, world.toolId, { grantAllKeys: true, keyIds: [], keyTags: [] })) },
  {
    permission: "mcp:write",
    action: "deleteMcpServer (removeServerAction)",
    via: "service",
    prepare: async () => ({ serverId: (await insertMcpTool(await db(), { orgId: owner.org.id, createdById: owner.userId }, { server: fresh("doomed"), tool: "t" })).server.id }),
    run: async (actor, { serverId }) => service(async () => deleteMcpServer(await db(), actor.ctx, serverId!)),
  },
  {
    permission: "playground:use",
    action: "POST /api/orgs/[org]/playground (playgroundChat)",
    via: "route handler",
    run: async (actor) => {
      const body = { model: world.modelName, messages: [{ id: "m1", role: "user", parts: [{ type: "text", text: `hello from the ${actor.role}` }] }] };
      const response = await playgroundChat(request(`/api/orgs/${owner.org.slug}/playground`, { method: "POST", body: JSON.stringify(body) }), owner.org.slug, actor.userId);
      const text = await response.text();
      if (response.status === 403) return "refused";
      if (!response.ok) throw new Error(`answered ${response.status}: ${text.slice(0, 300)}`);
      // The chat is audited when its stream ends; wait for that row, so it does not land during the next probe.
      const requestId = text.match(/"requestId":"(req_[^"]+)"/)?.[1];
      if (!requestId) throw new Error(`no request id in the playground's answer: ${text.slice(0, 300)}`);
      await auditRow(requestId);
      return "granted";
    },
  },
  { permission: "audit:read", action: "listActivity (activity page)", via: "service", run: async (actor) => service(async () => listActivity(await db(), actor.ctx, activityFiltersSchema.parse({}))) },
  { permission: "audit:read", action: "verifyChainAs (verifyChainAction)", via: "service", run: async (actor) => service(async () => verifyChainAs(await db(), actor.ctx)) },
  { permission: "audit:read", action: "GET /api/orgs/[org]/requests/export (exportForMember)", via: "route handler", run: async (actor) => http(exportForMember(request(`/api/orgs/${owner.org.slug}/requests/export?format=csv`), owner.org.slug, actor.userId)) },
  { permission: "audit:read", action: "GET /api/v1/requests", via: "management API", run: async (actor) => http(api(actor, "GET", "/requests")) },
  { permission: "audit:read", action: "GET /api/v1/requests/{id}", via: "management API", run: async (actor) => http(api(actor, "GET", `/requests/${world.flaggedId}`)) },
  { permission: "audit:read", action: "GET /api/v1/requests/export", via: "management API", run: async (actor) => http(api(actor, "GET", "/requests/export")) },
  { permission: "audit:read", action: "GET /api/v1/activity", via: "management API", run: async (actor) => http(api(actor, "GET", "/activity")) },
  { permission: "review:read", action: "listReviewQueue (reviews page)", via: "service", run: async (actor) => service(async () => listReviewQueue(await db(), actor.ctx, reviewQueueFilterSchema.parse({}))) },
  { permission: "review:read", action: "listInvestigations (investigations page)", via: "service", run: async (actor) => service(async () => listInvestigations(await db(), actor.ctx)) },
  { permission: "review:read", action: "listMcpCallApprovals (reviews page)", via: "service", run: async (actor) => service(async () => listMcpCallApprovals(await db(), actor.ctx)) },
  { permission: "review:read", action: "getMcpCallApproval", via: "service", run: async (actor) => service(async () => getMcpCallApproval(await db(), actor.ctx, world.approvalId)) },
  { permission: "review:write", action: "commentOnReview (commentReviewAction)", via: "service", run: async (actor) => service(async () => commentOnReview(await db(), actor.ctx, { requestId: world.flaggedId, body: `comment by the ${actor.role}` })) },
  { permission: "review:write", action: "assignReview (assignReviewAction)", via: "service", run: async (actor) => service(async () => assignReview(await db(), actor.ctx, { requestId: world.flaggedId, assigneeId: actor.userId })) },
  {
    permission: "review:write",
    action: "resolveReview (resolveReviewAction)",
    via: "service",
    prepare: async () => ({ requestId: (await insertFlaggedRow(owner.org.id)).id }),
    run: async (actor, { requestId }) => service(async () => resolveReview(await db(), actor.ctx, { requestId: requestId!, verdict: "confirmed" })),
  },
  { permission: "review:write", action: "createInvestigation (createInvestigationAction)", via: "service", run: async (actor) => service(async () => createInvestigation(await db(), actor.ctx, { title: fresh("incident"), summary: null, ownerId: null, fromRequestId: null })) },
  { permission: "review:write", action: "updateInvestigation (updateInvestigationAction)", via: "service", run: async (actor) => service(async () => updateInvestigation(await db(), actor.ctx, { investigationId: world.investigationId, status: "in_progress", ownerId: actor.userId })) },
  { permission: "review:write", action: "addInvestigationNote (addNoteAction)", via: "service", run: async (actor) => service(async () => addInvestigationNote(await db(), actor.ctx, { investigationId: world.investigationId, body: `note by the ${actor.role}` })) },
  {
    permission: "review:write",
    action: "decideMcpCallApproval (decideToolCallAction)",
    via: "service",
    prepare: async () => ({ approvalId: (await heldCall()).approvalId }),
    run: async (actor, { approvalId }) => service(async () => decideMcpCallApproval(await db(), actor.ctx, approvalId!, { decision: "reject" })),
  },
  { permission: "billing:read", action: "resolveOrgAccess(billing:read) (the billing page's requireOrgPage)", via: "gate", run: async (actor) => service(async () => resolveOrgAccess(await db(), actor.userId, owner.org.slug, "billing:read")) },
  { permission: "billing:manage", action: "startCheckout (checkoutAction)", via: "service", run: async (actor) => stripeUntouchedUnless(actor, async () => startCheckout(await db(), billing, actor.ctx, "team", "https://gateway.example.com")) },
  { permission: "billing:manage", action: "openCustomerPortal (customerPortalAction)", via: "service", run: async (actor) => stripeUntouchedUnless(actor, async () => openCustomerPortal(await db(), billing, actor.ctx, "https://gateway.example.com")) },
];

/** Permissions that no product action checks beyond the gate into the org; each says why. */
const GATE_ONLY: Partial<Record<Permission, string>> = {
  "org:read": "being a member is the whole permission: every org page and action passes this gate",
  "org:delete": "the product has no action that deletes an org yet; the permission exists for the owner alone",
  "billing:read": "the billing page is a page: requireOrgPage(slug, 'billing:read') is its only check",
};

/** A refused billing call must not have reached Stripe either. */
async function stripeUntouchedUnless(actor: Actor, call: () => Promise<unknown>): Promise<Outcome> {
  const before = stripe.requests.length;
  const outcome = await service(call);
  if (outcome === "refused" && stripe.requests.length !== before) throw new Error(`the ${actor.role}'s refused call still reached Stripe`);
  return outcome;
}

async function unreviewedModel() {
  return publishModel(await db(), owner, { publicName: fresh("unreviewed"), providerId: world.providerId, upstreamModel: "echo-1", kind: "chat", approveForAllKeys: false });
}

/** A pending access request by someone who is none of the actors. */
async function pendingRequest() {
  return requestModelAccess(await db(), world.requester, { modelId: (await unreviewedModel()).id, reason: "needed by the requester", scope: { keyIds: [], keyTags: [] } });
}

async function freshRoute() {
  return createRoute(await db(), owner, { name: fresh("route"), targets: [{ model: world.modelName, weight: 1 }] });
}

async function heldCall() {
  const tool = await insertMcpTool(await db(), { orgId: owner.org.id, createdById: owner.userId }, { server: "held", tool: fresh("tool") }, { requiresCallApproval: true });
  return holdToolCall(await db(), { orgId: owner.org.id, toolId: tool.tool.id, apiKeyId: world.keyId, arguments: { repo: fresh("repo") } });
}

/** The role a management API key acts with: its creator's, at most admin. */
const apiRole = (role: Role): Role => (role === "owner" ? "admin" : role);
const expected = (probe: Probe, role: Role): Outcome => (can(probe.via === "management API" ? apiRole(role) : role, probe.permission) ? "granted" : "refused");

/** The org's rows, less the time a key was last used (bookkeeping of any authenticated call, refused or not). */
async function rowsOfTheOrg() {
  await flushAudit();
  const rows = await orgRows(owner.org.id);
  rows.ApiKey = rows.ApiKey!.map((text) => JSON.stringify({ ...JSON.parse(text), lastUsedAt: null }));
  return rows;
}

describe("the role matrix", () => {
  it("maps every permission of the RBAC table to at least one action, and names every permission checked by the gate alone", () => {
    const unmapped = PERMISSIONS.filter((permission) => !PROBES.some((probe) => probe.permission === permission));
    expect(unmapped).toEqual([]);
    const gateOnly = PERMISSIONS.filter((permission) => PROBES.filter((probe) => probe.permission === permission).every((probe) => probe.via === "gate"));
    expect(gateOnly.sort()).toEqual(Object.keys(GATE_ONLY).sort());
  });

  it("lets each role do exactly what the table grants, refuses the rest as forbidden, and a refusal changes nothing", async () => {
    const failures: string[] = [];
    let refusals = 0;
    for (const probe of PROBES) {
      for (const role of ROLES) {
        const label = `${role} → ${probe.action} [${probe.permission}, ${probe.via}]`;
        const prepared = probe.prepare ? await probe.prepare() : {};
        const before = await rowsOfTheOrg();
        let outcome: Outcome;
        try {
          outcome = await probe.run(actors[role], prepared);
        } catch (error) {
          failures.push(`${label}: ${(error as Error).name}: ${(error as Error).message}`);
          continue;
        }
        const want = expected(probe, role);
        if (outcome !== want) failures.push(`${label}: ${outcome}, the table says ${want}`);
        if (outcome === "refused") {
          refusals++;
          const after = await rowsOfTheOrg();
          const changed = Object.keys(after).filter((table) => JSON.stringify(after[table]) !== JSON.stringify(before[table]));
          if (changed.length) failures.push(`${label}: refused, yet changed ${changed.join(", ")}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(refusals).toBeGreaterThan(50);
  });
});

/**
 * What the product intends, written out rather than read from the table (see ROLE_DESCRIPTIONS):
 * if the table were edited wrongly, these still fail.
 */
describe("facts about the roles, by hand", () => {
  it("an auditor reads the audit trail but cannot create API keys, change the policy or resolve a review", async () => {
    const database = await getDb();
    const auditor = actors.auditor.ctx;
    await expect(listActivity(database, auditor, activityFiltersSchema.parse({}))).resolves.toBeDefined();
    await expect(createApiKey(database, auditor, { name: "auditor key", scopes: ["gateway"], modelAllowlist: [] })).rejects.toBeInstanceOf(ForbiddenError);
    const current = await currentPolicy(database, owner.org.id);
    await expect(savePolicy(database, auditor, { rules: [], customRules: [], message: "auditor", baseVersion: current.version })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(resolveReview(database, auditor, { requestId: world.flaggedId, verdict: "false_positive" })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("a member uses models and asks for them, but cannot change the policy, approve a model or create keys", async () => {
    const database = await getDb();
    const member = actors.member.ctx;
    const model = await unreviewedModel();
    await expect(requestModelAccess(database, member, { modelId: model.id, reason: "a member asks for it", scope: { keyIds: [], keyTags: [] } })).resolves.toBeDefined();
    await expect(decideModel(database, member, { modelId: model.id, decision: "approve", note: undefined, scope: { keyIds: [], keyTags: [] } })).rejects.toBeInstanceOf(ForbiddenError);
    const current = await currentPolicy(database, owner.org.id);
    await expect(savePolicy(database, member, { rules: [], customRules: [], message: "member", baseVersion: current.version })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createApiKey(database, member, { name: "member key", scopes: ["gateway"], modelAllowlist: [] })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("only an owner makes or unmakes owners, invites one, or removes one; an admin manages everyone else", async () => {
    const database = await getDb();
    const admin = actors.admin.ctx;
    const promoted = await memberOf(owner, "member", "promoted");
    await expect(changeMemberRole(database, admin, promoted.ctx.membershipId, "owner")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(changeMemberRole(database, admin, promoted.ctx.membershipId, "auditor")).resolves.toMatchObject({ role: "auditor" });
    await expect(changeMemberRole(database, owner, promoted.ctx.membershipId, "owner")).resolves.toMatchObject({ role: "owner" });
    await expect(changeMemberRole(database, admin, promoted.ctx.membershipId, "admin")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(removeMember(database, admin, promoted.ctx.membershipId)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createInvite(database, admin, { email: uniqueEmail("would-be-owner"), role: "owner" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(removeMember(database, owner, promoted.ctx.membershipId)).resolves.toBeUndefined();
  });

  it("only an owner pays: an admin cannot start checkout or open the customer portal", async () => {
    const database = await getDb();
    await expect(startCheckout(database, billing, actors.admin.ctx, "team", "https://gateway.example.com")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(openCustomerPortal(database, billing, actors.admin.ctx, "https://gateway.example.com")).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("a management key has its creator's power, never more: a member's key cannot create keys or read the audit trail, an owner's acts as an admin", async () => {
    expect((await api(actors.member, "POST", "/keys", { name: "from a member" })).status).toBe(403);
    expect((await api(actors.member, "GET", "/requests")).status).toBe(403);
    expect((await api(actors.auditor, "POST", "/keys", { name: "from an auditor" })).status).toBe(403);
    expect((await api(actors.auditor, "GET", "/requests")).status).toBe(200);
    expect((await api(actors.owner, "POST", "/keys", { name: "from the owner" })).status).toBe(201);
  });
});
