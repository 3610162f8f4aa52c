// Invite mail: with SMTP configured, inviting someone emails them the same one-time link the admin
// sees, and that link works. The SMTP server is real and runs on loopback (tests/fixtures).
import { expect, test } from "@playwright/test";

const inbox = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3211) + 3}`;
const uniqueEmail = (label: string) => `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.com`;

/** The decoded text of the mail to `address` (quoted-printable soft breaks and escapes undone). */
async function mailTo(address: string): Promise<string> {
  let messages: { data: string }[] = [];
  await expect
    .poll(async () => {
      messages = await (await fetch(`${inbox}/messages?to=${encodeURIComponent(address)}`)).json();
      return messages.length;
    })
    .toBe(1);
  return messages[0]!.data.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

test("an invite is emailed with the link shown to the admin, and the emailed link works", async ({ page, browser }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Mia Mailer");
  await page.getByLabel("Work email").fill(uniqueEmail("mia"));
  await page.getByLabel("Password").fill("correct horse battery 9");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("You are owner of this org.")).toBeVisible();
  await page.getByRole("link", { name: "Members" }).click();

  const invitee = uniqueEmail("newhire");
  await page.getByLabel("Email", { exact: true }).fill(invitee);
  await page.getByRole("button", { name: "Send invite" }).click();
  await expect(page.getByText(/and emailed/)).toBeVisible();
  const shownLink = await page.getByLabel("Invite link").inputValue();

  const mail = await mailTo(invitee);
  expect(mail).toMatch(/Subject: You're invited to Mia's org/);
  expect(mail).toContain("From: LLM Gateway <gateway@example.com>");
  const emailedLink = mail.match(/https?:\/\/\S+\/invite\/[\w-]+/)?.[0];
  expect(emailedLink).toBe(shownLink);

  const inviteeContext = await browser.newContext();
  const inviteePage = await inviteeContext.newPage();
  await inviteePage.goto(emailedLink!);
  await expect(inviteePage.getByRole("heading", { name: "Join Mia's org" })).toBeVisible();
  await inviteeContext.close();
});
