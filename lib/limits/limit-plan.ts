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
};

export type LimitSettings = {
  /** Absent for requests without an API key (the dashboard playground): org quotas still apply. */
  key?: { id: string; requestsPerMinute: number | null; tokensPerMinute: number | null };
  org: { id: string; monthlyRequestQuota: number | null; monthlyTokenQuota: number | null };
};

/** The limits set for this key and org (null or absent means unlimited), requests before tokens. */
export function limitsFor(settings: LimitSettings, now = new Date()): Limit[] {
  const limits: Limit[] = [];
  const { key, org } = settings;
  const minute = (counter: CounterName, unit: Limit["unit"], limit: number): Limit => ({
    counter,
    subject: key!.id,
    unit,
    scope: "key-minute",
    limit,
    windowSeconds: MINUTE_SECONDS,
    resetsAt: null,
  });
  const month = monthWindow(now);
  const monthly = (counter: CounterName, unit: Limit["unit"], limit: number): Limit => ({
    counter,
    subject: `${org.id}:${month.id}`,
    unit,
    scope: "org-month",
    limit,
    windowSeconds: month.keepSeconds,
    resetsAt: month.resetsAt,
  });
  if (isSet(key?.requestsPerMinute)) limits.push(minute("key-requests-minute", "requests", key.requestsPerMinute));
  if (isSet(org.monthlyRequestQuota)) limits.push(monthly("org-requests-month", "requests", org.monthlyRequestQuota));
  if (isSet(key?.tokensPerMinute)) limits.push(minute("key-tokens-minute", "tokens", key.tokensPerMinute));
  if (isSet(org.monthlyTokenQuota)) limits.push(monthly("org-tokens-month", "tokens", org.monthlyTokenQuota));
  return limits;
}

const isSet = (value: number | null | undefined): value is number => typeof value === "number" && value > 0;
