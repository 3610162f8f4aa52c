import { notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { type OrgContext, resolveOrgAccess } from "@/lib/orgs/org-access";
import { auth } from "./auth";
import type { Permission } from "./rbac";
import type { SessionUser } from "./session-version";

export type { SessionUser };

/**
 * The signed-in user, as the jwt callback in auth.ts read it from the database for this request:
 * a deleted user's token, or one from before a sign-out or password change, gives null.
 */
export async function currentUser(): Promise<SessionUser | null> {
  const user = (await auth())?.user;
  if (!user?.id || !user.email) return null;
  return { id: user.id, email: user.email, name: user.name ?? null };
}

export async function requireUser(returnTo?: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(returnTo ? `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}` : "/sign-in");
  return user;
}

/**
 * For the org layout: the caller's context in the org, or null when they have none. The layout
 * must not call notFound() itself: a layout's notFound() skips its own segment's not-found page.
 * It renders the page bare instead, and the page's requireOrgPage() shows "Org not found".
 */
export async function findOrgPageAccess(orgSlug: string): Promise<{ user: SessionUser; ctx: OrgContext } | null> {
  const user = await requireUser(`/${orgSlug}`);
  try {
    return { user, ctx: await resolveOrgAccess(await getDb(), user.id, orgSlug) };
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** For org pages: the caller's context in the org, or the org's not-found page. */
export async function requireOrgPage(orgSlug: string, permission: Permission = "org:read"): Promise<{
  user: SessionUser;
  ctx: OrgContext;
}> {
  const user = await requireUser(`/${orgSlug}`);
  try {
    const ctx = await resolveOrgAccess(await getDb(), user.id, orgSlug, permission);
    return { user, ctx };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}
