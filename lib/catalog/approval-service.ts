import { by, recordActivity } from "@/lib/activity/record-activity";
import { invalidateOrg } from "@/lib/cache/invalidation";
import type { Db } from "@/lib/db/client";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import type { AccessRequestStatus } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { can } from "@/lib/auth/rbac";
import { assertCan, type OrgContext } from "@/lib/orgs/org-access";
import type { AccessRequestInput, ModelDecisionInput, RequestDecisionInput } from "@/lib/schemas/model-approval";
import { type AccessScope, type ModelApproval, approvedOrgWide, mergeScopes, normalizeScope, scopeCovered } from "./model-approval";

/**
 * The approval workflow: members ask for a catalog model (for every key, or some keys or tags),
 * admins approve (merging the scope into the model's approval) or deny, and may decide on a model
 * directly. Every decision keeps who and when. Anything that changes what the gateway allows
 * invalidates the org's cached snapshot on every instance; a new request changes nothing there.
 */

type Tx = Prisma.TransactionClient;

const person = { select: { id: true, email: true, name: true } } as const;
const requestSelect = {
  id: true,
  status: true,
  reason: true,
  keyIds: true,
  keyTags: true,
  createdAt: true,
  decidedAt: true,
  decisionNote: true,
  model: { select: { id: true, publicName: true } },
  requester: person,
  decidedBy: person,
} as const;
export type AccessRequestView = Prisma.ModelAccessRequestGetPayload<{ select: typeof requestSelect }>;

const DECIDED_SHOWN = 200;

export async function requestModelAccess(db: Db, ctx: OrgContext, input: AccessRequestInput): Promise<AccessRequestView> {
  assertCan(ctx, "model:request");
  return db.$transaction(async (tx) => {
    // The model's row lock serialises requests and decisions on it: two identical requests sent
    // at once cannot both pass the duplicate check.
    const model = await lockModel(tx, ctx, input.modelId);
    // Sorted and distinct, so "the same scope" is plain list equality below.
    const scope = normalizeScope(input.scope);
    await assertOwnKeys(tx, ctx, scope.keyIds);
    if (scopeCovered(approvalOf(model), scope)) {
      throw new ConflictError(
        approvedOrgWide(approvalOf(model))
          ? `${model.publicName} is already approved for every key.`
          : `${model.publicName} is already approved for what you ask.`,
      );
    }
    const duplicate = await tx.modelAccessRequest.findFirst({
      where: { orgId: ctx.org.id, catalogModelId: model.id, status: "pending", keyIds: { equals: scope.keyIds }, keyTags: { equals: scope.keyTags } },
      select: { createdAt: true, requester: person },
    });
    if (duplicate) {
      const who = duplicate.requester.id === ctx.userId ? "you" : (duplicate.requester.name ?? duplicate.requester.email);
      throw new ConflictError(
        `A request for ${model.publicName} with this scope is already waiting for an admin (asked by ${who} on ${duplicate.createdAt.toISOString().slice(0, 10)}).`,
      );
    }
    const created = await tx.modelAccessRequest.create({
      data: { orgId: ctx.org.id, catalogModelId: model.id, requesterId: ctx.userId, reason: input.reason, keyIds: scope.keyIds, keyTags: scope.keyTags },
      select: requestSelect,
    });
    await recordActivity(tx, { ...by(ctx), action: "access_request.created", targetType: "access_request", targetId: created.id, summary: `Asked for access to ${model.publicName}`, details: { model: model.publicName, ...scope } });
    return created;
  });
}

/** Approves a pending request for the scope asked, or `scope` as the admin adjusted it. */
export async function approveAccessRequest(db: Db, ctx: OrgContext, requestId: string, input: { note?: string; scope?: AccessScope }): Promise<AccessRequestView> {
  assertCan(ctx, "model:approve");
  const decided = await db.$transaction(async (tx) => {
    const { request, model } = await lockPendingRequest(tx, ctx, requestId);
    const granted = input.scope ?? { keyIds: request.keyIds, keyTags: request.keyTags };
    await assertOrgKeys(tx, ctx, granted.keyIds);
    const decision = { decidedById: ctx.userId, decidedAt: new Date(), decisionNote: input.note ?? null };
    const merged = mergeScopes(approvalOf(model), granted);
    await tx.catalogModel.update({ where: { id: model.id }, data: { approvalState: "approved", approvedKeyIds: merged.keyIds, approvedKeyTags: merged.keyTags, ...decision } });
    await tx.modelAccessRequest.update({ where: { id: request.id }, data: { status: "approved", ...decision } });
    await closeCoveredRequests(tx, model.id, { state: "approved", ...merged }, decision);
    await recordActivity(tx, { ...by(ctx), action: "access_request.approved", targetType: "access_request", targetId: request.id, summary: `Approved a request for ${model.publicName}`, details: { model: model.publicName, granted, note: decision.decisionNote } });
    return tx.modelAccessRequest.findUniqueOrThrow({ where: { id: request.id }, select: requestSelect });
  });
  await invalidateOrg(ctx.org.id);
  return decided;
}

