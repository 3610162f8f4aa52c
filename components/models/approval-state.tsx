import { Badge } from "@/components/ui/badge";
import type { ApprovalStateName, ApprovalView } from "@/lib/catalog/catalog-view";

const LABELS: Record<ApprovalStateName, string> = { approved: "Approved", unreviewed: "Not reviewed", denied: "Denied" };
/** A decision that left a model unreviewed was a revocation. */
const DECISIONS: Record<ApprovalStateName, string> = { approved: "Approved", unreviewed: "Approval revoked", denied: "Denied" };

export function ApprovalBadge({ state }: { state: ApprovalStateName }) {
  return (
    <Badge variant={state === "approved" ? "default" : state === "denied" ? "destructive" : "outline"} data-testid="approval-state">
      {LABELS[state]}
    </Badge>
  );
}

/** The model's approval in words: for whom, and who decided when, with their note. */
export function ApprovalSummary({ approval }: { approval: ApprovalView }) {
  return (
    <div className="grid gap-1 text-xs text-muted-foreground">
      {approval.state === "approved" && <p>For {approval.scopeText}.</p>}
      {approval.decidedBy && approval.decidedAt && (
        <p data-testid="approval-decision">
          {DECISIONS[approval.state]} by {approval.decidedBy} on {approval.decidedAt}
          {approval.note ? <>: &ldquo;{approval.note}&rdquo;</> : "."}
        </p>
      )}
    </div>
  );
}
