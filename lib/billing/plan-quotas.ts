import type { PlanQuotas } from "@/lib/limits/limit-plan";
import { effectivePlan, type OrgBillingState } from "./org-plan";

/**
 * The monthly quotas of the org's plan in force, for the quota stage; null when billing is off.
 * Per request and cheap: the billing page's address is built only when a refusal names it.
 */
export function planQuotas(org: { slug: string; billing: OrgBillingState }, now?: Date): PlanQuotas | null {
  const plan = effectivePlan(org.billing, now);
  if (!plan) return null;
  return { label: plan.label, orgSlug: org.slug, requestsPerMonth: plan.limits.requestsPerMonth, tokensPerMonth: plan.limits.tokensPerMonth };
}
