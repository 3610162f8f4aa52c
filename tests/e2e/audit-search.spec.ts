// Audit search from the dashboard: an app makes requests through /v1 with a key, the org keeps
// redacted prompts, an operator searches by rule, opens the decision record (rules, findings
// marked in the stored prompt, never the secret) and exports the same search as CSV.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { addMockProviderAndModel, chatCompletion, createKeyInDashboard, expect, newUser, signUp, test } from "./helpers";

/** A GitHub token of the right shape, made at run time so no secret-like string sits in the repo. */
const fakeGithubToken = () => `ghp_${randomBytes(27).toString("base64url").replace(/[-_]/g, "x").slice(0, 36)}`;

test("search requests by rule, open a decision record, export the search as CSV", async ({ page, baseURL }) => {
  const owner = newUser("auditor");
  const slug = await signUp(page, owner);

  // Set up a provider, a model and a key, as an admin does.
  await addMockProviderAndModel(page, slug);
  await page.goto(`/${slug}/keys`);
  const key = await createKeyInDashboard(page, "billing-app");

  // The audit keeps prompts with every finding masked.
  await page.goto(`/${slug}/settings`);
  const storage = page.getByRole("form", { name: "Prompt storage" });
  await storage.getByRole("radio", { name: /Redacted/ }).check();
  await storage.getByRole("button", { name: "Save" }).click();
  await expect(storage.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  const chat = async (content: string) => {
    const response = await chatCompletion(baseURL, key, "fast", content);
    return { status: response.status, id: response.headers.get("x-request-id")! };
  };
  const token = fakeGithubToken();
  const blocked = await chat(`deploy with ${token} tonight`);
  expect(blocked.status).toBe(403);
  const plain = await chat("summarise the quarterly report");
  expect(plain.status).toBe(200);

  // Search by rule: only the blocked request. Rows are written in batches, so reload until it is there.
  await page.getByRole("link", { name: "Requests" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Requests" })).toBeVisible();
  const search = page.getByRole("form", { name: "Search requests" });
  await search.getByLabel("Rule").selectOption("block-secrets");
  await search.getByRole("button", { name: "Search" }).click();
  // Blank fields are dropped: the address is the search, short enough to share.
  await expect(page).toHaveURL(new RegExp(`/${slug}/requests\\?rule=block-secrets$`));
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId(`request-${blocked.id}`)).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByTestId(`request-${plain.id}`)).toHaveCount(0);
  await expect(page.getByTestId(`request-${blocked.id}`)).toContainText("block");
  await expect(page.getByTestId(`request-${blocked.id}`)).toContainText("billing-app");

  // The shared URL carries the search: a bad filter in it is named, not ignored.
  const searchUrl = page.url();
  await page.goto(`${searchUrl}&latency_min=soon`);
  await expect(page.getByLabel("Latency from (ms)")).toHaveValue("soon");
  await expect(page.getByRole("alert").filter({ hasText: "must be a whole number" })).toBeVisible();
  await page.goto(searchUrl);

  // The decision record: rules, findings, and the stored prompt with the finding marked.
  await page.getByRole("link", { name: blocked.id }).click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(blocked.id) })).toBeVisible();
  await expect(page.getByTestId("record-rules")).toHaveText("block-secrets");
  await expect(page.getByTestId("record-decision")).toHaveText("block");
  await expect(page.getByRole("table", { name: "Findings" })).toContainText("secret.github_pat_classic");
  const mark = page.getByTestId("finding-mark");
  await expect(mark).toHaveCount(1);
  await expect(mark).toHaveText("[REDACTED:github_pat_classic]");
  await expect(mark).toHaveAttribute("data-rules", "secret.github_pat_classic");
  await expect(page.getByRole("list", { name: "Prompt messages" })).toContainText("deploy with [REDACTED:github_pat_classic] tonight");
  await expect(page.getByText(token)).toHaveCount(0);
  expect(await page.content()).not.toContain(token);

  // Export the search: exactly its rows, as CSV.
  await page.goto(searchUrl);
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(new RegExp(`^requests-${slug}-\\d{8}T\\d{6}\\.csv$`));
  const csv = await readFile((await download.path())!, "utf8");
  const lines = csv.trimEnd().split("\r\n");
  expect(lines[0]).toMatch(/^created_at,request_id,endpoint,api_key_id,api_key_name,/);
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(blocked.id);
  expect(lines[1]).toContain("billing-app");
  expect(lines[1]).toContain("block-secrets");
  expect(csv).not.toContain(plain.id);
  expect(csv).not.toContain(token);
});
