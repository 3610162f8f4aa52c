// The dashboard's defences as a browser meets them: security headers and a nonce-based CSP on
// every page and API answer, no policy violation anywhere in a real session (sign-in, every page
// of the org's navigation, a chart), an injected script that does not run, a session cookie
// planted before sign-in that never becomes the session, a copied session cookie that dies with
// sign-out, and forged cross-site requests to a server action and to Auth.js that are refused.
import { randomBytes } from "node:crypto";
import type { APIRequestContext, Page, Request } from "@playwright/test";
import { addMockProviderAndModel, createKeyInDashboard, expect, newUser, signOut, signUp, submitSignIn, test } from "./helpers";

const port = Number(process.env.E2E_PORT ?? 3211);
const OIDC_ISSUER_ORIGIN = `http://127.0.0.1:${port + 1}`;
// The second instance of the app, served by `next start` instead of the production server.
const NEXT_START_URL = `http://localhost:${port + 6}`;

function directives(policy: string | null): Map<string, string[]> {
  return new Map((policy ?? "").split(";").map((part) => { const [name, ...values] = part.trim().split(/\s+/); return [name!, values]; }));
}

/** Every CSP violation the page reports from now on: the DOM event and the console's message. */
async function watchPolicyViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeBinding("reportPolicyViolation", (_source, text: string) => void violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { reportPolicyViolation: (text: string) => void }).reportPolicyViolation;
      report(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber} on ${location.pathname}`);
    });
  });
  page.on("console", (message) => {
    if (/content security policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  return violations;
}

/** Creates a key named `name` in the dashboard and returns the server action request the browser sent for it. */
async function keyCreationAction(page: Page, name: string): Promise<Request> {
  const sent = page.waitForRequest((candidate) => candidate.method() === "POST" && Boolean(candidate.headers()["next-action"]));
  await createKeyInDashboard(page, name);
  return sent;
}

/** Sends a captured server action again through `client`, from `origin`, for a key named `newName` instead of `oldName`. */
async function replayAction(client: APIRequestContext, action: Request, origin: string, oldName: string, newName: string) {
  const sentHeaders = await action.allHeaders();
  const kept = ["accept", "content-type", "next-action", "next-router-state-tree"].filter((name) => sentHeaders[name] !== undefined);
  return client.fetch(action.url(), {
    method: "POST",
    headers: { ...Object.fromEntries(kept.map((name) => [name, sentHeaders[name]!])), origin },
    data: action.postDataBuffer()!.toString("utf8").replaceAll(oldName, newName),
  });
}

test("pages and API answers carry the security headers and a fresh nonce that Next puts on its scripts", async ({ request }) => {
  const first = await request.get("/sign-in");
  expect(first.status()).toBe(200);
  const headers = first.headers();
  const policy = directives(headers["content-security-policy"]!);
  const scripts = policy.get("script-src")!;
  const nonce = scripts.find((source) => source.startsWith("'nonce-"))!.slice("'nonce-".length, -1);
  expect(nonce.length).toBeGreaterThanOrEqual(16);
  expect(scripts).toContain("'strict-dynamic'");
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
  expect(policy.get("object-src")).toEqual(["'none'"]);
  expect(policy.get("base-uri")).toEqual(["'self'"]);
  // The SSO button's form may go on to the configured OIDC provider, and nowhere else.
  expect(policy.get("form-action")).toEqual(["'self'", OIDC_ISSUER_ORIGIN]);
  expect(headers).toMatchObject({
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
  });
  // The app is served over plain http here (APP_URL is http): no HSTS.
  expect(headers["strict-transport-security"]).toBeUndefined();

  // Every script tag of the page carries this request's nonce, and the next request gets another.
  const html = await first.text();
  const scriptTags = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scriptTags.length).toBeGreaterThan(0);
  for (const tag of scriptTags) expect(tag).toContain(`nonce="${nonce}"`);
  const second = await request.get("/sign-in");
  expect(second.headers()["content-security-policy"]).not.toContain(nonce);

  // A page no route matches is rendered per request too, so its scripts have the nonce.
  const missing = await request.get("/no/such/page/anywhere");
  expect(missing.status()).toBe(404);
  const missingNonce = /'nonce-([^']+)'/.exec(missing.headers()["content-security-policy"]!)![1]!;
  expect(await missing.text()).toContain(`nonce="${missingNonce}"`);

  // API answers: Next's routes get the whole set; the gateway's /v1, served past Next, nosniff.
  for (const path of ["/api/health", "/api/auth/session", "/api/v1/keys"]) {
    const answer = await request.get(path);
    expect(answer.headers()["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(answer.headers()["x-content-type-options"], path).toBe("nosniff");
  }
  const gateway = await request.get("/v1/models");
  expect(gateway.status()).toBe(401);
  expect(gateway.headers()["x-content-type-options"]).toBe("nosniff");

  // Served by `next start` instead of the production server: the same policy.
  const nextStart = await request.get(`${NEXT_START_URL}/sign-in`);
  expect(directives(nextStart.headers()["content-security-policy"]!).get("script-src")).toContain("'strict-dynamic'");
  expect((await request.get(`${NEXT_START_URL}/v1/models`)).headers()["x-content-type-options"]).toBe("nosniff");
});

test("a session cookie planted before sign-in is replaced; signing in and the chart page break no policy", async ({ page, baseURL, playwright }) => {
  const violations = await watchPolicyViolations(page);
  const user = newUser("policy");
  const slug = await signUp(page, user);
  // Traffic, so the overview has charts to draw: a chat in the playground (its route handler
  // takes the browser's same-origin request).
  await addMockProviderAndModel(page, slug);
  await page.goto(`/${slug}/playground`);
  await page.getByLabel("Message").fill("hello under a strict policy");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("list", { name: "Conversation" })).toContainText("You said: hello under a strict policy");
  await signOut(page);

  // Someone with access to the browser (or a sibling subdomain) plants a session cookie.
  const cookieName = "authjs.session-token";
  const planted = randomBytes(48).toString("base64url");
  await page.context().addCookies([{ name: cookieName, value: planted, url: baseURL! }]);
  await page.goto("/sign-in");
  await submitSignIn(page, user.email, user.password);
  await expect(page.getByRole("heading", { level: 1, name: user.orgName })).toBeVisible();
  const session = (await page.context().cookies(baseURL!)).find((cookie) => cookie.name === cookieName)!;
  expect(session.value).not.toBe(planted);
  expect(session.httpOnly).toBe(true);
  expect(session.sameSite).toBe("Lax");
  expect(session.secure).toBe(false); // plain http here; Secure when the public URL is https
  const fresh = await playwright.request.newContext({ baseURL });
  const sessionFor = async (value: string) => (await fresh.get("/api/auth/session", { headers: { cookie: `${cookieName}=${value}` } })).json();
  expect(await sessionFor(planted)).toBeNull();
  expect((await sessionFor(session.value)).user.email).toBe(user.email);
  await fresh.dispose();

  // The chart page: the overview with traffic (audit rows are written in batches), a tooltip,
  // another period.
  const traffic = page.getByRole("figure", { name: "Requests and tokens" });
  await expect(async () => {
    await page.reload();
    await expect(traffic.locator(".recharts-bar-rectangle").first()).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await traffic.locator(".recharts-bar-rectangle").first().hover();
  await expect(traffic.locator(".recharts-tooltip-wrapper")).toBeVisible();
  await page.getByRole("navigation", { name: "Period" }).getByRole("link", { name: "Last 24 hours" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}\\?period=24h$`));
  await expect(page.getByTestId("total-requests")).toHaveText("1");

  expect(violations).toEqual([]);
});

