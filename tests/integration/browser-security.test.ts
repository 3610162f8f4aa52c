// The browser-facing defences that do not need a browser: the CSRF check of the dashboard's
// cookie-authenticated route handlers (on the real playground handler), the policy and HSTS
// decisions, and Auth.js's own CSRF token, cookie flags, per-IP sign-in limit and revocation of
// signed-out tokens, through the real Auth.js route handlers.
import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { handlers } from "@/lib/auth/auth";
import { getDb } from "@/lib/db/client";
import { resetSignInLimiters } from "@/lib/auth/sign-in-limiter";
import { playgroundChat } from "@/lib/gateway/playground";
import { contentSecurityPolicyFor } from "@/lib/security/content-security-policy";
import { isCrossSiteRequest } from "@/lib/security/cross-site-requests";
import { gatewaySecurityHeaders, strictTransportSecurity } from "@/lib/security/security-headers";
import { DEMO_OWNER_EMAIL, seedDemo } from "@/lib/users/demo-seed";
import { STRONG_PASSWORD, signedUpOwner } from "./factories";

const SAVED = { APP_URL: process.env.APP_URL, AUTH_URL: process.env.AUTH_URL, AUTH_SECRET: process.env.AUTH_SECRET };

beforeAll(() => {
  process.env.AUTH_SECRET ??= randomBytes(33).toString("base64url");
});
beforeEach(() => {
  delete process.env.APP_URL;
  delete process.env.AUTH_URL;
  resetSignInLimiters();
});
afterEach(() => {
  for (const [name, value] of Object.entries(SAVED)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  delete process.env.SIGN_IN_IP_LIMIT;
  resetSignInLimiters();
});

describe("cross-site requests to the dashboard's route handlers", () => {
  const HOST = "gateway.example";
  const post = (headers: Record<string, string>) =>
    new Request(`https://${HOST}/api/orgs/acme/playground`, { method: "POST", headers: { host: HOST, "content-type": "application/json", ...headers }, body: "{}" });

  it("refuses what the browser marks as made by another site, and lets same-origin through", async () => {
    const { user, org } = await signedUpOwner("playground");
    const cases: [Record<string, string>, number][] = [
      [{ "sec-fetch-site": "cross-site", origin: "https://evil.example" }, 403],
      // A sibling subdomain is another application.
      [{ "sec-fetch-site": "same-site", origin: `https://app.${HOST}` }, 403],
      // Browsers without fetch metadata: the Origin decides.
      [{ origin: "https://evil.example" }, 403],
      [{ origin: "null" }, 403],
      [{ origin: "not a url" }, 403],
      // Past the check, the handler answers the empty body itself.
      [{ "sec-fetch-site": "same-origin", origin: `https://${HOST}` }, 400],
      [{ origin: `https://${HOST}` }, 400],
      // Not a browser page at all: a client that holds the cookie itself.
      [{}, 400],
    ];
    for (const [headers, status] of cases) {
      const response = await playgroundChat(post(headers), org.slug, user.id);
      expect({ headers, status: response.status }).toEqual({ headers, status });
      if (status === 403) expect(await response.json()).toEqual({ error: { message: "Cross-site request refused." } });
    }
  });

  it("compares the Origin with the host the proxy forwarded", () => {
    const behindProxy = (origin: string) => new Headers({ host: "10.0.0.7:3000", "x-forwarded-host": `${HOST}, 10.0.0.7`, origin });
    expect(isCrossSiteRequest(behindProxy(`https://${HOST}`))).toBe(false);
    expect(isCrossSiteRequest(behindProxy("http://10.0.0.7:3000"))).toBe(true);
  });
});

describe("content security policy and HSTS", () => {
  const directives = (policy: string) => new Map(policy.split(";").map((part) => { const [name, ...values] = part.trim().split(/\s+/); return [name!, values]; }));

  it("runs only scripts with the page's nonce in production, and allows eval only in development", () => {
    const production = directives(contentSecurityPolicyFor({}, "production")("bm9uY2U="));
    expect(production.get("script-src")).toEqual(["'self'", "'nonce-bm9uY2U='", "'strict-dynamic'"]);
    expect(production.get("object-src")).toEqual(["'none'"]);
    expect(production.get("frame-ancestors")).toEqual(["'none'"]);
    expect(production.get("base-uri")).toEqual(["'self'"]);
    expect(production.get("form-action")).toEqual(["'self'"]);
    expect(production.has("upgrade-insecure-requests")).toBe(false);
    const development = directives(contentSecurityPolicyFor({}, "development")("bm9uY2U="));
    expect(development.get("script-src")).toContain("'unsafe-eval'");
  });

  it("lets sign-in and billing forms go on to the configured providers, and upgrades requests on https", () => {
    const env = {
      APP_URL: "https://gateway.example",
      AUTH_OIDC_ISSUER: "https://sso.example.com/realms/acme",
      AUTH_OIDC_ID: "gateway",
      AUTH_OIDC_SECRET: "secret",
      AUTH_GITHUB_ID: "id", // without its secret GitHub is not offered
      STRIPE_SECRET_KEY: "sk_live_x",
    };
    const policy = directives(contentSecurityPolicyFor(env, "production")("bm9uY2U="));
    expect(policy.get("form-action")).toEqual(["'self'", "https://sso.example.com", "https://checkout.stripe.com", "https://billing.stripe.com"]);
    expect(policy.has("upgrade-insecure-requests")).toBe(true);
  });

  it("sends HSTS for a public https URL only, on the gateway's paths too", () => {
    expect(strictTransportSecurity({ APP_URL: "https://gateway.example" })).toBe("max-age=63072000; includeSubDomains");
    expect(strictTransportSecurity({ AUTH_URL: "https://gateway.example/api/auth" })).toMatch(/^max-age=\d+; includeSubDomains$/);
    expect(strictTransportSecurity({ APP_URL: "http://localhost:3000", AUTH_URL: "https://gateway.example" })).toBeNull();
    expect(strictTransportSecurity({})).toBeNull();
    expect(Object.fromEntries(gatewaySecurityHeaders({ APP_URL: "https://gateway.example" }))).toEqual({
      "X-Content-Type-Options": "nosniff",
      "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    });
    expect(Object.fromEntries(gatewaySecurityHeaders({}))).toEqual({ "X-Content-Type-Options": "nosniff" });
  });
});

describe("Auth.js sign-in", () => {
  // Behind a TLS-terminating proxy the request reaches us as plain http, without X-Forwarded-Proto.
  const BASE = "http://gateway.internal";
  type Cookies = Map<string, string>;

  function cookieHeader(cookies: Cookies): string {
    return [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  function remember(cookies: Cookies, response: Response): string[] {
    const set = response.headers.getSetCookie();
    for (const line of set) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return set;
  }

  async function csrfToken(cookies: Cookies): Promise<string> {
    const response = await handlers.GET(new NextRequest(`${BASE}/api/auth/csrf`, { headers: { cookie: cookieHeader(cookies) } }));
    remember(cookies, response);
    return ((await response.json()) as { csrfToken: string }).csrfToken;
  }

  async function postCredentials(cookies: Cookies, fields: Record<string, string>, ip = "198.51.100.7") {
    const response = await handlers.POST(
      new NextRequest(`${BASE}/api/auth/callback/credentials`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(cookies), "x-forwarded-for": ip },
        body: new URLSearchParams({ callbackUrl: "/", ...fields }),
      }),
    );
    return { location: response.headers.get("location") ?? "", setCookies: remember(cookies, response) };
  }

  const sessionCookie = (setCookies: string[]) => setCookies.find((line) => /^(__Secure-)?authjs\.session-token=/.test(line));

  async function signedIn(email: string): Promise<Cookies> {
    const cookies: Cookies = new Map();
    const { setCookies } = await postCredentials(cookies, { email, password: STRONG_PASSWORD, csrfToken: await csrfToken(cookies) });
    expect(sessionCookie(setCookies)).toBeDefined();
    return cookies;
  }

  /** The signed-in email the session endpoint reports for these cookies, or null when signed out. */
  async function sessionEmail(cookies: Cookies): Promise<string | null> {
    const response = await handlers.GET(new NextRequest(`${BASE}/api/auth/session`, { headers: { cookie: cookieHeader(cookies) } }));
    const session = (await response.json()) as { user?: { email?: string } } | null;
    return session?.user?.email ?? null;
  }

  async function signOutWith(cookies: Cookies): Promise<string[]> {
    const response = await handlers.POST(
      new NextRequest(`${BASE}/api/auth/signout`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(cookies) },
        body: new URLSearchParams({ csrfToken: await csrfToken(cookies), callbackUrl: "/sign-in" }),
      }),
    );
    return remember(cookies, response);
  }

  it("refuses a credentials POST without the CSRF token", async () => {
    const { user } = await signedUpOwner("csrf");
    const cookies: Cookies = new Map();
    await csrfToken(cookies); // the cookie half alone is not enough
    const refused = await postCredentials(cookies, { email: user.email, password: STRONG_PASSWORD });
    expect(refused.location).toContain("error=MissingCSRF");
    expect(sessionCookie(refused.setCookies)).toBeUndefined();

    const token = await csrfToken(cookies);
    const accepted = await postCredentials(cookies, { email: user.email, password: STRONG_PASSWORD, csrfToken: token });
    expect(accepted.location).not.toContain("error=");
    expect(sessionCookie(accepted.setCookies)).toBeDefined();
  });

  it("issues an HttpOnly, SameSite=Lax session cookie, Secure when the public URL is https", async () => {
    const { user } = await signedUpOwner("cookies");
    for (const [appUrl, secure] of [["https://gateway.example", true], ["http://localhost:3000", false]] as const) {
      process.env.APP_URL = appUrl;
      const cookies: Cookies = new Map();
      const { setCookies } = await postCredentials(cookies, { email: user.email, password: STRONG_PASSWORD, csrfToken: await csrfToken(cookies) });
      const flags = sessionCookie(setCookies)!.split(";").map((part) => part.trim().toLowerCase());
      expect(flags[0]!.startsWith("__secure-authjs.session-token=")).toBe(secure);
      expect(flags).toContain("httponly");
      expect(flags).toContain("samesite=lax");
      expect(flags.includes("secure")).toBe(secure);
    }
  });

  it("refuses sign-in from an IP past its failed attempts, across accounts, and not from another IP", async () => {
    process.env.SIGN_IN_IP_LIMIT = "2";
    resetSignInLimiters();
    const [first, second, third] = await Promise.all([signedUpOwner("ip-a"), signedUpOwner("ip-b"), signedUpOwner("ip-c")]);
    const attacker = `203.0.113.${randomBytes(1)[0]}`;
    const signIn = async (email: string, password: string, ip: string) => {
      const cookies: Cookies = new Map();
      return postCredentials(cookies, { email, password, csrfToken: await csrfToken(cookies) }, ip);
    };
    for (const { user } of [first, second]) {
      expect((await signIn(user.email, "wrong password 1", attacker)).location).toContain("error=CredentialsSignin");
    }
    const limited = await signIn(third.user.email, STRONG_PASSWORD, attacker);
    expect(limited.location).toContain("code=rate_limited");
    expect(sessionCookie(limited.setCookies)).toBeUndefined();
    const elsewhere = await signIn(third.user.email, STRONG_PASSWORD, "192.0.2.44");
    expect(elsewhere.location).not.toContain("error=");
    expect(sessionCookie(elsewhere.setCookies)).toBeDefined();
  });

  it("signing out makes the token useless on the server, copies included", async () => {
    const { user } = await signedUpOwner("revoke");
    const browser = await signedIn(user.email);
    const copy = new Map(browser); // the cookie as someone who read it off the machine holds it
    const otherDevice = await signedIn(user.email);
    expect(await sessionEmail(copy)).toBe(user.email);

    const cleared = await signOutWith(browser);
    expect(sessionCookie(cleared)).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect(await sessionEmail(copy)).toBeNull();
    // The version belongs to the user: sessions on other devices end with it.
    expect(await sessionEmail(otherDevice)).toBeNull();
    // Signing in again gives a token that works.
    expect(await sessionEmail(await signedIn(user.email))).toBe(user.email);
  });

  it("a dead token's sign-out does not end the sessions opened after it", async () => {
    const { user } = await signedUpOwner("replay");
    const old = await signedIn(user.email);
    const copy = new Map(old);
    await signOutWith(old);
    const current = await signedIn(user.email);
    await signOutWith(copy);
    expect(await sessionEmail(current)).toBe(user.email);
  });

  it("a new demo owner password ends the sessions opened with the old one", async () => {
    const db = await getDb();
    await seedDemo(db);
    const versionOf = async () => (await db.user.findUniqueOrThrow({ where: { email: DEMO_OWNER_EMAIL }, select: { sessionVersion: true } })).sessionVersion;
    const before = await versionOf();
    await seedDemo(db, { resetPassword: true });
    // Greater, not one more: another test file may reset the shared demo owner at the same time.
    expect(await versionOf()).toBeGreaterThan(before);
  });
});
