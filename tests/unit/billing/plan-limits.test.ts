import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetBillingConfig } from "@/lib/billing/billing-config";
import { billingBanner, type BillingOverview } from "@/lib/billing/billing-usage";
import { effectivePlan, tighter } from "@/lib/billing/org-plan";
import { planQuotas } from "@/lib/billing/plan-quotas";
import { DEFAULT_PLANS } from "@/lib/billing/plans";
import { LimitExceededError } from "@/lib/limits/limit-exceeded";
import { limitExceededMessage } from "@/lib/limits/limit-message";
import { limitsFor } from "@/lib/limits/limit-plan";

const now = new Date("2026-11-24T12:00:00Z");
const later = new Date("2026-11-30T00:00:00Z");
const earlier = new Date("2026-11-20T00:00:00Z");

beforeEach(() => {
  process.env.STRIPE_SECRET_KEY = "sk_test_unit";
  process.env.STRIPE_WEBHOOK_SECRET = "whsec_unit";
  process.env.APP_URL = "https://gateway.example.com";
  resetBillingConfig();
});

afterEach(() => {
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  delete process.env.APP_URL;
  resetBillingConfig();
});

describe("effectivePlan", () => {
  it("is null when billing is off: self-hosters have no plan limits", () => {
    delete process.env.STRIPE_SECRET_KEY;
    resetBillingConfig();
    expect(effectivePlan({ plan: "free", billingStatus: "none", graceEndsAt: null }, now)).toBeNull();
    expect(planQuotas({ slug: "acme", billing: { plan: "free", billingStatus: "none", graceEndsAt: null } }, now)).toBeNull();
  });

  it("keeps a paid plan while its subscription is active or trialing", () => {
    expect(effectivePlan({ plan: "team", billingStatus: "active", graceEndsAt: null }, now)).toMatchObject({ name: "team", lapsedFrom: null, graceEndsAt: null });
    expect(effectivePlan({ plan: "enterprise", billingStatus: "trialing", graceEndsAt: null }, now)).toMatchObject({ name: "enterprise", lapsedFrom: null });
  });

  it("keeps a paid plan through the grace period of a failed payment, then falls to free", () => {
    expect(effectivePlan({ plan: "team", billingStatus: "past_due", graceEndsAt: later }, now)).toMatchObject({ name: "team", graceEndsAt: later, lapsedFrom: null });
    expect(effectivePlan({ plan: "team", billingStatus: "past_due", graceEndsAt: earlier }, now)).toMatchObject({ name: "free", lapsedFrom: "team", graceEndsAt: null });
  });

  it("applies the free plan to a paid plan that is unpaid, cancelled or never completed", () => {
    for (const billingStatus of ["unpaid", "canceled", "incomplete", "none"] as const) {
      expect(effectivePlan({ plan: "team", billingStatus, graceEndsAt: null }, now)).toMatchObject({ name: "free", lapsedFrom: "team", limits: DEFAULT_PLANS.free.limits });
    }
  });
});

describe("monthly quotas with a plan", () => {
  const org = { id: "org1", monthlyRequestQuota: null, monthlyTokenQuota: null };
  // Called inside each test: billing is configured by beforeEach.
  const freePlan = () => planQuotas({ slug: "acme", billing: { plan: "free", billingStatus: "none", graceEndsAt: null } }, now)!;

  it("take the plan's quotas, pointing at the billing page", () => {
    const free = freePlan();
    expect(free).toEqual({ label: "Free", orgSlug: "acme", requestsPerMonth: 10_000, tokensPerMonth: 2_000_000 });
    const [requests, tokens] = limitsFor({ org, plan: free }, now);
    expect(requests).toMatchObject({ counter: "org-requests-month", limit: 10_000, plan: { label: "Free" } });
    expect(tokens).toMatchObject({ counter: "org-tokens-month", limit: 2_000_000, plan: { label: "Free" } });
  });

  it("let an org set a tighter quota of its own, which then is the one refused", () => {
    const [requests, tokens] = limitsFor({ org: { ...org, monthlyRequestQuota: 500, monthlyTokenQuota: 9_000_000 }, plan: freePlan() }, now);
    expect(requests).toMatchObject({ limit: 500 });
    expect(requests!.plan).toBeUndefined();
    expect(tokens).toMatchObject({ limit: 2_000_000, plan: { label: "Free" } });
  });

  it("have none on an unlimited plan, and none without billing", () => {
    const enterprise = planQuotas({ slug: "acme", billing: { plan: "enterprise", billingStatus: "active", graceEndsAt: null } }, now);
    expect(limitsFor({ org, plan: enterprise }, now)).toEqual([]);
    expect(limitsFor({ org, plan: null }, now)).toEqual([]);
  });

  it("say in the 429 which plan's quota was reached and where to upgrade", () => {
    const [requests] = limitsFor({ org, plan: freePlan() }, now);
    const error = new LimitExceededError(
      { limit: requests!, used: 10_000, requested: 1, held: 0, msBeforeReset: 1000, windowEndsAt: null, refusal: "exhausted" },
      [],
      1,
    );
    expect(limitExceededMessage(error)).toBe(
      "Monthly requests quota of the Free plan of this org reached: 10000 requests per calendar month (UTC), 10000 used. It resets at 2026-12-01T00:00:00.000Z. To raise it, an org owner upgrades the plan on the Billing page of the dashboard, https://gateway.example.com/acme/billing.",
    );
  });
});

describe("billingBanner", () => {
  const overview = (plan: Partial<BillingOverview["plan"]>, requests: number, tokens = 0): BillingOverview => ({
    plan: { ...DEFAULT_PLANS.free, priceId: null, lapsedFrom: null, graceEndsAt: null, ...plan },
    usage: [
      { key: "requests", label: "Requests this month", used: requests, limit: 100 },
      { key: "tokens", label: "Tokens this month", used: tokens, limit: 1000 },
      { key: "apiKeys", label: "Live API keys", used: 3, limit: 3 },
    ],
    resetsAt: new Date("2026-12-01T00:00:00Z"),
    retentionDays: 7,
  });

  it("is quiet below 80% of every monthly quota (a full count of keys is not a banner)", () => {
    expect(billingBanner(overview({}, 79, 799))).toBeNull();
  });

  it("warns from 80%, and says when a quota is used up", () => {
    expect(billingBanner(overview({}, 80))).toMatchObject({ kind: "near", line: { key: "requests", used: 80 } });
    expect(billingBanner(overview({}, 10, 1000))).toMatchObject({ kind: "reached", line: { key: "tokens" } });
    expect(billingBanner(overview({}, 100, 900))).toMatchObject({ kind: "reached", line: { key: "requests" } });
  });

  it("puts a failed payment's grace period, then a lapsed plan, before usage", () => {
    expect(billingBanner(overview({ label: "Team", graceEndsAt: later }, 100))).toEqual({ kind: "grace", graceEndsAt: later, planLabel: "Team" });
    expect(billingBanner(overview({ lapsedFrom: "team" }, 100))).toEqual({ kind: "lapsed", planLabel: "Free", lapsedFromLabel: "Team" });
  });
});

describe("tighter", () => {
  it("treats null as no limit", () => {
    expect([tighter(null, null), tighter(5, null), tighter(null, 7), tighter(5, 7), tighter(9, 7)]).toEqual([null, 5, 7, 5, 7]);
  });
});
