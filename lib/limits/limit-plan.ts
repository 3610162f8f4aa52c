import type { CounterName } from "./counter-store";
import { MINUTE_SECONDS, monthWindow } from "./windows";

/** One limit that applies to a request, and the counter that enforces it. */
export type Limit = {
  counter: CounterName;
  /** Whose counter: the API key's id, or the org's id and month. */
  subject: string;
  unit: "requests" | "tokens";
  scope: "key-minute" | "org-month";
  limit: number;
  /** Expiry given to the counter when this request creates it. */
  windowSeconds: number;
  /** Calendar months end at a known time; minute windows end when their counter expires. */
  resetsAt: Date | null;
  /** For a monthly quota set by the org's billing plan (not by its own settings): the plan, and where to upgrade. */
  plan?: PlanQuotaSource;
};

/** The plan a quota comes from, and whose org it is (the refusal links to its billing page). */
export type PlanQuotaSource = { label: string; orgSlug: string };

/** A billing plan's monthly quotas (null: none), applied with the org's own, the tighter winning. */
export type PlanQuotas = PlanQuotaSource & { requestsPerMonth: number | null; tokensPerMonth: number | null };

export type LimitSettings = {
  /** Absent for requests without an API key (the dashboard playground): org quotas still apply. */
  key?: { id: string; requestsPerMinute: number | null; tokensPerMinute: number | null };
  org: { id: string; monthlyRequestQuota: number | null; monthlyTokenQuota: number | null };
  /** Present when billing is on: the plan in force for the org. */
  plan?: PlanQuotas | null;
};

/** The limits set for this key and org (null or absent means unlimited), requests before tokens. */
export function limitsFor(settings: LimitSettings, now?: Date): Limit[] {
  const limits: Limit[] = [];
  const { key, org, plan } = settings;
  const minute = (counter: CounterName, unit: Limit["unit"], limit: number): Limit => ({
    counter,
    subject: key!.id,
    unit,
    scope: "key-minute",
    limit,
    windowSeconds: MINUTE_SECONDS,
    resetsAt: null,
  });
  let month: ReturnType<typeof monthWindow> | undefined; // read the clock only for an org that has a monthly quota
  const monthly = (counter: CounterName, unit: Limit["unit"], own: number | null, planned: number | null): Limit | null => {
    const ownSet = isSet(own) ? own : null;
    const plannedSet = plan && isSet(planned) ? planned : null;
    if (ownSet === null && plannedSet === null) return null;
    month ??= monthWindow(now);
    // The tighter quota applies; when the plan's is the one (or they are equal), the refusal points at the plan.
    const byPlan = plannedSet !== null && (ownSet === null || plannedSet <= ownSet);
    return {
      counter,
      subject: `${org.id}:${month.id}`,
      unit,
      scope: "org-month",
      limit: byPlan ? plannedSet : ownSet!,
      windowSeconds: month.keepSeconds,
      resetsAt: month.resetsAt,
      ...(byPlan ? { plan: { label: plan!.label, orgSlug: plan!.orgSlug } } : {}),
    };
  };
  const monthRequests = monthly("org-requests-month", "requests", org.monthlyRequestQuota, plan?.requestsPerMonth ?? null);
  const monthTokens = monthly("org-tokens-month", "tokens", org.monthlyTokenQuota, plan?.tokensPerMonth ?? null);
  if (isSet(key?.requestsPerMinute)) limits.push(minute("key-requests-minute", "requests", key.requestsPerMinute));
  if (monthRequests) limits.push(monthRequests);
  if (isSet(key?.tokensPerMinute)) limits.push(minute("key-tokens-minute", "tokens", key.tokensPerMinute));
  if (monthTokens) limits.push(monthTokens);
  return limits;
}

const isSet = (value: number | null | undefined): value is number => typeof value === "number" && value > 0;
