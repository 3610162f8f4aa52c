import type { Metadata } from "next";
import Link from "next/link";
import { OverviewCharts } from "@/components/overview/overview-charts";
import { PeriodPicker } from "@/components/overview/period-picker";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { orgAnalytics } from "@/lib/analytics/org-analytics";
import { PERIODS, parsePeriod } from "@/lib/analytics/period";
import { can, ROLE_LABELS } from "@/lib/auth/rbac";
import { requireOrgPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { orgOverview } from "@/lib/orgs/org-service";

export const metadata: Metadata = { title: "Overview" };

export default async function OrgOverviewPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<{ period?: string | string[] }> }) {
  const { org: slug } = await params;
  const { ctx } = await requireOrgPage(slug);
  const period = parsePeriod((await searchParams).period);
  const db = await getDb();
  // Traffic by rule and key is audit data: members see the setup cards only.
  const [overview, analytics] = await Promise.all([orgOverview(db, ctx), can(ctx.role, "audit:read") ? orgAnalytics(db, ctx, period) : null]);
  const base = `/${ctx.org.slug}`;
  const link = (href: string, label: string) => (
    <Link className="text-foreground underline" href={href}>
      {label}
    </Link>
  );
  const steps = [
    { done: overview.memberCount > 1, text: "Invite the people who will run the gateway: admins, members and auditors.", href: `${base}/members`, label: "Invite people" },
    { done: overview.providerCount > 0, text: "Connect a model provider: OpenAI, Anthropic, Gemini, Azure, or a local model.", href: `${base}/providers`, label: "Add a provider", permission: "provider:read" as const },
    { done: overview.modelCount > 0, text: "Publish the models your apps may call.", href: `${base}/models`, label: "Publish models", permission: "model:read" as const },
    { done: overview.keyCount > 0, text: "Issue an API key per app and point its OpenAI SDK at the gateway.", href: `${base}/keys`, label: "Create a key", permission: "key:read" as const },
  ];
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">{ctx.org.name}</h1>
        <p className="text-sm text-muted-foreground">You are {ROLE_LABELS[ctx.role].toLowerCase()} of this org.</p>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <Card>
          <CardHeader>
            <CardDescription>Members</CardDescription>
            <CardTitle className="text-3xl">{overview.memberCount}</CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            {overview.pendingInviteCount > 0 ? `${overview.pendingInviteCount} invite(s) waiting to be accepted.` : "No pending invites."}{" "}
            {link(`${base}/members`, can(ctx.role, "member:invite") ? "Invite your team" : "See who is here")}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>Models published</CardDescription>
            <CardTitle className="text-3xl">{overview.modelCount}</CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            From {overview.providerCount} provider(s), used by {overview.keyCount} active API key(s).
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>Gateway requests, last 30 days</CardDescription>
            <CardTitle className="text-3xl">{overview.requestCount}</CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            {overview.requestCount === 0
              ? "No traffic yet. Requests your apps send through the gateway are recorded here with their decision."
              : "Every request is recorded with the provider that served it and the policy decision."}
          </CardContent>
        </Card>
      </div>
      {analytics && (
        <section aria-labelledby="traffic-heading" className="grid gap-4">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 id="traffic-heading" className="text-lg font-semibold">
              Traffic, {analytics.period.label.toLowerCase()}
            </h2>
            <PeriodPicker orgSlug={ctx.org.slug} current={period} periods={Object.entries(PERIODS).map(([key, value]) => ({ key, label: value.label }))} />
          </div>
          <div className="grid gap-4 sm:grid-cols-4">
            {[
              { label: "Requests", value: analytics.totals.requests },
              { label: "Tokens", value: analytics.totals.tokens },
              { label: "Blocked", value: analytics.totals.blocked },
              { label: "Flagged", value: analytics.totals.flagged },
            ].map(({ label, value }) => (
              <Card key={label}>
                <CardHeader className="pb-6">
                  <CardDescription>{label}</CardDescription>
                  <CardTitle className="text-2xl" data-testid={`total-${label.toLowerCase()}`}>
                    {value.toLocaleString("en-US")}
                  </CardTitle>
                </CardHeader>
              </Card>
            ))}
          </div>
          <OverviewCharts analytics={analytics} />
        </section>
      )}
      <Card>
        <CardHeader>
          <CardTitle>What comes next</CardTitle>
          <CardDescription>Setting up a governed gateway for {ctx.org.name}</CardDescription>
        </CardHeader>
        <CardContent>
          <ol className="grid list-decimal gap-2 pl-5 text-sm">
            {steps.map((step) => (
              <li key={step.label} className={step.done ? "text-muted-foreground line-through" : undefined}>
                {step.text} {(!step.permission || can(ctx.role, step.permission)) && link(step.href, step.label)}
              </li>
            ))}
          </ol>
        </CardContent>
      </Card>
    </div>
  );
}
