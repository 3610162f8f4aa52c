import { by, recordActivity } from "@/lib/activity/record-activity";
import { assertPlanAllows } from "@/lib/billing/plan-enforcement";
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
  const apiKey = await db.$transaction(async (tx) => {
    await assertPlanAllows(tx, ctx.org.id, "apiKeys");
    const created = await tx.apiKey.create({
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
    await recordActivity(tx, { ...by(ctx), action: "key.created", targetType: "api_key", targetId: created.id, summary: `Created API key ${created.name}`, details: { name: created.name, scopes: created.scopes, tags: created.tags, modelAllowlist: created.modelAllowlist, requestsPerMinute: created.requestsPerMinute, tokensPerMinute: created.tokensPerMinute, expiresAt: created.expiresAt } });
    return created;
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
  await db.$transaction(async (tx) => {
    const before = await tx.apiKey.findFirst({ where: { id: apiKeyId, orgId: ctx.org.id }, select: { name: true, tags: true, requestsPerMinute: true, tokensPerMinute: true } });
    if (!before) throw new NotFoundError("API key not found.");
    await tx.apiKey.update({ where: { id: apiKeyId }, data: { tags: input.tags, requestsPerMinute: input.requestsPerMinute, tokensPerMinute: input.tokensPerMinute } });
    const { name, ...was } = before;
    await recordActivity(tx, { ...by(ctx), action: "key.limits_changed", targetType: "api_key", targetId: apiKeyId, summary: `Changed tags and limits of API key ${name}`, details: { before: was, after: input } });
  });
  await invalidateOrg(ctx.org.id);
  return getApiKey(db, ctx, apiKeyId);
}

/** Revokes a key everywhere: the row, then every instance's cache (within a second). */
export async function revokeApiKey(db: Db, ctx: OrgContext, apiKeyId: string) {
  assertCan(ctx, "key:write");
  await db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({ where: { id: apiKeyId, orgId: ctx.org.id, revokedAt: null }, select: { name: true } });
    const { count } = await tx.apiKey.updateMany({ where: { id: apiKeyId, orgId: ctx.org.id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0 || !key) throw new NotFoundError("API key not found.");
    await recordActivity(tx, { ...by(ctx), action: "key.revoked", targetType: "api_key", targetId: apiKeyId, summary: `Revoked API key ${key.name}` });
  });
  await invalidateOrg(ctx.org.id);
}
