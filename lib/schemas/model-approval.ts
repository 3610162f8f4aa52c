import { z } from "zod";
import type { AccessScope } from "@/lib/catalog/model-approval";

/**
 * Zod schemas for model approvals: shared by the dashboard's forms and the management API, which
 * maps its snake_case bodies onto them. A scope arrives as a choice (`org` or `limited`) with key
 * ids and tags, and leaves as an AccessScope (both lists empty = every key of the org).
 */

export const keyTagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, { error: "Tags cannot be empty." })
  .max(50, { error: "Use at most 50 characters per tag." })
  .regex(/^[a-z0-9][a-z0-9_.:/-]*$/, { error: "Tags use letters, digits and . _ : / - only, e.g. team:data." });

const idSchema = z.string().trim().min(1).max(64);
const keyIdsSchema = z.array(idSchema).max(50, { error: "Choose at most 50 keys." }).default([]);
const keyTagsSchema = z.array(keyTagSchema).max(20, { error: "Use at most 20 tags." }).default([]);

/** A reviewer's optional note on a decision (models, access requests, MCP tools and calls). */
export const noteSchema = z
  .string()
  .trim()
  .max(1000, { error: "Use at most 1000 characters." })
  .transform((value) => value || undefined)
  .optional();

const scopeChoiceSchema = z.enum(["org", "limited"], { error: "Choose every key, or some tags or keys." });

const scopeFields = {
  scope: scopeChoiceSchema.default("org"),
  keyIds: keyIdsSchema,
  keyTags: keyTagsSchema,
};

type ScopeFields = { scope: "org" | "limited"; keyIds: string[]; keyTags: string[] };

function requireLimitedScope(input: ScopeFields, ctx: z.RefinementCtx) {
  if (input.scope === "limited" && input.keyIds.length === 0 && input.keyTags.length === 0) {
    ctx.addIssue({ code: "custom", path: ["keyTags"], message: "Name at least one tag or key, or choose every key." });
  }
}

function toScope({ scope, keyIds, keyTags }: ScopeFields): AccessScope {
  return scope === "org" ? { keyIds: [], keyTags: [] } : { keyIds: [...new Set(keyIds)].sort(), keyTags: [...new Set(keyTags)].sort() };
}

export const accessRequestInputSchema = z
  .object({
    modelId: idSchema,
    reason: z
      .string()
      .trim()
      .min(10, { error: "Say in at least 10 characters what you need the model for." })
      .max(1000, { error: "Use at most 1000 characters." }),
    ...scopeFields,
  })
  .superRefine(requireLimitedScope)
  .transform((input) => ({ modelId: input.modelId, reason: input.reason, scope: toScope(input) }));
export type AccessRequestInput = z.output<typeof accessRequestInputSchema>;

/**
 * An admin's answer to a request. Approving grants the scope asked for, unless `scope` is given
 * (the admin adjusted it); denying needs a note.
 */
export const requestDecisionInputSchema = z
  .object({
    requestId: idSchema,
    decision: z.enum(["approve", "deny"], { error: "Choose approve or deny." }),
    note: noteSchema,
    // Absent: the scope the request asked for.
    scope: scopeChoiceSchema.optional(),
    keyIds: keyIdsSchema,
    keyTags: keyTagsSchema,
  })
  .superRefine((input, ctx) => {
    if (input.decision === "approve" && input.scope) requireLimitedScope({ ...input, scope: input.scope }, ctx);
    if (input.decision === "deny" && !input.note) ctx.addIssue({ code: "custom", path: ["note"], message: "Say why you deny it." });
  })
  .transform((input) => ({
    requestId: input.requestId,
    decision: input.decision,
    note: input.note,
    scope: input.scope ? toScope({ ...input, scope: input.scope }) : undefined,
  }));
export type RequestDecisionInput = z.output<typeof requestDecisionInputSchema>;

/** An admin's decision on a catalog model itself, from the catalog or the management API. */
export const modelDecisionInputSchema = z
  .object({
    modelId: idSchema,
    decision: z.enum(["approve", "deny", "revoke"], { error: "Choose approve, deny or revoke." }),
    note: noteSchema,
    ...scopeFields,
  })
  .superRefine((input, ctx) => {
    if (input.decision === "approve") requireLimitedScope(input, ctx);
    if (input.decision === "deny" && !input.note) ctx.addIssue({ code: "custom", path: ["note"], message: "Say why you deny it." });
  })
  .transform((input) => ({ modelId: input.modelId, decision: input.decision, note: input.note, scope: toScope(input) }));
export type ModelDecisionInput = z.output<typeof modelDecisionInputSchema>;

export const accessRequestStatusSchema = z.enum(["pending", "approved", "denied"], { error: "Use pending, approved or denied." });

/** Tags typed into one text field: separated by commas or spaces. */
export function splitTags(value: FormDataEntryValue | null): string[] {
  return typeof value === "string" ? value.split(/[\s,]+/).filter(Boolean) : [];
}

/** A scope as the dashboard's forms send it: a radio, one text field of tags, key checkboxes. */
export function readScopeForm(form: FormData) {
  return { scope: form.get("scope") ?? undefined, keyIds: form.getAll("keyIds"), keyTags: splitTags(form.get("keyTags")) };
}
