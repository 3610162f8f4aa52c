/**
 * What the app asks of Stripe, end to end against a local server that speaks Stripe's API (the
 * SDK pointed at it by STRIPE_API_BASE): a checkout session for a plan, paid on the stand-in's
 * hosted page, whose signed webhooks reach the app's real webhook handler and change the plan;
 * the customer portal, where cancelling returns the org to the free plan; Stripe's refusals as
 * clear messages; and usage sent to the billing meters in batches, each row counted once.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { getRequestListener } from "@hono/node-server";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { flushAudit } from "@/lib/audit/audit-writer";
import { type BillingConfig, billingConfig, resetBillingConfig } from "@/lib/billing/billing-config";
import { openCustomerPortal, startCheckout } from "@/lib/billing/checkout";
import { reportUsage } from "@/lib/billing/meter-reporter";
import { handleStripeWebhook } from "@/lib/billing/webhook";
import { publishModel } from "@/lib/catalog/catalog-service";
import { getDb } from "@/lib/db/client";
import { AppError, ConflictError, ForbiddenError } from "@/lib/errors";
import { startGatewayServer } from "@/lib/gateway/standalone-server";
import { createApiKey } from "@/lib/keys/key-service";
import { limitsSettled } from "@/lib/limits/reservation";
import type { OrgContext } from "@/lib/orgs/org-access";
import { createProvider } from "@/lib/providers/provider-service";
import { type MockStripe, startMockStripe } from "../fixtures/mock-stripe";
import { startMockOpenAi, type MockOpenAi } from "../fixtures/mock-openai";
import { memberOf, signedUpOwner } from "./factories";

const WEBHOOK_SECRET = "whsec_stripe_integration";
vi.hoisted(() => {
  process.env.STRIPE_SECRET_KEY = "sk_test_gateway";
  process.env.STRIPE_WEBHOOK_SECRET = "whsec_stripe_integration";
  process.env.STRIPE_PRICE_TEAM = "price_team";
  process.env.STRIPE_PRICE_ENTERPRISE = "price_enterprise";
  process.env.STRIPE_METERED_PRICES = "price_tokens";
  process.env.ALLOW_PRIVATE_UPSTREAMS = "1"; // the mock upstream listens on loopback
});
process.env.REDIS_KEY_PREFIX = `${process.env.REDIS_KEY_PREFIX ?? ""}billing-stripe-${randomBytes(6).toString("hex")}:`;

const APP = "https://gateway.example.com";
let stripe: MockStripe;
let webhooks: Server;
let config: BillingConfig;

beforeAll(async () => {
  // The app's webhook route, as Stripe reaches it.
  webhooks = createServer(getRequestListener(handleStripeWebhook));
  await new Promise<void>((resolve) => webhooks.listen(0, "127.0.0.1", resolve));
  stripe = await startMockStripe({
    webhookUrl: `http://127.0.0.1:${(webhooks.address() as AddressInfo).port}/api/stripe/webhook`,
    webhookSecret: WEBHOOK_SECRET,
    prices: [
      { id: "price_team", nickname: "Team monthly", unitAmount: 4900 },
      { id: "price_enterprise", nickname: "Enterprise monthly", unitAmount: 99900 },
      { id: "price_tokens", nickname: "Tokens", usageType: "metered", meterEventName: "gateway_tokens" },
    ],
  });
  process.env.STRIPE_API_BASE = stripe.url;
  resetBillingConfig();
  config = billingConfig()!;
});

afterAll(async () => {
  await stripe?.close();
  await new Promise((resolve) => webhooks?.close(resolve));
});

beforeEach(() => {
  stripe.requests.length = 0;
  stripe.webhookFailures.length = 0;
});

const billingOf = async (ctx: OrgContext) =>
  (await getDb()).org.findUniqueOrThrow({ where: { id: ctx.org.id }, select: { plan: true, billingStatus: true, stripeCustomerId: true, stripeSubscriptionId: true } });

/** What a person does on the hosted page: press the button, follow the redirect home. */
async function press(url: string, action: string, fields: Record<string, string> = {}): Promise<string> {
  const response = await fetch(new URL(action, url), { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });
  expect(response.status).toBe(303);
  return response.headers.get("location")!;
}

