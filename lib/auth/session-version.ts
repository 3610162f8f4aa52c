import type { Db } from "@/lib/db/client";

/**
 * Session tokens are JWTs, which the server cannot delete. Each one carries the user's session
 * version from sign-in instead; bumping the version (sign-out, password change) turns every token
 * issued before into a signed-out one, wherever it was copied to.
 */

export type SessionUser = { id: string; email: string; name: string | null };

/** The version a token issued now must carry, or null when the user no longer exists. */
export async function sessionVersionOf(db: Db, userId: string): Promise<number | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return user?.sessionVersion ?? null;
}

/**
 * The token's user, read fresh by primary key, or null when the user is gone or the token's
 * version is not the current one. Tokens from before versions existed count as version 0.
 */
export async function userOfToken(db: Db, userId: string, tokenVersion: number | undefined): Promise<SessionUser | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, sessionVersion: true } });
  if (!user || user.sessionVersion !== (tokenVersion ?? 0)) return null;
  return { id: user.id, email: user.email, name: user.name };
}

/**
 * Ends every session the user has. Only a token that is still current may do so, so replaying an
 * old, already dead token cannot sign the user out of the sessions opened since.
 */
export async function revokeSessions(db: Db, userId: string, tokenVersion: number | undefined): Promise<void> {
  await db.user.updateMany({
    where: { id: userId, sessionVersion: tokenVersion ?? 0 },
    data: { sessionVersion: { increment: 1 } },
  });
}
