import type { Db } from "@/lib/db/client";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import { latencyByProvider } from "./latency-by-provider";
import { type PeriodKey, resolvePeriod } from "./period";
import { ruleCounts } from "./rule-counts";
import { trafficOverTime } from "./traffic-over-time";

/**
 * Everything the overview's charts show for one period. Traffic and rule hits are audit data,
 * so it takes `audit:read` (owners, admins, auditors).
 */
export async function orgAnalytics(db: Db, ctx: OrgContext, periodKey: PeriodKey, now: Date = new Date()) {
  assertCan(ctx, "audit:read");
  const period = resolvePeriod(periodKey, now);
  const [traffic, rules, latency] = await Promise.all([
    trafficOverTime(db, ctx.org.id, period),
    ruleCounts(db, ctx.org.id, period),
    latencyByProvider(db, ctx.org.id, period),
  ]);
  const sum = (field: "requests" | "tokens" | "blocked" | "flagged") => traffic.reduce((total, point) => total + point[field], 0);
  return {
    period: { key: period.key, label: period.label, bucket: period.bucket },
    totals: { requests: sum("requests"), tokens: sum("tokens"), blocked: sum("blocked"), flagged: sum("flagged") },
    traffic,
    rules,
    latency,
  };
}

export type OrgAnalytics = Awaited<ReturnType<typeof orgAnalytics>>;
