/**
 * lib/crypto/secret-box.ts: AES-256-GCM under MASTER_KEY, the org id bound in as associated data,
 * and the key generated under DATA_DIR for the embedded default. The module reads the environment
 * on every call, so each test sets exactly the environment it means (vi.stubEnv, undone after).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { decryptSecret, encryptSecret, secretHint } from "@/lib/crypto/secret-box";

const ORG = "org_cl0000000000000000000001";
const OTHER_ORG = "org_cl0000000000000000000002";
const newKey = (encoding: "base64" | "base64url" = "base64") => randomBytes(32).toString(encoding);

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "secret-box-"));
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("MASTER_KEY", newKey());
  vi.stubEnv("DATABASE_URL", undefined);
  vi.stubEnv("NODE_ENV", "test");
});

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Flips one bit of one base64url part of `v1.<nonce>.<ciphertext>.<tag>`. */
function tamper(stored: string, part: 1 | 2 | 3): string {
  const parts = stored.split(".");
  const bytes = Buffer.from(parts[part]!, "base64url");
  bytes[0] = bytes[0]! ^ 0x01;
  parts[part] = bytes.toString("base64url");
  return parts.join(".");
}

describe("with MASTER_KEY set", () => {
  it("round-trips text, including empty and non-ASCII text, in the v1 format", () => {
    for (const plaintext of ["sk-proj-abc123", "", "clé secrète ✓ 🔑", "x".repeat(10_000)]) {
      const stored = encryptSecret(plaintext, ORG);
      expect(stored).toMatch(/^v1\.[\w-]+\.[\w-]*\.[\w-]+$/);
      expect(stored).not.toContain(plaintext || "\u0000");
      expect(decryptSecret(stored, ORG)).toBe(plaintext);
    }
    const [, nonce, , tag] = encryptSecret("abc", ORG).split(".");
    expect(Buffer.from(nonce!, "base64url")).toHaveLength(12);
    expect(Buffer.from(tag!, "base64url")).toHaveLength(16);
  });

  it("accepts the key in base64url as well as base64", () => {
    vi.stubEnv("MASTER_KEY", newKey("base64url"));
    expect(decryptSecret(encryptSecret("sk-live", ORG), ORG)).toBe("sk-live");
  });

  it("uses a fresh nonce each time, so equal plaintexts give different ciphertexts", () => {
    const seen = new Set(Array.from({ length: 50 }, () => encryptSecret("same secret", ORG)));
    expect(seen.size).toBe(50);
    const nonces = new Set([...seen].map((stored) => stored.split(".")[1]));
    expect(nonces.size).toBe(50);
    for (const stored of seen) expect(decryptSecret(stored, ORG)).toBe("same secret");
  });

  it("refuses to decrypt under another context (a ciphertext copied into another org's row)", () => {
    const stored = encryptSecret("sk-org-one", ORG);
    expect(() => decryptSecret(stored, OTHER_ORG)).toThrow();
    expect(() => decryptSecret(stored, "")).toThrow();
    expect(decryptSecret(stored, ORG)).toBe("sk-org-one");
  });

  it.each([
    [1, "nonce"],
    [2, "ciphertext"],
    [3, "tag"],
  ] as const)("detects a flipped bit in the %s part (%s)", (part, _name) => {
    const stored = encryptSecret("sk-tamper-me", ORG);
    expect(() => decryptSecret(tamper(stored, part), ORG)).toThrow();
  });

  it("refuses truncated, re-versioned, reordered or malformed values", () => {
    const stored = encryptSecret("sk-tamper-me", ORG);
    const [version, nonce, ciphertext, tag] = stored.split(".") as [string, string, string, string];
    const malformed = [
      `v2.${nonce}.${ciphertext}.${tag}`,
      `${version}.${nonce}.${ciphertext}`,
      `${version}.${nonce}.${ciphertext}.`,
      `${version}..${ciphertext}.${tag}`,
      `${version}.${nonce}.${ciphertext}${ciphertext.slice(0, 4)}.${tag}`, // bytes added to the ciphertext
      `${version}.${nonce}.${ciphertext.slice(0, -4)}.${tag}`, // bytes removed
      `${version}.${nonce}.${tag}.${ciphertext}`,
      "sk-plaintext-was-never-encrypted",
      "",
    ];
    for (const value of malformed) expect(() => decryptSecret(value, ORG), value).toThrow();
  });

  it("refuses to decrypt under another MASTER_KEY", () => {
    const stored = encryptSecret("sk-rotated", ORG);
    vi.stubEnv("MASTER_KEY", newKey());
    expect(() => decryptSecret(stored, ORG)).toThrow();
  });

  it.each([
    ["16 bytes", randomBytes(16).toString("base64")],
    ["33 bytes", randomBytes(33).toString("base64")],
    ["hex of 32 bytes (openssl rand -hex 32)", randomBytes(32).toString("hex")],
    ["a passphrase", "correct horse battery staple"],
  ])("refuses a MASTER_KEY of the wrong length: %s", (_label, key) => {
    vi.stubEnv("MASTER_KEY", key);
    expect(() => encryptSecret("x", ORG)).toThrow(/MASTER_KEY must be 32 bytes, base64-encoded/);
    expect(() => decryptSecret("v1.AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA", ORG)).toThrow(/MASTER_KEY must be 32 bytes/);
  });

  it("never touches DATA_DIR when the key comes from env", () => {
    encryptSecret("x", ORG);
    expect(existsSync(path.join(dataDir, "master-key"))).toBe(false);
  });
});