describe("checkout and the customer portal", () => {
  it("subscribes an org to Team through checkout: the webhooks, not the redirect, change the plan", async () => {
    const { ctx } = await signedUpOwner("checkout");
    const checkoutUrl = await startCheckout(await getDb(), config, ctx, "team", APP);
    expect(checkoutUrl).toMatch(new RegExp(`^${stripe.url}/c/pay/cs_test_`));

    const [customerCall, sessionCall] = stripe.requests.filter((request) => request.method === "POST");
    expect(customerCall).toMatchObject({ path: "/v1/customers", body: { name: ctx.org.name, metadata: { org_id: ctx.org.id, org_slug: ctx.org.slug } } });
    expect(sessionCall).toMatchObject({
      path: "/v1/checkout/sessions",
      body: {
        mode: "subscription",
        client_reference_id: ctx.org.id,
        line_items: [{ price: "price_team", quantity: "1" }, { price: "price_tokens" }],
        subscription_data: { metadata: { org_id: ctx.org.id } },
        success_url: `${APP}/${ctx.org.slug}/billing?checkout=success`,
        cancel_url: `${APP}/${ctx.org.slug}/billing?checkout=canceled`,
      },
    });
    const customer = (await billingOf(ctx)).stripeCustomerId;
    expect(customer).toMatch(/^cus_/);
    expect((await billingOf(ctx)).plan).toBe("free"); // nothing is paid yet

    const sessionId = checkoutUrl.split("/").pop()!;
    expect(await press(checkoutUrl, `/c/pay/${sessionId}/complete`)).toBe(`${APP}/${ctx.org.slug}/billing?checkout=success`);
    expect(stripe.webhookFailures).toEqual([]);
    const subscription = [...stripe.subscriptions.values()].find((candidate) => candidate.customer === customer)!;
    expect(await billingOf(ctx)).toEqual({ plan: "team", billingStatus: "active", stripeCustomerId: customer, stripeSubscriptionId: subscription.id });

    // A second checkout is refused: plan changes go through the portal.
    await expect(startCheckout(await getDb(), config, ctx, "enterprise", APP)).rejects.toBeInstanceOf(ConflictError);

    // Cancelling in the portal ends the subscription: the free plan again, and the link home works.
    const portalUrl = await openCustomerPortal(await getDb(), config, ctx, APP);
    expect(stripe.requests.at(-1)).toMatchObject({ path: "/v1/billing_portal/sessions", body: { customer, return_url: `${APP}/${ctx.org.slug}/billing` } });
    const portalId = portalUrl.split("/").pop()!;
    expect(await press(portalUrl, `/p/session/${portalId}/cancel`, { subscription: subscription.id })).toBe(`${APP}/${ctx.org.slug}/billing`);
    expect(await billingOf(ctx)).toMatchObject({ plan: "free", billingStatus: "canceled", stripeSubscriptionId: null });
  });

  it("creates the org's Stripe customer once, whatever the number of checkouts", async () => {
    const { ctx } = await signedUpOwner("checkout-twice");
    await startCheckout(await getDb(), config, ctx, "team", APP);
    await startCheckout(await getDb(), config, ctx, "enterprise", APP);
    expect(stripe.requests.filter((request) => request.path === "/v1/customers")).toHaveLength(1);
  });

  it("lets only owners pay, and opens no portal for an org that never subscribed", async () => {
    const { ctx } = await signedUpOwner("checkout-roles");
    const admin = await memberOf(ctx, "admin");
    await expect(startCheckout(await getDb(), config, admin.ctx, "team", APP)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(openCustomerPortal(await getDb(), config, ctx, APP)).rejects.toThrow("This org has no billing account yet: choose a plan first.");
    expect(stripe.requests).toEqual([]);
  });

  it("turns Stripe's refusal into a message the owner can act on", async () => {
    const { ctx } = await signedUpOwner("checkout-refused");
    vi.spyOn(console, "error").mockImplementation(() => {});
    stripe.failNext("/v1/checkout/sessions", 400, "This price is no longer active.");
    const refused = await startCheckout(await getDb(), config, ctx, "team", APP).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 502, code: "billing_provider_error", message: "Stripe could not start checkout: This price is no longer active. Try again, or contact support if it persists." });
  });
});

