/**
 * Fake-secret builders. Fixtures are assembled at runtime from a seeded generator so the repository never
 * contains a realistic-looking credential verbatim (keeps secret scanners quiet) while still matching formats.
 */
export const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const HEX = "0123456789abcdef";
export const UPPER_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

let state = 0x9e3779b9;
/** Deterministic pseudo-random string over `alphabet` (xorshift32; reproducible across runs). */
export function rnd(length: number, alphabet: string = ALNUM): string {
  let out = "";
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out += alphabet[(state >>> 0) % alphabet.length];
  }
  return out;
}

export const b64url = (value: string) => Buffer.from(value).toString("base64url");
