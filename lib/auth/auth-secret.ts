import { resolveLocalSecret } from "@/lib/crypto/local-secret";

/**
 * The key that signs session tokens: AUTH_SECRET, required in production with a real database;
 * for the embedded default, generated on first start and kept in `.data/auth-secret`.
 */
export function resolveAuthSecret(env: Record<string, string | undefined> = process.env): string {
  return resolveLocalSecret({ envVar: "AUTH_SECRET", file: "auth-secret", bytes: 33, env, hint: "for example: openssl rand -base64 33" });
}
