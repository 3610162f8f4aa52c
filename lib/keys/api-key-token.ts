import { hash, randomBytes } from "node:crypto";

/**
 * API keys look like `gw_live_<32 url-safe characters>` (192 random bits). The readable start is
 * kept for lists and logs; only a SHA-256 of the whole key is stored, which is enough for a
 * lookup because the key itself is random (no salt or slow hash needed, unlike passwords).
 */
const KEY_PREFIX = "gw_live_";
const PREFIX_LENGTH = KEY_PREFIX.length + 8;

export function newApiKey(): { key: string; prefix: string; hash: string } {
  const key = `${KEY_PREFIX}${randomBytes(24).toString("base64url")}`;
  return { key, prefix: key.slice(0, PREFIX_LENGTH), hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return hash("sha256", key, "hex"); // one-shot: a fraction of createHash()'s cost, on every request
}

/** Cheap shape check before any lookup, so garbage never reaches the cache or the database. */
export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(KEY_PREFIX) && value.length === KEY_PREFIX.length + 32 && /^[\w-]+$/.test(value.slice(KEY_PREFIX.length));
}

export const API_KEY_SCOPES = ["gateway", "mcp", "admin"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
