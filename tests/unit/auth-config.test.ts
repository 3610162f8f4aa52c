import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveAuthSecret } from "@/lib/auth/auth-secret";
import { oauthProviderButtons } from "@/lib/auth/oauth-providers";

describe("oauth providers", () => {
  it("offers none when no provider is configured", () => {
    expect(oauthProviderButtons({})).toEqual([]);
  });

  it("offers each provider whose id and secret are both set", () => {
    const buttons = oauthProviderButtons({
      AUTH_GITHUB_ID: "gh-id",
      AUTH_GITHUB_SECRET: "gh-secret",
      AUTH_GOOGLE_ID: "google-id", // secret missing: not offered
      AUTH_OIDC_ISSUER: "https://sso.example.com",
      AUTH_OIDC_ID: "oidc-id",
      AUTH_OIDC_SECRET: "oidc-secret",
      AUTH_OIDC_NAME: "Acme SSO",
    });
    expect(buttons).toEqual([
      { id: "github", name: "GitHub" },
      { id: "oidc", name: "Acme SSO" },
    ]);
  });
});

describe("resolveAuthSecret", () => {
  const previousDataDir = process.env.DATA_DIR;
  afterEach(() => {
    process.env.DATA_DIR = previousDataDir;
  });

  it("uses AUTH_SECRET when set", () => {
    expect(resolveAuthSecret({ AUTH_SECRET: "from-env", NODE_ENV: "production" })).toBe("from-env");
  });

  it("requires AUTH_SECRET in production with a real database", () => {
    expect(() => resolveAuthSecret({ NODE_ENV: "production", DATABASE_URL: "postgresql://db/app" })).toThrow(/AUTH_SECRET is required/);
  });

  it("generates one for the embedded default, keeps it private under the data dir and reuses it", () => {
    process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "gateway-secret-"));
    const first = resolveAuthSecret({ NODE_ENV: "production" });
    const file = path.join(process.env.DATA_DIR, "auth-secret");
    expect(first.length).toBeGreaterThanOrEqual(40);
    expect(readFileSync(file, "utf8").trim()).toBe(first);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(resolveAuthSecret({ NODE_ENV: "production" })).toBe(first);
  });
});
