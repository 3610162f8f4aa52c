// Journey: an owner invites a teammate by link; the teammate, in their own browser, signs up from
// the invite page, comes back to it, accepts and lands in the org. A link works once, a revoked
// link is dead, and a link only works for the address it was sent to.
import { acceptAsNewUser, alerts, expect, invite, inviteForm, newUser, signUp, submitSignIn, test } from "./helpers";

test("an invited person signs up from the link, accepts, and joins the org; the link works once", async ({
  page,
  openPage,
  baseURL,
}) => {
  const owner = newUser("inviter");
  const slug = await signUp(page, owner);
  const org = { slug, name: owner.orgName };
  const teammate = newUser("teammate");

  const link = await invite(page, slug, teammate.email, "Admin");
  expect(link.startsWith(`${baseURL}/invite/`)).toBe(true);
  const pending = page.getByTestId(`invite-${teammate.email}`);
  await expect(pending).toContainText("Admin");
  await expect(pending).toContainText(owner.name);

  // The teammate opens the link signed out and sees who invited them to what.
  const other = await openPage();
  await other.goto(link);
  await expect(other.getByRole("heading", { name: `Join ${owner.orgName}` })).toBeVisible();
  await expect(other.getByText(`${owner.name} invited ${teammate.email} to join as Admin.`)).toBeVisible();
  await expect(other.getByRole("link", { name: "Sign in" })).toHaveAttribute(
    "href",
    `/sign-in?callbackUrl=${encodeURIComponent(new URL(link).pathname)}`,
  );
  await acceptAsNewUser(other, link, teammate, org);
  await expect(other.getByText("You are admin of this org.")).toBeVisible();

  // Both see both people; the invite is no longer pending.
  await other.goto(`/${slug}/members`);
  await expect(other.getByRole("heading", { name: "People (2)" })).toBeVisible();
  await expect(other.getByTestId(`member-${owner.email}`)).toContainText("Owner");
  await expect(other.getByTestId(`member-${teammate.email}`)).toContainText("Admin");
  await page.reload();
  await expect(page.getByRole("heading", { name: "People (2)" })).toBeVisible();
  await expect(page.getByTestId(`member-${teammate.email}`)).toContainText("Admin");
  await expect(page.getByTestId(`invite-${teammate.email}`)).toHaveCount(0);
  await expect(page.getByText("No pending invites.")).toBeVisible();

  // Inviting someone who is already in is refused at the email field.
  const form = inviteForm(page);
  await form.getByLabel("Email").fill(teammate.email);
  await form.getByRole("button", { name: "Send invite" }).click();
  await expect(form.getByRole("alert").filter({ hasText: "Already a member of this org." })).toBeVisible();
  await expect(form.getByLabel("Invite link")).toHaveCount(0);

  // The teammate also still has their own org; both show in the switcher.
  await other.getByRole("button", { name: `Current org: ${owner.orgName}. Switch org` }).click();
  await expect(other.getByRole("menuitem", { name: teammate.orgName })).toBeVisible();
  await expect(other.getByRole("menuitem", { name: owner.orgName })).toBeVisible();
  await other.keyboard.press("Escape");

  // The same link again, by the same person: used up.
  const used = "This invite has already been used. Ask an admin of the org for a new one.";
  await other.goto(link);
  await expect(alerts(other)).toHaveText(used);
  await expect(other.getByRole("button", { name: "Accept invite" })).toHaveCount(0);

  // And by a third person who got hold of it: used up as well, and they do not get in.
  const stranger = await openPage();
  const strangerUser = newUser("stranger");
  await signUp(stranger, strangerUser);
  await stranger.goto(link);
  await expect(alerts(stranger)).toHaveText(used);
  await expect(stranger.getByRole("button", { name: "Accept invite" })).toHaveCount(0);
  await stranger.goto(`/${slug}`);
  await expect(stranger.getByRole("heading", { name: /not found/i })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "People (2)" })).toBeVisible();
  await expect(page.getByTestId(`member-${strangerUser.email}`)).toHaveCount(0);
});

test("a revoked invite cannot be used", async ({ page, openPage }) => {
  const owner = newUser("revoker");
  const slug = await signUp(page, owner);
  const invitee = newUser("revoked");
  const link = await invite(page, slug, invitee.email, "Member");

  await page.getByTestId(`invite-${invitee.email}`).getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId(`invite-${invitee.email}`)).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId(`invite-${invitee.email}`)).toHaveCount(0);

  // Signed out, the page says so and offers no way in.
  const other = await openPage();
  await other.goto(link);
  await expect(alerts(other)).toHaveText("This invite was revoked. Ask an admin of the org for a new one.");
  await expect(other.getByRole("link", { name: "Create an account" })).toHaveCount(0);

  // Signed in as the invited address, still nothing to accept.
  await signUp(other, invitee);
  await other.goto(link);
  await expect(alerts(other)).toHaveText("This invite was revoked. Ask an admin of the org for a new one.");
  await expect(other.getByRole("button", { name: "Accept invite" })).toHaveCount(0);
  await other.goto(`/${slug}`);
  await expect(other.getByRole("heading", { name: /not found/i })).toBeVisible();
});

test("an invite only works for the address it was sent to; a made-up link is not valid", async ({ page, openPage }) => {
  const owner = newUser("binder");
  const slug = await signUp(page, owner);
  const intended = newUser("intended");
  const link = await invite(page, slug, intended.email, "Member");

  // Someone else with an account opens the link signed out, signs in from the invite page, and
  // comes back to it.
  const other = await openPage();
  const otherUser = newUser("otheraddress");
  await signUp(other, otherUser);
  await other.context().clearCookies();
  await other.goto(link);
  await expect(other.getByRole("heading", { name: `Join ${owner.orgName}` })).toBeVisible();
  await other.getByRole("link", { name: "Sign in" }).click();
  await submitSignIn(other, otherUser.email, otherUser.password);
  await expect(other).toHaveURL(new URL(link).pathname);
  await expect(other.getByText(`Signed in as ${otherUser.email}.`)).toBeVisible();

  await other.getByRole("button", { name: "Accept invite" }).click();
  await expect(alerts(other)).toHaveText(
    `This invite was sent to ${intended.email}. Sign in with that address to accept it.`,
  );
  await expect(other).toHaveURL(new URL(link).pathname);
  await other.goto(`/${slug}`);
  await expect(other.getByRole("heading", { name: /not found/i })).toBeVisible();

  // The invite is still there for the right person.
  await page.reload();
  await expect(page.getByTestId(`invite-${intended.email}`)).toBeVisible();
  await expect(page.getByRole("heading", { name: "People (1)" })).toBeVisible();

  // A token nobody issued.
  await other.goto(`/invite/${"x".repeat(43)}`);
  await expect(other.getByRole("heading", { name: "Invite", exact: true })).toBeVisible();
  await expect(alerts(other)).toHaveText("This invite link is not valid. Check that you copied all of it.");
});
