// Company SSO: signing in through an OpenID Connect provider (a real one, on loopback) creates the
// account and its first org, signs the same person into the same account next time, and links to
// an existing password account with the same verified email.
import { expect, type Page, test } from "@playwright/test";

const uniqueEmail = (label: string) => `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.com`;

async function signInWithSso(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Acme SSO" }).click();
  // The provider's own login and consent pages.
  await page.locator('input[name="login"]').fill(email);
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("button", { name: "Account menu" })).toBeVisible();
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

test("a new person signs in with SSO, gets an account and an org, and comes back to the same one", async ({ page }) => {
  const email = uniqueEmail("sso");
  await signInWithSso(page, email);
  await expect(page.getByText("You are owner of this org.")).toBeVisible();
  const orgUrl = page.url();
  await page.getByRole("button", { name: "Account menu" }).click();
  await expect(page.getByRole("menu").getByText(email)).toBeVisible();
  await page.keyboard.press("Escape");

  await signOut(page);
  await page.context().clearCookies(); // forget the provider's session too, so it asks again
  await signInWithSso(page, email);
  expect(page.url()).toBe(orgUrl);
  await page.getByRole("button", { name: /Switch org/ }).click();
  await expect(page.getByRole("menu").getByRole("menuitem")).toHaveCount(2); // the one org + "New org"
});

test("SSO with the verified email of a password account signs into that account", async ({ page }) => {
  const email = uniqueEmail("linked");
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Linus Linked");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery 9");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("You are owner of this org.")).toBeVisible();
  const orgUrl = page.url();
  await signOut(page);

  await signInWithSso(page, email);
  expect(page.url()).toBe(orgUrl);
  await expect(page.getByRole("button", { name: "Account menu" })).toContainText("Linus Linked");
});
