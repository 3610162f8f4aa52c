import { z } from "zod";

export const INVESTIGATION_STATUSES = ["open", "in_progress", "closed"] as const;
export type InvestigationStatusValue = (typeof INVESTIGATION_STATUSES)[number];

export const INVESTIGATION_STATUS_LABELS: Record<InvestigationStatusValue, string> = {
  open: "Open",
  in_progress: "In progress",
  closed: "Closed",
};

const id = z.string().trim().min(1).max(64);
const optionalId = z
  .string()
  .trim()
  .max(64)
  .optional()
  .transform((value) => value || null);

export const createInvestigationSchema = z.object({
  title: z.string().trim().min(3, "Give it a title of at least 3 characters.").max(200, "Keep the title under 200 characters."),
  summary: z
    .string()
    .trim()
    .max(5000, "Keep the summary under 5000 characters.")
    .optional()
    .transform((value) => value || null),
  ownerId: optionalId,
  /** Started from the review queue: the flagged request whose review becomes the first item. */
  fromRequestId: optionalId,
});
export type CreateInvestigationInput = z.infer<typeof createInvestigationSchema>;

const investigationIdSchema = z.object({ investigationId: id });

export const updateInvestigationSchema = investigationIdSchema.extend({
  status: z.enum(INVESTIGATION_STATUSES, { error: "Choose open, in progress or closed." }),
  ownerId: optionalId,
});
export type UpdateInvestigationInput = z.infer<typeof updateInvestigationSchema>;

/** By the public x-request-id or the internal id; both are looked up within the org. */
export const addRequestItemSchema = investigationIdSchema.extend({
  reference: z.string().trim().min(1, "Paste a request id.").max(200, "That is not a request id."),
});

export const addReviewItemSchema = investigationIdSchema.extend({
  /** The flagged request's internal id, as the review queue knows it. */
  requestId: id,
});

export const investigationNoteSchema = investigationIdSchema.extend({
  body: z.string().trim().min(1, "Write a note.").max(5000, "Keep a note under 5000 characters."),
});

export const investigationListFilterSchema = z.object({
  status: z.enum([...INVESTIGATION_STATUSES, "all"]).catch("all").default("all"),
});
