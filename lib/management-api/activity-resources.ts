import { z } from "zod";
import type { ActivityEntry } from "@/lib/activity/list-activity";
import type { ChainVerification } from "@/lib/audit/chain/verify-chain";

/** What `/activity` and `/audit/verify` return, validated on the way out like every resource. */
export const activityResource = z.object({
  id: z.string(),
  created_at: z.string(),
  action: z.string().describe("Dotted verb, e.g. `key.revoked`, `policy.saved`, `member.role_changed`."),
  target_type: z.string(),
  target_id: z.string().nullable(),
  summary: z.string(),
  details: z.unknown().describe("Facts about the change; never secrets or prompt text."),
  actor: z.object({
    user_id: z.string().nullable().describe("The person, or the creator of the API key that acted."),
    api_key_id: z.string().nullable().describe("Set when an API key acted through this API."),
    label: z.string(),
  }),
});

export const activityPageResource = z.object({
  object: z.literal("list"),
  data: z.array(activityResource),
  next_cursor: z.string().nullable().describe("Pass as `cursor` for the next (older) page; null on the last page."),
});

export const chainVerificationResource = z.object({
  ok: z.boolean(),
  checked: z.number().int().describe("Rows whose hash was recomputed."),
  start_seq: z.number().int().describe("Where verification started: the latest retention anchor, else 1."),
  first_broken_link: z
    .object({ chain_seq: z.number().int(), request_id: z.string(), reason: z.enum(["content changed", "link broken", "sequence gap"]) })
    .nullable(),
});

export const toActivityResource = (entry: ActivityEntry) =>
  activityResource.parse({
    id: entry.id,
    created_at: entry.createdAt.toISOString(),
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    summary: entry.summary,
    details: entry.details,
    actor: { user_id: entry.actor.userId, api_key_id: entry.actor.keyId, label: entry.actor.label },
  });

export const toChainVerificationResource = (result: ChainVerification) =>
  chainVerificationResource.parse({
    ok: result.ok,
    checked: result.checked,
    start_seq: result.startSeq,
    first_broken_link: result.firstBrokenLink
      ? { chain_seq: result.firstBrokenLink.chainSeq, request_id: result.firstBrokenLink.requestId, reason: result.firstBrokenLink.reason }
      : null,
  });
