import { by, recordActivity } from "@/lib/activity/record-activity";
import type { z } from "zod";
import { invalidateOrg } from "@/lib/cache/invalidation";
import type { Db } from "@/lib/db/client";
import { AppError, ConflictError, NotFoundError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import { fieldErrorsOf } from "@/lib/schemas/form";
import { type RouteRecord, storedTargets } from "./route-record";
import { danglingReferences, type OrgRoutingPicture, routeReferenceErrors } from "./route-references";
import { type RouteInput, routeInputSchema } from "./route-schema";

type Tx = Prisma.TransactionClient;

/** A route as lists and the management API show it (the hot path's record and more), with what is wrong with it today, if anything. */
export type RouteView = RouteRecord & {
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Targets that no longer exist (a model unpublished or its provider removed since the save). */
  problems: string[];
};

const columns = {
  id: true,
  name: true,
  priority: true,
  description: true,
  strategy: true,
  latencyTargetMs: true,
  workloads: true,
  keyTags: true,
  minPromptChars: true,
  maxPromptChars: true,
  targets: true,
  createdAt: true,
  updatedAt: true,
} as const;

type RouteRow = Prisma.RouteGetPayload<{ select: typeof columns }>;

function toView(row: RouteRow, picture: OrgRoutingPicture): RouteView {
  const targets = storedTargets(row.targets);
  const names = new Set(picture.routes.map((route) => route.name));
  const problems = targets
    .filter((target) => (target.model === row.name ? !picture.catalog.has(target.model) : !names.has(target.model) && !picture.catalog.has(target.model)))
    .map((target) => `'${target.model}' is no longer a catalog model or route: requests skip it.`);
  return { ...row, targets, problems };
}

async function picture(db: Db | Tx, orgId: string): Promise<OrgRoutingPicture> {
  const [models, routes] = await Promise.all([
    db.catalogModel.findMany({ where: { orgId }, select: { publicName: true, kind: true } }),
    db.route.findMany({ where: { orgId }, select: { id: true, name: true, priority: true, targets: true } }),
  ]);
  return {
    catalog: new Map(models.map((model) => [model.publicName, model.kind])),
    routes: routes.map((route) => ({ ...route, targets: storedTargets(route.targets) })),
  };
}

/** One route change at a time per org, so two saves cannot together make a loop. */
async function lockRoutes(tx: Tx, orgId: string) {
  await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${`routes:${orgId}`}))) AS lock`;
}

/** Validates a route on its own (zod); throws a 400 AppError with field errors. */
function parseRoute(input: unknown): RouteInput {
  const parsed = routeInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw invalid(fieldErrorsOf(parsed.error));
}

/** A 400 with field errors, coded like the management API's own validation errors. */
function invalid(fieldErrors: Record<string, string[]>): AppError {
  const [field, messages] = Object.entries(fieldErrors)[0]!;
  return new AppError(field === "form" ? messages[0]! : `${field}: ${messages[0]}`, 400, "invalid_value", fieldErrors);
}

function assertReferences(route: RouteInput, org: OrgRoutingPicture, selfId?: string) {
  const errors = routeReferenceErrors(route, org, selfId);
  if (errors) throw invalid(errors);
}

function data(route: RouteInput) {
  return {
    name: route.name,
    priority: route.priority,
    description: route.description ?? null,
    strategy: route.strategy,
    latencyTargetMs: route.latencyTargetMs ?? null,
    workloads: [...new Set(route.workloads)],
    keyTags: [...new Set(route.keyTags)],
    minPromptChars: route.minPromptChars ?? null,
    maxPromptChars: route.maxPromptChars ?? null,
    targets: route.targets.map((target) => ({ model: target.model, weight: target.weight })),
  };
}

function uniqueClash(error: unknown, route: RouteInput): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new ConflictError(`A route named '${route.name}' with priority ${route.priority} exists.`, {
      priority: [`Another route named '${route.name}' has priority ${route.priority}. Choose another priority.`],
    });
  }
  throw error;
}

export async function listRoutes(db: Db, ctx: OrgContext): Promise<RouteView[]> {
  assertCan(ctx, "route:read");
  const [rows, org] = await Promise.all([
    db.route.findMany({ where: { orgId: ctx.org.id }, orderBy: [{ name: "asc" }, { priority: "asc" }], select: columns }),
    picture(db, ctx.org.id),
  ]);
  return rows.map((row) => toView(row, org));
}

export async function getRoute(db: Db, ctx: OrgContext, routeId: string): Promise<RouteView> {
  assertCan(ctx, "route:read");
  const row = await db.route.findFirst({ where: { id: routeId, orgId: ctx.org.id }, select: columns });
  if (!row) throw new NotFoundError("Route not found.");
  return toView(row, await picture(db, ctx.org.id));
}

/**
 * Checks a draft without saving it, for forms that validate as people type:
 * `{ ok: true }` or the same field errors a save would give.
 */
export async function checkRoute(
  db: Db,
  ctx: OrgContext,
  input: z.input<typeof routeInputSchema>,
  routeId?: string,
): Promise<{ ok: true; route: RouteInput } | { ok: false; fieldErrors: Record<string, string[]> }> {
  assertCan(ctx, "route:read");
  const parsed = routeInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const errors = routeReferenceErrors(parsed.data, await picture(db, ctx.org.id), routeId);
  return errors ? { ok: false, fieldErrors: errors } : { ok: true, route: parsed.data };
}

export async function createRoute(db: Db, ctx: OrgContext, input: z.input<typeof routeInputSchema>): Promise<RouteView> {
  assertCan(ctx, "route:write");
  const route = parseRoute(input);
  const { row, org } = await db
    .$transaction(async (tx) => {
      await lockRoutes(tx, ctx.org.id);
      const org = await picture(tx, ctx.org.id);
      assertReferences(route, org);
      const row = await tx.route.create({ data: { orgId: ctx.org.id, createdById: ctx.userId, ...data(route) }, select: columns });
      await recordActivity(tx, { ...by(ctx), action: "route.created", targetType: "route", targetId: row.id, summary: `Created route ${route.name} (priority ${route.priority})`, details: data(route) });
      return { row, org: { ...org, routes: [...org.routes, { ...row, targets: route.targets }] } };
    })
    .catch((error: unknown) => uniqueClash(error, route));
  await invalidateOrg(ctx.org.id);
  return toView(row, org);
}

/** Replaces a route's settings (the whole route, as the form or API sends it). */
export async function updateRoute(db: Db, ctx: OrgContext, routeId: string, input: z.input<typeof routeInputSchema>): Promise<RouteView> {
  assertCan(ctx, "route:write");
  const route = parseRoute(input);
  const { row, org } = await db
    .$transaction(async (tx) => {
      await lockRoutes(tx, ctx.org.id);
      const existing = await tx.route.findFirst({ where: { id: routeId, orgId: ctx.org.id }, select: { id: true, name: true } });
      if (!existing) throw new NotFoundError("Route not found.");
      const org = await picture(tx, ctx.org.id);
      assertReferences(route, org, routeId);
      const after = { ...org, routes: org.routes.map((other) => (other.id === routeId ? { ...other, name: route.name, priority: route.priority, targets: route.targets } : other)) };
      const dangling = existing.name === route.name ? [] : danglingReferences(after, existing.name);
      if (dangling.length > 0) throw invalid({ name: dangling });
      const row = await tx.route.update({ where: { id: routeId }, data: data(route), select: columns });
      await recordActivity(tx, { ...by(ctx), action: "route.updated", targetType: "route", targetId: routeId, summary: `Updated route ${route.name} (priority ${route.priority})`, details: data(route) });
      return { row, org: after };
    })
    .catch((error: unknown) => uniqueClash(error, route));
  await invalidateOrg(ctx.org.id);
  return toView(row, org);
}

/** Deletes a route, unless another route sends to its name and nothing else would answer to it. */
export async function deleteRoute(db: Db, ctx: OrgContext, routeId: string): Promise<void> {
  assertCan(ctx, "route:write");
  await db.$transaction(async (tx) => {
    await lockRoutes(tx, ctx.org.id);
    const existing = await tx.route.findFirst({ where: { id: routeId, orgId: ctx.org.id }, select: { id: true, name: true } });
    if (!existing) throw new NotFoundError("Route not found.");
    const org = await picture(tx, ctx.org.id);
    const dangling = danglingReferences({ ...org, routes: org.routes.filter((route) => route.id !== routeId) }, existing.name);
    if (dangling.length > 0) throw new ConflictError(dangling[0]!, { form: dangling });
    await tx.route.delete({ where: { id: routeId } });
    await recordActivity(tx, { ...by(ctx), action: "route.deleted", targetType: "route", targetId: routeId, summary: `Deleted route ${existing.name}` });
  });
  await invalidateOrg(ctx.org.id);
}
