import { invalidateOrg } from "@/lib/cache/invalidation";
import type { Db } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import type { CatalogModelInput } from "@/lib/schemas/gateway-admin";

const listed = {
  id: true,
  publicName: true,
  upstreamModel: true,
  kind: true,
  createdAt: true,
  provider: { select: { id: true, name: true, kind: true } },
} as const;

/** Publishes a model to the org catalog under the public name apps will send. */
export async function publishModel(db: Db, ctx: OrgContext, input: CatalogModelInput) {
  assertCan(ctx, "model:write");
  const provider = await db.provider.findFirst({ where: { id: input.providerId, orgId: ctx.org.id }, select: { id: true } });
  if (!provider) throw new NotFoundError("Provider not found.");
  try {
    const model = await db.catalogModel.create({
      data: { orgId: ctx.org.id, publicName: input.publicName, providerId: provider.id, upstreamModel: input.upstreamModel, kind: input.kind },
      select: listed,
    });
    await invalidateOrg(ctx.org.id);
    return model;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConflictError("That model name is taken.", { publicName: ["This org already has a model with this name."] });
    }
    throw error;
  }
}

export async function listCatalog(db: Db, ctx: OrgContext) {
  assertCan(ctx, "model:read");
  return db.catalogModel.findMany({ where: { orgId: ctx.org.id }, orderBy: { publicName: "asc" }, select: listed });
}

export async function unpublishModel(db: Db, ctx: OrgContext, modelId: string) {
  assertCan(ctx, "model:write");
  const { count } = await db.catalogModel.deleteMany({ where: { id: modelId, orgId: ctx.org.id } });
  if (count === 0) throw new NotFoundError("Model not found.");
  await invalidateOrg(ctx.org.id);
}
