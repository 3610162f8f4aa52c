import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type MockStripe, startMockStripe } from "../fixtures/mock-stripe";

// The real SDK against the stand-in: if these pass, the app's Stripe calls and webhook handling
// meet the same wire format in tests as in production.
const API_KEY = "sk_test_gateway";
const WEBHOOK_SECRET = "whsec_test_mock_stripe";
const PRICES = [
  { id: "price_team", nickname: "Team", unitAmount: 4900 },
  { id: "price_tokens", nickname: "Tokens", usageType: "metered" as const, unitAmount: 1, meterEventName: "gateway_tokens" },
];

let mock: MockStripe;
let stripe: Stripe;
let receiver: Server;
/** What the receiver verified, in arrival order; it refuses the types in `refuse`. */
let received: Stripe.Event[] = [];
const refuse = new Set<string>();

const client = (key = API_KEY) => new Stripe(key, { host: "127.0.0.1", port: mock.port, protocol: "http", maxNetworkRetries: 0 });

beforeAll(async () => {
  receiver = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      // Verified against the raw bytes, as the app must: constructEvent throws on any mismatch.
      const event = stripe.webhooks.constructEvent(Buffer.concat(chunks).toString("utf8"), req.headers["stripe-signature"] ?? "", WEBHOOK_SECRET);
      received.push(event);
      res.writeHead(refuse.has(event.type) ? 500 : 200).end();
    } catch (error) {
      res.writeHead(400).end((error as Error).message);
    }
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/stripe/webhook`;
  mock = await startMockStripe({ apiKey: API_KEY, webhookUrl, webhookSecret: WEBHOOK_SECRET, prices: PRICES });
  stripe = client();
});

afterAll(async () => {
  await mock.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

beforeEach(() => {
  mock.reset();
  received = [];
  refuse.clear();
});

async function checkout(customer: string) {
  return stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    client_reference_id: "org_1",
    success_url: "http://app.test/billing?session={CHECKOUT_SESSION_ID}",
    cancel_url: "http://app.test/billing",
    line_items: [{ price: "price_team", quantity: 1 }, { price: "price_tokens" }],
    subscription_data: { metadata: { orgId: "org_1" } },
  });
}

describe("mock Stripe", () => {
  it("creates and retrieves customers from form-encoded requests", async () => {
    const customer = await stripe.customers.create({ email: "owner@acme.test", name: "Acme", metadata: { orgId: "org_1" } });
    expect(customer).toMatchObject({ object: "customer", email: "owner@acme.test", name: "Acme", metadata: { orgId: "org_1" }, livemode: false });
    expect(customer.id).toMatch(/^cus_\w+$/);
    expect(customer.lastResponse.requestId).toMatch(/^req_/);
    expect((await stripe.customers.retrieve(customer.id)).id).toBe(customer.id);
    expect(mock.requests[0]).toMatchObject({ method: "POST", path: "/v1/customers", body: { metadata: { orgId: "org_1" } } });
    expect(mock.requests[0]?.headers["stripe-version"]).toBe(Stripe.API_VERSION);
    await expect(stripe.customers.retrieve("cus_missing")).rejects.toMatchObject({ type: "StripeInvalidRequestError", statusCode: 404, code: "resource_missing" });
  });

  it("creates checkout sessions and refuses unknown prices the way Stripe does", async () => {
    const customer = await stripe.customers.create({ email: "owner@acme.test" });
    const session = await checkout(customer.id);
    expect(session).toMatchObject({ object: "checkout.session", status: "open", mode: "subscription", client_reference_id: "org_1", customer: customer.id });
    expect(session.url).toBe(`${mock.url}/c/pay/${session.id}`);
    expect(mock.sessions.get(session.id)).toMatchObject({ lineItems: [{ price: "price_team", quantity: 1 }, { price: "price_tokens" }], subscriptionMetadata: { orgId: "org_1" } });

    const unknown = stripe.checkout.sessions.create({ mode: "subscription", customer: customer.id, success_url: "http://app.test/ok", line_items: [{ price: "price_nope", quantity: 1 }] });
    await expect(unknown).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    await expect(unknown).rejects.toMatchObject({ statusCode: 400, code: "resource_missing", param: "line_items[0][price]", message: "No such price: 'price_nope'" });
    const meteredQuantity = stripe.checkout.sessions.create({ mode: "subscription", customer: customer.id, success_url: "http://app.test/ok", line_items: [{ price: "price_tokens", quantity: 1 }] });
    await expect(meteredQuantity).rejects.toMatchObject({ statusCode: 400, param: "line_items[0][quantity]" });
  });

  it("creates billing portal sessions and meter events", async () => {
    const customer = await stripe.customers.create({ email: "owner@acme.test" });
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: "http://app.test/billing" });
    expect(portal).toMatchObject({ object: "billing_portal.session", customer: customer.id, return_url: "http://app.test/billing", url: `${mock.url}/p/session/${portal.id}` });
    expect(portal.id).toMatch(/^bps_/);

    const event = { event_name: "gateway_tokens", identifier: "org_1:2026-11-24T10:00", payload: { stripe_customer_id: customer.id, value: "1200" } };
    expect(await stripe.billing.meterEvents.create(event)).toMatchObject({ object: "billing.meter_event", ...event, livemode: false });
    await expect(stripe.billing.meterEvents.create(event)).rejects.toMatchObject({ type: "StripeInvalidRequestError", message: `An event already exists with identifier ${event.identifier}.` });
    expect(mock.meterEvents).toHaveLength(1);
  });

  it("refuses a wrong API key, and fails a request on demand", async () => {
    await expect(client("sk_test_wrong").customers.create({ email: "x@acme.test" })).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    mock.failNext("/v1/customers", 500);
    await expect(stripe.customers.create({ email: "x@acme.test" })).rejects.toMatchObject({ type: "StripeAPIError", statusCode: 500 });
    expect((await stripe.customers.create({ email: "x@acme.test" })).email).toBe("x@acme.test");
  });

  it("completes checkout with three signed webhooks, then cancels in the portal", async () => {
    const customer = await stripe.customers.create({ email: "owner@acme.test" });
    const session = await checkout(customer.id);
    const pageHtml = await (await fetch(session.url!)).text();
    expect(pageHtml).toContain("Stripe Checkout (local stand-in)");
    expect(pageHtml).toContain("owner@acme.test");
    expect(pageHtml).toContain("Subscribe");

    const completed = await fetch(`${mock.url}/c/pay/${session.id}/complete`, { method: "POST", redirect: "manual" });
    expect(completed.status).toBe(303);
    expect(completed.headers.get("location")).toBe(`http://app.test/billing?session=${session.id}`);
    expect(received.map((event) => event.type)).toEqual(["checkout.session.completed", "customer.subscription.created", "invoice.paid"]);
    expect(mock.webhookFailures).toEqual([]);

    const [completedEvent, created, paid] = received;
    const subscription = created?.data.object as Stripe.Subscription;
    expect(completedEvent?.api_version).toBe(Stripe.API_VERSION);
    expect(completedEvent?.data.object).toMatchObject({ id: session.id, status: "complete", payment_status: "paid", subscription: subscription.id, client_reference_id: "org_1" });
    expect(subscription).toMatchObject({ status: "active", customer: customer.id, metadata: { orgId: "org_1" } });
    expect(subscription.items.data.map((item) => [item.price.id, item.quantity])).toEqual([["price_team", 1], ["price_tokens", undefined]]);
    expect(subscription.items.data[0]?.current_period_end).toBeGreaterThan(subscription.items.data[0]!.current_period_start);
    expect((paid?.data.object as Stripe.Invoice).parent?.subscription_details?.subscription).toBe(subscription.id);

    refuse.add("customer.subscription.deleted");
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: "http://app.test/billing" });
    expect(await (await fetch(portal.url)).text()).toContain("Cancel subscription");
    const canceled = await fetch(`${portal.url}/cancel`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `subscription=${subscription.id}` });
    expect(canceled.status).toBe(303);
    expect(canceled.headers.get("location")).toBe("http://app.test/billing");
    expect(received.at(-1)).toMatchObject({ type: "customer.subscription.deleted", data: { object: { id: subscription.id, status: "canceled" } } });
    expect(mock.webhookFailures).toMatchObject([{ type: "customer.subscription.deleted", status: 500 }]);
  });
});
