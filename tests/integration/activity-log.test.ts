/**
 * The admin activity log: every operator and admin action leaves one record, in the same
 * transaction (a refused action leaves none), with no secrets in it; the listing filters and
 * pages; the management API records the acting key and serves the same log; org B's activity
 * never shows in org A.
 */
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import { activityFiltersSchema } from "@/lib/activity/activity-filters";
import { listActivity } from "@/lib/activity/list-activity";
import { verifyChainAs } from "@/lib/audit/chain/verify-service";
import { decideModel } from "@/lib/catalog/approval-service";
import { publishModel, unpublishModel } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { createApiKey, revokeApiKey, updateApiKeyLimits } from "@/lib/keys/key-service";
import { createInvite, revokeInvite } from "@/lib/orgs/invite-service";
import { changeMemberRole, removeMember } from "@/lib/orgs/member-service";
import type { OrgContext } from "@/lib/orgs/org-access";
import { setOrgQuotas } from "@/lib/orgs/org-quotas";
import { renameOrg, setAuditRetention, setPromptStorage } from "@/lib/orgs/org-service";
import { DEFAULT_POLICY_RULES } from "@/lib/policy/default-policy";
import { currentPolicy, rollbackPolicy, savePolicy } from "@/lib/policy/policy-service";
import { createProvider, deleteProvider } from "@/lib/providers/provider-service";
import { createRoute, deleteRoute, updateRoute } from "@/lib/routing/route-service";
import { memberOf, signedUpOwner, uniqueEmail } from "./factories";

// Open (and migrate) the embedded database under the hook's longer timeout, not the first test's.
beforeAll(async () => {
  await getDb();
});

const filters = (input: Record<string, string> = {}) => activityFiltersSchema.parse(input);
const actions = async (ctx: OrgContext, input: Record<string, string> = {}) => (await listActivity(await getDb(), ctx, filters({ limit: "100", ...input }))).entries.map((e) => e.action);

