import { planQuotas } from "@/lib/billing/plan-quotas";
import { limitStore } from "@/lib/limits/default-store";
import { limitHeaders } from "@/lib/limits/headers";
import { LimitExceededError } from "@/lib/limits/limit-exceeded";
import { limitExceededMessage } from "@/lib/limits/limit-message";
import { limitsFor } from "@/lib/limits/limit-plan";
import { type Reservation, reserve, unlimited } from "@/lib/limits/reservation";
import { type TokenEstimate, usedTokens } from "@/lib/limits/token-estimate";
import type { OrgSnapshot } from "./gateway-cache";
import { GatewayError } from "./gateway-error";
import type { Principal } from "./principal";
import type { RequestContext } from "./request-context";

/**
 * The quota stage: holds one request and its estimated tokens against the key's per-minute
 * limits and the org's monthly quotas, its own and its billing plan's (read from the cached key
 * and org snapshot, no database), and puts where the request stands into `ctx` for the response
 * headers. `monthlyQuotas: false` counts only the key's per-minute limits (MCP tool calls).
 * Over a limit it throws a 429 in OpenAI's shape: type `requests` or `tokens`, code
 * `rate_limit_exceeded` (key limits) or `quota_exceeded` (org quotas). Whoever gets the
 * reservation must settle or release it.
 */
export async function checkQuota(
  ctx: RequestContext,
  principal: Principal,
  org: OrgSnapshot["org"],
  estimate: TokenEstimate,
  options: { monthlyQuotas: boolean } = { monthlyQuotas: true },
): Promise<Reservation> {
  const key = principal.type === "api_key" ? principal.key : undefined;
  const limits = options.monthlyQuotas ? limitsFor({ key, org, plan: planQuotas(org) }) : limitsFor({ key, org: { ...org, monthlyRequestQuota: null, monthlyTokenQuota: null } });
  if (limits.length === 0) return unlimited(estimate);
  try {
    const reservation = await reserve(await limitStore(), limits, estimate);
    ctx.limitHeaders = limitHeaders(reservation.states);
    return reservation;
  } catch (error) {
    if (!(error instanceof LimitExceededError)) throw error;
    ctx.limitHeaders = limitHeaders(error.states, error.retryAfterSeconds);
    const code = error.refused.limit.scope === "org-month" ? "quota_exceeded" : "rate_limit_exceeded";
    throw new GatewayError(429, limitExceededMessage(error), error.refused.limit.unit, code);
  }
}

/** The provider answered: token counters take the real usage (estimated from the text when it gave none). */
export function settleQuota(quota: Reservation | undefined, usage: Parameters<typeof usedTokens>[0], answerText: Parameters<typeof usedTokens>[2] = ""): void {
  if (quota) void quota.settle(usedTokens(usage, quota.estimate, answerText));
}

/** The request never reached the provider (refused, invalid, failed): what it held goes back. */
export function releaseQuota(quota: Reservation | undefined): void {
  void quota?.release();
}
