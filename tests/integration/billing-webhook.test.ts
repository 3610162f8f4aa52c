/**
 * The Stripe webhook, with payloads in Stripe's real event shapes signed the way Stripe signs
 * them: bad signatures change nothing, each event is applied once (replays and concurrent
 * deliveries change nothing), unknown types and customers are acknowledged and ignored, and each
 * event we care about moves the org's plan and subscription state as it should.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { handleStripeWebhook } from "@/lib/billing/webhook";
import { checkoutSessionObject, invoiceObject, signedWebhook, stripeEvent, stripeId, subscriptionObject } from "../fixtures/stripe-events";
import { signedUpOwner } from "./factories";

const SECRET = vi.hoisted(() => {
  process.env.STRIPE_SECRET_KEY = "sk_test_webhooks";
  process.env.STRIPE_WEBHOOK_SECRET = "whsec_webhook_tests_secret";
  process.env.STRIPE_PRICE_TEAM = "price_team_monthly";
  process.env.STRIPE_PRICE_ENTERPRISE = "price_enterprise_monthly";
  process.env.BILLING_GRACE_DAYS = "7";
  return "whsec_webhook_tests_secret";
});

let orgId: string;
let customer: string;

beforeEach(async () => {
  const { ctx } = await signedUpOwner("billing-webhook");
  orgId = ctx.org.id;
  customer = stripeId("cus_", 14);
  await (await getDb()).org.update({ where: { id: orgId }, data: { stripeCustomerId: customer } });
});

afterEach(() => vi.restoreAllMocks());

function deliver(event: object, options: { secret?: string; tamper?: (body: string) => string; timestamp?: number } = {}) {
  const { body, signature } = signedWebhook(JSON.stringify(event, null, 2), options.secret ?? SECRET, options.timestamp);
  return handleStripeWebhook(
    new Request("http://localhost/api/stripe/webhook", { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body: options.tamper ? options.tamper(body) : body }),
  );
}

async function outcomeOf(event: object, options?: Parameters<typeof deliver>[1]) {
  const response = await deliver(event, options);
  expect(response.status).toBe(200);
  return ((await response.json()) as { outcome: string }).outcome;
}

const billingOf = async () =>
  (await getDb()).org.findUniqueOrThrow({
    where: { id: orgId },
    select: { plan: true, billingStatus: true, stripeSubscriptionId: true, billingPeriodEnd: true, cancelAtPeriodEnd: true, paymentFailedAt: true, graceEndsAt: true },
  });

const subscribed = (overrides: Partial<Parameters<typeof subscriptionObject>[0]> = {}) => subscriptionObject({ customer, priceIds: ["price_team_monthly"], status: "active", ...overrides });

describe("signatures", () => {
  it("refuses a bad signature, a tampered body, an old timestamp and a missing header with 400, changing nothing", async () => {
    const event = stripeEvent("customer.subscription.created", subscribed());
    const wrongSecret = await deliver(event, { secret: "whsec_someone_else" });
    expect(wrongSecret.status).toBe(400);
    expect(((await wrongSecret.json()) as { error: { message: string } }).error.message).toMatch(/^Webhook signature verification failed: No signatures found matching the expected signature/);
    expect((await deliver(event, { tamper: (body) => body.replace('"active"', '"canceled"') })).status).toBe(400);
    expect((await deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(400);
    const unsigned = await handleStripeWebhook(new Request("http://localhost/api/stripe/webhook", { method: "POST", body: JSON.stringify(event) }));
    expect(unsigned.status).toBe(400);
    expect(await billingOf()).toMatchObject({ plan: "free", billingStatus: "none", stripeSubscriptionId: null });
    expect(await (await getDb()).stripeEvent.count({ where: { id: event.id } })).toBe(0);
  });
});

describe("once only", () => {
  it("applies an event once: its replay, even after later events, changes nothing", async () => {
    const subscription = subscribed();
    const created = stripeEvent("customer.subscription.created", subscription);
    expect(await outcomeOf(created)).toBe("applied");
    expect(await outcomeOf(stripeEvent("customer.subscription.deleted", { ...subscription, status: "canceled" }))).toBe("applied");
    expect(await outcomeOf(created)).toBe("duplicate");
    expect(await billingOf()).toMatchObject({ plan: "free", billingStatus: "canceled", stripeSubscriptionId: null });
  });

  it("applies one of two deliveries of the same event arriving at once", async () => {
    const created = stripeEvent("customer.subscription.created", subscribed());
    const outcomes = await Promise.all([outcomeOf(created), outcomeOf(created)]);
    expect(outcomes.sort()).toEqual(["applied", "duplicate"]);
    expect(await (await getDb()).adminActivity.count({ where: { orgId, action: "billing.plan_changed" } })).toBe(1);
  });

  it("acknowledges event types it does not handle, and records them as ignored", async () => {
    const event = stripeEvent("customer.updated", { id: customer, object: "customer" });
    expect(await outcomeOf(event)).toBe("ignored");
    expect(await (await getDb()).stripeEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ type: "customer.updated", outcome: "ignored" });
  });

  it("logs and ignores an event for a customer of no org", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const stranger = subscriptionObject({ customer: stripeId("cus_", 14), priceIds: ["price_team_monthly"], status: "active" });
    const event = stripeEvent("customer.subscription.created", stranger);
    expect(await outcomeOf(event)).toBe("unknown_customer");
    expect(warn).toHaveBeenCalledWith(`[billing] customer.subscription.created ${event.id} is for a customer of no org here: ignored`);
    expect(await billingOf()).toMatchObject({ plan: "free", billingStatus: "none" });
  });
});

describe("the events billing acts on", () => {
  it("links the subscription a completed checkout created to the org", async () => {
    const subscriptionId = stripeId("sub_");
    const session = checkoutSessionObject({ customer, subscription: subscriptionId, clientReferenceId: orgId, mode: "subscription" });
    expect(await outcomeOf(stripeEvent("checkout.session.completed", session))).toBe("applied");
    expect((await billingOf()).stripeSubscriptionId).toBe(subscriptionId);
    expect(await (await getDb()).adminActivity.findFirstOrThrow({ where: { orgId, action: "billing.checkout_completed" } })).toMatchObject({ actorId: null, details: { checkoutSession: session.id, subscription: subscriptionId } });
  });

  it("sets the plan from the subscription's price, with its period and cancellation", async () => {
    const periodEnd = Math.floor(Date.UTC(2026, 11, 24) / 1000);
    expect(await outcomeOf(stripeEvent("customer.subscription.created", subscribed({ priceIds: ["price_enterprise_monthly"], periodEnd })))).toBe("applied");
    expect(await billingOf()).toMatchObject({ plan: "enterprise", billingStatus: "active", billingPeriodEnd: new Date(periodEnd * 1000), cancelAtPeriodEnd: false });
    const subscription = (await billingOf()).stripeSubscriptionId!;
    const cancelling = subscribed({ id: subscription, priceIds: ["price_enterprise_monthly"], periodEnd, cancelAtPeriodEnd: true });
    expect(await outcomeOf(stripeEvent("customer.subscription.updated", cancelling, { previousAttributes: { cancel_at_period_end: false } }))).toBe("applied");
    expect(await billingOf()).toMatchObject({ plan: "enterprise", cancelAtPeriodEnd: true });
  });

  it("ignores a subscription update older than the one already applied", async () => {
    const id = stripeId("sub_");
    const now = Math.floor(Date.now() / 1000);
    expect(await outcomeOf(stripeEvent("customer.subscription.updated", subscribed({ id, priceIds: ["price_enterprise_monthly"] }), { created: now }))).toBe("applied");
    expect(await outcomeOf(stripeEvent("customer.subscription.updated", subscribed({ id, priceIds: ["price_team_monthly"] }), { created: now - 60 }))).toBe("stale");
    expect((await billingOf()).plan).toBe("enterprise");
  });

  it("ignores a subscription to a price of no plan", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(await outcomeOf(stripeEvent("customer.subscription.created", subscribed({ priceIds: ["price_something_else"] })))).toBe("unknown_price");
    expect((await billingOf()).plan).toBe("free");
  });

  it("moves the org to a grace period on a failed payment, which a retry does not extend and a paid invoice ends", async () => {
    const subscription = subscribed();
    await outcomeOf(stripeEvent("customer.subscription.created", subscription));
    const failed = invoiceObject({ customer, subscription: subscription.id, status: "open", attemptCount: 1 });
    const before = Date.now();
    expect(await outcomeOf(stripeEvent("invoice.payment_failed", failed))).toBe("applied");
    const grace = await billingOf();
    expect(grace).toMatchObject({ plan: "team", billingStatus: "past_due" });
    expect(grace.graceEndsAt!.getTime()).toBeGreaterThanOrEqual(before + 7 * 24 * 3600 * 1000);
    expect(grace.graceEndsAt!.getTime()).toBeLessThan(before + 7 * 24 * 3600 * 1000 + 60_000);

    await outcomeOf(stripeEvent("invoice.payment_failed", { ...failed, attempt_count: 2 }));
    expect((await billingOf()).graceEndsAt).toEqual(grace.graceEndsAt);

    expect(await outcomeOf(stripeEvent("invoice.paid", invoiceObject({ customer, subscription: subscription.id, status: "paid" })))).toBe("applied");
    expect(await billingOf()).toMatchObject({ plan: "team", billingStatus: "active", paymentFailedAt: null, graceEndsAt: null });
    const actions = (await (await getDb()).adminActivity.findMany({ where: { orgId, action: { startsWith: "billing." } }, orderBy: { createdAt: "asc" } })).map((row) => row.action);
    expect(actions).toEqual(["billing.plan_changed", "billing.payment_failed", "billing.payment_failed", "billing.payment_recovered"]);
  });

  it("returns the org to the free plan when its subscription is deleted, but not for an older one's", async () => {
    const current = subscribed();
    await outcomeOf(stripeEvent("customer.subscription.created", current));
    const older = subscribed();
    expect(await outcomeOf(stripeEvent("customer.subscription.deleted", { ...older, status: "canceled" }))).toBe("other_subscription");
    expect(await outcomeOf(stripeEvent("customer.subscription.updated", { ...older, status: "canceled" }))).toBe("other_subscription");
    expect((await billingOf()).plan).toBe("team");
    expect(await outcomeOf(stripeEvent("customer.subscription.deleted", { ...current, status: "canceled" }))).toBe("applied");
    expect(await billingOf()).toMatchObject({ plan: "free", billingStatus: "canceled", stripeSubscriptionId: null });
    // A late invoice of the ended subscription does not bring it back.
    expect(await outcomeOf(stripeEvent("invoice.paid", invoiceObject({ customer, subscription: current.id, status: "paid" })))).toBe("other_subscription");
    expect(await billingOf()).toMatchObject({ plan: "free", billingStatus: "canceled", stripeSubscriptionId: null });
  });
});

describe("without Stripe keys", () => {
  it("answers 404: there is no billing to notify", async () => {
    vi.resetModules();
    const saved = process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_SECRET_KEY;
    try {
      const fresh = await import("@/lib/billing/webhook");
      const response = await fresh.handleStripeWebhook(new Request("http://localhost/api/stripe/webhook", { method: "POST", body: "{}" }));
      expect(response.status).toBe(404);
    } finally {
      process.env.STRIPE_SECRET_KEY = saved;
    }
  });
});
