import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CreateInvestigationForm } from "@/components/investigations/create-investigation-form";
import { InvestigationList } from "@/components/investigations/investigation-list";
import { StatusFilter } from "@/components/investigations/status-filter";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/rbac";
import { requireOrgPage } from "@/lib/auth/session";
import { personName } from "@/lib/catalog/catalog-view";
import { getDb } from "@/lib/db/client";
import { utcMinute } from "@/lib/format/time";
import { listInvestigations } from "@/lib/investigations/list-investigations";
import { listMembers } from "@/lib/orgs/member-service";
import { findFlaggedRequest } from "@/lib/reviews/flagged-request";
import { investigationListFilterSchema } from "@/lib/schemas/investigation";
import { createInvestigationAction } from "./actions";

export const metadata: Metadata = { title: "Investigations" };

export default async function InvestigationsPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { org: slug } = await params;
  const { ctx } = await requireOrgPage(slug);
  if (!can(ctx.role, "review:read")) redirect(`/${ctx.org.slug}`);
  const query = await searchParams;
  const { status } = investigationListFilterSchema.parse({ status: query.status });
  const fromId = typeof query.from === "string" ? query.from : undefined;
  const db = await getDb();
  const canWrite = can(ctx.role, "review:write");
  const [investigations, members, from] = await Promise.all([
    listInvestigations(db, ctx, { status }),
    canWrite ? listMembers(db, ctx) : [],
    canWrite && fromId ? findFlaggedRequest(db, ctx, fromId) : null,
  ]);
  const rows = investigations.map((investigation) => ({
    id: investigation.id,
    title: investigation.title,
    status: investigation.status,
    owner: investigation.owner ? personName(investigation.owner) : null,
    updatedAt: utcMinute(investigation.updatedAt),
    items: investigation._count.items,
    notes: investigation._count.notes,
  }));
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Investigations</h1>
        <p className="text-sm text-muted-foreground">An incident in one place: the requests and reviews involved, notes, an owner and a status.</p>
      </div>
      {canWrite && (
        <Card>
          <CardHeader>
            <CardTitle>Start an investigation</CardTitle>
            <CardDescription>Add requests and reviews once it exists, or start one from a review in the queue.</CardDescription>
          </CardHeader>
          <CardContent>
            <CreateInvestigationForm
              action={createInvestigationAction}
              orgSlug={ctx.org.slug}
              members={members.map((member) => ({ id: member.user.id, name: personName(member.user) }))}
              defaultOwnerId={ctx.userId}
              from={from ? { requestId: from.id, publicRequestId: from.requestId, title: `Flagged request ${from.requestId}` } : undefined}
            />
          </CardContent>
        </Card>
      )}
      <Card>
        <CardHeader>
          <CardTitle>Investigations</CardTitle>
          <CardDescription>Latest change first.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <StatusFilter orgSlug={ctx.org.slug} current={status} />
          {rows.length === 0 ? <p className="text-sm text-muted-foreground">No investigations{status === "all" ? " yet" : " with this status"}.</p> : <InvestigationList orgSlug={ctx.org.slug} investigations={rows} />}
        </CardContent>
      </Card>
    </div>
  );
}
