import { bucketLabel, latencySummary, rulesSummary, trafficSummary } from "@/lib/analytics/chart-summaries";
import type { OrgAnalytics } from "@/lib/analytics/org-analytics";
import { ChartFigure } from "./chart-figure";
import { LatencyChart } from "./latency-chart";
import { RulesChart } from "./rules-chart";
import { TrafficChart } from "./traffic-chart";

/** The three charts of the overview for one period, each with its empty state. */
export function OverviewCharts({ analytics }: { analytics: OrgAnalytics }) {
  const { period, totals, traffic, rules, latency } = analytics;
  const points = traffic.map((point) => ({ label: bucketLabel(point.bucket, period.bucket), requests: point.requests, tokens: point.tokens }));
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <div className="lg:col-span-2">
        <ChartFigure
          id="traffic"
          title="Requests and tokens"
          summary={totals.requests > 0 ? trafficSummary(traffic, period.bucket, period.label) : ""}
          empty={totals.requests === 0 ? `No requests in the ${period.label.toLowerCase()}.` : undefined}
          table={{ caption: `Requests and tokens per ${period.bucket} (UTC)`, columns: [period.bucket === "hour" ? "Hour" : "Day", "Requests", "Tokens"], rows: points.map((point) => [point.label, point.requests, point.tokens]) }}
        >
          <TrafficChart points={points} />
        </ChartFigure>
      </div>
      <ChartFigure
        id="rules"
        title="Blocked and flagged requests by rule"
        summary={rules.length > 0 ? rulesSummary(rules) : ""}
        empty={rules.length === 0 ? "No rule blocked or flagged a request in this period." : undefined}
        table={{ caption: "Requests per rule", columns: ["Rule", "Blocked", "Flagged"], rows: rules.map((rule) => [rule.rule, rule.blocked, rule.flagged]) }}
      >
        <RulesChart rows={rules} />
      </ChartFigure>
      <ChartFigure
        id="latency"
        title="Latency percentiles by provider"
        summary={latency.length > 0 ? latencySummary(latency) : ""}
        empty={latency.length === 0 ? "No provider served a request in this period." : undefined}
        table={{ caption: "Latency in milliseconds", columns: ["Provider", "Requests", "p50", "p95", "p99"], rows: latency.map((row) => [row.provider, row.requests, row.p50, row.p95, row.p99]) }}
      >
        <LatencyChart rows={latency} />
      </ChartFigure>
    </div>
  );
}
