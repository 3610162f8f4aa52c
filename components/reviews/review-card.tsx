import Link from "next/link";
import type { MemberOption } from "@/components/orgs/member-select";
import { ReplyForm } from "@/components/threads/reply-form";
import { ThreadList } from "@/components/threads/thread-list";
import { Badge } from "@/components/ui/badge";
import type { ReviewItem } from "@/lib/reviews/review-view";
import type { FormAction } from "@/lib/schemas/form";
import { REVIEW_STATUS_LABELS } from "@/lib/schemas/review";
import { AddToInvestigationForm } from "./add-to-investigation-form";
import { AssignReviewForm } from "./assign-review-form";
import { ReopenReviewForm } from "./reopen-review-form";
import { ResolveReviewForm } from "./resolve-review-form";

export type ReviewActions = {
  assign: FormAction;
  comment: FormAction;
  resolve: FormAction;
  reopen: FormAction;
  addToInvestigation: FormAction;
};

const STATUS_VARIANT = { open: "outline", confirmed: "destructive", false_positive: "secondary", escalated: "destructive" } as const;

/**
 * One flagged request in the queue: what was sent, which rules matched, the review's state and
 * thread; for people who may act (`write`), the forms to assign, comment, resolve or reopen, and
 * to tie it to an investigation.
 */
export function ReviewCard({
  item,
  orgSlug,
  write,
}: {
  item: ReviewItem;
  orgSlug: string;
  write?: { actions: ReviewActions; members: MemberOption[]; investigations: { id: string; title: string }[] };
}) {
  const base = `/${orgSlug}`;
  const policyLink = item.primaryRule ? `${base}/policy?rule=${encodeURIComponent(item.primaryRule)}` : `${base}/policy`;
  return (
    <article aria-label={`Flagged request ${item.publicRequestId}`} data-testid={`review-${item.publicRequestId}`} className="grid gap-3 rounded-lg border p-4">
      <div className="flex flex-wrap items-center gap-2">
        <Badge variant={STATUS_VARIANT[item.status]} data-testid="review-status">
          {REVIEW_STATUS_LABELS[item.status]}
        </Badge>
        <Link className="font-mono text-sm underline" href={`${base}/requests/${item.requestId}`}>
          {item.publicRequestId}
        </Link>
        <span className="text-sm text-muted-foreground">
          <time title={item.createdAt}>{item.age}</time> · key {item.key} · model {item.model}
        </span>
      </div>
      <div className="flex flex-wrap items-center gap-1 text-sm">
        <span className="text-muted-foreground">Rules matched:</span>
        {item.rules.length === 0 ? <span>none recorded</span> : item.rules.map((rule) => <Badge key={rule} variant="outline" className="font-mono">{rule}</Badge>)}
      </div>
      <p className="text-sm" data-testid="review-assignee">
        Assigned to {item.assignee ?? "nobody"}
      </p>
      {item.resolution && (
        <p className="text-sm" data-testid="review-resolution">
          {REVIEW_STATUS_LABELS[item.status]}
          {item.resolution.by ? ` by ${item.resolution.by}` : ""}
          {item.resolution.at ? ` on ${item.resolution.at}` : ""}
          {item.resolution.note ? <>: &ldquo;{item.resolution.note}&rdquo;</> : "."}
          {item.status === "false_positive" && (
            <>
              {" "}
              <Link className="underline" href={policyLink}>
                Adjust {item.primaryRule ? `rule ${item.primaryRule}` : "the policy"}
              </Link>
            </>
          )}
        </p>
      )}
      {item.investigations.length > 0 && (
        <p className="text-sm">
          In investigation{item.investigations.length > 1 ? "s" : ""}:{" "}
          {item.investigations.map((investigation, index) => (
            <span key={investigation.id}>
              {index > 0 && ", "}
              <Link className="underline" href={`${base}/investigations/${investigation.id}`}>
                {investigation.title}
              </Link>
            </span>
          ))}
        </p>
      )}
      <section aria-label="Comments" className="grid gap-2">
        <ThreadList label="Comments" entries={item.comments} empty="No comments yet." />
        {write && <ReplyForm action={write.actions.comment} hidden={{ orgSlug, requestId: item.requestId }} idPrefix={`comment-${item.requestId}`} label="Comment on review" fieldLabel="Comment" submitLabel="Comment" />}
      </section>
      {write && (
        <div className="grid items-start gap-3 border-t pt-3 md:grid-cols-2">
          <AssignReviewForm action={write.actions.assign} orgSlug={orgSlug} requestId={item.requestId} assigneeId={item.assigneeId} members={write.members} />
          {item.status === "open" ? (
            <div className="grid gap-1">
              <ResolveReviewForm action={write.actions.resolve} orgSlug={orgSlug} requestId={item.requestId} />
              <p className="text-xs text-muted-foreground">
                A false positive?{" "}
                <Link className="underline" href={policyLink}>
                  Adjust {item.primaryRule ? `rule ${item.primaryRule}` : "the policy"}
                </Link>{" "}
                so it stops flagging prompts like this.
              </p>
            </div>
          ) : (
            <ReopenReviewForm action={write.actions.reopen} orgSlug={orgSlug} requestId={item.requestId} />
          )}
          {write.investigations.length > 0 && <AddToInvestigationForm action={write.actions.addToInvestigation} orgSlug={orgSlug} requestId={item.requestId} investigations={write.investigations} />}
          <p className="self-end text-sm">
            <Link className="underline" href={`${base}/investigations?from=${encodeURIComponent(item.requestId)}`}>
              Start investigation
            </Link>
          </p>
        </div>
      )}
    </article>
  );
}
