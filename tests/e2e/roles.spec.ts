// Journey: roles decide what each person may do, in the UI and on the server. An auditor only
// reads; an admin manages members but not owners; a page left open after a demotion cannot act;
// owners change roles and remove people; the last owner cannot leave, anyone else can.
import type { Page } from "@playwright/test";
import { addMember, alerts, expect, invite, inviteForm, newUser, signUp, test } from "./helpers";

function roleSelect(page: Page, email: string) {
  return page.getByLabel(`Role of ${email}`, { exact: true });
}

async function saveRole(page: Page, email: string, role: "Owner" | "Admin" | "Member" | "Auditor") {
  const row = page.getByTestId(`member-${email}`);
  await roleSelect(page, email).selectOption({ label: role });
  await row.getByRole("button", { name: "Save role" }).click();
  await expect(row.getByRole("cell").nth(1)).toHaveText(role); // the role badge, once saved
}

test("an auditor sees the org read-only: no invite form, no member or invite controls", async ({ page, openPage }) => {
  const owner = newUser("auditowner");
  const slug = await signUp(page, owner);
  const org = { slug, name: owner.orgName };
  const { page: auditor } = await addMember(page, openPage, org, "Auditor");
  const waiting = newUser("waiting");
  await invite(page, slug, waiting.email, "Member");

  await expect(auditor.getByText("You are auditor of this org.")).toBeVisible();
  await expect(auditor.getByRole("link", { name: "See who is here" })).toBeVisible();

  await auditor.goto(`/${slug}/members`);
  await expect(auditor.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
  await expect(auditor.getByRole("heading", { name: "People (2)" })).toBeVisible();
  await expect(auditor.getByTestId(`member-${owner.email}`)).toBeVisible();
  await expect(auditor.getByTestId(`invite-${waiting.email}`)).toBeVisible();
  await expect(auditor.getByRole("heading", { name: "Invite someone" })).toHaveCount(0);
  await expect(inviteForm(auditor)).toHaveCount(0);
  await expect(auditor.getByRole("combobox")).toHaveCount(0);
  await expect(auditor.getByRole("button", { name: "Save role" })).toHaveCount(0);
  await expect(auditor.getByRole("button", { name: "Remove" })).toHaveCount(0);
  await expect(auditor.getByRole("button", { name: "Revoke" })).toHaveCount(0);

  await auditor.goto(`/${slug}/settings`);
  await expect(auditor.getByLabel("Name", { exact: true })).toBeDisabled();
  await expect(auditor.getByText("Only owners and admins can rename the org.")).toBeVisible();
  await expect(auditor.getByRole("button", { name: "Save" })).toHaveCount(0);

  // The owner, on the same page, has the controls the auditor lacks (so the checks above can fail).
  await page.goto(`/${slug}/members`);
  await expect(inviteForm(page)).toBeVisible();
  await expect(page.getByTestId(`invite-${waiting.email}`).getByRole("button", { name: "Revoke" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Remove" })).toHaveCount(1);
});

test("an admin manages members but not owners, and loses the power at once when demoted", async ({
  page,
  openPage,
}) => {
  const owner = newUser("demoter");
  const slug = await signUp(page, owner);
  const org = { slug, name: owner.orgName };
  const { page: admin, user: adminUser } = await addMember(page, openPage, org, "Admin");

  await admin.goto(`/${slug}/members`);
  const form = inviteForm(admin);
  await expect(form).toBeVisible();
  // Admins cannot hand out the owner role, nor touch an owner.
  await expect(form.getByLabel("Role", { exact: true }).locator("option")).toHaveText(["Admin", "Member", "Auditor"]);
  const ownerRow = admin.getByTestId(`member-${owner.email}`);
  await expect(ownerRow).toContainText("Owner");
  await expect(ownerRow.getByRole("combobox")).toHaveCount(0);
  await expect(ownerRow.getByRole("button")).toHaveCount(0);
  // Nor themselves.
  await expect(admin.getByTestId(`member-${adminUser.email}`).getByRole("button")).toHaveCount(0);

  // The owner demotes the admin to auditor while the admin's page stays open.
  await page.goto(`/${slug}/members`);
  await expect(roleSelect(page, adminUser.email).locator("option")).toHaveText(["Owner", "Admin", "Member", "Auditor"]);
  await saveRole(page, adminUser.email, "Auditor");

  // The stale page still shows the invite form, but the server checks the role again.
  const target = newUser("sneaky");
  await form.getByLabel("Email").fill(target.email);
  await form.getByRole("button", { name: "Send invite" }).click();
  await expect(alerts(admin)).toHaveText("You do not have permission to do that.");
  await expect(form.getByLabel("Invite link")).toHaveCount(0);

  await page.reload();
  await expect(page.getByTestId(`invite-${target.email}`)).toHaveCount(0);
  await expect(page.getByText("No pending invites.")).toBeVisible();
  await admin.reload();
  await expect(inviteForm(admin)).toHaveCount(0);
});

test("an owner changes a member's role, which sticks, and removes the member", async ({ page, openPage }) => {
  const owner = newUser("manager");
  const slug = await signUp(page, owner);
  const org = { slug, name: owner.orgName };
  const { page: member, user: memberUser } = await addMember(page, openPage, org, "Member");

  await page.goto(`/${slug}/members`);
  const row = page.getByTestId(`member-${memberUser.email}`);
  await expect(roleSelect(page, memberUser.email)).toHaveValue("member");
  await saveRole(page, memberUser.email, "Admin");
  await page.reload();
  await expect(roleSelect(page, memberUser.email)).toHaveValue("admin");
  await expect(row).toContainText("Admin");
  await member.goto(`/${slug}`);
  await expect(member.getByText("You are admin of this org.")).toBeVisible();

  // Cancelling the confirmation sends nothing and keeps them.
  const posts: string[] = [];
  const countPost = (request: { method(): string; url(): string }) => {
    if (request.method() === "POST") posts.push(request.url());
  };
  page.on("request", countPost);
  page.once("dialog", (dialog) => dialog.dismiss());
  await row.getByRole("button", { name: "Remove" }).click();
  await page.reload();
  page.off("request", countPost);
  expect(posts).toEqual([]);
  await expect(row).toBeVisible();

  let question = "";
  page.once("dialog", (dialog) => {
    question = dialog.message();
    void dialog.accept();
  });
  await row.getByRole("button", { name: "Remove" }).click();
  await expect(row).toHaveCount(0);
  expect(question).toBe(`Remove ${memberUser.email} from this org?`);
  await expect(page.getByRole("heading", { name: "People (1)" })).toBeVisible();
  await page.reload();
  await expect(row).toHaveCount(0);

  // The removed person loses access at once, and keeps their own org.
  const response = await member.goto(`/${slug}/members`);
  expect(response?.status()).toBe(404);
  await member.goto("/");
  await expect(member.getByRole("heading", { level: 1, name: memberUser.orgName })).toBeVisible();
});

test("the last owner cannot leave; after making someone else owner they can", async ({ page, openPage }) => {
  const owner = newUser("leaver");
  const slug = await signUp(page, owner);
  const org = { slug, name: owner.orgName };

  await page.goto(`/${slug}/settings`);
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: `Leave ${owner.orgName}` }).click();
  await expect(alerts(page)).toHaveText("You are the last owner. Make someone else an owner before you leave.");
  await expect(page).toHaveURL(`/${slug}/settings`);
  // The owner cannot demote themselves either: their own row has no controls.
  await page.goto(`/${slug}/members`);
  await expect(page.getByTestId(`member-${owner.email}`).getByRole("combobox")).toHaveCount(0);

  const { page: heir, user: heirUser } = await addMember(page, openPage, org, "Member", "heir");
  await page.goto(`/${slug}/members`);
  await saveRole(page, heirUser.email, "Owner");

  await page.goto(`/${slug}/settings`);
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: `Leave ${owner.orgName}` }).click();
  // Their only org is gone, so the front door offers to create one.
  await expect(page).toHaveURL("/orgs/new");
  const response = await page.goto(`/${slug}`);
  expect(response?.status()).toBe(404);

  await heir.goto(`/${slug}/members`);
  await expect(heir.getByRole("heading", { name: "People (1)" })).toBeVisible();
  await expect(heir.getByTestId(`member-${heirUser.email}`)).toContainText("Owner");
});

test("a member who leaves lands in their remaining org", async ({ page, openPage }) => {
  const owner = newUser("stayer");
  const slug = await signUp(page, owner);
  const { page: member, user: memberUser } = await addMember(page, openPage, { slug, name: owner.orgName }, "Member");

  await member.goto(`/${slug}/settings`);
  member.once("dialog", (dialog) => dialog.accept());
  await member.getByRole("button", { name: `Leave ${owner.orgName}` }).click();
  await expect(member.getByRole("heading", { level: 1, name: memberUser.orgName })).toBeVisible();
  expect(new URL(member.url()).pathname).not.toBe(`/${slug}`);

  await page.goto(`/${slug}/members`);
  await expect(page.getByRole("heading", { name: "People (1)" })).toBeVisible();
  await expect(page.getByTestId(`member-${memberUser.email}`)).toHaveCount(0);
});
