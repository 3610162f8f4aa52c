/**
 * Plan limits as the gateway enforces them, with billing on (Stripe keys set) and a plans file
 * that makes the free plan small: the monthly request quota answers 429 in OpenAI's shape naming
 * the plan and the billing page (seen through the official `openai` client), and keys, members
 * and MCP servers stop at the plan's count with a message that says how to make room or upgrade.
 * A paid plan lifts the limits; one that lapsed after its grace period brings them back.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { billingOverview } from "@/lib/billing/billing-usage";
import { PlanLimitError } from "@/lib/billing/plan-enforcement";
import { invalidateOrg } from "@/lib/cache/invalidation";
import { publishModel } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { createApiKey, revokeApiKey } from "@/lib/keys/key-service";
import { limitsSettled } from "@/lib/limits/reservation";
import { createMcpServer } from "@/lib/mcp/server-service";
import { acceptInvite, createInvite } from "@/lib/orgs/invite-service";
import type { OrgContext } from "@/lib/orgs/org-access";
import { createProvider } from "@/lib/providers/provider-service";
import { startMockOpenAi, type MockOpenAi } from "../fixtures/mock-openai";
import { signedUpOwner, uniqueEmail } from "./factories";

vi.hoisted(() => {
  process.env.STRIPE_SECRET_KEY = "sk_test_limits";
  process.env.STRIPE_WEBHOOK_SECRET = "whsec_limits";
  process.env.APP_URL = "https://gateway.example.com";
  process.env.ALLOW_PRIVATE_UPSTREAMS = "1"; // the mock upstream listens on loopback
});
process.env.REDIS_KEY_PREFIX = `${process.env.REDIS_KEY_PREFIX ?? ""}billing-limits-${randomBytes(6).toString("hex")}:`;
const plansFile = path.join(mkdtempSync(path.join(tmpdir(), "plans-")), "plans.json");
writeFileSync(plansFile, JSON.stringify({ plans: { free: { limits: { requestsPerMonth: 3, apiKeys: 2, members: 2, mcpServers: 1 } } } }));
process.env.BILLING_PLANS_FILE = plansFile;

let upstream: MockOpenAi;
let gateway: Awaited<ReturnType<typeof startGatewayServer>>;

beforeAll(async () => {
  upstream = await startMockOpenAi();
  gateway = await startGatewayServer();
});

afterAll(async () => {
  await limitsSettled();
  await gateway?.close();
  await upstream?.close();
});

async function orgWithModel(label: string): Promise<OrgContext> {
  const { ctx } = await signedUpOwner(label);
  const db = await getDb();
  const provider = await createProvider(db, ctx, { name: "Mock", kind: "openai_compatible", baseUrl: upstream.url });
  await publishModel(db, ctx, { publicName: "chat", providerId: provider.id, upstreamModel: "gpt-4o-mini", kind: "chat" });
  return ctx;
}

async function clientFor(ctx: OrgContext) {
  const { key } = await createApiKey(await getDb(), ctx, { name: `app ${randomBytes(3).toString("hex")}`, scopes: ["gateway"], modelAllowlist: [] });
  return new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
}

const chat = (client: OpenAI) => client.chat.completions.create({ model: "chat", messages: [{ role: "user", content: "hello" }] });

async function failure(call: Promise<unknown>) {
  const outcome = await call.then(
    () => null,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(OpenAI.APIError);
  return outcome as InstanceType<typeof OpenAI.APIError>;
}

async function setBilling(ctx: OrgContext, data: { plan: "free" | "team" | "enterprise"; billingStatus: "none" | "active" | "past_due"; graceEndsAt?: Date | null }) {
  await (await getDb()).org.update({ where: { id: ctx.org.id }, data: { graceEndsAt: null, ...data } });
  await invalidateOrg(ctx.org.id); // as the webhook does
}

describe("the monthly request quota of the plan", () => {
  it("answers 429 quota_exceeded in OpenAI's shape, naming the plan and where to upgrade", async () => {
    const ctx = await orgWithModel("plan-quota");
    const client = await clientFor(ctx);
    for (let i = 0; i < 3; i++) await chat(client);
    const error = await failure(chat(client));
    expect(error).toMatchObject({ status: 429, type: "requests", code: "quota_exceeded" });
    expect(error.message).toContain("Monthly requests quota of the Free plan of this org reached: 3 requests per calendar month (UTC), 3 used.");
    expect(error.message).toContain(`To raise it, an org owner upgrades the plan on the Billing page of the dashboard, https://gateway.example.com/${ctx.org.slug}/billing.`);

    // The billing page's figures are the counters the gateway refused with.
    const overview = (await billingOverview(await getDb(), ctx.org.id))!;
    expect(overview.usage.find((line) => line.key === "requests")).toMatchObject({ used: 3, limit: 3 });

    // Paying for Team lifts it at once; a lapsed grace period brings the free plan's quota back.
    await setBilling(ctx, { plan: "team", billingStatus: "active" });
    await chat(client);
    await setBilling(ctx, { plan: "team", billingStatus: "past_due", graceEndsAt: new Date(Date.now() + 86_400_000) });
    await chat(client);
    await setBilling(ctx, { plan: "team", billingStatus: "past_due", graceEndsAt: new Date(Date.now() - 1000) });
    expect((await failure(chat(client))).code).toBe("quota_exceeded");
  });
});

describe("counted limits of the plan", () => {
  it("stops API keys at the plan's count; revoking one makes room", async () => {
    const ctx = await orgWithModel("plan-keys");
    const db = await getDb();
    const first = await createApiKey(db, ctx, { name: "one", scopes: ["gateway"], modelAllowlist: [] });
    await createApiKey(db, ctx, { name: "two", scopes: ["gateway"], modelAllowlist: [] });
    const refused = createApiKey(db, ctx, { name: "three", scopes: ["gateway"], modelAllowlist: [] });
    await expect(refused).rejects.toBeInstanceOf(PlanLimitError);
    await expect(refused).rejects.toThrow("The Free plan allows 2 live API keys, and this org has 2. Revoke a key you no longer use, or an org owner upgrades the plan on the Billing page.");
    await revokeApiKey(db, ctx, first.apiKey.id);
    await expect(createApiKey(db, ctx, { name: "three", scopes: ["gateway"], modelAllowlist: [] })).resolves.toMatchObject({ apiKey: { name: "three" } });
  });

  it("lets only one of two keys created at once take the last place", async () => {
    const ctx = await orgWithModel("plan-keys-race");
    const db = await getDb();
    await createApiKey(db, ctx, { name: "one", scopes: ["gateway"], modelAllowlist: [] });
    const results = await Promise.allSettled([1, 2].map((n) => createApiKey(db, ctx, { name: `racer ${n}`, scopes: ["gateway"], modelAllowlist: [] })));
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await db.apiKey.count({ where: { orgId: ctx.org.id } })).toBe(2);
  });

  it("counts pending invites as members, and still lets an invited person join", async () => {
    const { ctx } = await signedUpOwner("plan-members");
    const db = await getDb();
    const email = uniqueEmail("invitee");
    const { token } = await createInvite(db, ctx, { email, role: "member" });
    await expect(createInvite(db, ctx, { email: uniqueEmail("third"), role: "member" })).rejects.toThrow(
      "The Free plan allows 2 members (pending invites included), and this org has 2. Remove a member or revoke a pending invite, or an org owner upgrades the plan on the Billing page.",
    );
    const invitee = await db.user.create({ data: { email, name: "Invitee" } });
    await expect(acceptInvite(db, { id: invitee.id, email }, token)).resolves.toMatchObject({ id: ctx.org.id });
    expect(await db.membership.count({ where: { orgId: ctx.org.id } })).toBe(2);
  });

  it("stops MCP servers at the plan's count, before anything is contacted", async () => {
    const ctx = await orgWithModel("plan-mcp");
    const db = await getDb();
    await db.mcpServer.create({ data: { orgId: ctx.org.id, name: "existing", url: "http://127.0.0.1:9/mcp", headerHints: [], createdById: ctx.userId } });
    await expect(createMcpServer(db, ctx, { name: "second", url: "http://127.0.0.1:9/mcp", headers: {} })).rejects.toThrow(
      "The Free plan allows 1 MCP server, and this org has 1. Remove a server you no longer use, or an org owner upgrades the plan on the Billing page.",
    );
    // Enterprise has no limit on servers.
    await setBilling(ctx, { plan: "enterprise", billingStatus: "active" });
    const created = await createMcpServer(db, ctx, { name: "second", url: "http://127.0.0.1:9/mcp", headers: {} });
    expect(created.server.name).toBe("second");
  });
});
