import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readBillingConfig } from "@/lib/billing/billing-config";
import { DEFAULT_PLANS } from "@/lib/billing/plans";

const dir = mkdtempSync(path.join(tmpdir(), "plans-"));
function plansFile(content: unknown): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

const keys = { STRIPE_SECRET_KEY: "sk_test_123", STRIPE_WEBHOOK_SECRET: "whsec_abc" };

describe("readBillingConfig", () => {
  it("is off without a Stripe secret key: no plans, no limits", () => {
    expect(readBillingConfig({})).toBeNull();
    expect(readBillingConfig({ STRIPE_SECRET_KEY: "  ", STRIPE_WEBHOOK_SECRET: "whsec_abc" })).toBeNull();
  });

  it("needs the webhook secret once a key is set, and says where it belongs", () => {
    expect(() => readBillingConfig({ STRIPE_SECRET_KEY: "sk_test_123" })).toThrow(/STRIPE_WEBHOOK_SECRET is required .*\/api\/stripe\/webhook/);
  });

  it("ships the default plans, with price ids only from env", () => {
    const config = readBillingConfig({ ...keys, STRIPE_PRICE_TEAM: "price_team1" })!;
    expect(config.plans.free).toEqual({ ...DEFAULT_PLANS.free, priceId: null });
    expect(config.plans.team.priceId).toBe("price_team1");
    expect(config.plans.enterprise.priceId).toBeNull();
    expect(config.meters).toEqual({ requests: "gateway_requests", tokens: "gateway_tokens" });
    expect(config).toMatchObject({ graceDays: 7, meterIntervalMs: 60_000, meteredPriceIds: [], apiBase: null });
  });

  it("reads metered prices, meter names, grace, interval and an API base", () => {
    const config = readBillingConfig({
      ...keys,
      STRIPE_METERED_PRICES: "price_m1, price_m2,",
      STRIPE_METER_REQUESTS_EVENT: "reqs",
      STRIPE_METER_TOKENS_EVENT: "toks",
      BILLING_GRACE_DAYS: "3",
      BILLING_METER_INTERVAL_MS: "0",
      STRIPE_API_BASE: "http://127.0.0.1:12111",
    })!;
    expect(config).toMatchObject({ meteredPriceIds: ["price_m1", "price_m2"], meters: { requests: "reqs", tokens: "toks" }, graceDays: 3, meterIntervalMs: 0 });
    expect(config.apiBase?.port).toBe("12111");
  });

  it("refuses a grace period that is not a positive number", () => {
    expect(() => readBillingConfig({ ...keys, BILLING_GRACE_DAYS: "soon" })).toThrow('BILLING_GRACE_DAYS must be a positive number, got "soon".');
  });

  it("overrides any part of any plan from a plans file; env price ids win over the file's", () => {
    const file = plansFile({ plans: { free: { limits: { requestsPerMonth: 50, members: null } }, team: { label: "Business", priceId: "price_file", priceText: "$99" } } });
    const config = readBillingConfig({ ...keys, BILLING_PLANS_FILE: file, STRIPE_PRICE_TEAM: "price_env" })!;
    expect(config.plans.free.limits).toEqual({ ...DEFAULT_PLANS.free.limits, requestsPerMonth: 50, members: null });
    expect(config.plans.team).toMatchObject({ label: "Business", priceText: "$99", priceId: "price_env", limits: DEFAULT_PLANS.team.limits });
    expect(readBillingConfig({ ...keys, BILLING_PLANS_FILE: file })!.plans.team.priceId).toBe("price_file");
  });

  it("names the file and the fields of a plans file that is wrong", () => {
    const unreadable = plansFile("{ not json");
    expect(() => readBillingConfig({ ...keys, BILLING_PLANS_FILE: unreadable })).toThrow(`BILLING_PLANS_FILE ${unreadable} could not be read as JSON`);
    const wrong = plansFile({ plans: { gold: {}, team: { limits: { apiKeys: -1 }, priceId: "prod_123" } } });
    expect(() => readBillingConfig({ ...keys, BILLING_PLANS_FILE: wrong })).toThrow(/is not a valid plans file: .*plans\.team\.priceId: a Stripe price id \(price_…\).*plans\.team\.limits\.apiKeys/);
    expect(() => readBillingConfig({ ...keys, BILLING_PLANS_FILE: path.join(dir, "missing.json") })).toThrow(/could not be read as JSON: ENOENT/);
  });
});