describe("usage to Stripe's billing meters", () => {
  let upstream: MockOpenAi;
  let gateway: Awaited<ReturnType<typeof startGatewayServer>>;
  let ctx: OrgContext;
  let client: OpenAI;
  const USAGE_PER_CHAT = 18; // what the mock upstream reports per chat

  beforeAll(async () => {
    upstream = await startMockOpenAi();
    gateway = await startGatewayServer();
    ctx = (await signedUpOwner("meters")).ctx;
    const db = await getDb();
    const provider = await createProvider(db, ctx, { name: "Mock", kind: "openai_compatible", baseUrl: upstream.url });
    await publishModel(db, ctx, { publicName: "chat", providerId: provider.id, upstreamModel: "gpt-4o-mini", kind: "chat" });
    const { key } = await createApiKey(db, ctx, { name: "app", scopes: ["gateway"], modelAllowlist: [] });
    client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    await db.org.update({ where: { id: ctx.org.id }, data: { plan: "team", billingStatus: "active", stripeCustomerId: `cus_meters${randomBytes(4).toString("hex")}`, stripeSubscriptionId: `sub_meters${randomBytes(4).toString("hex")}` } });
  });

  afterAll(async () => {
    await limitsSettled();
    await gateway?.close();
    await upstream?.close();
  });

  async function traffic(served: number, refused = 0) {
    for (let i = 0; i < served; i++) await client.chat.completions.create({ model: "chat", messages: [{ role: "user", content: "hi" }] });
    for (let i = 0; i < refused; i++) await client.chat.completions.create({ model: "no-such-model", messages: [{ role: "user", content: "hi" }] }).catch(() => null);
    await flushAudit();
  }

  /** The meter events sent for this org, summed per meter. */
  async function metered() {
    const customer = (await billingOf(ctx)).stripeCustomerId;
    const events = stripe.meterEvents.filter((event) => event.payload.stripe_customer_id === customer);
    const sum = (name: string) => events.filter((event) => event.event_name === name).reduce((total, event) => total + Number(event.payload.value), 0);
    return { requests: sum("gateway_requests"), tokens: sum("gateway_tokens"), events };
  }

  it("sends served requests and tokens since the last report, once, with identifiers Stripe de-duplicates", async () => {
    await traffic(3, 1);
    const run = await reportUsage(await getDb(), config);
    expect(run).toMatchObject({ sent: 1, failed: 0 });
    const first = await metered();
    expect(first).toMatchObject({ requests: 3, tokens: 3 * USAGE_PER_CHAT });
    expect(first.events.map((event) => event.identifier)).toEqual([expect.stringMatching(/-requests$/), expect.stringMatching(/-tokens$/)]);

    expect(await reportUsage(await getDb(), config)).toMatchObject({ sent: 0, failed: 0 }); // nothing new
    await traffic(2);
    await reportUsage(await getDb(), config);
    expect(await metered()).toMatchObject({ requests: 5, tokens: 5 * USAGE_PER_CHAT });
  });

  it("keeps a batch Stripe refused and sends it on the next run", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const before = await metered();
    await traffic(2);
    stripe.failNext("/v1/billing/meter_events", 400, "Meter is not active.");
    expect(await reportUsage(await getDb(), config)).toMatchObject({ sent: 0, failed: 1 });
    expect(await (await getDb()).usageReport.findFirstOrThrow({ where: { orgId: ctx.org.id, status: "failed" } })).toMatchObject({ requests: 2, error: expect.stringContaining("Meter is not active.") });
    expect(await reportUsage(await getDb(), config)).toMatchObject({ sent: 1, failed: 0 });
    const after = await metered();
    expect(after.requests - before.requests).toBe(2);
    expect(after.tokens - before.tokens).toBe(2 * USAGE_PER_CHAT);
  });

  it("counts an event Stripe accepted once, even when the batch it was in is sent again", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const before = await metered();
    await traffic(1);
    stripe.failNext("/v1/billing/meter_events", 400, "Meter is not ready.");
    expect(await reportUsage(await getDb(), config)).toMatchObject({ failed: 1 });
    // As if Stripe had taken the requests event after all (the answer was lost on the way back).
    const failed = await (await getDb()).usageReport.findFirstOrThrow({ where: { orgId: ctx.org.id, status: "failed" } });
    const customer = (await billingOf(ctx)).stripeCustomerId!;
    stripe.meterEvents.push({ object: "billing.meter_event", created: 0, event_name: "gateway_requests", identifier: `${failed.id}-requests`, livemode: false, payload: { stripe_customer_id: customer, value: "1" }, timestamp: 0 });
    expect(await reportUsage(await getDb(), config)).toMatchObject({ sent: 1, failed: 0 });
    const after = await metered();
    expect(after.requests - before.requests).toBe(1);
    expect(after.tokens - before.tokens).toBe(USAGE_PER_CHAT);
  });

  it("counts every row once when two instances report at the same time", async () => {
    const before = await metered();
    await traffic(4);
    const runs = await Promise.all([reportUsage(await getDb(), config), reportUsage(await getDb(), config)]);
    expect(runs.reduce((total, run) => total + run.requests, 0)).toBe(4);
    expect((await metered()).requests - before.requests).toBe(4);
  });
});
