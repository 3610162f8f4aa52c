import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { TOOL_CALL_APPROVAL_STATE_LABELS, type ToolCallApprovalItem } from "@/lib/reviews/tool-call-approvals";
import type { FormAction } from "@/lib/schemas/form";
import { DecideToolCallForm } from "./decide-tool-call-form";

const STATE_VARIANT = { pending: "default", expired: "outline", approved: "secondary", used: "secondary", rejected: "destructive" } as const;

/**
 * One call to a tool that requires approval: which tool, which key, when, the arguments as the
 * org's prompt storage keeps them, and the held call's record; for people who may act (`decide`),
 * Approve / Reject while it waits.
 */
export function ToolCallApprovalCard({ item, orgSlug, decide }: { item: ToolCallApprovalItem; orgSlug: string; decide?: FormAction }) {
  return (
    <article aria-label={`Tool call ${item.toolName}`} data-testid={`tool-call-approval-${item.requestId}`} className="grid gap-3 rounded-lg border p-4">
      <div className="flex flex-wrap items-center gap-2">
        <Badge variant={STATE_VARIANT[item.state]} data-testid="tool-call-approval-state">
          {TOOL_CALL_APPROVAL_STATE_LABELS[item.state]}
        </Badge>
        <span className="font-mono text-sm">{item.toolName}</span>
        <span className="text-sm text-muted-foreground">
          <time title={item.createdAt}>{item.age}</time> · key {item.key}
        </span>
      </div>
      <p className="text-sm">
        Held call:{" "}
        <Link className="font-mono underline" href={`/${orgSlug}/requests/${encodeURIComponent(item.requestId)}`}>
          {item.requestId}
        </Link>
        {item.state === "pending" && <span className="text-muted-foreground"> · waits until {item.expiresAt}; the client then has to call again.</span>}
      </p>
      <pre aria-label="Arguments" className="max-h-64 overflow-auto rounded-md border bg-muted/30 p-3 font-mono text-xs">
        {item.argumentsPreview}
      </pre>
      {item.decision && (
        <p className="text-sm" data-testid="tool-call-approval-decision">
          {TOOL_CALL_APPROVAL_STATE_LABELS[item.state]}
          {item.decision.by ? ` by ${item.decision.by}` : ""}
          {item.decision.at ? ` on ${item.decision.at}` : ""}
          {item.decision.note ? <>: &ldquo;{item.decision.note}&rdquo;</> : "."}
        </p>
      )}
      {decide && item.state === "pending" && <DecideToolCallForm action={decide} orgSlug={orgSlug} approvalId={item.id} />}
    </article>
  );
}
