import { describe, expect, it } from "vitest";
import { formatResetDuration, limitHeaders } from "@/lib/limits/headers";
import { limitsFor } from "@/lib/limits/limit-plan";
import type { LimitState } from "@/lib/limits/reservation";
import { monthWindow } from "@/lib/limits/windows";

describe("formatResetDuration", () => {
  it.each([
    [0, "0ms"],
    [12, "12ms"],
    [999.6, "1s"],
    [1000, "1s"],
    [1500, "1.5s"],
    [59_996, "59.996s"],
    [60_000, "1m0s"],
    [360_000, "6m0s"],
    [3_723_000, "1h2m3s"],
    [-5, "0ms"],
  ])("writes %d ms as %s, in OpenAI's (Go's) notation", (ms, text) => {
    expect(formatResetDuration(ms)).toBe(text);
  });
});

describe("limitHeaders", () => {
  const state = (limit: LimitState["limit"], used: number, msBeforeReset: number): LimitState => ({ limit, used, requested: 1, held: 1, msBeforeReset, windowEndsAt: null });

  it("names the key's minute limits like OpenAI and the org's monthly quotas x-gateway-quota-*", () => {
    const [rpm, monthRequests, tpm, monthTokens] = limitsFor({
      key: { id: "k", requestsPerMinute: 60, tokensPerMinute: 1000 },
      org: { id: "o", monthlyRequestQuota: 5000, monthlyTokenQuota: 90_000 },
    });
    const headers = limitHeaders([state(rpm!, 3, 59_000), state(monthRequests!, 10, 3_600_000), state(tpm!, 1200, 1_500), state(monthTokens!, 10_000, 3_600_000)]);
    expect(headers).toEqual({
      "x-ratelimit-limit-requests": "60",
      "x-ratelimit-remaining-requests": "57",
      "x-ratelimit-reset-requests": "59s",
      "x-ratelimit-limit-tokens": "1000",
      "x-ratelimit-remaining-tokens": "0",
      "x-ratelimit-reset-tokens": "1.5s",
      "x-gateway-quota-limit-requests": "5000",
      "x-gateway-quota-remaining-requests": "4990",
      "x-gateway-quota-reset-requests": "1h0m0s",
      "x-gateway-quota-limit-tokens": "90000",
      "x-gateway-quota-remaining-tokens": "80000",
      "x-gateway-quota-reset-tokens": "1h0m0s",
    });
  });

  it("has only the limits that are set, and Retry-After only when given", () => {
    const [tpm] = limitsFor({ key: { id: "k", requestsPerMinute: null, tokensPerMinute: 100 }, org: { id: "o", monthlyRequestQuota: null, monthlyTokenQuota: null } });
    expect(Object.keys(limitHeaders([state(tpm!, 1, 1000)])).sort()).toEqual(["x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens"]);
    expect(limitHeaders([state(tpm!, 100, 1000)], 7)["retry-after"]).toBe("7");
    expect(limitHeaders([])).toEqual({});
  });
});

describe("limitsFor and monthWindow", () => {
  it("applies no limit that is null or absent", () => {
    expect(limitsFor({ org: { id: "o", monthlyRequestQuota: null, monthlyTokenQuota: null } })).toEqual([]);
    expect(limitsFor({ key: { id: "k", requestsPerMinute: null, tokensPerMinute: null }, org: { id: "o", monthlyRequestQuota: 3, monthlyTokenQuota: null } }).map((l) => l.counter)).toEqual([
      "org-requests-month",
    ]);
  });

  it("counts org quotas per calendar month in UTC, kept a day past the month's end", () => {
    const late = new Date("2026-12-31T23:59:30Z");
    const window = monthWindow(late);
    expect(window.id).toBe("2026-12");
    expect(window.resetsAt.toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(window.msToReset).toBe(30_000);
    expect(window.keepSeconds).toBe(30 + 24 * 3600);
    const [quota] = limitsFor({ org: { id: "org1", monthlyRequestQuota: 10, monthlyTokenQuota: null } }, late);
    expect(quota).toMatchObject({ subject: "org1:2026-12", scope: "org-month", limit: 10, resetsAt: window.resetsAt });
    expect(monthWindow(new Date("2027-01-01T00:00:00Z")).id).toBe("2027-01");
  });
});
