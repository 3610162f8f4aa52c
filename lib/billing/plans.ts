import { z } from "zod";
import type { Plan } from "@/lib/generated/prisma/enums";

export type PlanName = Plan;
export const PLAN_NAMES = ["free", "team", "enterprise"] as const satisfies readonly PlanName[];

/** What a plan allows; null means no limit. */
export type PlanLimits = {
  requestsPerMonth: number | null;
  tokensPerMonth: number | null;
  apiKeys: number | null;
  members: number | null;
  mcpServers: number | null;
  /** Audit rows are kept at most this many days (the org may choose fewer). */
  auditRetentionDays: number | null;
};

export type PlanDefinition = {
  name: PlanName;
  label: string;
  /** One line for the billing page, e.g. "$49 per month, plus usage". Prices themselves live in Stripe. */
  priceText: string;
  /** The Stripe price id a subscription to this plan uses (null: not sold through checkout, e.g. free). */
  priceId: string | null;
  limits: PlanLimits;
};

/**
 * The plans as shipped. Operators change limits, labels and price text with a plans file
 * (BILLING_PLANS_FILE) and set price ids by env (STRIPE_PRICE_TEAM, STRIPE_PRICE_ENTERPRISE):
 * no Stripe id is written in code.
 */
export const DEFAULT_PLANS: Record<PlanName, Omit<PlanDefinition, "priceId">> = {
  free: {
    name: "free",
    label: "Free",
    priceText: "Free",
    limits: { requestsPerMonth: 10_000, tokensPerMonth: 2_000_000, apiKeys: 3, members: 3, mcpServers: 1, auditRetentionDays: 7 },
  },
  team: {
    name: "team",
    label: "Team",
    priceText: "Per month, plus usage",
    limits: { requestsPerMonth: 1_000_000, tokensPerMonth: 500_000_000, apiKeys: 100, members: 50, mcpServers: 20, auditRetentionDays: 90 },
  },
  enterprise: {
    name: "enterprise",
    label: "Enterprise",
    priceText: "Per month, plus usage",
    limits: { requestsPerMonth: null, tokensPerMonth: null, apiKeys: null, members: null, mcpServers: null, auditRetentionDays: 365 },
  },
};

const limit = z.number().int().positive().nullable();

/** A plans file overrides any part of any plan: `{ "plans": { "team": { "limits": { "members": 20 } } } }`. */
export const plansFileSchema = z.strictObject({
  plans: z.partialRecord(
    z.enum(PLAN_NAMES),
    z.strictObject({
      label: z.string().min(1).max(40).optional(),
      priceText: z.string().max(120).optional(),
      priceId: z.string().regex(/^price_\w+$/, "a Stripe price id (price_…)").optional(),
      limits: z
        .strictObject({
          requestsPerMonth: limit.optional(),
          tokensPerMonth: limit.optional(),
          apiKeys: limit.optional(),
          members: limit.optional(),
          mcpServers: limit.optional(),
          auditRetentionDays: limit.optional(),
        })
        .optional(),
    }),
  ),
});

export type PlansFile = z.infer<typeof plansFileSchema>;

/** The shipped plans, with the file's overrides and the price ids from env laid over them. */
export function resolvePlans(file: PlansFile | null, priceIds: Partial<Record<PlanName, string>>): Record<PlanName, PlanDefinition> {
  const plans = {} as Record<PlanName, PlanDefinition>;
  for (const name of PLAN_NAMES) {
    const base = DEFAULT_PLANS[name];
    const override = file?.plans[name];
    plans[name] = {
      ...base,
      label: override?.label ?? base.label,
      priceText: override?.priceText ?? base.priceText,
      priceId: priceIds[name] ?? override?.priceId ?? null,
      limits: { ...base.limits, ...(override?.limits ?? {}) },
    };
  }
  return plans;
}
