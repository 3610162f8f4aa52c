// The admin activity log and audit integrity from the dashboard: an owner changes the policy and
// revokes a key, finds both in Activity (and only the key's actions filtered by `key.`), verifies
// the audit chain ("intact"), and sets the org's audit retention in Settings.
import { alerts, expect, newUser, signUp, test } from "./helpers";

test("activity shows a policy change and a revoked key, the chain verifies, retention is set", async ({ page }) => {
  const slug = await signUp(page, newUser("activityowner"));

  // Change the policy: the default's rules, with a note, saved as version 2.
  await page.getByRole("link", { name: "Policy" }).click();
  const editor = page.getByRole("form", { name: "Edit policy" });
  await editor.getByLabel("Change note").fill("Stricter for launch");
  await editor.getByRole("button", { name: "Save as version 2" }).click();
  await expect(editor.getByText("Saved version 2.")).toBeVisible();

  // Create a key, then revoke it.
  await page.getByRole("link", { name: "API keys" }).click();
  const create = page.getByRole("form", { name: "Create an API key" });
  await create.getByLabel("Name").fill("doomed-app");
  await create.getByRole("button", { name: "Create key" }).click();
  await expect(create.getByLabel("New API key")).toHaveValue(/^gw_live_/);
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByTestId("key-doomed-app").getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("key-doomed-app")).toContainText(/revoked/i);

  // Both changes are in the log, newest first, by the owner.
  await page.getByRole("link", { name: "Activity" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Activity" })).toBeVisible();
  const rows = page.getByTestId("activity-row");
  await expect(rows.first()).toContainText("Revoked API key doomed-app");
  await expect(page.locator('[data-testid="activity-row"][data-action="policy.saved"]')).toContainText("Saved policy version 2: Stricter for launch");

  // Filtered by `key.`: only the key's actions, and the filter is in the URL.
  const filters = page.getByRole("form", { name: "Filter activity" });
  await filters.getByLabel("Action").fill("key.");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/[?&]action=key\./);
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute("data-action", "key.revoked");
  await expect(rows.nth(1)).toHaveAttribute("data-action", "key.created");
  await expect(rows.nth(1)).toContainText("Created API key doomed-app");

  // A bad filter in the URL gets a message, not an error page.
  await page.goto(`/${slug}/activity?from=yesterday`);
  await expect(alerts(page)).toContainText("from: Use a date such as");

  // The audit chain verifies.
  await page.goto(`/${slug}/activity`);
  const verify = page.getByRole("form", { name: "Verify audit chain" });
  await verify.getByRole("button", { name: "Verify chain" }).click();
  await expect(verify.getByTestId("chain-verdict")).toContainText("Chain intact");

  // Retention: refused out of range, then saved, and recorded.
  await page.getByRole("link", { name: "Settings" }).click();
  const retention = page.getByRole("form", { name: "Audit retention" });
  await retention.getByLabel("Keep audit rows for (days)").fill("0");
  await retention.getByRole("button", { name: "Save" }).click();
  await expect(retention.getByText("Enter a whole number of days from 1 to 3650")).toBeVisible();
  await retention.getByLabel("Keep audit rows for (days)").fill("90");
  await retention.getByRole("button", { name: "Save" }).click();
  await expect(retention.getByText("Saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("form", { name: "Audit retention" }).getByLabel("Keep audit rows for (days)")).toHaveValue("90");
  await page.goto(`/${slug}/activity?action=org.retention`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Changed audit retention from forever to 90 days");
  await page.goto(`/${slug}/activity?action=audit.`);
  await expect(rows.first()).toContainText("Verified the audit chain: intact");
});
