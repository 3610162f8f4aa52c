import { randomBytes } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { newApiKey } from "@/lib/keys/api-key-token";
import { type OrgContext, resolveOrgAccess } from "@/lib/orgs/org-access";
import { signUp } from "@/lib/users/sign-up";

/** Unique per call, so test files can share one real PostgreSQL database. */
export function uniqueEmail(label = "user"): string {
  return `${label}-${randomBytes(5).toString("hex")}@test.example`;
}

export const STRONG_PASSWORD = "correct horse battery 9";

/** A signed-up user with their first org, as the sign-up form would create them. */
export async function signedUpOwner(label = "owner") {
  const db = await getDb();
  const result = await signUp(db, { email: uniqueEmail(label), password: STRONG_PASSWORD, name: `${label} person` });
  const ctx = await resolveOrgAccess(db, result.user.id, result.org.slug);
  return { ...result, ctx };
}

/** Adds a user to the org of `ctx` with `role`, returning their context there. */
export async function memberOf(ctx: OrgContext, role: OrgContext["role"], label: string = role) {
  const db = await getDb();
  const user = await db.user.create({ data: { email: uniqueEmail(label), name: label }, select: { id: true, email: true } });
  await db.membership.create({ data: { orgId: ctx.org.id, userId: user.id, role } });
  return { user, ctx: await resolveOrgAccess(db, user.id, ctx.org.slug) };
}

/**
 * A live gateway key of the org, created by `createdById` (the owner of `ctx` by default) and
 * carrying `tags`. Written directly: tags have no form of their own yet, and members cannot
 * create keys, though keys they created while admins stay theirs.
 */
export async function keyWithTags(ctx: OrgContext, name: string, tags: string[], options: { createdById?: string; modelAllowlist?: string[]; scopes?: string[] } = {}) {
  const db = await getDb();
  const { key, prefix, hash } = newApiKey();
  const apiKey = await db.apiKey.create({
    data: { orgId: ctx.org.id, name, prefix, hash, scopes: options.scopes ?? ["gateway"], modelAllowlist: options.modelAllowlist ?? [], tags, createdById: options.createdById ?? ctx.userId },
    select: { id: true, name: true },
  });
  return { ...apiKey, key };
}
