import { createHash, randomBytes } from "node:crypto";

/** 256 random bits; the link carries the token, the database only its SHA-256. */
export function newInviteToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashInviteToken(token) };
}

export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export const INVITE_TTL_DAYS = 7;
