// Journey: an owner creates a second org from the org switcher (the form refuses bad names and
// addresses first), moves between their orgs with the switcher, and renames an org in settings.
import { alerts, expect, newUser, signUp, test } from "./helpers";

test("create a second org from the switcher, after fixing field errors, and switch between orgs", async ({ page }) => {
  const user = newUser("founder");
  const firstSlug = await signUp(page, user);

  await page.getByRole("button", { name: `Current org: ${user.orgName}. Switch org` }).click();
  const menu = page.getByRole("menu");
  await expect(menu.getByText("Your orgs")).toBeVisible();
  await expect(menu.getByRole("menuitem")).toHaveCount(2); // the one org, and "New org"
  await menu.getByRole("menuitem", { name: "New org" }).click();
  await expect(page).toHaveURL("/orgs/new");
  await expect(page.getByRole("heading", { name: "Create an org" })).toBeVisible();

  const name = page.getByLabel("Name", { exact: true });
  const address = page.getByLabel("Address (optional)");
  const create = page.getByRole("button", { name: "Create org" });

  await name.fill("A");
  await address.fill("settings");
  await create.click();
  await expect(alerts(page).filter({ hasText: "Use at least 2 characters." })).toBeVisible();
  await expect(alerts(page).filter({ hasText: "That address is reserved. Choose another." })).toBeVisible();
  await expect(page).toHaveURL("/orgs/new");

  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const second = { name: `Second ${unique}`, slug: `second-${unique}` };
  await name.fill(second.name);
  await address.fill("Not A Slug!");
  await create.click();
  await expect(alerts(page).filter({ hasText: "Use lower-case letters, digits and dashes" })).toBeVisible();
  await expect(alerts(page).filter({ hasText: "Use at least 2 characters." })).toHaveCount(0);

  await name.fill(second.name);
  await address.fill(firstSlug);
  await create.click();
  await expect(page.getByText("That address is taken. Choose another.")).toBeVisible();
  await expect(page).toHaveURL("/orgs/new");

  await name.fill(second.name);
  await address.fill(second.slug);
  await create.click();
  await expect(page).toHaveURL(`/${second.slug}`);
  await expect(page.getByRole("heading", { level: 1, name: second.name })).toBeVisible();
  await expect(page.getByText("You are owner of this org.")).toBeVisible();

  // The switcher lists both orgs; pick the first one...
  await page.getByRole("button", { name: `Current org: ${second.name}. Switch org` }).click();
  await expect(menu.getByRole("menuitem")).toHaveCount(3);
  await menu.getByRole("menuitem", { name: user.orgName }).click();
  await expect(page).toHaveURL(`/${firstSlug}`);
  await expect(page.getByRole("heading", { level: 1, name: user.orgName })).toBeVisible();
  await expect(page.getByRole("button", { name: `Current org: ${user.orgName}. Switch org` })).toBeVisible();

  // ...and back to the second, from another page of the dashboard.
  await page.getByRole("navigation", { name: "Org" }).getByRole("link", { name: "Members" }).click();
  await expect(page).toHaveURL(`/${firstSlug}/members`);
  await page.getByRole("button", { name: `Current org: ${user.orgName}. Switch org` }).click();
  await menu.getByRole("menuitem", { name: second.name }).click();
  await expect(page).toHaveURL(`/${second.slug}`);
  await expect(page.getByRole("heading", { level: 1, name: second.name })).toBeVisible();
});

test("an org created without an address gets one made from its name", async ({ page }) => {
  await signUp(page, newUser("namer"));
  await page.goto("/orgs/new");
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  await page.getByLabel("Name", { exact: true }).fill(`Platform Team ${unique}`);
  await page.getByRole("button", { name: "Create org" }).click();
  await expect(page).toHaveURL(`/platform-team-${unique}`);
  await expect(page.getByRole("heading", { level: 1, name: `Platform Team ${unique}` })).toBeVisible();
});

test("rename an org in settings", async ({ page }) => {
  const user = newUser("renamer");
  const slug = await signUp(page, user);

  await page.getByRole("navigation", { name: "Org" }).getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(`/${slug}/settings`);
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  const renameForm = page.getByRole("form", { name: "Rename org" });
  const name = renameForm.getByLabel("Name", { exact: true });
  await expect(name).toHaveValue(user.orgName);

  await name.fill("x");
  await renameForm.getByRole("button", { name: "Save" }).click();
  await expect(alerts(page).filter({ hasText: "Use at least 2 characters." })).toBeVisible();

  const renamed = `Renamed ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  await name.fill(renamed);
  await renameForm.getByRole("button", { name: "Save" }).click();
  await expect(renameForm.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(alerts(page)).toHaveCount(0);
  // The shell picks up the new name without a reload.
  await expect(page.getByRole("button", { name: `Current org: ${renamed}. Switch org` })).toBeVisible();

  // Prompt storage is a setting of its own on the same page.
  const storage = page.getByRole("form", { name: "Prompt storage" });
  await expect(storage.getByRole("radio", { name: /None/ })).toBeChecked();
  await storage.getByRole("radio", { name: /Redacted/ }).check();
  await storage.getByRole("button", { name: "Save" }).click();
  await expect(storage.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  // It sticks, and the address does not change.
  await page.reload();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(renamed);
  await expect(page.getByRole("form", { name: "Prompt storage" }).getByRole("radio", { name: /Redacted/ })).toBeChecked();
  await page.goto(`/${slug}`);
  await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();
});
