import { personName } from "@/lib/catalog/catalog-view";
import { utcMinute } from "@/lib/format/time";
import type { InvestigationDetail } from "./investigation-detail";

/** The detail's items as plain rows, a review shown through its flagged request. */
export function toItemViews(detail: InvestigationDetail) {
  return detail.items.flatMap((item) => {
    const request = item.request ?? item.review?.request;
    if (!request) return [];
    return [
      {
        id: item.id,
        kind: item.review ? ("review" as const) : ("request" as const),
        requestId: request.id,
        publicRequestId: request.requestId,
        at: utcMinute(request.createdAt),
        model: request.requestedModel ?? "unknown model",
        decision: request.decision,
        rules: request.matchedRules,
        reviewStatus: item.review?.status ?? null,
        addedBy: personName(item.addedBy),
      },
    ];
  });
}

export function toNoteViews(detail: InvestigationDetail) {
  return detail.notes.map((note) => ({ id: note.id, author: personName(note.author), at: utcMinute(note.createdAt), body: note.body }));
}
