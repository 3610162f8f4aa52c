import { describe, expect, it } from "vitest";
import { bucketLabel, latencySummary, rulesSummary, trafficSummary } from "@/lib/analytics/chart-summaries";

const point = (bucket: string, requests: number, tokens: number) => ({ bucket, requests, tokens, blocked: 0, flagged: 0 });

describe("chart summaries", () => {
  it("labels hours and days in UTC", () => {
    expect(bucketLabel("2026-11-20T14:00:00.000Z", "hour")).toBe("14:00");
    expect(bucketLabel("2026-11-20T00:00:00.000Z", "day")).toBe("11-20");
  });

  it("sums traffic and names the busiest bucket", () => {
    const summary = trafficSummary([point("2026-11-19T00:00:00.000Z", 3, 1200), point("2026-11-20T00:00:00.000Z", 1, 5)], "day", "Last 7 days");
    expect(summary).toBe("4 requests and 1,205 tokens in the last 7 days; busiest day 11-19 UTC with 3 requests.");
  });

  it("names the rule that acted most often", () => {
    expect(rulesSummary([{ rule: "block-secrets", blocked: 2, flagged: 1 }, { rule: "flag-prompt-injection", blocked: 0, flagged: 1 }])).toBe(
      "2 rules blocked or flagged requests (2 blocks, 2 flags in all); most often block-secrets with 3 requests.",
    );
  });

  it("names the fastest median and the slowest tail", () => {
    const rows = [
      { provider: "A", requests: 10, p50: 55, p95: 95.5, p99: 99.1 },
      { provider: "B", requests: 1, p50: 500, p95: 500, p99: 500 },
    ];
    expect(latencySummary(rows)).toBe("2 providers served requests; lowest median A at 55 ms, highest p99 B at 500 ms.");
  });
});