describe("recording every admin action", () => {
  it("records each action once, newest first, attributed to the person, with no secrets", async () => {
    const db = await getDb();
    const { ctx } = await signedUpOwner("activity");
    const member = await memberOf(ctx, "member");

    const { apiKey, key } = await createApiKey(db, ctx, { name: "ci", scopes: ["gateway"], modelAllowlist: [] });
    await updateApiKeyLimits(db, ctx, apiKey.id, { tags: ["team:data"], requestsPerMinute: 10, tokensPerMinute: null });
    await revokeApiKey(db, ctx, apiKey.id);
    const policy = await currentPolicy(db, ctx.org.id);
    const saved = await savePolicy(db, ctx, { rules: DEFAULT_POLICY_RULES, customRules: [], message: "tighten", baseVersion: policy.version });
    await rollbackPolicy(db, ctx, policy.version, saved.version);
    const provider = await createProvider(db, ctx, { name: "Echo", kind: "echo", apiKey: "sk-provider-credential-abcdefgh" });
    const model = await publishModel(db, ctx, { publicName: "m1", providerId: provider.id, upstreamModel: "echo-1", kind: "chat", approveForAllKeys: false });
    await decideModel(db, ctx, { modelId: model.id, decision: "approve", note: undefined, scope: { keyIds: [], keyTags: [] } });
    await decideModel(db, ctx, { modelId: model.id, decision: "revoke", note: undefined, scope: { keyIds: [], keyTags: [] } });
    const route = await createRoute(db, ctx, { name: "assistant", targets: [{ model: "m1" }] });
    await updateRoute(db, ctx, route.id, { name: "assistant", priority: 1, targets: [{ model: "m1" }] });
    await deleteRoute(db, ctx, route.id);
    await unpublishModel(db, ctx, model.id);
    await deleteProvider(db, ctx, provider.id);
    const { invite } = await createInvite(db, ctx, { email: uniqueEmail("invitee"), role: "member" });
    await revokeInvite(db, ctx, invite.id);
    await changeMemberRole(db, ctx, member.ctx.membershipId, "auditor");
    await removeMember(db, ctx, member.ctx.membershipId);
    await renameOrg(db, ctx, "Renamed org");
    await setPromptStorage(db, ctx, "full");
    await setOrgQuotas(db, ctx, { monthlyRequestQuota: 1000, monthlyTokenQuota: null });
    await setAuditRetention(db, ctx, 90);
    await verifyChainAs(db, ctx);

    expect(await actions(ctx)).toEqual([
      "audit.verified",
      "org.retention_changed",
      "org.quotas_changed",
      "org.prompt_storage_changed",
      "org.renamed",
      "member.removed",
      "member.role_changed",
      "invite.revoked",
      "invite.sent",
      "provider.deleted",
      "model.unpublished",
      "route.deleted",
      "route.updated",
      "route.created",
      "model.revoked",
      "model.approved",
      "model.published",
      "provider.created",
      "policy.rolled_back",
      "policy.saved",
      "key.revoked",
      "key.limits_changed",
      "key.created",
      "org.created",
    ]);
    const rows = await db.adminActivity.findMany({ where: { orgId: ctx.org.id } });
    expect(rows.every((row) => row.actorId === ctx.userId && row.actorKeyId === null)).toBe(true);
    const everything = JSON.stringify(rows);
    expect(everything).not.toContain(key);
    expect(everything).not.toContain("sk-provider-credential");
    expect(rows.find((row) => row.action === "member.role_changed")).toMatchObject({ targetId: member.user.id, details: { from: "member", to: "auditor", email: member.user.email } });
    expect(rows.find((row) => row.action === "org.retention_changed")).toMatchObject({ summary: "Changed audit retention from forever to 90 days", details: { from: null, to: 90 } });
    expect(rows.find((row) => row.action === "key.limits_changed")?.details).toMatchObject({ before: { tags: [], requestsPerMinute: null }, after: { tags: ["team:data"], requestsPerMinute: 10 } });
  }, 120_000); // two dozen actions, each its own transaction: slow on a loaded machine

  it("records nothing when the action is refused (same transaction)", async () => {
    const db = await getDb();
    const { ctx } = await signedUpOwner("activity-refused");
    const before = await db.adminActivity.count({ where: { orgId: ctx.org.id } });
    await expect(revokeApiKey(db, ctx, "no-such-key")).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteProvider(db, ctx, "no-such-provider")).rejects.toBeInstanceOf(NotFoundError);
    const policy = await currentPolicy(db, ctx.org.id);
    await savePolicy(db, ctx, { rules: DEFAULT_POLICY_RULES, customRules: [], message: "one", baseVersion: policy.version });
    await expect(savePolicy(db, ctx, { rules: DEFAULT_POLICY_RULES, customRules: [], message: "stale", baseVersion: policy.version })).rejects.toThrow(/changed while you were editing/);
    expect(await db.adminActivity.count({ where: { orgId: ctx.org.id } })).toBe(before + 1);
  });
});

