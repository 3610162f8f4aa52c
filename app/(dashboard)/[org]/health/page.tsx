import type { Metadata } from "next";
import { duration } from "@/components/health/format";
import { RefreshButton } from "@/components/health/refresh-button";
import { TargetHealthTable } from "@/components/health/target-health-table";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requireOrgPage } from "@/lib/auth/session";
import { routingConfig } from "@/lib/routing/routing-config";
import { targetHealth } from "@/lib/routing/target-health";

export const metadata: Metadata = { title: "Health" };

export default async function HealthPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { ctx } = await requireOrgPage(slug, "route:read");
  const targets = await targetHealth(ctx);
  const now = new Date();
  const windowMs = routingConfig().healthWindowMs;
  // The process's start: the figures below cover the time since then.
  const startedAt = new Date(performance.timeOrigin);
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Provider health</h1>
        <p className="text-sm text-muted-foreground">Each target&apos;s recent latency, error rate and circuit breaker, as routes see them.</p>
      </div>
      <Card>
        <CardHeader>
          <div className="flex flex-wrap items-start justify-between gap-2">
            <div className="grid gap-1.5">
              <CardTitle>Targets ({targets.length})</CardTitle>
              <CardDescription data-testid="health-scope">
                These figures are this gateway instance&apos;s own observations since it started ({startedAt.toLocaleString()}). State is kept per
                instance, in memory: other instances see their own traffic, and a restart starts afresh. Latencies are moving averages; error rates
                cover the last {duration(windowMs)}.
              </CardDescription>
            </div>
            <div className="flex items-center gap-2 text-xs text-muted-foreground">
              <span>As of {now.toLocaleTimeString()}</span>
              <RefreshButton />
            </div>
          </div>
        </CardHeader>
        <CardContent>
          <TargetHealthTable targets={targets} windowMs={windowMs} now={now} />
        </CardContent>
      </Card>
    </div>
  );
}
