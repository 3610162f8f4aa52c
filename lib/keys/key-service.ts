import { invalidateOrg } from "@/lib/cache/invalidation";
import type { Db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import type { ApiKeyInput } from "@/lib/schemas/gateway-admin";
import { newApiKey } from "./api-key-token";

const listed = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  modelAllowlist: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  createdAt: true,
  createdBy: { select: { email: true, name: true } },
} as const;

/** Creates a key and returns it with its secret, which is never readable again. */
export async function createApiKey(db: Db, ctx: OrgContext, input: ApiKeyInput) {
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
