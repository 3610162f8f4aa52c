import { Badge } from "@/components/ui/badge";
import type { RequestItem } from "@/lib/catalog/access-request-view";
import type { ScopeOptions } from "@/lib/catalog/catalog-view";
import type { FormAction } from "@/lib/schemas/form";
import { RequestDecisionForm } from "./request-decision-form";

const STATUS_VARIANT = { pending: "outline", approved: "default", denied: "destructive" } as const;

/** Access requests, each with who asked, why, for which keys and when, and the decision if any. */
export function RequestList({
  requests,
  decide,
}: {
  requests: RequestItem[];
  /** Given to people who may decide: the form for each pending request. */
  decide?: { action: FormAction; orgSlug: string; options: ScopeOptions };
}) {
  return (
    <ul className="grid gap-3">
      {requests.map((request) => (
        <li key={request.id}>
          <article aria-label={`Request for ${request.modelName} by ${request.requester}`} data-testid={`request-${request.id}`} className="grid gap-3 rounded-lg border p-4">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-mono font-medium">{request.modelName}</span>
              <Badge variant={STATUS_VARIANT[request.status]}>{request.status}</Badge>
              <span className="text-sm text-muted-foreground">
                asked by {request.requester} for {request.scopeText}, <time title={request.createdAt}>{request.age}</time>
              </span>
            </div>
            <blockquote className="border-l-2 pl-3 text-sm whitespace-pre-wrap">{request.reason}</blockquote>
            {request.decidedBy && request.decidedAt && (
              <p className="text-sm text-muted-foreground" data-testid="request-decision">
                {request.status === "approved" ? "Approved" : "Denied"} by {request.decidedBy} on {request.decidedAt}
                {request.note ? <>: &ldquo;{request.note}&rdquo;</> : "."}
              </p>
            )}
            {decide && request.status === "pending" && <RequestDecisionForm action={decide.action} orgSlug={decide.orgSlug} request={request} options={decide.options} />}
          </article>
        </li>
      ))}
    </ul>
  );
}
