// The gateway from the dashboard: an admin adds a provider (tests its connection), publishes a
// model, creates a key that an app then uses against /v1, revokes it (refused at once after),
// and chats in the playground, which shows the decision record beside the answer.
import { chatCompletion, expect, newUser, signUp, test } from "./helpers";

const mockUpstream = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3211) + 4}/v1`;

test("add a provider, publish a model, use and revoke a key, chat in the playground", async ({ page, baseURL }) => {
  const owner = newUser("gatewayadmin");
  await signUp(page, owner);

  await page.getByRole("link", { name: "Providers" }).click();
  await expect(page.getByText("No providers yet.")).toBeVisible();
  const addForm = page.getByRole("form", { name: "Add a provider" });
  await addForm.getByLabel("Type").selectOption("openai_compatible");
  await addForm.getByRole("button", { name: "Add provider" }).click();
  await expect(addForm.getByText("This provider type needs its base URL.")).toBeVisible();
  await expect(addForm.getByText("Use at least 2 characters.")).toBeVisible();
  await addForm.getByLabel("Name").fill("Mock upstream");
  await addForm.getByLabel("Base URL").fill(mockUpstream);
  await addForm.getByLabel("API key").fill("sk-e2e-upstream");
  await addForm.getByRole("button", { name: "Add provider" }).click();
  await expect(addForm.getByText("Added Mock upstream.")).toBeVisible();
  const row = page.getByTestId("provider-Mock upstream");
  await expect(row).toContainText("…ream"); // the credential's hint, never the credential
  await expect(page.getByText("sk-e2e-upstream")).toHaveCount(0);
  await row.getByRole("button", { name: "Test connection" }).click();
  await expect(row.getByText("Connected: 2 model(s)")).toBeVisible();
  await expect(row.getByText("gpt-4o-mini", { exact: true })).toBeVisible();

  await page.getByRole("link", { name: "Models" }).click();
  const publish = page.getByRole("form", { name: "Publish a model" });
  await publish.getByLabel("Public name").fill("fast");
  await publish.getByLabel("Provider's model id").fill("gpt-4o-mini");
  await publish.getByRole("button", { name: "Publish model" }).click();
  await expect(page.getByTestId("model-fast")).toContainText("Mock upstream");

  await page.getByRole("link", { name: "API keys" }).click();
  const create = page.getByRole("form", { name: "Create an API key" });
  await create.getByLabel("Name").fill("checkout-service");
  await create.getByRole("button", { name: "Create key" }).click();
  const key = await create.getByLabel("New API key").inputValue();
  expect(key).toMatch(/^gw_live_/);
  await expect(page.getByTestId("key-checkout-service")).toContainText(key.slice(0, 16));

  const chat = () => chatCompletion(baseURL, key, "fast", "hello from the app");
  const ok = await chat();
  expect(ok.status).toBe(200);
  expect(ok.headers.get("x-gateway-provider")).toBe("Mock upstream");
  expect((await ok.json()).choices[0].message.content).toBe("You said: hello from the app");

  page.once("dialog", (dialog) => dialog.accept());
  await page.getByTestId("key-checkout-service").getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("key-checkout-service")).toContainText("revoked");
  const refused = await chat();
  expect(refused.status).toBe(401);
  expect((await refused.json()).error.code).toBe("api_key_revoked");

  await page.getByRole("link", { name: "Playground" }).click();
  await page.getByLabel("Message").fill("hello playground");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("list", { name: "Conversation" })).toContainText("You said: hello playground");
  const record = page.getByRole("list", { name: "Decision record" }).or(page.getByLabel("Decision record"));
  await expect(record).toContainText("Mock upstream");
  await expect(record).toContainText("gpt-4o-mini");
  await expect(record).toContainText("allow");
  await expect(record).toContainText(/ok \(200\)/);
});
