import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { REVIEW_STATUS_LABELS } from "@/lib/schemas/review";
import type { ReviewStatus } from "@/lib/generated/prisma/enums";

export type InvestigationItemView = {
  id: string;
  kind: "request" | "review";
  requestId: string;
  publicRequestId: string;
  at: string;
  model: string;
  decision: string;
  rules: string[];
  reviewStatus: ReviewStatus | null;
  addedBy: string;
};

/** The requests and reviews of an investigation, each linking to the request's decision record. */
export function InvestigationItems({ orgSlug, items }: { orgSlug: string; items: InvestigationItemView[] }) {
  if (items.length === 0) return <p className="text-sm text-muted-foreground">No requests or reviews yet.</p>;
  return (
    <ul aria-label="Items" className="grid gap-2">
      {items.map((item) => (
        <li key={item.id} data-testid={`item-${item.publicRequestId}`} className="flex flex-wrap items-center gap-2 rounded-md border px-3 py-2 text-sm">
          <Badge variant="outline">{item.kind === "review" ? "Review" : "Request"}</Badge>
          <Link className="font-mono underline" href={`/${orgSlug}/requests/${item.requestId}`}>
            {item.publicRequestId}
          </Link>
          {item.reviewStatus && <Badge variant="secondary">{REVIEW_STATUS_LABELS[item.reviewStatus]}</Badge>}
          <span className="text-muted-foreground">
            {item.at} · {item.model} · {item.decision}
            {item.rules.length > 0 && ` · ${item.rules.join(", ")}`} · added by {item.addedBy}
          </span>
        </li>
      ))}
    </ul>
  );
}