/** Denies a pending request. The model keeps its state, unless nobody had decided on it yet. */
export async function denyAccessRequest(db: Db, ctx: OrgContext, requestId: string, note: string): Promise<AccessRequestView> {
  assertCan(ctx, "model:approve");
  if (!note.trim()) throw new ValidationError("Say why you deny it.", { note: ["Say why you deny it."] });
  const decided = await db.$transaction(async (tx) => {
    const { request, model } = await lockPendingRequest(tx, ctx, requestId);
    const decision = { decidedById: ctx.userId, decidedAt: new Date(), decisionNote: note.trim() };
    if (model.approvalState === "unreviewed") {
      await tx.catalogModel.update({ where: { id: model.id }, data: { approvalState: "denied", approvedKeyIds: [], approvedKeyTags: [], ...decision } });
    }
    await tx.modelAccessRequest.update({ where: { id: request.id }, data: { status: "denied", ...decision } });
    await recordActivity(tx, { ...by(ctx), action: "access_request.denied", targetType: "access_request", targetId: request.id, summary: `Denied a request for ${model.publicName}`, details: { model: model.publicName, note: decision.decisionNote } });
    return tx.modelAccessRequest.findUniqueOrThrow({ where: { id: request.id }, select: requestSelect });
  });
  await invalidateOrg(ctx.org.id);
  return decided;
}

/** Either answer to a request, as the queue's form and the management API send it. */
export function decideAccessRequest(db: Db, ctx: OrgContext, input: RequestDecisionInput): Promise<AccessRequestView> {
  return input.decision === "approve"
    ? approveAccessRequest(db, ctx, input.requestId, { note: input.note, scope: input.scope })
    : denyAccessRequest(db, ctx, input.requestId, input.note ?? "");
}

/**
 * An admin's decision on the model itself: approve for exactly `scope` (replacing the previous
 * one), deny, or revoke an approval back to unreviewed. Deny and revoke clear the scope.
 */
export async function decideModel(db: Db, ctx: OrgContext, input: ModelDecisionInput) {
  assertCan(ctx, "model:approve");
  const updated = await db.$transaction(async (tx) => {
    const model = await lockModel(tx, ctx, input.modelId);
    const decision = { decidedById: ctx.userId, decidedAt: new Date(), decisionNote: input.note ?? null };
    if (input.decision === "revoke" && model.approvalState !== "approved") throw new ConflictError(`${model.publicName} is not approved; there is nothing to revoke.`);
    if (input.decision === "approve") await assertOrgKeys(tx, ctx, input.scope.keyIds);
    const state = input.decision === "approve" ? "approved" : input.decision === "deny" ? "denied" : "unreviewed";
    const scope = input.decision === "approve" ? input.scope : { keyIds: [], keyTags: [] };
    const row = await tx.catalogModel.update({
      where: { id: model.id },
      data: { approvalState: state, approvedKeyIds: scope.keyIds, approvedKeyTags: scope.keyTags, ...decision },
      select: { id: true, publicName: true, approvalState: true, approvedKeyIds: true, approvedKeyTags: true, decidedAt: true, decisionNote: true },
    });
    if (state === "approved") await closeCoveredRequests(tx, model.id, { state, ...scope }, decision);
    const verb = { approve: "approved", deny: "denied", revoke: "revoked" }[input.decision];
    await recordActivity(tx, { ...by(ctx), action: `model.${verb}`, targetType: "model", targetId: model.id, summary: `${verb[0]!.toUpperCase()}${verb.slice(1)} model ${model.publicName}`, details: { model: model.publicName, from: model.approvalState, to: state, ...scope, note: decision.decisionNote } });
    return row;
  });
  await invalidateOrg(ctx.org.id);
  return updated;
}

/**
 * Access requests: pending ones oldest first (a queue), then the latest decided ones. People who
 * cannot read the org's queue (members) see only their own.
 */
export async function listAccessRequests(db: Db, ctx: OrgContext, filter: { status?: AccessRequestStatus } = {}): Promise<AccessRequestView[]> {
  assertCan(ctx, "model:read");
  const where = { orgId: ctx.org.id, ...(can(ctx.role, "approval:read") ? {} : { requesterId: ctx.userId }) };
  const pending = () => db.modelAccessRequest.findMany({ where: { ...where, status: "pending" }, orderBy: { createdAt: "asc" }, select: requestSelect });
  const decided = (status?: AccessRequestStatus) =>
    db.modelAccessRequest.findMany({
      where: { ...where, status: status ?? { not: "pending" } },
      orderBy: { decidedAt: "desc" },
      take: DECIDED_SHOWN,
      select: requestSelect,
    });
  if (filter.status === "pending") return pending();
  if (filter.status) return decided(filter.status);
  const [open, closed] = await Promise.all([pending(), decided()]);
  return [...open, ...closed];
}

