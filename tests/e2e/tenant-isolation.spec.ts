// Journey: two separate companies on one gateway. Owner A can neither see owner B's org (pages
// answer 404 and show nothing of it) nor act on it by tampering with the org slug or the ids that
// A's own forms send: the server answers "not found" and B's data stays as it was.
import type { Locator, Page } from "@playwright/test";
import { addMember, alerts, expect, invite, inviteForm, newUser, signUp, test } from "./helpers";

/** Rewrites a hidden input of a form already on the page, as someone with devtools would. */
async function tamper(form: Locator, name: string, value: string) {
  const inputs = form.locator(`input[type="hidden"][name="${name}"]`);
  await expect(inputs).toHaveCount(1);
  await inputs.evaluate((input, v) => {
    (input as HTMLInputElement).value = v;
  }, value);
}

async function twoOwners(page: Page, openPage: () => Promise<Page>) {
  const a = newUser("tenanta");
  const b = newUser("tenantb");
  const slugA = await signUp(page, a);
  const pageB = await openPage();
  const slugB = await signUp(pageB, b);
  return { a, b, slugA, slugB, pageB };
}

test("an owner of one org gets 404 for every page of another org, and sees nothing of it", async ({
  page,
  openPage,
}) => {
  const { b, slugA, slugB } = await twoOwners(page, openPage);

  const pagesOfB = ["", "/members", "/settings", "/models", "/approvals", "/routes", "/routes/any-route-id", "/health"]
    .concat(["/activity", "/reviews", "/investigations", "/requests", "/requests/any-request-id"])
    .map((suffix) => `/${slugB}${suffix}`);
  for (const path of pagesOfB) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: /not found/i })).toBeVisible();
    await expect(page.getByText(b.orgName)).toHaveCount(0);
    await expect(page.getByText(b.email)).toHaveCount(0);
    await expect(page).not.toHaveTitle(new RegExp(b.orgName));
  }
  // A slug that does not exist looks exactly the same.
  const response = await page.goto(`/${slugB}-nope`);
  expect(response?.status()).toBe(404);

  // A's own org still works.
  expect((await page.goto(`/${slugA}/members`))?.status()).toBe(200);
});

test("another org's pages and an unknown org answer 404 with the 'Org not found' page", async ({ page, openPage }) => {
  const { slugB } = await twoOwners(page, openPage);
  for (const path of [`/${slugB}`, `/${slugB}/members`, `/${slugB}/settings`, `/${slugB}/models`, `/${slugB}/approvals`, `/no-such-org-${Date.now()}`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Org not found" })).toBeVisible();
    await expect(page.getByText("ask one of its admins for an invite", { exact: false })).toBeVisible();
  }
});

test("forms in A's org cannot be pointed at B's org by rewriting the hidden orgSlug", async ({ page, openPage }) => {
  const { a, b, slugA, slugB, pageB } = await twoOwners(page, openPage);

  // Invite into B from A's members page.
  await page.goto(`/${slugA}/members`);
  const form = inviteForm(page);
  await tamper(form, "orgSlug", slugB);
  const intruder = newUser("intruder");
  await form.getByLabel("Email").fill(intruder.email);
  await form.getByRole("button", { name: "Send invite" }).click();
  await expect(form.getByRole("alert")).toHaveText("Org not found.");
  await expect(form.getByLabel("Invite link")).toHaveCount(0);

  await pageB.goto(`/${slugB}/members`);
  await expect(pageB.getByText("No pending invites.")).toBeVisible();
  await expect(pageB.getByTestId(`invite-${intruder.email}`)).toHaveCount(0);
  await expect(pageB.getByRole("heading", { name: "People (1)" })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId(`invite-${intruder.email}`)).toHaveCount(0);

  // Rename B from A's settings page.
  await page.goto(`/${slugA}/settings`);
  const rename = page.getByRole("form", { name: "Rename org" });
  await tamper(rename, "orgSlug", slugB);
  await rename.getByLabel("Name", { exact: true }).fill("Hijacked by A");
  await rename.getByRole("button", { name: "Save" }).click();
  await expect(rename.getByRole("alert")).toHaveText("Org not found.");
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toHaveCount(0);

  await pageB.goto(`/${slugB}/settings`);
  await expect(pageB.getByLabel("Name", { exact: true })).toHaveValue(b.orgName);
  await page.reload();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(a.orgName);

  // Leaving B, which A is not in, is refused the same way (A stays in A's org).
  await tamper(page.getByRole("form", { name: "Leave org" }), "orgSlug", slugB);
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: `Leave ${a.orgName}` }).click();
  await expect(page.getByRole("form", { name: "Leave org" }).getByRole("alert")).toHaveText("Org not found.");
  await expect(page).toHaveURL(`/${slugA}/settings`);
});

