import type { BillingStatus } from "@/lib/generated/prisma/enums";
import { billingConfig } from "./billing-config";
import type { PlanDefinition, PlanName } from "./plans";

/** The billing columns of an org that decide which plan's limits apply. */
export type OrgBillingState = { plan: PlanName; billingStatus: BillingStatus; graceEndsAt: Date | null };

export type EffectivePlan = PlanDefinition & {
  /** The plan paid for, when it is not the one in force (a subscription ended, or its grace period ran out). */
  lapsedFrom: PlanName | null;
  /** A failed payment: the paid plan holds until this moment. */
  graceEndsAt: Date | null;
};

/** Subscription states in which the paid plan is in force (past_due only until its grace ends). */
const PAID_STATES: ReadonlySet<BillingStatus> = new Set(["active", "trialing", "past_due"]);

/**
 * The plan whose limits apply to the org now, or null when billing is off (no limits at all).
 * A paid plan applies while its subscription is active; after a failed payment, until the grace
 * period ends; after that, or once the subscription is gone, the free plan.
 */
export function effectivePlan(org: OrgBillingState, now?: Date): EffectivePlan | null {
  const config = billingConfig();
  if (!config) return null;
  const paidHolds = org.plan === "free" || (PAID_STATES.has(org.billingStatus) && !(org.billingStatus === "past_due" && org.graceEndsAt && org.graceEndsAt.getTime() <= (now?.getTime() ?? Date.now())));
  const name: PlanName = paidHolds ? org.plan : "free";
  return {
    ...config.plans[name],
    lapsedFrom: name === org.plan ? null : org.plan,
    graceEndsAt: org.billingStatus === "past_due" && paidHolds ? org.graceEndsAt : null,
  };
}

/** The smaller of two limits, where null is "no limit". */
export function tighter(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}