test("a session cookie copied before sign-out opens nothing afterwards: no page, no server action", async ({ page, browser, baseURL }) => {
  const user = newUser("revoked");
  const slug = await signUp(page, user);
  await page.goto(`/${slug}/keys`);
  // The browser's own action request (create a key), captured to replay it with the copied cookie.
  const action = await keyCreationAction(page, "own-key");
  const copied = (await page.context().cookies(baseURL!)).find((cookie) => cookie.name === "authjs.session-token")!;

  // Someone else's browser with the copied cookie: signed in as the user, while the token lives.
  const thief = await browser.newContext({ baseURL });
  await thief.addCookies([copied]);
  const thiefPage = await thief.newPage();
  const replay = (name: string) => replayAction(thief.request, action, new URL(baseURL!).origin, "own-key", name);
  await thiefPage.goto(`/${slug}`);
  await expect(thiefPage.getByRole("heading", { level: 1, name: user.orgName })).toBeVisible();
  expect((await replay("copied-before-sign-out")).ok()).toBe(true);

  await signOut(page);

  // The same cookie, after sign-out: the dashboard sends to sign-in and the action does nothing.
  await thief.clearCookies();
  await thief.addCookies([copied]);
  await thiefPage.goto(`/${slug}/keys`);
  await expect(thiefPage).toHaveURL(/\/sign-in/);
  await expect(thiefPage.getByRole("heading", { name: "Sign in" })).toBeVisible();
  const refused = await replay("copied-after-sign-out");
  expect(await refused.text()).toContain("Your session has ended");
  await thief.close();

  // Signed in again, the user sees the key made while the copy was live, and not the other.
  await submitSignIn(page, user.email, user.password);
  await page.goto(`/${slug}/keys`);
  await expect(page.getByTestId("key-copied-before-sign-out")).toBeVisible();
  await expect(page.getByTestId("key-copied-after-sign-out")).toHaveCount(0);
});

