"use client";

import { ActionForm } from "@/components/forms/action-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatLimit } from "@/lib/billing/billing-format";
import type { PlanDefinition, PlanName } from "@/lib/billing/plans";
import type { FormAction } from "@/lib/schemas/form";

export type PlanCard = Pick<PlanDefinition, "name" | "label" | "priceText" | "limits"> & { purchasable: boolean };

const LIMIT_ROWS: [keyof PlanDefinition["limits"], string][] = [
  ["requestsPerMonth", "Requests per month"],
  ["tokensPerMonth", "Tokens per month"],
  ["apiKeys", "API keys"],
  ["members", "Members"],
  ["mcpServers", "MCP servers"],
  ["auditRetentionDays", "Audit retention (days)"],
];

/**
 * The plans side by side. An owner of an org without a subscription buys a paid plan through
 * Stripe Checkout; an org that pays changes plan in the customer portal.
 */
export function PlanCards({
  plans,
  current,
  orgSlug,
  checkout,
  subscribed,
}: {
  plans: PlanCard[];
  current: PlanName;
  orgSlug: string;
  /** For owners: the action that starts checkout. */
  checkout?: FormAction;
  subscribed: boolean;
}) {
  return (
    <div className="grid gap-4 md:grid-cols-3">
      {plans.map((plan) => (
        <Card key={plan.name} data-testid={`plan-${plan.name}`} aria-label={`${plan.label} plan`} className={plan.name === current ? "border-primary" : undefined}>
          <CardHeader>
            <CardTitle className="flex items-center gap-2">
              {plan.label}
              {plan.name === current && <Badge>Current plan</Badge>}
            </CardTitle>
            <CardDescription>{plan.priceText}</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm">
              {LIMIT_ROWS.map(([key, label]) => (
                <div key={key} className="contents">
                  <dt className="text-muted-foreground">{label}</dt>
                  <dd className="text-right tabular-nums">{formatLimit(plan.limits[key])}</dd>
                </div>
              ))}
            </dl>
            {checkout && plan.name !== current && plan.purchasable && !subscribed && (
              <ActionForm action={checkout} hidden={{ orgSlug, plan: plan.name }} label={`Upgrade to ${plan.label}`}>
                {(_state, pending) => (
                  <Button type="submit" disabled={pending} className="w-full">
                    {pending ? "Opening Stripe Checkout…" : `Upgrade to ${plan.label}`}
                  </Button>
                )}
              </ActionForm>
            )}
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
