import type Stripe from "stripe";
import { invalidateOrg } from "@/lib/cache/invalidation";
import { type Db, getDb } from "@/lib/db/client";
import { type BillingConfig, billingConfig } from "./billing-config";
import { EVENT_HANDLERS } from "./event-handlers";
import { stripeClient } from "./stripe-client";

/** Stripe's events are a few kilobytes; anything far larger is not one. */
const MAX_EVENT_BYTES = 1024 * 1024;

export type EventOutcome = "applied" | "ignored" | "duplicate" | "stale" | "unknown_customer" | "unknown_price" | "other_subscription";

/**
 * POST /api/stripe/webhook. The signature is checked against the raw body before anything is
 * read from it: a bad one is a 400 that changes nothing. A good event is handled once: its id is
 * recorded in the same transaction as its effect, so a replay (or Stripe's own retry of an event
 * we did handle) finds the id and changes nothing. Events we do not act on are acknowledged.
 */
export async function handleStripeWebhook(request: Request): Promise<Response> {
  const config = billingConfig();
  if (!config) return Response.json({ error: { message: "Billing is not configured on this instance." } }, { status: 404 });
  const signature = request.headers.get("stripe-signature");
  if (!signature) return Response.json({ error: { message: "Missing the Stripe-Signature header." } }, { status: 400 });
  const body = await request.text();
  if (Buffer.byteLength(body) > MAX_EVENT_BYTES) return Response.json({ error: { message: "The body is too large to be a Stripe event." } }, { status: 413 });
  let event: Stripe.Event;
  try {
    event = stripeClient(config).webhooks.constructEvent(body, signature, config.webhookSecret);
  } catch (error) {
    return Response.json({ error: { message: `Webhook signature verification failed: ${(error as Error).message}` } }, { status: 400 });
  }
  const outcome = await applyStripeEvent(await getDb(), event, config);
  return Response.json({ received: true, outcome });
}

/** Handles one verified event exactly once (see handleStripeWebhook). */
export async function applyStripeEvent(db: Db, event: Stripe.Event, config: BillingConfig, now = new Date()): Promise<EventOutcome> {
  const handler = EVENT_HANDLERS[event.type];
  const result = await db.$transaction(async (tx) => {
    // Claiming the id first makes a concurrent delivery of the same event wait here, then skip.
    const { count } = await tx.stripeEvent.createMany({
      data: [{ id: event.id, type: event.type, outcome: "received", createdAt: new Date(event.created * 1000) }],
      skipDuplicates: true,
    });
    if (count === 0) return { outcome: "duplicate" as const, orgId: null };
    const handled = handler ? await handler(tx, event, config, now) : { outcome: "ignored" as const, orgId: null };
    await tx.stripeEvent.update({ where: { id: event.id }, data: { outcome: handled.outcome, orgId: handled.orgId } });
    return handled;
  });
  if (result.outcome === "unknown_customer") console.warn(`[billing] ${event.type} ${event.id} is for a customer of no org here: ignored`);
  if (result.outcome === "applied" && result.orgId) await invalidateOrg(result.orgId);
  return result.outcome;
}
