/**
 * The overview's aggregates on known rows: requests and tokens per bucket (empty buckets zero),
 * blocked and flagged requests by rule (monitor marks left out), latency percentiles by provider,
 * the period's lower bound, another org's rows never counted, and members kept out.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { orgAnalytics } from "@/lib/analytics/org-analytics";
import { getDb } from "@/lib/db/client";
import { ForbiddenError } from "@/lib/errors";
import type { OrgContext } from "@/lib/orgs/org-access";
import { insertRequestRow } from "../fixtures/audit-rows";
import { memberOf, signedUpOwner } from "./factories";

// A fixed clock keeps bucket boundaries away from the test's own run time.
const NOW = new Date("2026-11-20T12:30:00Z");
const at = (iso: string) => new Date(iso);

let owner: OrgContext;
let auditor: OrgContext;
let member: OrgContext;

beforeAll(async () => {
  owner = (await signedUpOwner("analytics")).ctx;
  auditor = (await memberOf(owner, "auditor")).ctx;
  member = (await memberOf(owner, "member")).ctx;
  const other = (await signedUpOwner("analytics-other")).ctx;
  const org = owner.org.id;
  // Latencies 10..100 on provider A (10 rows), 500 on B (2 rows).
  for (let index = 1; index <= 10; index++) {
    await insertRequestRow(org, { providerName: "A", latencyMs: index * 10, totalTokens: 5, createdAt: at(`2026-11-20T11:${String(index).padStart(2, "0")}:00Z`) });
  }
  await insertRequestRow(org, { providerName: "B", latencyMs: 500, totalTokens: 100, createdAt: at("2026-11-20T12:05:00Z") });
  await insertRequestRow(org, { providerName: "B", latencyMs: 500, totalTokens: null, createdAt: at("2026-11-19T20:00:00Z") });
  await insertRequestRow(org, { providerName: null, decision: "block", matchedRules: ["block-secrets", "monitor:flag-x"], latencyMs: 3, createdAt: at("2026-11-20T12:10:00Z") });
  await insertRequestRow(org, { decision: "flag", matchedRules: ["flag-prompt-injection"], createdAt: at("2026-11-20T12:11:00Z") });
  await insertRequestRow(org, { decision: "flag", matchedRules: ["flag-prompt-injection", "block-secrets"], createdAt: at("2026-11-18T09:00:00Z") });
  // Outside 24 h but inside 7 d: a blocked request 3 days back; outside 30 d: ignored everywhere.
  await insertRequestRow(org, { decision: "block", matchedRules: ["block-secrets"], providerName: null, createdAt: at("2026-11-17T08:00:00Z") });
  await insertRequestRow(org, { decision: "block", matchedRules: ["block-secrets"], createdAt: at("2026-09-01T08:00:00Z") });
  // Another org's traffic in the same hour.
  await insertRequestRow(other.org.id, { decision: "block", matchedRules: ["block-secrets"], providerName: "A", latencyMs: 9999, createdAt: at("2026-11-20T12:00:00Z") });
});

describe("overview aggregates", () => {
  it("buckets requests and tokens by hour over 24 hours, zero where nothing happened", async () => {
    const result = await orgAnalytics(await getDb(), owner, "24h", NOW);
    expect(result.traffic).toHaveLength(24);
    expect(result.traffic[0]!.bucket).toBe("2026-11-19T13:00:00.000Z");
    expect(result.traffic.at(-1)).toEqual({ bucket: "2026-11-20T12:00:00.000Z", requests: 3, tokens: 100, blocked: 1, flagged: 1 });
    expect(result.traffic.at(-2)).toEqual({ bucket: "2026-11-20T11:00:00.000Z", requests: 10, tokens: 50, blocked: 0, flagged: 0 });
    expect(result.traffic.find((point) => point.bucket === "2026-11-19T20:00:00.000Z")).toMatchObject({ requests: 1, tokens: 0 });
    expect(result.traffic.filter((point) => point.requests === 0)).toHaveLength(21);
    expect(result.totals).toEqual({ requests: 14, tokens: 150, blocked: 1, flagged: 1 });
  });

  it("counts blocked and flagged requests by rule, leaving monitor marks out", async () => {
    const day = await orgAnalytics(await getDb(), owner, "24h", NOW);
    expect(day.rules).toEqual([
      { rule: "block-secrets", blocked: 1, flagged: 0 },
      { rule: "flag-prompt-injection", blocked: 0, flagged: 1 },
    ]);
    const week = await orgAnalytics(await getDb(), owner, "7d", NOW);
    expect(week.rules).toEqual([
      { rule: "block-secrets", blocked: 2, flagged: 1 },
      { rule: "flag-prompt-injection", blocked: 0, flagged: 2 },
    ]);
    expect(week.traffic).toHaveLength(7);
    expect(week.traffic[0]!.bucket).toBe("2026-11-14T00:00:00.000Z");
    expect(week.totals).toEqual({ requests: 16, tokens: 150, blocked: 2, flagged: 2 });
    const month = await orgAnalytics(await getDb(), owner, "30d", NOW);
    expect(month.traffic).toHaveLength(30);
    expect(month.totals.requests).toBe(16); // the row of September is out
  });

  it("gives p50, p95 and p99 latency per provider that served, busiest first", async () => {
    const { latency } = await orgAnalytics(await getDb(), owner, "24h", NOW);
    // percentile_cont interpolates over 10..100; the flagged row is provider "Mock" at 100 ms.
    expect(latency).toEqual([
      { provider: "A", requests: 10, p50: 55, p95: 95.5, p99: 99.1 },
      { provider: "B", requests: 2, p50: 500, p95: 500, p99: 500 },
      { provider: "Mock", requests: 1, p50: 100, p95: 100, p99: 100 },
    ]);
  });

  it("is for those who read the audit trail", async () => {
    await expect(orgAnalytics(await getDb(), auditor, "7d", NOW)).resolves.toMatchObject({ period: { key: "7d", bucket: "day" } });
    await expect(orgAnalytics(await getDb(), member, "7d", NOW)).rejects.toThrow(ForbiddenError);
  });
});
