import type Stripe from "stripe";
import { recordActivity } from "@/lib/activity/record-activity";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { BillingStatus } from "@/lib/generated/prisma/enums";
import type { BillingConfig } from "./billing-config";
import { PLAN_NAMES, type PlanName } from "./plans";

type Tx = Prisma.TransactionClient;

export type HandlerResult = { outcome: "applied" | "stale" | "unknown_customer" | "unknown_price" | "other_subscription"; orgId: string | null };

type Handler = (tx: Tx, event: Stripe.Event, config: BillingConfig, now: Date) => Promise<HandlerResult>;

/** Our org id, put on the customer, the checkout session and the subscription's metadata. */
export const ORG_ID_METADATA = "org_id";

const idOf = (value: string | { id: string } | null | undefined): string | null => (typeof value === "string" ? value : (value?.id ?? null));

type OrgBilling = { id: string; plan: PlanName; stripeSubscriptionId: string | null; billingEventAt: Date | null; graceEndsAt: Date | null };
const BILLING_COLUMNS = { id: true, plan: true, stripeSubscriptionId: true, billingEventAt: true, graceEndsAt: true } as const;

/** The org a Stripe customer belongs to (we create every customer, so it is known unless deleted since). */
function orgOfCustomer(tx: Tx, customer: string | { id: string } | null): Promise<OrgBilling | null> {
  const customerId = idOf(customer);
  return customerId ? tx.org.findUnique({ where: { stripeCustomerId: customerId }, select: BILLING_COLUMNS }) : Promise.resolve(null);
}

/** Stripe's subscription states, as the gateway needs them. */
const STATUSES: Record<string, BillingStatus> = {
  active: "active",
  trialing: "trialing",
  past_due: "past_due",
  unpaid: "unpaid",
  paused: "unpaid",
  canceled: "canceled",
  incomplete: "incomplete",
  incomplete_expired: "canceled",
};

function planOfPrices(config: BillingConfig, priceIds: string[]): PlanName | null {
  return PLAN_NAMES.find((name) => config.plans[name].priceId !== null && priceIds.includes(config.plans[name].priceId!)) ?? null;
}

function graceFrom(now: Date, config: BillingConfig): Date {
  return new Date(now.getTime() + config.graceDays * 24 * 3600 * 1000);
}

const system = (orgId: string) => ({ orgId, actor: null, targetType: "billing", targetId: orgId });

/** Checkout finished: the subscription it created is the org's (its plan arrives with the subscription events). */
const checkoutCompleted: Handler = async (tx, event) => {
  const session = event.data.object as Stripe.Checkout.Session;
  if (session.mode !== "subscription") return { outcome: "applied", orgId: null };
  const org =
    (await orgOfCustomer(tx, session.customer)) ??
    (session.client_reference_id ? await tx.org.findUnique({ where: { id: session.client_reference_id }, select: BILLING_COLUMNS }) : null);
  if (!org) return { outcome: "unknown_customer", orgId: null };
  const subscriptionId = idOf(session.subscription);
  const customerId = idOf(session.customer);
  await tx.org.update({ where: { id: org.id }, data: { ...(customerId ? { stripeCustomerId: customerId } : {}), ...(subscriptionId ? { stripeSubscriptionId: subscriptionId } : {}) } });
  await recordActivity(tx, { ...system(org.id), action: "billing.checkout_completed", summary: "Completed checkout in Stripe", details: { checkoutSession: session.id, subscription: subscriptionId } });
  return { outcome: "applied", orgId: org.id };
};

/** The subscription is gone (deleted, or updated to canceled): the free plan applies at once. */
const subscriptionDeleted: Handler = async (tx, event, config) => {
  const subscription = event.data.object as Stripe.Subscription;
  const org = await orgOfCustomer(tx, subscription.customer);
  if (!org) return { outcome: "unknown_customer", orgId: null };
  // An older subscription of the org ending leaves its current one alone.
  if (org.stripeSubscriptionId && org.stripeSubscriptionId !== subscription.id) return { outcome: "other_subscription", orgId: org.id };
  await tx.org.update({
    where: { id: org.id },
    data: { plan: "free", billingStatus: "canceled", stripeSubscriptionId: null, cancelAtPeriodEnd: false, paymentFailedAt: null, graceEndsAt: null, billingEventAt: new Date(event.created * 1000) },
  });
  await recordActivity(tx, { ...system(org.id), action: "billing.plan_changed", summary: `Subscription ended: back to the ${config.plans.free.label} plan`, details: { from: org.plan, to: "free", subscription: subscription.id } });
  return { outcome: "applied", orgId: org.id };
};

