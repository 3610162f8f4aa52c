import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { RequestTable } from "@/components/requests/request-table";
import { SearchForm } from "@/components/requests/search-form";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { searchOptions } from "@/lib/audit/search-options";
import { InvalidCursorError } from "@/lib/audit/search/cursor";
import { filtersToParams, FILTER_PARAMS, parseFilters, parseLimit, readParams } from "@/lib/audit/search/filters";
import { prismaRunner, searchRequests } from "@/lib/audit/search/search";
import { requireOrgPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { utcMinute } from "@/lib/format/time";

export const metadata: Metadata = { title: "Requests" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function RequestsPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<SearchParams> }) {
  const { org: slug } = await params;
  const { ctx } = await requireOrgPage(slug, "audit:read");
  const query = await searchParams;
  const db = await getDb();
  const base = `/${ctx.org.slug}/requests`;
  const parsed = parseFilters(query);
  const limit = parseLimit(query);
  const errors = { ...(parsed.ok ? {} : parsed.fieldErrors), ...(limit.ok ? {} : limit.fieldErrors) };
  const cursor = readParams(query, ["cursor"]).cursor ?? null;
  let page: Awaited<ReturnType<typeof searchRequests>> | null = null;
  if (parsed.ok && limit.ok) {
    try {
      page = await searchRequests(prismaRunner(db), ctx.org.id, parsed.filters, { cursor, limit: limit.limit });
    } catch (error) {
      if (!(error instanceof InvalidCursorError)) throw error;
      errors.cursor = [error.message];
    }
  }
  const options = await searchOptions(db, ctx);
  const shared = parsed.ok ? filtersToParams(parsed.filters) : new URLSearchParams();
  if (limit.ok && query.limit) shared.set("limit", String(limit.limit));
  const withParams = (extra: Record<string, string>) => {
    const next = new URLSearchParams(shared);
    for (const [name, value] of Object.entries(extra)) next.set(name, value);
    return next.toString();
  };
  // The form submits every field, blank ones too; a valid search settles on its short canonical URL to share.
  if (parsed.ok && limit.ok && Object.values(query).some((value) => value === "" || Array.isArray(value))) {
    redirect(`${base}?${withParams(cursor ? { cursor } : {})}`);
  }
  const exportHref = (format: string) => `/api/orgs/${ctx.org.slug}/requests/export?${withParams({ format })}`;

  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Requests</h1>
        <p className="text-sm text-muted-foreground">Every request through the gateway, model requests and MCP tool calls, with its decision. Filters live in the address, so a search can be shared.</p>
      </div>
      <Card>
        <CardContent className="pt-6">
          <SearchForm action={base} values={readParams(query, [...FILTER_PARAMS, "limit"])} errors={errors} options={options} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader className="flex flex-row flex-wrap items-center justify-between gap-2">
          <div>
            <CardTitle>Results</CardTitle>
            <CardDescription>{cursor ? "A later page of this search." : "The first page of this search."}</CardDescription>
          </div>
          {page && (
            <div className="flex gap-2">
              <Button variant="outline" size="sm" asChild>
                <a href={exportHref("csv")} download>
                  Export CSV
                </a>
              </Button>
              <Button variant="outline" size="sm" asChild>
                <a href={exportHref("jsonl")} download>
                  Export JSON Lines
                </a>
              </Button>
            </div>
          )}
        </CardHeader>
        <CardContent className="grid gap-4">
          {errors.cursor && (
            <p role="alert" className="text-sm text-destructive">
              {errors.cursor.join(" ")}
            </p>
          )}
          {!page ? (
            <p className="text-sm text-muted-foreground">Correct the filters marked above to search.</p>
          ) : page.rows.length === 0 ? (
            <p className="text-sm text-muted-foreground">No requests match these filters.</p>
          ) : (
            <RequestTable
              orgSlug={ctx.org.slug}
              rows={page.rows.map((row) => ({
                requestId: row.requestId,
                time: utcMinute(row.createdAt),
                caller: row.apiKeyName ?? row.userEmail ?? "—",
                requestedModel: row.requestedModel,
                servedModel: row.servedModel,
                provider: row.providerName,
                decision: row.decision,
                rules: row.matchedRules,
                status: row.status,
                outcome: row.outcome,
                latencyMs: row.latencyMs,
                totalTokens: row.totalTokens,
                toolName: row.toolName,
              }))}
            />
          )}
          <nav aria-label="Pages" className="flex gap-2">
            {cursor && (
              <Button variant="outline" size="sm" asChild>
                <Link href={`${base}?${withParams({})}`}>First page</Link>
              </Button>
            )}
            {page?.nextCursor && (
              <Button variant="outline" size="sm" asChild>
                <Link href={`${base}?${withParams({ cursor: page.nextCursor })}`}>Next page</Link>
              </Button>
            )}
          </nav>
        </CardContent>
      </Card>
    </div>
  );
}
