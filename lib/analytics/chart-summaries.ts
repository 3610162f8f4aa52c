import type { ProviderLatency } from "./latency-by-provider";
import type { Bucket } from "./period";
import type { RuleCount } from "./rule-counts";
import type { TrafficPoint } from "./traffic-over-time";

/**
 * One sentence per chart saying what it shows, for everyone who does not read the plot: screen
 * reader users first, and anyone skimming. Pure, so the words are tested.
 */

const count = (value: number, one: string, many = `${one}s`) => `${value.toLocaleString("en-US")} ${value === 1 ? one : many}`;

/** "14:00" for hours, "11-20" for days, in UTC like every time on the dashboard. */
export function bucketLabel(iso: string, bucket: Bucket): string {
  return bucket === "hour" ? `${iso.slice(11, 16)}` : iso.slice(5, 10);
}

export function trafficSummary(points: TrafficPoint[], bucket: Bucket, periodLabel: string): string {
  const requests = points.reduce((total, point) => total + point.requests, 0);
  const tokens = points.reduce((total, point) => total + point.tokens, 0);
  const busiest = points.reduce((best, point) => (point.requests > best.requests ? point : best), points[0]!);
  return `${count(requests, "request")} and ${count(tokens, "token")} in the ${periodLabel.toLowerCase()}; busiest ${bucket} ${bucketLabel(busiest.bucket, bucket)} UTC with ${count(busiest.requests, "request")}.`;
}

export function rulesSummary(rules: RuleCount[]): string {
  const top = rules[0]!;
  const blocked = rules.reduce((total, rule) => total + rule.blocked, 0);
  const flagged = rules.reduce((total, rule) => total + rule.flagged, 0);
  return `${count(rules.length, "rule")} blocked or flagged requests (${count(blocked, "block")}, ${count(flagged, "flag")} in all); most often ${top.rule} with ${count(top.blocked + top.flagged, "request")}.`;
}

export function latencySummary(rows: ProviderLatency[]): string {
  const fastest = rows.reduce((best, row) => (row.p50 < best.p50 ? row : best), rows[0]!);
  const slowest = rows.reduce((worst, row) => (row.p99 > worst.p99 ? row : worst), rows[0]!);
  return `${count(rows.length, "provider")} served requests; lowest median ${fastest.provider} at ${fastest.p50} ms, highest p99 ${slowest.provider} at ${slowest.p99} ms.`;
}
