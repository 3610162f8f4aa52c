import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { type ReviewActions, ReviewCard } from "@/components/reviews/review-card";
import { ReviewFilters } from "@/components/reviews/review-filters";
import { ToolCallApprovals } from "@/components/reviews/tool-call-approvals";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { personName } from "@/lib/catalog/catalog-view";
import { can } from "@/lib/auth/rbac";
import { requireOrgPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { age } from "@/lib/format/time";
import { activeInvestigations } from "@/lib/investigations/list-investigations";
import { listMembers } from "@/lib/orgs/member-service";
import { flaggedRuleIds, keyNamesFor, listReviewQueue, QUEUE_PAGE_SIZE } from "@/lib/reviews/review-queue";
import { toReviewItem } from "@/lib/reviews/review-view";
import { toolCallApprovalsForQueue } from "@/lib/reviews/tool-call-approvals";
import { REVIEW_STATUS_LABELS, reviewQueueFilterSchema } from "@/lib/schemas/review";
import { addToInvestigationAction, assignReviewAction, commentReviewAction, decideToolCallAction, reopenReviewAction, resolveReviewAction } from "./actions";

export const metadata: Metadata = { title: "Reviews" };

const actions: ReviewActions = {
  assign: assignReviewAction,
  comment: commentReviewAction,
  resolve: resolveReviewAction,
  reopen: reopenReviewAction,
  addToInvestigation: addToInvestigationAction,
};

export default async function ReviewsPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { org: slug } = await params;
  const { ctx } = await requireOrgPage(slug);
  // Members have no queue to read; the overview is their home.
  if (!can(ctx.role, "review:read")) redirect(`/${ctx.org.slug}`);
  const query = await searchParams;
  const filter = reviewQueueFilterSchema.parse({
    status: first(query.status),
    assignee: first(query.assignee) || undefined,
    rule: first(query.rule) || undefined,
    order: first(query.order),
  });
  const db = await getDb();
  const canWrite = can(ctx.role, "review:write");
  const now = new Date();
  const [rows, members, rules, investigations, toolCalls] = await Promise.all([
    listReviewQueue(db, ctx, filter),
    listMembers(db, ctx),
    flaggedRuleIds(db, ctx),
    canWrite ? activeInvestigations(db, ctx) : [],
    toolCallApprovalsForQueue(db, ctx, (date) => age(date, now)),
  ]);
  const keyNames = await keyNamesFor(db, ctx, rows);
  const items = rows.map((row) => toReviewItem(row, keyNames, (date) => age(date, now)));
  const memberOptions = members.map((member) => ({ id: member.user.id, name: personName(member.user) }));
  const heading = filter.status === "all" ? "All flagged requests" : REVIEW_STATUS_LABELS[filter.status];
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Reviews</h1>
        <p className="text-sm text-muted-foreground">
          Tool calls held until an operator approves them, and requests the policy let through but flagged for an operator. Give each flagged request a verdict:
          confirmed, false positive or escalated.
          {!canWrite && " You can read the queue; owners and admins act on it."}
        </p>
      </div>
      <ToolCallApprovals waiting={toolCalls.waiting} recent={toolCalls.recent} orgSlug={ctx.org.slug} decide={canWrite ? decideToolCallAction : undefined} />
      <ReviewFilters filter={filter} members={memberOptions} rules={rules} />
      <Card>
        <CardHeader>
          <CardTitle>
            {heading} ({items.length === QUEUE_PAGE_SIZE ? `first ${QUEUE_PAGE_SIZE}` : items.length})
          </CardTitle>
          <CardDescription>{filter.order === "oldest" ? "Oldest first." : "Newest first."}</CardDescription>
        </CardHeader>
        <CardContent>
          {items.length === 0 ? (
            <p className="text-sm text-muted-foreground">{filter.status === "open" ? "Nothing is waiting for a verdict." : "No flagged requests match these filters."}</p>
          ) : (
            <ul className="grid gap-3">
              {items.map((item) => (
                <li key={item.requestId}>
                  <ReviewCard item={item} orgSlug={ctx.org.slug} write={canWrite ? { actions, members: memberOptions, investigations } : undefined} />
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