/** For the navigation badge of people who decide. */
export async function pendingAccessRequestCount(db: Db, ctx: OrgContext): Promise<number> {
  assertCan(ctx, "model:approve");
  return db.modelAccessRequest.count({ where: { orgId: ctx.org.id, status: "pending" } });
}

/** The caller's own live keys, which they may name in a request. */
export async function ownKeys(db: Db, ctx: OrgContext) {
  return db.apiKey.findMany({
    where: { orgId: ctx.org.id, createdById: ctx.userId, revokedAt: null },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, tags: true, modelAllowlist: true },
  });
}

/** Every live key of the org with its tags, for an admin shaping a scope. */
export async function orgKeysForScope(db: Db, ctx: OrgContext) {
  assertCan(ctx, "model:approve");
  return db.apiKey.findMany({ where: { orgId: ctx.org.id, revokedAt: null }, orderBy: { name: "asc" }, select: { id: true, name: true, tags: true } });
}

/** Names of the keys the caller may see (all with `key:read`, else their own), to show scopes by name. */
export async function visibleKeyNames(db: Db, ctx: OrgContext): Promise<Map<string, string>> {
  const keys = await db.apiKey.findMany({
    where: { orgId: ctx.org.id, ...(can(ctx.role, "key:read") ? {} : { createdById: ctx.userId }) },
    select: { id: true, name: true },
  });
  return new Map(keys.map((key) => [key.id, key.name]));
}

/** Tags in use on the org's live keys: hints for whoever writes a scope. */
export async function keyTagsInUse(db: Db, ctx: OrgContext): Promise<string[]> {
  assertCan(ctx, "model:read");
  const keys = await db.apiKey.findMany({ where: { orgId: ctx.org.id, revokedAt: null, tags: { isEmpty: false } }, select: { tags: true } });
  return [...new Set(keys.flatMap((key) => key.tags))].sort();
}

async function lockModel(tx: Tx, ctx: OrgContext, modelId: string) {
  await tx.$queryRaw`SELECT id FROM "CatalogModel" WHERE id = ${modelId} AND "orgId" = ${ctx.org.id} FOR UPDATE`;
  const model = await tx.catalogModel.findFirst({
    where: { id: modelId, orgId: ctx.org.id },
    select: { id: true, publicName: true, approvalState: true, approvedKeyIds: true, approvedKeyTags: true },
  });
  if (!model) throw new NotFoundError("Model not found.");
  return model;
}

function approvalOf(model: { approvalState: ModelApproval["state"]; approvedKeyIds: string[]; approvedKeyTags: string[] }): ModelApproval {
  return { state: model.approvalState, keyIds: model.approvedKeyIds, keyTags: model.approvedKeyTags };
}

/**
 * The request and its model, with the model's row locked, checking the status only under the
 * lock: two admins deciding the same request at once cannot both succeed.
 */
async function lockPendingRequest(tx: Tx, ctx: OrgContext, requestId: string) {
  const found = await tx.modelAccessRequest.findFirst({ where: { id: requestId, orgId: ctx.org.id }, select: { catalogModelId: true } });
  if (!found) throw new NotFoundError("Access request not found.");
  const model = await lockModel(tx, ctx, found.catalogModelId);
  const request = await tx.modelAccessRequest.findUniqueOrThrow({ where: { id: requestId } });
  if (request.status !== "pending") throw new ConflictError(`This request was already ${request.status}.`);
  return { request, model };
}

/** Keys named in a scope must be live keys of this org; another org's ids are simply not found. */
async function assertOrgKeys(tx: Tx, ctx: OrgContext, keyIds: string[]) {
  if (keyIds.length === 0) return [];
  const keys = await tx.apiKey.findMany({ where: { id: { in: keyIds }, orgId: ctx.org.id, revokedAt: null }, select: { id: true, createdById: true } });
  if (keys.length !== new Set(keyIds).size) throw new NotFoundError("API key not found.");
  return keys;
}

/** A requester may name only keys they created: a member cannot widen someone else's key. */
async function assertOwnKeys(tx: Tx, ctx: OrgContext, keyIds: string[]) {
  const keys = await assertOrgKeys(tx, ctx, keyIds);
  if (keys.some((key) => key.createdById !== ctx.userId)) {
    throw new ValidationError("You can ask only for keys you created.", { keyIds: ["Choose keys you created."] });
  }
}

/** Other pending requests for the model that the new approval already grants are approved with it. */
async function closeCoveredRequests(tx: Tx, modelId: string, approval: ModelApproval, decision: { decidedById: string; decidedAt: Date; decisionNote: string | null }) {
  const pending = await tx.modelAccessRequest.findMany({ where: { catalogModelId: modelId, status: "pending" }, select: { id: true, keyIds: true, keyTags: true } });
  const covered = pending.filter((request) => scopeCovered(approval, request)).map((request) => request.id);
  if (covered.length) await tx.modelAccessRequest.updateMany({ where: { id: { in: covered } }, data: { status: "approved", ...decision } });
}
