import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { AddRequestForm } from "@/components/investigations/add-request-form";
import { InvestigationItems } from "@/components/investigations/investigation-items";
import { InvestigationSettingsForm } from "@/components/investigations/investigation-settings-form";
import { ReplyForm } from "@/components/threads/reply-form";
import { ThreadList } from "@/components/threads/thread-list";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/rbac";
import { requireOrgPage } from "@/lib/auth/session";
import { personName } from "@/lib/catalog/catalog-view";
import { getDb } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { utcMinute } from "@/lib/format/time";
import { investigationDetail } from "@/lib/investigations/investigation-detail";
import { toItemViews, toNoteViews } from "@/lib/investigations/investigation-view";
import { listMembers } from "@/lib/orgs/member-service";
import { INVESTIGATION_STATUS_LABELS } from "@/lib/schemas/investigation";
import { addNoteAction, addRequestItemAction, updateInvestigationAction } from "../actions";

export const metadata: Metadata = { title: "Investigation" };

export default async function InvestigationPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org: slug, id } = await params;
  const { ctx } = await requireOrgPage(slug);
  if (!can(ctx.role, "review:read")) redirect(`/${ctx.org.slug}`);
  const db = await getDb();
  const canWrite = can(ctx.role, "review:write");
  const detail = await investigationDetail(db, ctx, id).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const members = canWrite ? await listMembers(db, ctx) : [];
  const hidden = { orgSlug: ctx.org.slug, investigationId: detail.id };
  return (
    <div className="grid gap-6">
      <div className="grid gap-1">
        <Link className="text-sm text-muted-foreground underline" href={`/${ctx.org.slug}/investigations`}>
          All investigations
        </Link>
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-semibold">{detail.title}</h1>
          <Badge variant="outline" data-testid="investigation-status">
            {INVESTIGATION_STATUS_LABELS[detail.status]}
          </Badge>
        </div>
        <p className="text-sm text-muted-foreground" data-testid="investigation-owner">
          Owner {detail.owner ? personName(detail.owner) : "nobody"} · opened {utcMinute(detail.createdAt)} · updated {utcMinute(detail.updatedAt)}
        </p>
        {detail.summary && <p className="whitespace-pre-wrap text-sm">{detail.summary}</p>}
      </div>
      {canWrite && (
        <InvestigationSettingsForm
          action={updateInvestigationAction}
          orgSlug={ctx.org.slug}
          investigationId={detail.id}
          status={detail.status}
          ownerId={detail.owner?.id ?? null}
          members={members.map((member) => ({ id: member.user.id, name: personName(member.user) }))}
        />
      )}
      <Card>
        <CardHeader>
          <CardTitle>Requests and reviews ({detail.items.length})</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          <InvestigationItems orgSlug={ctx.org.slug} items={toItemViews(detail)} />
          {canWrite && <AddRequestForm action={addRequestItemAction} orgSlug={ctx.org.slug} investigationId={detail.id} />}
          {canWrite && (
            <p className="text-xs text-muted-foreground">
              To add a review, use &ldquo;Add to investigation&rdquo; on it in the <Link className="underline" href={`/${ctx.org.slug}/reviews?status=all`}>review queue</Link>.
            </p>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Notes ({detail.notes.length})</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          <ThreadList label="Notes" entries={toNoteViews(detail)} empty="No notes yet." />
          {canWrite && <ReplyForm action={addNoteAction} hidden={hidden} idPrefix="note" label="Add a note" fieldLabel="Note" submitLabel="Add note" />}
        </CardContent>
      </Card>
    </div>
  );
}
