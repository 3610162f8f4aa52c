import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ManageBillingForm } from "@/components/billing/manage-billing-form";
import { PlanCards } from "@/components/billing/plan-cards";
import { UsageTable } from "@/components/billing/usage-table";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/rbac";
import { requireOrgPage } from "@/lib/auth/session";
import { billingConfig } from "@/lib/billing/billing-config";
import { utcDay } from "@/lib/format/time";
import { billingOverview } from "@/lib/billing/billing-usage";
import { PLAN_NAMES } from "@/lib/billing/plans";
import { getDb } from "@/lib/db/client";
import { checkoutAction, customerPortalAction } from "./actions";

export const metadata: Metadata = { title: "Billing" };

const STATUS_LABELS: Record<string, string> = {
  none: "No subscription",
  active: "Active",
  trialing: "Trial",
  past_due: "Payment failed",
  unpaid: "Unpaid",
  canceled: "Cancelled",
  incomplete: "Waiting for the first payment",
};

export default async function BillingPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<{ checkout?: string }> }) {
  const config = billingConfig();
  if (!config) notFound(); // self-hosted without Stripe: there is no billing
  const { org: slug } = await params;
  const { checkout } = await searchParams;
  const { ctx } = await requireOrgPage(slug, "billing:read");
  const db = await getDb();
  const [overview, org] = await Promise.all([
    billingOverview(db, ctx.org.id),
    db.org.findUniqueOrThrow({ where: { id: ctx.org.id }, select: { billingStatus: true, billingPeriodEnd: true, cancelAtPeriodEnd: true, stripeCustomerId: true, stripeSubscriptionId: true } }),
  ]);
  if (!overview) notFound();
  const { plan } = overview;
  const canManage = can(ctx.role, "billing:manage");
  const subscribed = Boolean(org.stripeSubscriptionId) && org.billingStatus !== "canceled";
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Billing</h1>
        <p className="text-sm text-muted-foreground">
          The plan sets what the gateway allows this org. Payments, cards and invoices are handled by Stripe. Monthly quotas reset on the first of each
          month (UTC).
        </p>
      </div>
      {checkout === "success" && (
        <Alert variant="success" data-testid="checkout-outcome">
          Checkout complete. The new plan applies as soon as Stripe confirms the payment, usually within seconds: reload if it does not show yet.
        </Alert>
      )}
      {checkout === "canceled" && <Alert data-testid="checkout-outcome">Checkout was cancelled; nothing changed.</Alert>}
      <Card>
        <CardHeader>
          <CardTitle>
            Current plan: <span data-testid="current-plan">{plan.label}</span>
          </CardTitle>
          <CardDescription data-testid="subscription-state">
            {STATUS_LABELS[org.billingStatus] ?? org.billingStatus}
            {org.billingPeriodEnd && subscribed && (org.cancelAtPeriodEnd ? ` · ends on ${utcDay(org.billingPeriodEnd)}` : ` · renews on ${utcDay(org.billingPeriodEnd)}`)}
            {overview.retentionDays !== null && ` · audit rows kept ${overview.retentionDays} days`}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <UsageTable usage={overview.usage} />
          {canManage && org.stripeCustomerId && (
            <div className="flex flex-wrap items-center gap-3">
              <ManageBillingForm action={customerPortalAction} orgSlug={ctx.org.slug} />
              <p className="text-sm text-muted-foreground">Card, invoices, plan changes and cancellation, in Stripe&apos;s customer portal.</p>
            </div>
          )}
          {!canManage && <p className="text-sm text-muted-foreground">Only org owners can change the plan.</p>}
        </CardContent>
      </Card>
      <PlanCards
        plans={PLAN_NAMES.map((name) => ({ ...config.plans[name], purchasable: config.plans[name].priceId !== null }))}
        current={plan.name}
        orgSlug={ctx.org.slug}
        checkout={canManage ? checkoutAction : undefined}
        subscribed={subscribed}
      />
    </div>
  );
}
