import { dashboardLink } from "@/lib/http/app-url";
import type { LimitExceededError } from "./limit-exceeded";
import { formatResetDuration } from "./headers";

/**
 * What the caller reads in the 429: which limit, its value, when it resets and who can raise it.
 * Key limits are changed by an org admin on the dashboard's API keys page; org quotas come from
 * the org's plan and its Settings page.
 */
export function limitExceededMessage(error: LimitExceededError): string {
  const { limit, used, requested, refusal, msBeforeReset } = error.refused;
  const unit = limit.unit;
  const asked = limit.unit === "tokens" ? `, this request needs about ${requested} (its prompt plus max_tokens, or a default reserve for the answer)` : "";
  if (limit.scope === "key-minute") {
    const raise = "An org admin can change this key's limits on the API keys page of the dashboard.";
    if (refusal === "too_large") {
      return `Request too large for this API key's ${unit} per minute limit: limit ${limit.limit}${asked}. Shorten the prompt or lower max_tokens. ${raise}`;
    }
    return `Rate limit reached for this API key on ${unit} per minute: limit ${limit.limit}, used ${used}${asked}. Try again in ${formatResetDuration(msBeforeReset)}. ${raise}`;
  }
  const resets = limit.resetsAt ? limit.resetsAt.toISOString() : "the start of next month (UTC)";
  const whose = limit.plan ? `the ${limit.plan.label} plan of this org` : "this org";
  const raise = limit.plan
    ? `To raise it, an org owner upgrades the plan on the Billing page of the dashboard, ${dashboardLink(`/${limit.plan.orgSlug}/billing`)}.`
    : "To raise it, an org owner or admin changes the monthly quotas on the org's Settings page.";
  if (refusal === "too_large") {
    return `Request too large for the monthly ${unit} quota of ${whose}: quota ${limit.limit}${asked}. ${raise}`;
  }
  return `Monthly ${unit} quota of ${whose} reached: ${limit.limit} ${unit} per calendar month (UTC), ${used} used${asked}. It resets at ${resets}. ${raise}`;
}
