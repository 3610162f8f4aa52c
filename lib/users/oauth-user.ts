import type { Db } from "@/lib/db/client";
import { createOrgInTransaction } from "@/lib/orgs/org-service";

/**
 * Finds or creates the user behind an OAuth/OIDC sign-in and links the external identity.
 * An existing account is linked by email only when the provider vouches the email is verified;
 * a brand-new user gets a first org, as with sign-up.
 */
export async function linkOAuthUser(
  db: Db,
  identity: { provider: string; providerAccountId: string; email: string; name?: string | null; emailVerified: boolean },
): Promise<string | null> {
  const linked = await db.account.findUnique({
    where: { provider_providerAccountId: { provider: identity.provider, providerAccountId: identity.providerAccountId } },
    select: { userId: true },
  });
  if (linked) return linked.userId;
  if (!identity.emailVerified) return null;
  const email = identity.email.toLowerCase();
  return db.$transaction(async (tx) => {
    let user = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (!user) {
      user = await tx.user.create({ data: { email, name: identity.name ?? null }, select: { id: true } });
      await createOrgInTransaction(tx, user.id, { name: `${(identity.name ?? email.split("@")[0]!).split(/\s+/)[0]}'s org` });
    }
    await tx.account.create({
      data: { userId: user.id, provider: identity.provider, providerAccountId: identity.providerAccountId },
    });
    return user.id;
  });
}
