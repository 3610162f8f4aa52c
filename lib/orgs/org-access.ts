import { can, type Permission } from "@/lib/auth/rbac";
import type { Db } from "@/lib/db/client";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";

/** Who is acting, in which org, with which role. Every org-scoped service function takes one. */
export type OrgContext = {
  userId: string;
  org: { id: string; slug: string; name: string };
  membershipId: string;
  role: Role;
  /** Set when a management-API key acts (for its creator), so activity records name the key too. */
  apiKeyId?: string;
};

/**
 * The single gate into an org. Not a member (or no such org) is "not found", so a slug or id of
 * another tenant reveals nothing; a member without the permission is "forbidden".
 */
export async function resolveOrgAccess(
  db: Db,
  userId: string,
  orgSlug: string,
  permission: Permission = "org:read",
): Promise<OrgContext> {
  const membership = await db.membership.findFirst({
    where: { userId, org: { slug: orgSlug.toLowerCase() } },
    select: { id: true, role: true, org: { select: { id: true, slug: true, name: true } } },
  });
  if (!membership) throw new NotFoundError("Org not found.");
  if (!can(membership.role, permission)) throw new ForbiddenError();
  return { userId, org: membership.org, membershipId: membership.id, role: membership.role };
}

export function assertCan(ctx: OrgContext, permission: Permission): void {
  if (!can(ctx.role, permission)) throw new ForbiddenError();
}