describe("listing activity", () => {
  let ctx: OrgContext;
  let admin: Awaited<ReturnType<typeof memberOf>>;
  beforeAll(async () => {
    const db = await getDb();
    ctx = (await signedUpOwner("activity-list")).ctx;
    admin = await memberOf(ctx, "admin");
    for (const name of ["alpha", "beta", "gamma"]) await createApiKey(db, ctx, { name, scopes: ["gateway"], modelAllowlist: [] });
    await createApiKey(db, admin.ctx, { name: "by-admin", scopes: ["gateway"], modelAllowlist: [] });
    await setPromptStorage(db, ctx, "redacted");
  });

  it("filters by action prefix, target type, actor, free text and time", async () => {
    expect(await actions(ctx, { action: "key." })).toEqual(["key.created", "key.created", "key.created", "key.created"]);
    expect(await actions(ctx, { action: "org.prompt" })).toEqual(["org.prompt_storage_changed"]);
    expect(await actions(ctx, { targetType: "org" })).toEqual(["org.prompt_storage_changed", "org.created"]);
    const byAdmin = (await listActivity(await getDb(), ctx, filters({ actor: admin.user.id }))).entries;
    expect(byAdmin.map((e) => [e.action, e.summary, e.actor.label])).toEqual([["key.created", "Created API key by-admin", admin.user.email]]);
    expect((await listActivity(await getDb(), ctx, filters({ q: "BETA" }))).entries.map((e) => e.summary)).toEqual(["Created API key beta"]);
    expect(await actions(ctx, { from: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    expect(await actions(ctx, { to: "2000-01-01" })).toEqual([]);
    expect((await actions(ctx, { from: "2000-01-01", to: new Date(Date.now() + 60_000).toISOString() })).length).toBe(6);
  });

  it("pages with a cursor: every row once, newest first", async () => {
    const db = await getDb();
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listActivity(db, ctx, filters({ limit: "4", ...(cursor ? { cursor } : {}) }));
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    const all = await db.adminActivity.findMany({ where: { orgId: ctx.org.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } });
    expect(seen).toEqual(all.map((row) => row.id));
  });

  it("refuses bad filters with a message naming the field", () => {
    const issues = (input: Record<string, string>) => activityFiltersSchema.safeParse(input).error?.issues.map((i) => i.message) ?? [];
    expect(issues({ from: "yesterday" })[0]).toMatch(/^Use a date/);
    expect(issues({ from: "2026-02-01", to: "2026-01-01" })).toEqual(["Must not be after `to`."]);
    expect(issues({ limit: "5000" })).toEqual(["At most 100 per page."]);
    expect(issues({ action: "key.*; drop" })[0]).toMatch(/^Lower-case letters/);
  });

  it("never shows org B's activity in org A, even asked for by B's people", async () => {
    const b = await signedUpOwner("activity-b");
    await createApiKey(await getDb(), b.ctx, { name: "b-secret-project", scopes: ["gateway"], modelAllowlist: [] });
    const ofA = (await listActivity(await getDb(), ctx, filters({ limit: "100" }))).entries;
    expect(ofA.some((e) => e.summary.includes("b-secret-project"))).toBe(false);
    expect(await actions(ctx, { actor: b.user.id })).toEqual([]);
    expect(await actions(b.ctx, { action: "key." })).toEqual(["key.created"]);
  });

  it("is for audit readers: members are refused", async () => {
    const member = await memberOf(ctx, "member");
    await expect(listActivity(await getDb(), member.ctx, filters())).rejects.toThrow(/permission/);
    const auditor = await memberOf(ctx, "auditor");
    expect((await listActivity(await getDb(), auditor.ctx, filters())).entries.length).toBeGreaterThan(0);
    await expect(verifyChainAs(await getDb(), member.ctx)).rejects.toThrow(/permission/);
  });
});

describe("through the management API", () => {
  let server: Awaited<ReturnType<typeof startGatewayServer>>;
  let ctx: OrgContext;
  let adminKey: { id: string; key: string };
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${adminKey.key}`, "content-type": "application/json" } });

  beforeAll(async () => {
    server = await startGatewayServer();
    ctx = (await signedUpOwner("activity-api")).ctx;
    const created = await createApiKey(await getDb(), ctx, { name: "terraform", scopes: ["admin"], modelAllowlist: [] });
    adminKey = { id: created.apiKey.id, key: created.key };
  });
  afterAll(async () => server?.close());

  it("records the acting key beside its creator, and lists activity with the same filters", async () => {
    const created = await api("/keys", { method: "POST", body: JSON.stringify({ name: "from-api", scopes: ["gateway"] }) });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    expect((await api(`/keys/${id}`, { method: "DELETE" })).status).toBe(200);

    const page = await (await api("/activity?action=key.&limit=2")).json();
    expect(page.data.map((e: { action: string }) => e.action)).toEqual(["key.revoked", "key.created"]);
    expect(page.data[0]).toMatchObject({ target_type: "api_key", target_id: id, actor: { user_id: ctx.userId, api_key_id: adminKey.id } });
    expect(page.data[0].actor.label).toContain("terraform");
    expect(page.next_cursor).toEqual(expect.any(String));
    const next = await (await api(`/activity?action=key.&limit=2&cursor=${page.next_cursor}`)).json();
    expect(next.data.map((e: { summary: string }) => e.summary)).toEqual(["Created API key terraform"]);
    expect(next.next_cursor).toBeNull();
  });

  it("answers 400 with the field for bad filters", async () => {
    const response = await api("/activity?limit=1000");
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ param: "limit", message: "limit: At most 100 per page." });
    expect((await api("/activity?cursor=bm9wZQ")).status).toBe(400);
  });

  it("verifies the audit chain and records that it did", async () => {
    const response = await api("/audit/verify", { method: "POST" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, checked: 0, start_seq: 1, first_broken_link: null });
    const [latest] = (await (await api("/activity?action=audit.")).json()).data;
    expect(latest).toMatchObject({ action: "audit.verified", actor: { api_key_id: adminKey.id }, summary: "Verified the audit chain: intact, 0 row(s)" });
  });
});
