import { by, recordActivity } from "@/lib/activity/record-activity";
import { invalidateOrg } from "@/lib/cache/invalidation";
import type { Db } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import type { CatalogModelInput } from "@/lib/schemas/gateway-admin";
import type { ModelApproval } from "./model-approval";

const listed = {
  id: true,
  publicName: true,
  upstreamModel: true,
  kind: true,
  createdAt: true,
  approvalState: true,
  approvedKeyIds: true,
  approvedKeyTags: true,
  decidedById: true,
  decidedAt: true,
  decisionNote: true,
  provider: { select: { id: true, name: true, kind: true } },
} as const;

type ListedRow = Prisma.CatalogModelGetPayload<{ select: typeof listed }>;

export type Decider = { id: string; email: string; name: string | null };

/** A catalog row as the dashboard and the management API show it, approval and decider included. */
export type CatalogModelView = ListedRow & { approval: ModelApproval; decidedBy: Decider | null };

/**
 * Publishes a model to the org catalog under the public name apps will send. Approved for every
 * key at once unless `approveForAllKeys` is false (then it waits, unreviewed, for a request or an
 * admin's decision): callers that predate approvals keep getting a usable model.
 */
export async function publishModel(db: Db, ctx: OrgContext, input: CatalogModelInput): Promise<CatalogModelView> {
  assertCan(ctx, "model:write");
  const approve = input.approveForAllKeys ?? true;
  if (approve) assertCan(ctx, "model:approve");
  const provider = await db.provider.findFirst({ where: { id: input.providerId, orgId: ctx.org.id }, select: { id: true } });
  if (!provider) throw new NotFoundError("Provider not found.");
  try {
    const model = await db.$transaction(async (tx) => {
      const created = await tx.catalogModel.create({
        data: {
          orgId: ctx.org.id,
          publicName: input.publicName,
          providerId: provider.id,
          upstreamModel: input.upstreamModel,
          kind: input.kind,
          ...(approve ? { approvalState: "approved" as const, decidedById: ctx.userId, decidedAt: new Date() } : { approvalState: "unreviewed" as const }),
        },
        select: listed,
      });
      await recordActivity(tx, { ...by(ctx), action: "model.published", targetType: "model", targetId: created.id, summary: `Published model ${input.publicName}${approve ? ", approved for every key" : ""}`, details: { publicName: input.publicName, upstreamModel: input.upstreamModel, providerId: provider.id, kind: input.kind, approvedForAllKeys: approve } });
      return created;
    });
    await invalidateOrg(ctx.org.id);
    return (await withDeciders(db, [model]))[0]!;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConflictError("That model name is taken.", { publicName: ["This org already has a model with this name."] });
    }
    throw error;
  }
}

export async function listCatalog(db: Db, ctx: OrgContext): Promise<CatalogModelView[]> {
  assertCan(ctx, "model:read");
  const models = await db.catalogModel.findMany({ where: { orgId: ctx.org.id }, orderBy: { publicName: "asc" }, select: listed });
  return withDeciders(db, models);
}

/** One catalog model of the org, or "not found" (another org's id included). */
export async function findCatalogModel(db: Db, ctx: OrgContext, modelId: string): Promise<CatalogModelView> {
  assertCan(ctx, "model:read");
  const model = await db.catalogModel.findFirst({ where: { id: modelId, orgId: ctx.org.id }, select: listed });
  if (!model) throw new NotFoundError("Model not found.");
  return (await withDeciders(db, [model]))[0]!;
}

export async function unpublishModel(db: Db, ctx: OrgContext, modelId: string) {
  assertCan(ctx, "model:write");
  await db.$transaction(async (tx) => {
    const model = await tx.catalogModel.findFirst({ where: { id: modelId, orgId: ctx.org.id }, select: { publicName: true } });
    const { count } = await tx.catalogModel.deleteMany({ where: { id: modelId, orgId: ctx.org.id } });
    if (count === 0 || !model) throw new NotFoundError("Model not found.");
    await recordActivity(tx, { ...by(ctx), action: "model.unpublished", targetType: "model", targetId: modelId, summary: `Unpublished model ${model.publicName}`, details: { publicName: model.publicName } });
  });
  await invalidateOrg(ctx.org.id);
}

/** The decider is a plain id on the model (no relation), so names are looked up in one query. */
async function withDeciders(db: Db, models: ListedRow[]): Promise<CatalogModelView[]> {
  const ids = [...new Set(models.flatMap((model) => (model.decidedById ? [model.decidedById] : [])))];
  const users = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true, name: true } }) : [];
  const byId = new Map(users.map((user) => [user.id, user]));
  return models.map((model) => ({
    ...model,
    approval: { state: model.approvalState, keyIds: model.approvedKeyIds, keyTags: model.approvedKeyTags },
    decidedBy: (model.decidedById && byId.get(model.decidedById)) || null,
  }));
}
