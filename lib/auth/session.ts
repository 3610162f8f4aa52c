import { notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { type OrgContext, resolveOrgAccess } from "@/lib/orgs/org-access";
import { auth } from "./auth";
import type { Permission } from "./rbac";

export type SessionUser = { id: string; email: string; name: string | null };

/** The signed-in user, read fresh from the database (a deleted user's token stops working). */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const db = await getDb();
  return db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true } });
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
