import type { Db } from "@/lib/db/client";
import { ConflictError, ValidationError } from "@/lib/errors";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import type { BillingConfig } from "./billing-config";
import { ORG_ID_METADATA } from "./event-handlers";
import type { PlanName } from "./plans";
import { stripeClient, viaStripe } from "./stripe-client";

/**
 * The org's Stripe customer, created on first need with the org's id in its metadata, so every
 * later event about it finds the org. Created outside any transaction (it is a network call);
 * when two requests race, the first stored wins and the other customer stays unused.
 */
async function customerOf(db: Db, config: BillingConfig, ctx: OrgContext, stored: string | null): Promise<string> {
  if (stored) return stored;
  const user = await db.user.findUniqueOrThrow({ where: { id: ctx.userId }, select: { email: true } });
  const customer = await viaStripe("create the billing account", () =>
    stripeClient(config).customers.create(
      { name: ctx.org.name, email: user.email, metadata: { [ORG_ID_METADATA]: ctx.org.id, org_slug: ctx.org.slug } },
      { idempotencyKey: `customer-${ctx.org.id}` },
    ),
  );
  const { count } = await db.org.updateMany({ where: { id: ctx.org.id, stripeCustomerId: null }, data: { stripeCustomerId: customer.id } });
  if (count === 1) return customer.id;
  return (await db.org.findUniqueOrThrow({ where: { id: ctx.org.id }, select: { stripeCustomerId: true } })).stripeCustomerId!;
}

/**
 * A Stripe Checkout session for a paid plan: its price, plus any usage-based prices. The
 * subscription it creates reaches the org through the webhook, not through the redirect back
 * (which a closed tab never makes). An org that already pays changes plan in the customer portal.
 */
export async function startCheckout(db: Db, config: BillingConfig, ctx: OrgContext, planName: PlanName, baseUrl: string): Promise<string> {
  assertCan(ctx, "billing:manage");
  const plan = config.plans[planName];
  if (!plan.priceId) throw new ValidationError(`The ${plan.label} plan cannot be bought through checkout on this instance.`, { plan: ["Not for sale through checkout."] });
  const org = await db.org.findUniqueOrThrow({ where: { id: ctx.org.id }, select: { stripeSubscriptionId: true, billingStatus: true, stripeCustomerId: true } });
  if (org.stripeSubscriptionId && org.billingStatus !== "canceled") {
    throw new ConflictError("This org already has a subscription: change its plan, card or invoices in the customer portal (Manage billing).");
  }
  const customer = await customerOf(db, config, ctx, org.stripeCustomerId);
  const billingPage = `${baseUrl}/${ctx.org.slug}/billing`;
  const priceId = plan.priceId;
  const session = await viaStripe("start checkout", () =>
    stripeClient(config).checkout.sessions.create({
      mode: "subscription",
      customer,
      client_reference_id: ctx.org.id,
      line_items: [{ price: priceId, quantity: 1 }, ...config.meteredPriceIds.map((price) => ({ price }))],
      subscription_data: { metadata: { [ORG_ID_METADATA]: ctx.org.id } },
      metadata: { [ORG_ID_METADATA]: ctx.org.id, plan: planName },
      success_url: `${billingPage}?checkout=success`,
      cancel_url: `${billingPage}?checkout=canceled`,
    }),
  );
  if (!session.url) throw new Error("Stripe returned a checkout session without a URL.");
  return session.url;
}

/** Stripe's customer portal for the org's customer: card, invoices, plan changes, cancellation. */
export async function openCustomerPortal(db: Db, config: BillingConfig, ctx: OrgContext, baseUrl: string): Promise<string> {
  assertCan(ctx, "billing:manage");
  const org = await db.org.findUniqueOrThrow({ where: { id: ctx.org.id }, select: { stripeCustomerId: true } });
  if (!org.stripeCustomerId) throw new ConflictError("This org has no billing account yet: choose a plan first.");
  const session = await viaStripe("open the customer portal", () =>
    stripeClient(config).billingPortal.sessions.create({ customer: org.stripeCustomerId!, return_url: `${baseUrl}/${ctx.org.slug}/billing` }),
  );
  return session.url;
}
