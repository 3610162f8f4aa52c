import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { resolveLocalSecret } from "./local-secret";

/**
 * Encryption at rest for provider credentials and other stored secrets: AES-256-GCM with a random
 * 96-bit nonce per value, under MASTER_KEY (32 bytes, base64 or base64url). The stored form is
 * `v1.<nonce>.<ciphertext>.<tag>`; the version lets the key or cipher change later.
 * The org id is bound in as associated data, so a ciphertext copied into another org's row fails.
 */
const VERSION = "v1";
const AUTH_TAG_BYTES = 16;

/** Resolves the master key once at start, so a missing or malformed MASTER_KEY stops the boot. */
export function assertMasterKey(): void {
  masterKey();
}

function masterKey(env: Record<string, string | undefined> = process.env): Buffer {
  const encoded = resolveLocalSecret({
    envVar: "MASTER_KEY",
    file: "master-key",
    bytes: 32,
    env,
    hint: "32 random bytes, base64: openssl rand -base64 32",
  });
  const key = Buffer.from(encoded, "base64"); // Node reads both base64 alphabets here
  if (key.length !== 32) throw new Error("MASTER_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32).");
  return key;
}

export function encryptSecret(plaintext: string, context: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", masterKey(), nonce);
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, nonce, ciphertext, cipher.getAuthTag()].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

export function decryptSecret(stored: string, context: string): string {
  const [version, nonce, ciphertext, tag] = stored.split(".");
  if (version !== VERSION || !nonce || ciphertext === undefined || !tag) throw new Error("Unreadable encrypted value.");
  // Pin the full 16-byte tag: GCM would otherwise accept a truncated one, which is far easier to forge.
  const authTag = Buffer.from(tag, "base64url");
  if (authTag.length !== AUTH_TAG_BYTES) throw new Error("Unreadable encrypted value.");
  const decipher = createDecipheriv("aes-256-gcm", masterKey(), Buffer.from(nonce, "base64url"), { authTagLength: AUTH_TAG_BYTES });
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(authTag);
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

/** The last four characters, for showing which credential is stored without revealing it. */
export function secretHint(secret: string): string {
  return secret.length > 8 ? `…${secret.slice(-4)}` : "…";
}
