import { invalidateOrg } from "@/lib/cache/invalidation";
import type { Db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import type { ApiKeyInput } from "@/lib/schemas/gateway-admin";
import type { KeyLimitsInput } from "@/lib/schemas/limits";
import { newApiKey } from "./api-key-token";

const listed = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  modelAllowlist: true,
  tags: true,
  requestsPerMinute: true,
  tokensPerMinute: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  createdAt: true,
  createdBy: { select: { email: true, name: true } },
} as const;

/** Creates a key and returns it with its secret, which is never readable again. Tags and limits are optional. */
export async function createApiKey(db: Db, ctx: OrgContext, input: Omit<ApiKeyInput, keyof KeyLimitsInput> & Partial<KeyLimitsInput>) {
  assertCan(ctx, "key:write");
  const { key, prefix, hash } = newApiKey();
  const apiKey = await db.apiKey.create({
    data: {
      orgId: ctx.org.id,
      name: input.name,
      prefix,
      hash,
      scopes: [...new Set(input.scopes)],
      modelAllowlist: [...new Set(input.modelAllowlist)],
      expiresAt: input.expiresAt ?? null,
      tags: input.tags ?? [],
      requestsPerMinute: input.requestsPerMinute ?? null,
      tokensPerMinute: input.tokensPerMinute ?? null,
      createdById: ctx.userId,
    },
    select: listed,
  });
  return { apiKey, key };
}

export async function listApiKeys(db: Db, ctx: OrgContext) {
  assertCan(ctx, "key:read");
  return db.apiKey.findMany({ where: { orgId: ctx.org.id }, orderBy: { createdAt: "desc" }, select: listed });
}

export async function getApiKey(db: Db, ctx: OrgContext, apiKeyId: string) {
  assertCan(ctx, "key:read");
  const apiKey = await db.apiKey.findFirst({ where: { id: apiKeyId, orgId: ctx.org.id }, select: listed });
  if (!apiKey) throw new NotFoundError("API key not found.");
  return apiKey;
}

/**
 * Changes a key's tags and per-minute limits. Every instance drops its cached copy, so the new
 * limits apply from the next request; counters already running keep their count.
 */
export async function updateApiKeyLimits(db: Db, ctx: OrgContext, apiKeyId: string, input: KeyLimitsInput) {
  assertCan(ctx, "key:write");
  const { count } = await db.apiKey.updateMany({
    where: { id: apiKeyId, orgId: ctx.org.id },
    data: { tags: input.tags, requestsPerMinute: input.requestsPerMinute, tokensPerMinute: input.tokensPerMinute },
  });
  if (count === 0) throw new NotFoundError("API key not found.");
  await invalidateOrg(ctx.org.id);
  return getApiKey(db, ctx, apiKeyId);
}

/** Revokes a key everywhere: the row, then every instance's cache (within a second). */
export async function revokeApiKey(db: Db, ctx: OrgContext, apiKeyId: string) {
  assertCan(ctx, "key:write");
  const { count } = await db.apiKey.updateMany({
    where: { id: apiKeyId, orgId: ctx.org.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new NotFoundError("API key not found.");
  await invalidateOrg(ctx.org.id);
}
