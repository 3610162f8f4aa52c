import type { Db } from "@/lib/db/client";
import { limitStore } from "@/lib/limits/default-store";
import { type Limit, limitsFor } from "@/lib/limits/limit-plan";
import { monthWindow } from "@/lib/limits/windows";
import { MCP_CALL_ENDPOINT } from "@/lib/mcp/tool-call-record";
import { billingConfig } from "./billing-config";
import { effectivePlan, type EffectivePlan, tighter } from "./org-plan";
import { countOf } from "./plan-enforcement";
import { planQuotas } from "./plan-quotas";

export type UsageKey = "requests" | "tokens" | "apiKeys" | "members" | "mcpServers";
export type UsageLine = { key: UsageKey; label: string; used: number; limit: number | null };

export type BillingOverview = {
  plan: EffectivePlan;
  usage: UsageLine[];
  /** When this month's request and token quotas start again (UTC). */
  resetsAt: Date;
  retentionDays: number | null;
};

const LABELS: Record<UsageKey, string> = {
  requests: "Requests this month",
  tokens: "Tokens this month",
  apiKeys: "Live API keys",
  members: "Members and pending invites",
  mcpServers: "MCP servers",
};

const BILLING_COLUMNS = { slug: true, plan: true, billingStatus: true, graceEndsAt: true, monthlyRequestQuota: true, monthlyTokenQuota: true, auditRetentionDays: true } as const;

/**
 * The org's plan in force and where it stands against each of its limits. Requests and tokens
 * are read from the quota counters the gateway enforces with (shared through Redis when set);
 * a dimension with no quota is not counted there, so it is summed from the audit trail instead.
 * Null when billing is off.
 */
export async function billingOverview(db: Db, orgId: string, now = new Date()): Promise<BillingOverview | null> {
  const org = await db.org.findUniqueOrThrow({ where: { id: orgId }, select: BILLING_COLUMNS });
  const plan = effectivePlan(org, now);
  if (!plan) return null;
  // The same monthly limits the quota stage enforces (the org's own and the plan's, the tighter winning).
  const monthly = limitsFor({ org: { id: orgId, ...org }, plan: planQuotas({ slug: org.slug, billing: org }, now) }, now);
  const limitOf = (unit: "requests" | "tokens") => monthly.find((limit) => limit.unit === unit) ?? null;
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const store = await limitStore();
  const counted = async (limit: Limit) => (await store.peek(limit.counter, limit.subject)).used;
  const [requestLimit, tokenLimit] = [limitOf("requests"), limitOf("tokens")];
  const [requests, tokens, apiKeys, members, mcpServers] = await Promise.all([
    requestLimit
      ? counted(requestLimit)
      : db.gatewayRequest.count({ where: { orgId, createdAt: { gte: monthStart }, endpoint: { not: MCP_CALL_ENDPOINT }, outcome: { in: ["ok", "incomplete"] } } }),
    tokenLimit
      ? counted(tokenLimit)
      : db.gatewayRequest.aggregate({ where: { orgId, createdAt: { gte: monthStart } }, _sum: { totalTokens: true } }).then((sum) => sum._sum.totalTokens ?? 0),
    countOf(db, orgId, "apiKeys", now),
    countOf(db, orgId, "members", now),
    countOf(db, orgId, "mcpServers", now),
  ]);
  const limits: Record<UsageKey, number | null> = {
    requests: requestLimit?.limit ?? null,
    tokens: tokenLimit?.limit ?? null,
    apiKeys: plan.limits.apiKeys,
    members: plan.limits.members,
    mcpServers: plan.limits.mcpServers,
  };
  const used: Record<UsageKey, number> = { requests, tokens, apiKeys, members, mcpServers };
  return {
    plan,
    usage: (Object.keys(LABELS) as UsageKey[]).map((key) => ({ key, label: LABELS[key], used: used[key], limit: limits[key] })),
    resetsAt: monthWindow(now).resetsAt,
    retentionDays: tighter(org.auditRetentionDays, plan.limits.auditRetentionDays),
  };
}

/** From this share of a monthly quota on, the dashboard warns. */
export const WARN_AT = 0.8;

export type BillingBanner =
  | { kind: "grace"; graceEndsAt: Date; planLabel: string }
  | { kind: "lapsed"; planLabel: string; lapsedFromLabel: string }
  | { kind: "near" | "reached"; line: UsageLine; planLabel: string; resetsAt: Date };

/** The one banner the org's pages show about billing, most urgent first; null when all is well. */
export function billingBanner(overview: BillingOverview): BillingBanner | null {
  const { plan } = overview;
  if (plan.graceEndsAt) return { kind: "grace", graceEndsAt: plan.graceEndsAt, planLabel: plan.label };
  if (plan.lapsedFrom) return { kind: "lapsed", planLabel: plan.label, lapsedFromLabel: billingConfig()?.plans[plan.lapsedFrom].label ?? plan.lapsedFrom };
  const monthly = overview.usage.filter((line) => (line.key === "requests" || line.key === "tokens") && line.limit !== null);
  const reached = monthly.find((line) => line.used >= line.limit!);
  if (reached) return { kind: "reached", line: reached, planLabel: plan.label, resetsAt: overview.resetsAt };
  const near = monthly.find((line) => line.used >= line.limit! * WARN_AT);
  if (near) return { kind: "near", line: near, planLabel: plan.label, resetsAt: overview.resetsAt };
  return null;
}
