import { z } from "zod";

export const REVIEW_STATUSES = ["open", "confirmed", "false_positive", "escalated"] as const;
const REVIEW_VERDICTS = ["confirmed", "false_positive", "escalated"] as const;

export const REVIEW_STATUS_LABELS: Record<(typeof REVIEW_STATUSES)[number], string> = {
  open: "Open",
  confirmed: "Confirmed",
  false_positive: "False positive",
  escalated: "Escalated",
};

const id = z.string().trim().min(1).max(64);
/** Optional text fields arrive from forms as "" when left empty. */
const optionalText = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, tooLong)
    .optional()
    .transform((value) => value || undefined);

/** A review is addressed by the flagged request's internal id: the row exists before its review does. */
export const reviewTargetSchema = z.object({ requestId: id });

export const assignReviewSchema = reviewTargetSchema.extend({
  // Empty means "unassign".
  assigneeId: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((value) => value || null),
});
export type AssignReviewInput = z.infer<typeof assignReviewSchema>;

const commentSchema = z.string().trim().min(1, "Write a comment.").max(5000, "Keep a comment under 5000 characters.");

export const commentReviewSchema = reviewTargetSchema.extend({ body: commentSchema });
export type CommentReviewInput = z.infer<typeof commentReviewSchema>;

export const resolveReviewSchema = reviewTargetSchema.extend({
  verdict: z.enum(REVIEW_VERDICTS, { error: "Choose confirmed, false positive or escalated." }),
  note: optionalText(2000, "Keep the note under 2000 characters."),
});
export type ResolveReviewInput = { requestId: string; verdict: (typeof REVIEW_VERDICTS)[number]; note?: string };

/** The assignee filter's value for "nobody yet". */
export const UNASSIGNED = "unassigned";

const reviewOrders = ["newest", "oldest"] as const;

/** The queue's filters as they come from the URL; anything unknown falls back to the default. */
export const reviewQueueFilterSchema = z.object({
  status: z.enum([...REVIEW_STATUSES, "all"]).catch("open").default("open"),
  assignee: z.string().trim().max(64).optional().catch(undefined),
  rule: z.string().trim().max(200).optional().catch(undefined),
  order: z.enum(reviewOrders).catch("newest").default("newest"),
});
export type ReviewQueueFilter = z.infer<typeof reviewQueueFilterSchema>;