test("every page of the org's navigation, a menu, sign-out and the not-found page break no policy", async ({ page }) => {
  const violations = await watchPolicyViolations(page);
  const slug = await signUp(page, newUser("pages"));
  // Each page loaded afresh (server-rendered with its own nonce)...
  const nav = page.getByRole("navigation", { name: "Org" });
  const hrefs = await nav.getByRole("link").evaluateAll((links) => links.map((link) => link.getAttribute("href")!));
  expect(hrefs.length).toBeGreaterThan(8);
  for (const href of hrefs) {
    await page.goto(href);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  // ...and reached the way a person does (client-side navigation).
  await nav.getByRole("link", { name: "Requests" }).click();
  await expect(page).toHaveURL(`/${slug}/requests`);
  await expect(page.getByRole("heading", { level: 1, name: "Requests" })).toBeVisible();
  // A Radix menu (it locks scrolling with an inserted style element).
  await page.getByRole("button", { name: /Switch org/ }).click();
  await expect(page.getByRole("menu")).toBeVisible();
  await page.keyboard.press("Escape");
  await signOut(page);
  await page.goto("/no/such/page/anywhere");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();

  expect(violations).toEqual([]);
});

test("an inline script injected into a page does not run; one with the page's nonce does", async ({ page }) => {
  const violations = await watchPolicyViolations(page);
  // Two scripts land in the page's HTML, as stored markup would: one without the nonce, one with it.
  await page.route("**/sign-in", async (route) => {
    const response = await route.fetch();
    const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1];
    const injected = `<script>window.injectedRan = true</script><script nonce="${nonce}">window.noncedRan = true</script>`;
    await route.fulfill({ response, body: (await response.text()).replace("</body>", `${injected}</body>`) });
  });
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  const ran = () => page.evaluate(() => ({ injected: "injectedRan" in window, nonced: "noncedRan" in window }));
  expect(await ran()).toEqual({ injected: false, nonced: true });
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(violations.join("\n")).toContain("script-src");
});

test("with scripts off, the SSO button's form still reaches the provider (form-action allows it)", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Acme SSO" }).click();
  await expect(page.locator('input[name="login"]')).toBeVisible();
  expect(new URL(page.url()).origin).toBe(OIDC_ISSUER_ORIGIN);
  await context.close();
});

test("a server action refuses a request with another site's Origin; Auth.js refuses a sign-in without its CSRF token", async ({ page, request }) => {
  const slug = await signUp(page, newUser("csrf"));
  await page.goto(`/${slug}/keys`);
  // The browser's own action request, captured to replay it.
  const action = await keyCreationAction(page, "real-key");
  const replay = (origin: string, name: string) => replayAction(page.request, action, origin, "real-key", name);
  const forged = await replay("http://evil.example", "forged-key");
  expect(forged.ok()).toBe(false);
  // The same request from the dashboard's own origin goes through: the Origin alone decided.
  const replayed = await replay(new URL(page.url()).origin, "replayed-key");
  expect(replayed.ok()).toBe(true);
  await page.reload();
  await expect(page.getByTestId("key-replayed-key")).toBeVisible();
  await expect(page.getByTestId("key-forged-key")).toHaveCount(0);

  // Auth.js's credentials sign-in, posted without the CSRF token its form would carry.
  const refused = await request.post("/api/auth/callback/credentials", {
    form: { email: "anyone@example.com", password: "correct horse battery 9", callbackUrl: "/" },
    maxRedirects: 0,
  });
  expect(refused.status()).toBe(302);
  expect(refused.headers().location).toContain("error=MissingCSRF");
  expect(refused.headers()["set-cookie"] ?? "").not.toContain("session-token");
});