/** A subscription was created or changed: its prices say the plan, its status whether it is paid. */
const subscriptionChanged: Handler = async (tx, event, config, now) => {
  const subscription = event.data.object as Stripe.Subscription;
  const status = STATUSES[subscription.status] ?? "incomplete";
  // An update that says the subscription ended is its end, whichever event says so.
  if (status === "canceled") return subscriptionDeleted(tx, event, config, now);
  const org = await orgOfCustomer(tx, subscription.customer);
  if (!org) return { outcome: "unknown_customer", orgId: null };
  const eventAt = new Date(event.created * 1000);
  // Stripe does not promise order: an update older than the last one applied would undo it.
  if (org.billingEventAt && eventAt < org.billingEventAt && org.stripeSubscriptionId === subscription.id) return { outcome: "stale", orgId: org.id };
  const plan = planOfPrices(
    config,
    subscription.items.data.map((item) => item.price.id),
  );
  if (!plan) {
    console.warn(`[billing] subscription ${subscription.id} of org ${org.id} has no price of a configured plan: ignored`);
    return { outcome: "unknown_price", orgId: org.id };
  }
  const periodEnd = Math.max(0, ...subscription.items.data.map((item) => item.current_period_end ?? 0));
  await tx.org.update({
    where: { id: org.id },
    data: {
      plan,
      billingStatus: status,
      stripeSubscriptionId: subscription.id,
      billingPeriodEnd: periodEnd ? new Date(periodEnd * 1000) : null,
      cancelAtPeriodEnd: subscription.cancel_at_period_end,
      billingEventAt: eventAt,
      // Paid again: the grace period is over. Past due without a failed invoice seen yet: it starts now.
      ...(status === "active" || status === "trialing" ? { paymentFailedAt: null, graceEndsAt: null } : {}),
      ...(status === "past_due" && !org.graceEndsAt ? { paymentFailedAt: now, graceEndsAt: graceFrom(now, config) } : {}),
    },
  });
  if (plan !== org.plan) {
    await recordActivity(tx, {
      ...system(org.id),
      action: "billing.plan_changed",
      summary: `Plan is now ${config.plans[plan].label} (${status})`,
      details: { from: org.plan, to: plan, status, subscription: subscription.id },
    });
  }
  return { outcome: "applied", orgId: org.id };
};

function invoiceSubscription(invoice: Stripe.Invoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription);
}

/**
 * Invoices matter only for the org's current subscription: one of an ended subscription (or one
 * that arrives before the subscription is linked, which its own events then set up) changes nothing.
 */
function isCurrentSubscription(org: OrgBilling, invoice: Stripe.Invoice): boolean {
  const subscriptionId = invoiceSubscription(invoice);
  return subscriptionId !== null && subscriptionId === org.stripeSubscriptionId;
}

/** A paid invoice ends any grace period. */
const invoicePaid: Handler = async (tx, event) => {
  const invoice = event.data.object as Stripe.Invoice;
  const org = await orgOfCustomer(tx, invoice.customer);
  if (!org) return { outcome: "unknown_customer", orgId: null };
  if (!isCurrentSubscription(org, invoice)) return { outcome: "other_subscription", orgId: org.id };
  const wasFailing = org.graceEndsAt !== null;
  await tx.org.update({ where: { id: org.id }, data: { paymentFailedAt: null, graceEndsAt: null, billingStatus: "active" } });
  if (wasFailing) await recordActivity(tx, { ...system(org.id), action: "billing.payment_recovered", summary: "Invoice paid: the grace period is over", details: { invoice: invoice.id } });
  return { outcome: "applied", orgId: org.id };
};

/** A failed payment starts the grace period (once: retries that fail too do not extend it). */
const invoicePaymentFailed: Handler = async (tx, event, config, now) => {
  const invoice = event.data.object as Stripe.Invoice;
  const org = await orgOfCustomer(tx, invoice.customer);
  if (!org) return { outcome: "unknown_customer", orgId: null };
  if (!isCurrentSubscription(org, invoice)) return { outcome: "other_subscription", orgId: org.id };
  const graceEndsAt = org.graceEndsAt ?? graceFrom(now, config);
  await tx.org.update({ where: { id: org.id }, data: { billingStatus: "past_due", paymentFailedAt: now, graceEndsAt } });
  await recordActivity(tx, {
    ...system(org.id),
    action: "billing.payment_failed",
    summary: `Payment failed: the plan holds until ${graceEndsAt.toISOString()}`,
    details: { invoice: invoice.id, attempt: invoice.attempt_count, graceEndsAt },
  });
  return { outcome: "applied", orgId: org.id };
};

/** The events billing acts on; Stripe may send others (they are acknowledged and ignored). */
export const EVENT_HANDLERS: Partial<Record<Stripe.Event["type"], Handler>> = {
  "checkout.session.completed": checkoutCompleted,
  "customer.subscription.created": subscriptionChanged,
  "customer.subscription.updated": subscriptionChanged,
  "customer.subscription.deleted": subscriptionDeleted,
  "invoice.paid": invoicePaid,
  "invoice.payment_failed": invoicePaymentFailed,
};
