/**
 * lib/mcp/server-credentials.ts: the headers sent to an upstream MCP server (a bearer token
 * becomes the one Authorization header), sealed as one encrypted value bound to the org, with
 * hints that show a header's name and only the last four characters of its value.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { credentialHeaders, openHeaders, sealHeaders } from "@/lib/mcp/server-credentials";

const ORG = "org_cl0000000000000000000001";
const OTHER_ORG = "org_cl0000000000000000000002";

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "mcp-credentials-"));
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("MASTER_KEY", randomBytes(32).toString("base64"));
  vi.stubEnv("DATABASE_URL", undefined);
  vi.stubEnv("NODE_ENV", "test");
});

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("credentialHeaders", () => {
  it("sends a bearer token as Authorization: Bearer", () => {
    expect(credentialHeaders({ bearerToken: "tok_123" })).toEqual({ Authorization: "Bearer tok_123" });
  });

  it("replaces any other authorization header, whatever its case, and keeps the rest", () => {
    const headers = { authorization: "Basic old", AUTHORIZATION: "Token older", "X-Api-Key": "k", "X-Authorization-Hint": "keep" };
    expect(credentialHeaders({ bearerToken: "tok_123", headers })).toEqual({ Authorization: "Bearer tok_123", "X-Api-Key": "k", "X-Authorization-Hint": "keep" });
    expect(headers).toEqual({ authorization: "Basic old", AUTHORIZATION: "Token older", "X-Api-Key": "k", "X-Authorization-Hint": "keep" }); // input untouched
  });

  it("keeps the given headers as they are without a bearer token", () => {
    expect(credentialHeaders({ headers: { authorization: "Basic abc", "X-Key": "v" } })).toEqual({ authorization: "Basic abc", "X-Key": "v" });
    expect(credentialHeaders({ bearerToken: "", headers: { authorization: "Basic abc" } })).toEqual({ authorization: "Basic abc" });
    expect(credentialHeaders({})).toEqual({});
  });
});

describe("sealHeaders / openHeaders", () => {
  const headers = { Authorization: "Bearer upstream-secret-token-123", "X-Api-Key": "key-abcdefgh-9876", "X-Short": "abc" };

  it("round-trips the headers for the same org", () => {
    const sealed = sealHeaders(ORG, headers);
    expect(sealed.encryptedHeaders).toMatch(/^v1\./);
    expect(openHeaders(ORG, sealed.encryptedHeaders)).toEqual(headers);
  });

  it("never stores a value in the clear", () => {
    const sealed = sealHeaders(ORG, headers);
    for (const value of Object.values(headers)) expect(JSON.stringify(sealed)).not.toContain(value);
  });

  it("encrypts anew each time", () => {
    expect(sealHeaders(ORG, headers).encryptedHeaders).not.toBe(sealHeaders(ORG, headers).encryptedHeaders);
  });

  it("gives hints by header name, sorted, with only the last four characters of each value", () => {
    expect(sealHeaders(ORG, headers).headerHints).toEqual(["Authorization …-123", "X-Api-Key …9876", "X-Short …"]);
    // Values of eight characters or fewer show nothing at all.
    expect(sealHeaders(ORG, { "X-Eight": "12345678", "X-Nine": "123456789" }).headerHints).toEqual(["X-Eight …", "X-Nine …6789"]);
  });

  it("stores nothing for no headers, and opens nothing as no headers", () => {
    expect(sealHeaders(ORG, {})).toEqual({ encryptedHeaders: null, headerHints: [] });
    expect(openHeaders(ORG, null)).toEqual({});
  });

  it("binds the ciphertext to the org: another org's id cannot open it", () => {
    const sealed = sealHeaders(ORG, headers);
    expect(() => openHeaders(OTHER_ORG, sealed.encryptedHeaders)).toThrow();
    expect(() => openHeaders("", sealed.encryptedHeaders)).toThrow();
    // Nor does a value sealed for another purpose under the same org id (a provider credential).
    expect(() => openHeaders(ORG, encryptSecret(JSON.stringify(headers), `provider-credential:${ORG}`))).toThrow();
    expect(openHeaders(ORG, sealed.encryptedHeaders)).toEqual(headers);
  });

  it("fails under another master key", () => {
    const sealed = sealHeaders(ORG, headers);
    vi.stubEnv("MASTER_KEY", randomBytes(32).toString("base64"));
    expect(() => openHeaders(ORG, sealed.encryptedHeaders)).toThrow();
  });

  it("refuses a tampered ciphertext", () => {
    const sealed = sealHeaders(ORG, headers).encryptedHeaders!;
    const parts = sealed.split(".");
    const bytes = Buffer.from(parts[2]!, "base64url");
    bytes[0] = bytes[0]! ^ 0x01;
    parts[2] = bytes.toString("base64url");
    expect(() => openHeaders(ORG, parts.join("."))).toThrow();
  });

  it("seals what credentialHeaders built: the bearer token comes back as the Authorization header", () => {
    const sealed = sealHeaders(ORG, credentialHeaders({ bearerToken: "tok_abcdefgh1234", headers: { authorization: "Basic old", "X-Team": "agents-team" } }));
    expect(openHeaders(ORG, sealed.encryptedHeaders)).toEqual({ Authorization: "Bearer tok_abcdefgh1234", "X-Team": "agents-team" });
    expect(sealed.headerHints).toEqual(["Authorization …1234", "X-Team …team"]);
  });
});