test("ids of B's members and invites do nothing from A's forms", async ({ page, openPage }) => {
  const { a, b, slugA, slugB, pageB } = await twoOwners(page, openPage);

  // B's org: one member who accepted, one invite still pending. B reads their ids off B's page.
  const { user: memberB } = await addMember(pageB, openPage, { slug: slugB, name: b.orgName }, "Member", "memberb");
  const pendingB = newUser("pendingb");
  await invite(pageB, slugB, pendingB.email, "Member");
  await pageB.reload();
  const memberRowB = pageB.getByTestId(`member-${memberB.email}`);
  const membershipIdB = await memberRowB
    .getByRole("form", { name: `Remove ${memberB.email}` })
    .locator('input[name="membershipId"]')
    .inputValue();
  const inviteIdB = await pageB.getByTestId(`invite-${pendingB.email}`).locator('input[name="inviteId"]').inputValue();
  expect(membershipIdB).not.toBe("");
  expect(inviteIdB).not.toBe("");

  // A's org: a member of its own (so A's page has row forms) and a pending invite.
  const { user: memberA } = await addMember(page, openPage, { slug: slugA, name: a.orgName }, "Member", "membera");
  const pendingA = newUser("pendinga");
  await invite(page, slugA, pendingA.email, "Member");
  await page.reload();

  const rowA = page.getByTestId(`member-${memberA.email}`);
  const changeRole = rowA.getByRole("form", { name: `Change role of ${memberA.email}` });
  await tamper(changeRole, "membershipId", membershipIdB);
  await changeRole.getByLabel(`Role of ${memberA.email}`, { exact: true }).selectOption({ label: "Admin" });
  await changeRole.getByRole("button", { name: "Save role" }).click();
  await expect(changeRole.getByRole("alert")).toHaveText("Member not found.");

  const remove = rowA.getByRole("form", { name: `Remove ${memberA.email}` });
  await tamper(remove, "membershipId", membershipIdB);
  page.once("dialog", (dialog) => dialog.accept());
  await remove.getByRole("button", { name: "Remove" }).click();
  await expect(remove.getByRole("alert")).toHaveText("Member not found.");

  const revoke = page.getByRole("form", { name: `Revoke invite for ${pendingA.email}` });
  await tamper(revoke, "inviteId", inviteIdB);
  await revoke.getByRole("button", { name: "Revoke" }).click();
  await expect(revoke.getByRole("alert")).toHaveText("Invite not found.");
  await expect(alerts(page)).toHaveCount(3);

  // B's member and invite are untouched...
  await pageB.reload();
  await expect(memberRowB).toBeVisible();
  await expect(memberRowB.getByRole("cell").nth(1)).toHaveText("Member");
  await expect(pageB.getByTestId(`invite-${pendingB.email}`)).toBeVisible();
  await expect(pageB.getByRole("heading", { name: "People (2)" })).toBeVisible();
  // ...and so are A's own, whose rows the forms came from.
  await page.reload();
  await expect(rowA.getByRole("cell").nth(1)).toHaveText("Member");
  await expect(page.getByTestId(`invite-${pendingA.email}`)).toBeVisible();
});
