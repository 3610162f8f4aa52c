import { personName } from "@/lib/catalog/catalog-view";
import { utcMinute } from "@/lib/format/time";
import type { ReviewStatus } from "@/lib/generated/prisma/enums";
import type { QueueRow } from "./review-queue";

/** What the queue's components get: plain data, times formatted on the server. */
export type ReviewItem = {
  requestId: string;
  publicRequestId: string;
  createdAt: string;
  age: string;
  key: string;
  model: string;
  rules: string[];
  /** The rule a "false positive" most likely blames: the first one that acted (not monitor-only). */
  primaryRule: string | null;
  status: ReviewStatus;
  assigneeId: string | null;
  assignee: string | null;
  resolution: { by: string | null; at: string | null; note: string | null } | null;
  comments: { id: string; author: string; at: string; body: string }[];
  investigations: { id: string; title: string }[];
};

export function toReviewItem(row: QueueRow, keyNames: ReadonlyMap<string, string>, age: (date: Date) => string): ReviewItem {
  const review = row.review;
  const status = review?.status ?? "open";
  return {
    requestId: row.id,
    publicRequestId: row.requestId,
    createdAt: utcMinute(row.createdAt),
    age: age(row.createdAt),
    key: row.apiKeyId ? (keyNames.get(row.apiKeyId) ?? "deleted key") : row.userId ? "playground" : "none",
    model: row.servedModel && row.servedModel !== row.requestedModel ? `${row.requestedModel ?? "?"} → ${row.servedModel}` : (row.requestedModel ?? "unknown"),
    rules: row.matchedRules,
    primaryRule: row.matchedRules.find((rule) => !rule.startsWith("monitor:")) ?? null,
    status,
    assigneeId: review?.assignee?.id ?? null,
    assignee: review?.assignee ? personName(review.assignee) : null,
    resolution:
      status === "open" || !review
        ? null
        : { by: review.resolvedBy ? personName(review.resolvedBy) : null, at: review.resolvedAt ? utcMinute(review.resolvedAt) : null, note: review.resolutionNote },
    comments: (review?.comments ?? []).map((comment) => ({ id: comment.id, author: personName(comment.author), at: utcMinute(comment.createdAt), body: comment.body })),
    investigations: (review?.investigationItems ?? []).map((item) => item.investigation),
  };
}
