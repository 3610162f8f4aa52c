import { by, recordActivity } from "@/lib/activity/record-activity";
import { invalidateOrg } from "@/lib/cache/invalidation";
import { decryptSecret, encryptSecret, secretHint } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import type { ProviderInput } from "@/lib/schemas/gateway-admin";
import { DEFAULT_BASE_URLS } from "./defaults";
import { adapterFor } from "./registry";
import { assertPublicUpstream, BlockedUpstreamError } from "./ssrf";
import type { ProviderKind, ProviderTarget } from "./types";

/** What lists show: never the credential, only its hint. */
const listed = {
  id: true,
  name: true,
  kind: true,
  baseUrl: true,
  apiVersion: true,
  credentialHint: true,
  createdAt: true,
  _count: { select: { models: true } },
} as const;

/** The credential is encrypted under the org's id, so it only decrypts for that org's row. */
const credentialContext = (orgId: string) => `provider-credential:${orgId}`;

export async function createProvider(db: Db, ctx: OrgContext, input: ProviderInput) {
  assertCan(ctx, "provider:write");
  const baseUrl = input.kind === "echo" ? null : (input.baseUrl ?? DEFAULT_BASE_URLS[input.kind] ?? null);
  if (baseUrl) await assertUpstreamAllowed(baseUrl);
  try {
    const provider = await db.$transaction(async (tx) => {
      const created = await tx.provider.create({
        data: {
          orgId: ctx.org.id,
          name: input.name,
          kind: input.kind,
          baseUrl: input.baseUrl ?? null,
          apiVersion: input.kind === "azure_openai" ? (input.apiVersion ?? "2024-10-21") : null,
          encryptedCredential: input.apiKey ? encryptSecret(input.apiKey, credentialContext(ctx.org.id)) : null,
          credentialHint: input.apiKey ? secretHint(input.apiKey) : null,
          createdById: ctx.userId,
        },
        select: listed,
      });
      // The base URL and kind only: the credential never leaves the provider row.
      await recordActivity(tx, { ...by(ctx), action: "provider.created", targetType: "provider", targetId: created.id, summary: `Added provider ${created.name} (${created.kind})`, details: { name: created.name, kind: created.kind, baseUrl: created.baseUrl, hasCredential: Boolean(input.apiKey) } });
      return created;
    });
    await invalidateOrg(ctx.org.id);
    return provider;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConflictError("A provider with this name exists.", { name: ["A provider with this name exists. Choose another."] });
    }
    throw error;
  }
}

async function assertUpstreamAllowed(baseUrl: string) {
  try {
    await assertPublicUpstream(baseUrl);
  } catch (error) {
    if (error instanceof BlockedUpstreamError) throw new ValidationError(error.message, { baseUrl: [error.message] });
    throw new ValidationError("That host could not be resolved.", { baseUrl: ["That host could not be resolved. Check the URL."] });
  }
}

export async function listProviders(db: Db, ctx: OrgContext) {
  assertCan(ctx, "provider:read");
  return db.provider.findMany({ where: { orgId: ctx.org.id }, orderBy: { name: "asc" }, select: listed });
}

export async function deleteProvider(db: Db, ctx: OrgContext, providerId: string) {
  assertCan(ctx, "provider:write");
  await db.$transaction(async (tx) => {
    const provider = await tx.provider.findFirst({ where: { id: providerId, orgId: ctx.org.id }, select: { name: true, kind: true, _count: { select: { models: true } } } });
    const { count } = await tx.provider.deleteMany({ where: { id: providerId, orgId: ctx.org.id } });
    if (count === 0 || !provider) throw new NotFoundError("Provider not found.");
    await recordActivity(tx, { ...by(ctx), action: "provider.deleted", targetType: "provider", targetId: providerId, summary: `Removed provider ${provider.name} and its ${provider._count.models} model(s)`, details: { name: provider.name, kind: provider.kind, models: provider._count.models } });
  });
  await invalidateOrg(ctx.org.id);
}

/** The provider with its credential decrypted, ready for an adapter. Server-side only. */
export function toTarget(orgId: string, row: {
  id: string;
  name: string;
  kind: ProviderKind;
  baseUrl: string | null;
  apiVersion: string | null;
  encryptedCredential: string | null;
}): ProviderTarget {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    baseUrl: row.baseUrl ?? DEFAULT_BASE_URLS[row.kind] ?? "",
    apiVersion: row.apiVersion,
    apiKey: row.encryptedCredential ? decryptSecret(row.encryptedCredential, credentialContext(orgId)) : null,
  };
}

/** "Test connection": asks the provider for its models. Returns them, or the reason it failed. */
export async function testProviderConnection(db: Db, ctx: OrgContext, providerId: string) {
  assertCan(ctx, "provider:write");
  const row = await db.provider.findFirst({ where: { id: providerId, orgId: ctx.org.id } });
  if (!row) throw new NotFoundError("Provider not found.");
  const target = toTarget(ctx.org.id, row);
  try {
    const models = await (await adapterFor(target.kind)).listModels(target, AbortSignal.timeout(10_000));
    return { ok: true as const, models };
  } catch (error) {
    return { ok: false as const, message: (error as Error).message || "The provider could not be reached." };
  }
}
