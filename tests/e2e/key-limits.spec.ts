// Key limits and org quotas from the dashboard: an admin creates a key with tags and a request
// limit (bad input answered field by field), an app meets the limit as a 429 with Retry-After,
// the admin lifts it in the edit dialog, and sets the org's monthly quotas in settings.
import { chatCompletion, expect, newUser, signUp, test } from "./helpers";

const mockUpstream = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3211) + 4}/v1`;

test("create a key with tags and limits, meet the limit, edit it, set monthly quotas", async ({ page, baseURL }) => {
  await signUp(page, newUser("limitsadmin"));

  await page.getByRole("link", { name: "Providers" }).click();
  const addForm = page.getByRole("form", { name: "Add a provider" });
  await addForm.getByLabel("Type").selectOption("openai_compatible");
  await addForm.getByLabel("Name").fill("Mock upstream");
  await addForm.getByLabel("Base URL").fill(mockUpstream);
  await addForm.getByLabel("API key").fill("sk-e2e-upstream");
  await addForm.getByRole("button", { name: "Add provider" }).click();
  await expect(addForm.getByText("Added Mock upstream.")).toBeVisible();
  await page.getByRole("link", { name: "Models" }).click();
  const publish = page.getByRole("form", { name: "Publish a model" });
  await publish.getByLabel("Public name").fill("fast");
  await publish.getByLabel("Provider's model id").fill("gpt-4o-mini");
  await publish.getByRole("button", { name: "Publish model" }).click();
  await expect(page.getByTestId("model-fast")).toBeVisible();

  await page.getByRole("link", { name: "API keys" }).click();
  const create = page.getByRole("form", { name: "Create an API key" });
  await create.getByLabel("Name").fill("limited-app");
  await create.getByLabel("Tags (optional)").fill("team:data, Env:Prod");
  await create.getByLabel("Requests per minute").fill("0");
  await create.getByRole("button", { name: "Create key" }).click();
  await expect(create.getByText(/Not a valid tag: "Env:Prod"/)).toBeVisible();
  await expect(create.getByText("Enter a whole number greater than 0, or leave it empty for no limit.")).toBeVisible();
  await expect(create.getByLabel("Tags (optional)")).toHaveValue("team:data, Env:Prod"); // kept as typed

  await create.getByLabel("Tags (optional)").fill("team:data, env:prod");
  await create.getByLabel("Requests per minute").fill("1");
  await create.getByRole("button", { name: "Create key" }).click();
  const key = await create.getByLabel("New API key").inputValue();
  const row = page.getByTestId("key-limited-app");
  await expect(row).toContainText("team:data");
  await expect(row).toContainText("env:prod");
  await expect(row).toContainText("1 req/min");

  const chat = () => chatCompletion(baseURL, key, "fast", "hello");
  const first = await chat();
  expect(first.status).toBe(200);
  expect(first.headers.get("x-ratelimit-remaining-requests")).toBe("0");
  const limited = await chat();
  expect(limited.status).toBe(429);
  expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  expect((await limited.json()).error).toMatchObject({ type: "requests", code: "rate_limit_exceeded" });

  await row.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: "Edit limited-app" });
  await expect(edit.getByLabel("Requests per minute")).toHaveValue("1");
  await edit.getByLabel("Requests per minute").fill("");
  await edit.getByLabel("Tokens per minute").fill("50000");
  await edit.getByLabel("Tags (optional)").fill("team:data");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit.getByText("Saved.")).toBeVisible();
  await page.getByRole("button", { name: "Close" }).click();
  await expect(row).toContainText("50,000 tok/min");
  await expect(row).not.toContainText("req/min");
  await expect(row).not.toContainText("env:prod");
  const lifted = await chat();
  expect(lifted.status).toBe(200);
  expect(lifted.headers.get("x-ratelimit-limit-requests")).toBeNull();
  expect(lifted.headers.get("x-ratelimit-limit-tokens")).toBe("50000");

  await page.getByRole("navigation", { name: "Org" }).getByRole("link", { name: "Settings" }).click();
  const quotas = page.getByRole("form", { name: "Monthly quotas" });
  await quotas.getByLabel("Requests per month").fill("-5");
  await quotas.getByRole("button", { name: "Save" }).click();
  await expect(quotas.getByText("Enter a whole number greater than 0, or leave it empty for no limit.")).toBeVisible();
  await quotas.getByLabel("Requests per month").fill("1000");
  await quotas.getByRole("button", { name: "Save" }).click();
  await expect(quotas.getByText("Saved.")).toBeVisible();
  const counted = await chat();
  expect(counted.headers.get("x-gateway-quota-remaining-requests")).toBe("999");
  await page.reload();
  await expect(page.getByRole("form", { name: "Monthly quotas" }).getByText("Used this month: 1 of 1,000.")).toBeVisible();
});