describe("without MASTER_KEY (the embedded default)", () => {
  beforeEach(() => vi.stubEnv("MASTER_KEY", undefined));

  it("generates a 32-byte key under DATA_DIR with mode 600 and reuses it", () => {
    const file = path.join(dataDir, "master-key");
    expect(existsSync(file)).toBe(false);
    const stored = encryptSecret("sk-local", ORG);
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const written = readFileSync(file, "utf8");
    expect(Buffer.from(written.trim(), "base64")).toHaveLength(32);

    // reused, not regenerated: the file is unchanged and old values still decrypt
    expect(decryptSecret(stored, ORG)).toBe("sk-local");
    expect(decryptSecret(encryptSecret("sk-second", ORG), ORG)).toBe("sk-second");
    expect(readFileSync(file, "utf8")).toBe(written);
  });

  it("reads the key from the file, so replacing the file changes the key", () => {
    const stored = encryptSecret("sk-local", ORG);
    writeFileSync(path.join(dataDir, "master-key"), `${newKey()}\n`);
    expect(() => decryptSecret(stored, ORG)).toThrow();
  });

  it("decrypts a value written with the file's key once the same key is set as MASTER_KEY", () => {
    const stored = encryptSecret("sk-migrate", ORG);
    const fileKey = readFileSync(path.join(dataDir, "master-key"), "utf8").trim();
    vi.stubEnv("MASTER_KEY", fileKey);
    vi.stubEnv("DATA_DIR", mkdtempSync(path.join(tmpdir(), "secret-box-empty-")));
    expect(decryptSecret(stored, ORG)).toBe("sk-migrate");
  });

  it("refuses to generate a key in production with DATABASE_URL set, and writes nothing", () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("DATABASE_URL", "postgresql://gateway@db.internal:5432/gateway");
    expect(() => encryptSecret("x", ORG)).toThrow(/MASTER_KEY is required in production when DATABASE_URL is set/);
    expect(() => decryptSecret("v1.AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA", ORG)).toThrow(/MASTER_KEY is required/);
    expect(existsSync(path.join(dataDir, "master-key"))).toBe(false);
  });

  it("still generates a key in production without DATABASE_URL (embedded single process)", () => {
    vi.stubEnv("NODE_ENV", "production");
    expect(decryptSecret(encryptSecret("x", ORG), ORG)).toBe("x");
    expect(existsSync(path.join(dataDir, "master-key"))).toBe(true);
  });
});

describe("secretHint", () => {
  it("shows only the last four characters of long secrets and nothing of short ones", () => {
    expect(secretHint("sk-proj-abcdefghWXYZ")).toBe("…WXYZ");
    expect(secretHint("12345678")).toBe("…");
    expect(secretHint("")).toBe("…");
  });
});
