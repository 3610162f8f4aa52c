/**
 * Shared steps for the end-to-end journeys: unique users, sign-up, sign-in, sign-out, inviting
 * and accepting. Every test makes its own people, because files run in parallel against one
 * server and one database.
 */
import { type BrowserContext, type Page, test as base, expect } from "@playwright/test";

export { expect };

export const PASSWORD = "correct horse battery 9";

export type User = {
  /** Full name; its first word names the user's first org ("Ada Lovelace" -> "Ada's org"). */
  name: string;
  email: string;
  password: string;
  /** The org created at sign-up. */
  orgName: string;
};

let counter = 0;

/** A person nobody else in this run has used: unique name (hence org name) and email. */
export function newUser(label: string): User {
  const unique = `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const first = `${label[0]!.toUpperCase()}${label.slice(1)}${unique}`;
  return {
    name: `${first} Tester`,
    email: `${label}-${unique}@example.com`,
    password: PASSWORD,
    orgName: `${first}'s org`,
  };
}

/**
 * `openPage()` opens a page in a fresh browser context (its own cookies, so its own session),
 * for journeys with more than one person. The contexts are closed when the test ends.
 */
export const test = base.extend<{ openPage: () => Promise<Page> }>({
  openPage: async ({ browser, baseURL }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async () => {
      const context = await browser.newContext({ baseURL });
      contexts.push(context);
      return context.newPage();
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});

/** The page's alerts (form and field messages), without Next's route announcer, which is one too. */
export function alerts(page: Page) {
  return page.getByRole("alert").and(page.locator(":not(#__next-route-announcer__)"));
}

/** The org slug of the page's current URL (`/acme` or `/acme/members` -> "acme"). */
export function slugOf(page: Page): string {
  return new URL(page.url()).pathname.split("/")[1]!;
}

export async function fillSignUpForm(page: Page, user: Pick<User, "name" | "email" | "password">) {
  await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill(user.name);
  await page.getByLabel("Work email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
}

/** Signs up from /sign-up and waits for the new org's overview; returns the org's slug. */
export async function signUp(page: Page, user: User): Promise<string> {
  await page.goto("/sign-up");
  await fillSignUpForm(page, user);
  await expect(page.getByRole("heading", { level: 1, name: user.orgName })).toBeVisible();
  return slugOf(page);
}

/**
 * Fills and submits the sign-in form on the current page and waits for the server's answer (so
 * two failures in a row with the same message are two answers, not one).
 */
export async function submitSignIn(page: Page, email: string, password: string) {
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  const answered = page.waitForResponse(
    (response) => response.request().method() === "POST" && new URL(response.url()).pathname === "/sign-in",
  );
  await page.getByRole("button", { name: "Sign in" }).click();
  await answered;
  await expect(page.getByRole("button", { name: "Signing in…" })).toHaveCount(0);
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}

export type Role = "Owner" | "Admin" | "Member" | "Auditor";

export function inviteForm(page: Page) {
  return page.getByRole("form", { name: "Invite someone" });
}

/** Invites `email` from the org's members page and returns the invite link shown once. */
export async function invite(page: Page, orgSlug: string, email: string, role: Role): Promise<string> {
  await page.goto(`/${orgSlug}/members`);
  const form = inviteForm(page);
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role", { exact: true }).selectOption({ label: role });
  await form.getByRole("button", { name: "Send invite" }).click();
  const link = form.getByLabel("Invite link");
  await expect(link).toHaveValue(/\/invite\/[\w-]{20,}$/);
  await expect(page.getByTestId(`invite-${email}`)).toBeVisible();
  return link.inputValue();
}

/**
 * The invited person's whole path, in their own browser context: open the link signed out,
 * create an account from the invite page, come back to it, accept, land in the org.
 */
export async function acceptAsNewUser(page: Page, link: string, user: User, org: { slug: string; name: string }) {
  await page.goto(link);
  await expect(page.getByRole("heading", { name: `Join ${org.name}` })).toBeVisible();
  await page.getByRole("link", { name: "Create an account" }).click();
  await fillSignUpForm(page, user);
  await expect(page).toHaveURL(new URL(link).pathname);
  await page.getByRole("button", { name: "Accept invite" }).click();
  await expect(page).toHaveURL(`/${org.slug}`);
  await expect(page.getByRole("heading", { level: 1, name: org.name })).toBeVisible();
}

/** Owner-side invite plus invitee-side accept; returns the invitee's page (signed in, in the org). */
export async function addMember(
  ownerPage: Page,
  openPage: () => Promise<Page>,
  org: { slug: string; name: string },
  role: Role,
  label = role.toLowerCase(),
): Promise<{ page: Page; user: User }> {
  const user = newUser(label);
  const link = await invite(ownerPage, org.slug, user.email, role);
  const page = await openPage();
  await acceptAsNewUser(page, link, user, org);
  return { page, user };
}

/**
 * Creates an API key with the form on the API keys page (already open) and returns the key shown
 * once. `scopes` replaces the form's default (gateway only), e.g. ["mcp"].
 */
export async function createKeyInDashboard(page: Page, name: string, options: { scopes?: ("gateway" | "mcp" | "admin")[] } = {}): Promise<string> {
  const form = page.getByRole("form", { name: "Create an API key" });
  await form.getByLabel("Name").fill(name);
  if (options.scopes) {
    for (const scope of ["gateway", "mcp", "admin"] as const) await form.getByRole("checkbox", { name: new RegExp(`^${scope} `) }).setChecked(options.scopes.includes(scope));
  }
  await form.getByRole("button", { name: "Create key" }).click();
  return form.getByLabel("New API key").inputValue();
}

/** One user message to /v1/chat/completions with an app's key, as a raw response (headers included). */
export function chatCompletion(baseURL: string | undefined, key: string, model: string, content: string): Promise<Response> {
  return fetch(`${baseURL}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content }] }),
  });
}

/** The mock upstream the e2e run starts beside the app (E2E_PORT + 4), as an OpenAI-compatible base URL. */
export const MOCK_UPSTREAM = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3211) + 4}/v1`;

/**
 * An admin's setup for traffic: adds the mock upstream as provider "Mock upstream" and publishes
 * its gpt-4o-mini as model "fast", through the org's Providers and Models pages.
 */
export async function addMockProviderAndModel(page: Page, orgSlug: string) {
  await page.goto(`/${orgSlug}/providers`);
  const addForm = page.getByRole("form", { name: "Add a provider" });
  await addForm.getByLabel("Type").selectOption("openai_compatible");
  await addForm.getByLabel("Name").fill("Mock upstream");
  await addForm.getByLabel("Base URL").fill(MOCK_UPSTREAM);
  await addForm.getByLabel("API key").fill("sk-e2e-upstream");
  await addForm.getByRole("button", { name: "Add provider" }).click();
  await expect(addForm.getByText("Added Mock upstream.")).toBeVisible();
  await page.goto(`/${orgSlug}/models`);
  const publish = page.getByRole("form", { name: "Publish a model" });
  await publish.getByLabel("Public name").fill("fast");
  await publish.getByLabel("Provider's model id").fill("gpt-4o-mini");
  await publish.getByRole("button", { name: "Publish model" }).click();
  await expect(page.getByTestId("model-fast")).toBeVisible();
}

/** The mock upstream MCP server (tests/fixtures/mock-mcp-server.ts) and the token it requires. */
export const MOCK_MCP_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3211) + 5}/mcp`;
export const MOCK_MCP_TOKEN = "mcp-e2e-upstream-token";
