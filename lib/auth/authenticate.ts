import { getDb } from "@/lib/db/client";
import { signInSchema } from "@/lib/schemas/user";
import { verifyAgainstDecoy, verifyPassword } from "./password";
import { assertSignInAllowed, clearFailedSignIns, recordFailedSignIn } from "./sign-in-limiter";

export type AuthenticatedUser = { id: string; email: string; name: string | null };

/**
 * The credentials check behind the sign-in form. Returns the user, or null for a wrong email or
 * password (the same answer for both, in about the same time). Throws RateLimitedError past the
 * limits.
 */
export async function authenticateWithPassword(
  credentials: unknown,
  clientIp: string,
): Promise<AuthenticatedUser | null> {
  const parsed = signInSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  await assertSignInAllowed(email, clientIp);
  const db = await getDb();
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, passwordHash: true } });
  const valid = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDecoy(password);
  if (!user || !valid) {
    await recordFailedSignIn(email, clientIp);
    return null;
  }
  await clearFailedSignIns(email);
  return { id: user.id, email: user.email, name: user.name };
}
