// Journey: approved-model access. An admin publishes a model left unreviewed; an app's key gets
// 403 model_not_approved for it; a member asks for it with a reason; the admin sees the pending
// count in the navigation, approves with a note in the queue; the same key then gets an answer,
// and the member sees who approved it, when, and why.
import type { Page } from "@playwright/test";
import { addMember, chatCompletion, createKeyInDashboard, expect, newUser, signUp, test } from "./helpers";

const mockUpstream = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3211) + 4}/v1`;
const MODEL = "reviewed-model";

/** The mock upstream as the org's provider, added in the browser. */
async function addMockProvider(page: Page, slug: string) {
  await page.goto(`/${slug}/providers`);
  const addProvider = page.getByRole("form", { name: "Add a provider" });
  await addProvider.getByLabel("Type").selectOption("openai_compatible");
  await addProvider.getByLabel("Name").fill("Mock upstream");
  await addProvider.getByLabel("Base URL").fill(mockUpstream);
  await addProvider.getByLabel("API key").fill("sk-e2e-upstream");
  await addProvider.getByRole("button", { name: "Add provider" }).click();
  await expect(addProvider.getByText("Added Mock upstream.")).toBeVisible();
}

test("a member requests a model, an admin approves it in the browser, and a key refused before is served after", async ({ page, openPage, baseURL }) => {
  const owner = newUser("approver");
  const slug = await signUp(page, owner);
  const org = { slug, name: owner.orgName };

  // An admin adds a provider and publishes a model without approving it.
  await addMockProvider(page, slug);

  await page.goto(`/${slug}/models`);
  const publish = page.getByRole("form", { name: "Publish a model" });
  await publish.getByLabel("Public name").fill(MODEL);
  await publish.getByLabel("Provider's model id").fill("gpt-4o-mini");
  const approveNow = publish.getByLabel("Approve for every key now");
  await expect(approveNow).toBeChecked();
  await approveNow.uncheck();
  await publish.getByRole("button", { name: "Publish model" }).click();
  const ownerRow = page.getByTestId(`model-${MODEL}`);
  await expect(ownerRow.getByTestId("approval-state")).toHaveText("Not reviewed");

  // An app's key is refused, and told where to ask.
  await page.goto(`/${slug}/keys`);
  const key = await createKeyInDashboard(page, "reporting-service");
  const chat = () => chatCompletion(baseURL, key, MODEL, "hello after approval");
  const listModels = async () =>
    ((await (await fetch(`${baseURL}/v1/models`, { headers: { authorization: `Bearer ${key}` } })).json()) as { data: { id: string }[] }).data.map((m) => m.id);
  const refused = await chat();
  expect(refused.status).toBe(403);
  expect((await refused.json()).error).toEqual({
    message: `The model '${MODEL}' is not approved for this API key. Ask an admin of ${slug} to approve it: request access on the Models page of the dashboard, ${baseURL}/${slug}/models.`,
    type: "invalid_request_error",
    param: "model",
    code: "model_not_approved",
  });
  expect(await listModels()).not.toContain(MODEL);

  // A member asks for it; a reason that is too short is refused first.
  const { page: member, user: memberUser } = await addMember(page, openPage, org, "Member", "asker");
  // Members have no queue: its address leads them to the Models page.
  await member.goto(`/${slug}/approvals`);
  await expect(member).toHaveURL(`/${slug}/models`);
  await expect(member.getByRole("link", { name: /Approvals/ })).toHaveCount(0);
  const row = member.getByTestId(`model-${MODEL}`);
  await expect(row.getByTestId("approval-state")).toHaveText("Not reviewed");
  await expect(row.getByTestId("for-you")).toHaveText("Not reviewed yet: no key may use it until an admin approves it.");
  await expect(member.getByRole("form", { name: "Publish a model" })).toHaveCount(0);
  await row.locator("summary", { hasText: "Request access" }).click();
  const ask = member.getByRole("form", { name: `Request access to ${MODEL}` });
  await ask.getByLabel("Reason").fill("need it");
  await ask.getByRole("button", { name: "Send request" }).click();
  await expect(ask.getByText("Say in at least 10 characters what you need the model for.")).toBeVisible();
  await ask.getByLabel("Reason").fill("Weekly reporting summaries for the finance team.");
  await ask.getByRole("button", { name: "Send request" }).click();
  await expect(ask.getByText("Request sent.")).toBeVisible();
  await expect(row.getByTestId("your-pending-request")).toContainText("Your request for every key is waiting for an admin");

  // The admin sees the count in the navigation and opens the queue.
  await page.goto(`/${slug}`);
  await expect(page.getByTestId("nav-count-approvals")).toHaveText("1 pending");
  await page.getByRole("link", { name: /^Approvals\s*1 pending$/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Approvals" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Waiting (1)" })).toBeVisible();
  const request = page.getByRole("article", { name: `Request for ${MODEL} by ${memberUser.name}` });
  await expect(request).toContainText("Weekly reporting summaries for the finance team.");
  await expect(request).toContainText(`asked by ${memberUser.name} for every key`);
  await expect(request.locator("time")).toHaveText(/just now|minutes? ago/);

  // Denying needs a note; approving takes one.
  const decide = request.getByRole("form", { name: `Decide on ${MODEL} for ${memberUser.name}` });
  await decide.getByRole("button", { name: "Deny" }).click();
  await expect(decide.getByText("Say why you deny it.")).toBeVisible();
  await decide.getByLabel("Note").fill("Approved for the reporting pilot.");
  await decide.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("No requests are waiting.")).toBeVisible();
  await expect(page.getByTestId("nav-count-approvals")).toHaveCount(0);
  const decided = page.getByRole("article", { name: `Request for ${MODEL} by ${memberUser.name}` });
  await expect(decided.getByTestId("request-decision")).toHaveText(
    new RegExp(`^Approved by ${owner.name} on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC: “Approved for the reporting pilot\\.”$`),
  );

  // The key that was refused is now served, and lists the model.
  const served = await chat();
  expect(served.status).toBe(200);
  expect(served.headers.get("x-gateway-provider")).toBe("Mock upstream");
  expect((await served.json()).choices[0].message.content).toBe("You said: hello after approval");
  expect(await listModels()).toContain(MODEL);

  // The member sees the decision: who, when and the note.
  await member.reload();
  await expect(row.getByTestId("approval-state")).toHaveText("Approved");
  await expect(row.getByTestId("approval-decision")).toContainText(`Approved by ${owner.name} on`);
  await expect(row.getByTestId("approval-decision")).toContainText("Approved for the reporting pilot.");
  await expect(row.getByTestId("for-you")).toContainText("Every key of the org may use it");
  await expect(row.locator("summary", { hasText: "Request access" })).toHaveCount(0);
  await expect(member.getByRole("article", { name: `Request for ${MODEL} by ${memberUser.name}` })).toContainText("approved");
});

test("an admin revokes an approval from the catalog, and the key is refused again", async ({ page, baseURL }) => {
  const owner = newUser("revoker");
  const slug = await signUp(page, owner);
  await addMockProvider(page, slug);

  await page.goto(`/${slug}/models`);
  const publish = page.getByRole("form", { name: "Publish a model" });
  await publish.getByLabel("Public name").fill("everyone");
  await publish.getByLabel("Provider's model id").fill("gpt-4o-mini");
  await publish.getByRole("button", { name: "Publish model" }).click();
  const row = page.getByTestId("model-everyone");
  await expect(row.getByTestId("approval-state")).toHaveText("Approved");
  await expect(row.getByTestId("approval-decision")).toContainText(`Approved by ${owner.name} on`);

  await page.goto(`/${slug}/keys`);
  const key = await createKeyInDashboard(page, "app");
  const chat = () => chatCompletion(baseURL, key, "everyone", "hi");
  expect((await chat()).status).toBe(200);

  await page.goto(`/${slug}/models`);
  await row.locator("summary", { hasText: "Decide" }).click();
  const decide = page.getByRole("form", { name: "Decide on everyone" });
  await decide.getByLabel("Note").fill("Budget freeze");
  page.once("dialog", (dialog) => dialog.accept());
  await decide.getByRole("button", { name: "Revoke approval" }).click();
  await expect(row.getByTestId("approval-state")).toHaveText("Not reviewed");
  await expect(row.getByTestId("approval-decision")).toContainText(`Approval revoked by ${owner.name} on`);
  await expect(row.getByTestId("approval-decision")).toContainText("Budget freeze");
  const refused = await chat();
  expect(refused.status).toBe(403);
  expect((await refused.json()).error.code).toBe("model_not_approved");
});
