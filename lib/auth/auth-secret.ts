import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/db/data-dir";

/**
 * The key that signs session tokens. Production deployments must set AUTH_SECRET. For the embedded
 * default (no DATABASE_URL) one is generated on first start and kept in `.data/auth-secret`, so a
 * laptop install works with no setup and sessions survive restarts. It is never hard-coded.
 */
export function resolveAuthSecret(env: Record<string, string | undefined> = process.env): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (env.DATABASE_URL && env.NODE_ENV === "production") {
    throw new Error("AUTH_SECRET is required in production when DATABASE_URL is set (for example: openssl rand -base64 33).");
  }
  const file = path.join(dataDir(), "auth-secret");
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (existing) return existing;
  } catch {
    // first start: fall through and create it
  }
  const secret = randomBytes(33).toString("base64url");
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  } catch {
    return readFileSync(file, "utf8").trim(); // another process won the race; use its secret
  }
}
