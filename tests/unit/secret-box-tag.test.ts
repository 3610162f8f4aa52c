/** Regression: decryptSecret() must refuse a truncated GCM tag (it once accepted any prefix). */
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";

afterEach(() => vi.unstubAllEnvs());

describe("decryptSecret() and truncated GCM tags", () => {
  // Cause: createDecipheriv("aes-256-gcm", key, nonce) does not pin
  // { authTagLength: 16 } and the tag's length is never checked, so Node accepts any tag of
  // 4, 8 or 12-16 bytes: a prefix of the real tag authenticates. Anyone able to edit the stored
  // value can cut the tag to 4 bytes, making forgeries a 2^32 search instead of 2^128.
  it.each([4, 8, 12, 15])("refuses a %i-byte prefix of the real 16-byte tag", (bytes) => {
    vi.stubEnv("MASTER_KEY", randomBytes(32).toString("base64"));
    const [version, nonce, ciphertext, tag] = encryptSecret("sk-live-secret", "provider-credential:org_1").split(".");
    const shortTag = Buffer.from(tag!, "base64url").subarray(0, bytes).toString("base64url");
    expect(() => decryptSecret([version, nonce, ciphertext, shortTag].join("."), "provider-credential:org_1")).toThrow();
  });
});
