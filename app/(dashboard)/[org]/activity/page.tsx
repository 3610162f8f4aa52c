import type { Metadata } from "next";
import { ActivityFilterForm } from "@/components/activity/activity-filter-form";
import { ActivityTable } from "@/components/activity/activity-table";
import { VerifyChainCard } from "@/components/activity/verify-chain-card";
import { Alert } from "@/components/ui/alert";
import { buttonVariants } from "@/components/ui/button";
import { activityFiltersSchema } from "@/lib/activity/activity-filters";
import { activityActors, listActivity } from "@/lib/activity/list-activity";
import { requireOrgPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { utcMinute } from "@/lib/format/time";
import { fieldErrorsOf } from "@/lib/schemas/form";
import { verifyChainAction } from "./actions";

export const metadata: Metadata = { title: "Activity" };

const FILTER_NAMES = ["from", "to", "actor", "action", "targetType", "q"] as const;

export default async function ActivityPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { org: slug } = await params;
  const { ctx } = await requireOrgPage(slug, "audit:read");
  const db = await getDb();
  const query = Object.fromEntries(Object.entries(await searchParams).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value]));
  const parsed = activityFiltersSchema.safeParse(query);
  const values = Object.fromEntries(FILTER_NAMES.map((name) => [name, query[name]]));
  const [page, actors] = await Promise.all([parsed.success ? listActivity(db, ctx, parsed.data).catch((error: Error) => error) : null, activityActors(db, ctx)]);
  const problems = parsed.success ? (page instanceof Error ? [page.message] : []) : Object.entries(fieldErrorsOf(parsed.error)).map(([field, messages]) => `${field}: ${messages[0]}`);
  const basePath = `/${ctx.org.slug}/activity`;
  const nextHref = page && !(page instanceof Error) && page.nextCursor ? `${basePath}?${new URLSearchParams({ ...definedOnly(values), cursor: page.nextCursor })}` : null;
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Activity</h1>
        <p className="text-sm text-muted-foreground">Every change people and admin API keys made to this org, newest first.</p>
      </div>
      <VerifyChainCard action={verifyChainAction} orgSlug={ctx.org.slug} />
      <ActivityFilterForm basePath={basePath} values={values} actors={actors} />
      {problems.length > 0 && <Alert variant="destructive">{problems.join(" ")}</Alert>}
      {page && !(page instanceof Error) && (
        <ActivityTable
          rows={page.entries.map((entry) => ({
            id: entry.id,
            at: utcMinute(entry.createdAt),
            action: entry.action,
            targetType: entry.targetType,
            summary: entry.summary,
            actor: entry.actor.label,
            details: entry.details === null ? null : JSON.stringify(entry.details, null, 2),
          }))}
        />
      )}
      {nextHref && (
        <div>
          <a href={nextHref} className={buttonVariants({ variant: "outline" })}>
            Older activity
          </a>
        </div>
      )}
    </div>
  );
}

function definedOnly(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => Boolean(entry[1])));
}
