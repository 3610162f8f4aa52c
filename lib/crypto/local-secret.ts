import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/db/data-dir";

type Env = Record<string, string | undefined>;

/**
 * A secret from env, or, for the embedded default, one generated on first use and kept in
 * `<dataDir>/<file>` (mode 600) so that a laptop install needs no setup. Production deployments
 * with a real database must set the env var: instances must share it, and it is never hard-coded.
 */
export function resolveLocalSecret(options: { envVar: string; file: string; bytes: number; env: Env; hint: string }): string {
  const { envVar, file, bytes, env } = options;
  const fromEnv = env[envVar];
  if (fromEnv) return fromEnv;
  if (env.DATABASE_URL && env.NODE_ENV === "production") {
    throw new Error(`${envVar} is required in production when DATABASE_URL is set (${options.hint}).`);
  }
  const location = path.join(dataDir(), file);
  try {
    const existing = readFileSync(location, "utf8").trim();
    if (existing) return existing;
  } catch {
    // first start: fall through and create it
  }
  const secret = randomBytes(bytes).toString("base64url");
  try {
    writeFileSync(location, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  } catch {
    return readFileSync(location, "utf8").trim(); // another process won the race; use its secret
  }
}
