import { z } from "zod";
import type { AccessRequestView } from "@/lib/catalog/approval-service";
import { personResource } from "./resources";

/** The management API's view of model approvals: access requests and the bodies of decisions. */

export const accessRequestResource = z.object({
  id: z.string(),
  status: z.enum(["pending", "approved", "denied"]),
  model: z.object({ id: z.string(), public_name: z.string() }),
  requester: personResource,
  reason: z.string(),
  key_ids: z.array(z.string()),
  key_tags: z.array(z.string()).describe("What was asked for; both lists empty means every key of the org."),
  created_at: z.string(),
  decided_by: personResource.nullable(),
  decided_at: z.string().nullable(),
  note: z.string().nullable(),
});

export function toAccessRequestResource(request: AccessRequestView) {
  return accessRequestResource.parse({
    id: request.id,
    status: request.status,
    model: { id: request.model.id, public_name: request.model.publicName },
    requester: request.requester,
    reason: request.reason,
    key_ids: request.keyIds,
    key_tags: request.keyTags,
    created_at: request.createdAt.toISOString(),
    decided_by: request.decidedBy,
    decided_at: request.decidedAt?.toISOString() ?? null,
    note: request.decisionNote,
  });
}

const scopeBody = {
  org_wide: z.boolean().optional().describe("true: every key of the org. false: only key_ids and key_tags."),
  key_ids: z.array(z.string()).optional(),
  key_tags: z.array(z.string()).optional().describe("e.g. team:data, env:prod"),
};

export const createAccessRequestBody = z.object({
  model_id: z.string(),
  reason: z.string().describe("10 to 1000 characters: what the model is needed for."),
  key_ids: z.array(z.string()).default([]).describe("Keys the requester created."),
  key_tags: z.array(z.string()).default([]),
});

export const approveBody = z.object({ note: z.string().optional(), ...scopeBody });
export const denyBody = z.object({ note: z.string({ error: "Say why you deny it." }).describe("Required: why.") });
export const revokeBody = z.object({ note: z.string().optional() });

/**
 * Which scope a decision body names: `org` or `limited`, or undefined when it names none. Lists
 * alone mean limited; `org_wide: false` with no lists is refused rather than read as every key.
 */
export function scopeChoice(body: { org_wide?: boolean; key_ids?: string[]; key_tags?: string[] }): "org" | "limited" | undefined {
  if (body.org_wide !== undefined) return body.org_wide ? "org" : "limited";
  if (body.key_ids?.length || body.key_tags?.length) return "limited";
  return undefined;
}
