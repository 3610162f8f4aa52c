// Journey: a new person signs up (with the form refusing bad input), lands in their own org as
// its owner, signs out and back in; wrong passwords are refused and repeated failures lock the
// account for a while, even against the right password.
import { alerts, expect, fillSignUpForm, newUser, signOut, signUp, submitSignIn, test } from "./helpers";

test("sign-up refuses a weak password and an invalid email, keeping what was typed", async ({ page }) => {
  const user = newUser("invalid");
  await page.goto("/sign-up");
  await fillSignUpForm(page, { name: user.name, email: "not-an-email", password: "short1" });

  await expect(alerts(page).filter({ hasText: "Enter a valid email address." })).toBeVisible();
  await expect(alerts(page).filter({ hasText: "Use at least 12 characters." })).toBeVisible();
  await expect(page.getByLabel("Work email")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/sign-up/);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(user.name);
  await expect(page.getByLabel("Work email")).toHaveValue("not-an-email");

  // A long enough password made of one kind of character is refused too; the email is fixed now.
  await fillSignUpForm(page, { name: user.name, email: user.email, password: "abcdefghijklmnop" });
  await expect(alerts(page).filter({ hasText: "Mix letters with numbers or symbols" })).toBeVisible();
  await expect(alerts(page).filter({ hasText: "Enter a valid email address." })).toHaveCount(0);
  await expect(page).toHaveURL(/\/sign-up/);

  // Nothing was created: the address is still free.
  await fillSignUpForm(page, user);
  await expect(page.getByRole("heading", { level: 1, name: user.orgName })).toBeVisible();
});

test("a new account lands in its own org as owner; the same email cannot sign up twice", async ({ page, openPage }) => {
  const user = newUser("ada");
  const slug = await signUp(page, user);

  expect(slug).toMatch(/^ada[a-z0-9]+-s-org(-[a-f0-9]+)?$/);
  await expect(page.getByText("LLM Gateway", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: `Current org: ${user.orgName}. Switch org` })).toBeVisible();
  await expect(page.getByText("You are owner of this org.")).toBeVisible();
  await expect(page.getByText("No traffic yet.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "What comes next" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Org" });
  await expect(nav.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Members" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Settings" })).toBeVisible();

  // The front door sends a signed-in person to their org.
  await page.goto("/");
  await expect(page).toHaveURL(`/${slug}`);

  // Someone else (signed out, own browser) tries the same address, in another case.
  const other = await openPage();
  await other.goto("/sign-up");
  await fillSignUpForm(other, { ...newUser("dup"), email: user.email.toUpperCase() });
  const taken = "An account with this email already exists. Sign in instead.";
  await expect(alerts(other).filter({ hasText: taken })).toHaveCount(2); // form message + field error
  await expect(other.getByLabel("Work email")).toHaveAttribute("aria-invalid", "true");
  await expect(other).toHaveURL(/\/sign-up/);
});

test("sign out from the account menu, then sign in again; a wrong password is refused", async ({ page }) => {
  const user = newUser("returning");
  const slug = await signUp(page, user);

  await page.getByRole("button", { name: "Account menu" }).click();
  await expect(page.getByRole("menu").getByText(user.email)).toBeVisible();
  await page.keyboard.press("Escape");
  await signOut(page);

  // Signed out, the org is behind sign-in, which brings you back afterwards.
  await page.goto(`/${slug}/members`);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("link", { name: "Create an account" })).toHaveAttribute("href", "/sign-up?callbackUrl=%2F");

  await submitSignIn(page, user.email, "wrong password 123");
  await expect(alerts(page)).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/sign-in/);

  // An unknown address gets the same answer.
  await submitSignIn(page, `nobody-${Date.now()}@example.com`, user.password);
  await expect(alerts(page)).toHaveText("Wrong email or password.");

  // A return address off the site is ignored: sign-in lands on the dashboard instead.
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("https://evil.example/phish")}`);
  await submitSignIn(page, user.email, user.password);
  await expect(page).toHaveURL(`/${slug}`);
  await signOut(page);

  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(`/${slug}/settings`)}`);
  await submitSignIn(page, user.email, user.password);
  await expect(page).toHaveURL(`/${slug}/settings`);
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();

  await page.goto("/");
  await expect(page).toHaveURL(`/${slug}`);
  await expect(page.getByRole("heading", { level: 1, name: user.orgName })).toBeVisible();
});

test("five failed sign-ins lock the account: the right password is refused on the sixth try", async ({ page }) => {
  const user = newUser("locked");
  await signUp(page, user);
  await signOut(page);

  for (let attempt = 1; attempt <= 5; attempt++) {
    await submitSignIn(page, user.email, `wrong password ${attempt}x`);
    await expect(alerts(page)).toHaveText("Wrong email or password.");
  }
  await submitSignIn(page, user.email, user.password);
  await expect(alerts(page)).toHaveText("Too many failed sign-in attempts. Wait a few minutes and try again.");
  await expect(page).toHaveURL(/\/sign-in/);

  // Still signed out: the org is not reachable.
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
});
