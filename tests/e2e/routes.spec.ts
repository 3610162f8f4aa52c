// Journey: an owner sets up routing from the dashboard. With a provider and two catalog models, they
// create a weighted route with two targets; a route whose weights are all zero, and an alias loop
// (B → A after A → B), are refused with a message on the offending field; deleting a route another
// route sends to is refused. They edit the route (its form comes prefilled; the latency strategy
// asks for its target; rows move), call it with an API key and see the route in the response and
// the served target on the Health page, then its failures and open breakers. A member sees routes
// and health read-only. Then the route is deleted and its name no longer serves. A route whose
// target is unpublished later is flagged, and its edit form keeps the target and refuses it.
import type { Locator, Page } from "@playwright/test";
import { addMember, alerts, chatCompletion, createKeyInDashboard, expect, newUser, signUp, test } from "./helpers";

const mockUpstream = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3211) + 4}/v1`;

/** Fills a route form's target rows in order, adding rows as needed (the form starts with one). */
async function fillTargets(form: Locator, targets: [model: string, weight: string][]) {
  for (const [index, [model, weight]] of targets.entries()) {
    if (index > 0) await form.getByRole("button", { name: "Add target" }).click();
    await form.getByLabel(`Target ${index + 1} model`).selectOption(model);
    await form.getByLabel(`Target ${index + 1} weight`).fill(weight);
  }
}

/** A link of the org's navigation (pages may link to each other in their text too). */
function navLink(page: Page, name: string) {
  return page.getByRole("navigation", { name: "Org" }).getByRole("link", { name, exact: true });
}

async function publish(page: Page, publicName: string) {
  const form = page.getByRole("form", { name: "Publish a model" });
  await form.getByLabel("Public name").fill(publicName);
  await form.getByLabel("Provider's model id").fill("gpt-4o-mini");
  await form.getByRole("button", { name: "Publish model" }).click();
  await expect(page.getByTestId(`model-${publicName}`)).toContainText("Mock upstream");
}

test("an owner creates, checks, edits, uses and deletes a route, and reads target health", async ({ page, openPage, baseURL }) => {
  const owner = newUser("routeowner");
  const slug = await signUp(page, owner);

  // A new org has no provider: add the mock upstream and publish two models on it.
  await navLink(page, "Providers").click();
  const addProvider = page.getByRole("form", { name: "Add a provider" });
  await addProvider.getByLabel("Name").fill("Mock upstream");
  await addProvider.getByLabel("Type").selectOption("openai_compatible");
  await addProvider.getByLabel("Base URL").fill(mockUpstream);
  await addProvider.getByLabel("API key").fill("sk-e2e-upstream");
  await addProvider.getByRole("button", { name: "Add provider" }).click();
  await expect(addProvider.getByText("Added Mock upstream.")).toBeVisible();
  await navLink(page, "Models").click();
  await publish(page, "fast");
  await publish(page, "steady");

  // Create a weighted route with two targets.
  await navLink(page, "Routes").click();
  await expect(page).toHaveURL(`/${slug}/routes`);
  await expect(page.getByText("No routes yet.")).toBeVisible();
  const create = page.getByRole("form", { name: "Create a route" });
  await create.getByLabel("Name", { exact: true }).fill("assistant");
  await create.getByLabel("Description").fill("Default assistant");
  await create.getByLabel("Strategy").selectOption("weighted");
  await fillTargets(create, [["fast", "1"], ["steady", "2"]]);
  await create.getByRole("button", { name: "Create route" }).click();
  await expect(create.getByText("Saved route assistant (priority 0).")).toBeVisible();
  const assistant = page.getByTestId("route-assistant-0");
  await expect(assistant).toContainText("weighted");
  await expect(assistant).toContainText("Default assistant");
  await expect(assistant).toContainText("Any request");
  await expect(assistant.getByRole("list", { name: "Targets of assistant, priority 0" }).getByRole("listitem")).toHaveText([
    "1. fast · weight 1",
    "2. steady · weight 2",
  ]);
  await expect(page.getByText("No routes yet.")).toHaveCount(0);

  // Every weight at zero: refused, said next to the targets, and the rows keep what was typed.
  await create.getByLabel("Name", { exact: true }).fill("zeroes");
  await create.getByLabel("Strategy").selectOption("weighted");
  await fillTargets(create, [["fast", "0"], ["steady", "0"]]);
  await create.getByRole("button", { name: "Create route" }).click();
  await expect(alerts(page).filter({ hasText: "The route was not saved: fix what is marked below." })).toBeVisible();
  await expect(create.getByRole("group", { name: "Targets" }).getByRole("alert")).toHaveText(
    "Give at least one target a weight above zero: with every weight at zero the route could pick nothing.",
  );
  await expect(create.getByLabel("Name", { exact: true })).toHaveValue("zeroes");
  await expect(create.getByLabel("Target 1 model")).toHaveValue("fast");
  await expect(create.getByLabel("Target 2 model")).toHaveValue("steady");
  await expect(create.getByLabel("Target 2 weight")).toHaveValue("0");
  await expect(page.getByTestId("route-zeroes-0")).toHaveCount(0);

  // A loop of aliases: alias-a sends to alias-b; making alias-b send to alias-a is refused on that row.
  await create.getByLabel("Name", { exact: true }).fill("alias-b");
  await create.getByLabel("Target 2 model").selectOption("");
  await create.getByLabel("Target 1 weight").fill("1");
  await create.getByRole("button", { name: "Create route" }).click();
  await expect(create.getByText("Saved route alias-b (priority 0).")).toBeVisible();
  await create.getByLabel("Name", { exact: true }).fill("alias-a");
  await fillTargets(create, [["alias-b", "1"]]);
  await create.getByRole("button", { name: "Create route" }).click();
  await expect(create.getByText("Saved route alias-a (priority 0).")).toBeVisible();
  await page.getByRole("link", { name: "Edit alias-b (priority 0)" }).click();
  const editB = page.getByRole("form", { name: "Edit route" });
  await expect(editB.getByLabel("Target 1 model")).toHaveValue("fast");
  await editB.getByLabel("Target 1 model").selectOption("alias-a");
  await editB.getByRole("button", { name: "Save route" }).click();
  await expect(page.getByTestId("target-row-1").getByRole("alert")).toHaveText(
    "Aliases loop: 'alias-b' → 'alias-a' → 'alias-b'. A route cannot lead back to itself.",
  );
  await expect(page).toHaveURL(/\/routes\/[^/]+$/);

  // Deleting alias-b while alias-a sends to it is refused too.
  await page.getByRole("link", { name: "← Routes" }).click();
  await expect(page.getByTestId("route-alias-b-0").getByRole("list", { name: "Targets of alias-b, priority 0" })).toHaveText("1. fast · weight 1"); // unchanged by the refused edit
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByTestId("route-alias-b-0").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("route-alias-b-0").getByRole("alert")).toHaveText(
    "Route 'alias-a' (priority 0) sends to 'alias-b', which would no longer exist. Change that route first.",
  );

  // Edit the assistant route: prefilled; latency needs its target; then fallback with steady first.
  await page.getByRole("link", { name: "Edit assistant (priority 0)" }).click();
  await expect(page).toHaveURL(/\/routes\/[^/]+$/);
  const editUrl = page.url();
  const edit = page.getByRole("form", { name: "Edit route" });
  await expect(edit.getByLabel("Name", { exact: true })).toHaveValue("assistant");
  await expect(edit.getByLabel("Description")).toHaveValue("Default assistant");
  await expect(edit.getByLabel("Strategy")).toHaveValue("weighted");
  await expect(edit.getByLabel("Target 2 model")).toHaveValue("steady");
  await expect(edit.getByLabel("Target 2 weight")).toHaveValue("2");
  await expect(edit.getByLabel("Latency target (ms)")).toHaveCount(0);
  await edit.getByLabel("Strategy").selectOption("latency");
  await expect(edit.getByLabel("Latency target (ms)")).toBeVisible();
  await edit.getByRole("button", { name: "Save route" }).click();
  await expect(edit.getByText("The latency strategy needs a latency target in milliseconds.")).toBeVisible();
  await expect(edit.getByLabel("Latency target (ms)")).toHaveAttribute("aria-invalid", "true");
  await edit.getByLabel("Strategy").selectOption("fallback");
  await expect(edit.getByLabel("Latency target (ms)")).toHaveCount(0);
  await edit.getByRole("button", { name: "Move target 2 up" }).click();
  await expect(edit.getByLabel("Target 1 model")).toHaveValue("steady");
  await expect(edit.getByLabel("Target 1 weight")).toHaveValue("2");
  await edit.getByRole("button", { name: "Save route" }).click();
  await expect(page).toHaveURL(`/${slug}/routes`);
  await expect(assistant).toContainText("fallback");
  await expect(assistant.getByRole("list", { name: "Targets of assistant, priority 0" }).getByRole("listitem")).toHaveText([
    "1. steady · weight 2",
    "2. fast · weight 1",
  ]);

  // An app calls the route's name with a key made in the dashboard.
  await navLink(page, "API keys").click();
  const key = await createKeyInDashboard(page, "router-app");
  const chat = () => chatCompletion(baseURL, key, "assistant", "route me");
  const answer = await chat();
  expect(answer.status).toBe(200);
  expect(answer.headers.get("x-gateway-route")).toBe("assistant");
  expect(answer.headers.get("x-gateway-attempts")).toBe("1");
  const body = await answer.json();
  expect(body.choices[0].message.content).toBe("You said: route me");
  expect(body.gateway.routing).toMatchObject({ route: "assistant", strategy: "fallback", attempts: [{ target: "steady", status: 200, retry: 0 }] });

  // Health: the target that served has a sample; the other has none.
  await navLink(page, "Health").click();
  await expect(page.getByRole("heading", { level: 1, name: "Provider health" })).toBeVisible();
  await expect(page.getByTestId("health-scope")).toContainText("this gateway instance's own observations since it started");
  const steady = page.getByTestId("health-steady");
  await expect(steady).toContainText("Mock upstream");
  await expect(steady).toContainText("gpt-4o-mini");
  await expect(steady).toContainText("1 sample");
  await expect(steady).toContainText("0%");
  await expect(steady).toContainText("of 1 request");
  await expect(steady.getByText("closed", { exact: true })).toBeVisible();
  await expect(steady).toContainText(/\d+ ms/);
  await expect(steady).not.toContainText("no traffic yet");
  await expect(page.getByTestId("health-fast")).toContainText("no traffic yet");
  // A second call shows after a refresh.
  expect((await chat()).status).toBe(200);
  await page.getByRole("button", { name: "Refresh" }).click();
  await expect(steady).toContainText("2 samples");
  // The upstream fails (the mock answers 500 to this prompt): both targets are retried, fall back,
  // and after repeated failures their breakers open; the page shows the error and the next probe.
  const failing = () =>
    fetch(`${baseURL}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "assistant", messages: [{ role: "user", content: "upstream 500" }] }),
    });
  for (let i = 0; i < 2; i++) expect((await failing()).status).toBe(502);
  await page.getByRole("button", { name: "Refresh" }).click();
  await expect(steady.getByText("open", { exact: true })).toBeVisible();
  await expect(steady).toContainText(/next probe in \d+ s/);
  await expect(steady).toContainText("500 upstream_error");
  await expect(steady).toContainText("Mock upstream: The server had an error while processing your request.");
  await expect(steady).toContainText(/[1-9]\d*%/);
  await expect(page.getByTestId("health-fast").getByText("open", { exact: true })).toBeVisible();

  // A member reads routes and health, and changes nothing.
  const { page: member } = await addMember(page, openPage, { slug, name: owner.orgName }, "Member");
  await navLink(member, "Routes").click();
  await expect(member.getByTestId("route-assistant-0")).toContainText("steady");
  await expect(member.getByText("Only owners and admins can change routes.")).toBeVisible();
  await expect(member.getByRole("form", { name: "Create a route" })).toHaveCount(0);
  await expect(member.getByRole("link", { name: /^Edit / })).toHaveCount(0);
  await expect(member.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await navLink(member, "Health").click();
  await expect(member.getByTestId("health-steady")).toContainText("2 samples");
  await expect(member.getByRole("button", { name: "Refresh" })).toBeEnabled();
  await member.goto(editUrl);
  await expect(member.getByText("Only owners and admins can change routes.")).toBeVisible();
  await expect(member.getByRole("form", { name: "Edit route" })).toHaveCount(0);

  // Delete the route: its name no longer serves (no catalog model is called "assistant").
  await page.goto(`/${slug}/routes`);
  await expect(page.getByRole("link", { name: /^Edit / })).toHaveCount(3); // the owner has what the member lacks
  page.once("dialog", (dialog) => dialog.accept());
  await assistant.getByRole("button", { name: "Delete" }).click();
  await expect(assistant).toHaveCount(0);
  await expect.poll(async () => (await chat()).status).toBe(404);
  expect((await page.goto(editUrl))?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Route not found" })).toBeVisible();

  // A target unpublished after the save: the list warns, the edit form keeps it and refuses it.
  await navLink(page, "Models").click();
  await publish(page, "spare");
  await navLink(page, "Routes").click();
  await create.getByLabel("Name", { exact: true }).fill("uses-spare");
  await fillTargets(create, [["spare", "1"]]);
  await create.getByRole("button", { name: "Create route" }).click();
  await expect(create.getByText("Saved route uses-spare (priority 0).")).toBeVisible();
  await expect(page.getByTestId("route-uses-spare-0").getByRole("status")).toHaveCount(0);
  await navLink(page, "Models").click();
  await page.getByTestId("model-spare").getByRole("button", { name: "Unpublish" }).click();
  await expect(page.getByTestId("model-spare")).toHaveCount(0);
  await navLink(page, "Routes").click();
  await expect(page.getByTestId("route-uses-spare-0").getByRole("status")).toHaveText("'spare' is no longer a catalog model or route: requests skip it.");
  await page.getByRole("link", { name: "Edit uses-spare (priority 0)" }).click();
  const editSpare = page.getByRole("form", { name: "Edit route" });
  await expect(editSpare.getByLabel("Target 1 model")).toHaveValue("spare");
  await expect(editSpare.getByLabel("Target 1 model").locator("option:checked")).toHaveText("spare (no longer exists)");
  await editSpare.getByRole("button", { name: "Save route" }).click();
  await expect(page.getByTestId("target-row-1").getByRole("alert")).toHaveText(
    "There is no catalog model or route named 'spare' in this org (was it unpublished, or its provider removed?).",
  );
});
