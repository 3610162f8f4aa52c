// Journey: billing, on the instance with Stripe keys (E2E_PORT + 6) and a local server speaking
// Stripe's API. An owner sees the free plan and its usage, upgrades to Team through Checkout on
// the stand-in (whose signed webhooks change the plan), sees the grace banner after a declined
// renewal and its end once paid, then cancels in the customer portal. An
// org near its monthly request quota gets the warning banner, then the limit banner and a 429
// that names the plan and the billing page. The self-hosted instance (no Stripe keys) has no billing.
import { addMockProviderAndModel, chatCompletion, createKeyInDashboard, expect, newUser, signUp, test } from "./helpers";

const BILLING_APP = `http://localhost:${Number(process.env.E2E_PORT ?? 3211) + 6}`;
test.use({ baseURL: BILLING_APP });

test("an owner upgrades to Team through Stripe Checkout, goes through a failed renewal's grace period, then cancels in the portal", async ({ page }) => {
  const slug = await signUp(page, newUser("billing"));
  await page.getByRole("link", { name: "Billing" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Billing");
  await expect(page.getByTestId("current-plan")).toHaveText("Free");
  await expect(page.getByTestId("subscription-state")).toContainText("No subscription");
  await expect(page.getByTestId("usage-requests").getByTestId("usage-limit")).toHaveText("5");
  await expect(page.getByTestId("usage-members").getByTestId("usage-used")).toHaveText("1");
  await expect(page.getByTestId("plan-team")).toContainText("$49 per month, plus tokens");

  // Checkout on the stand-in's hosted page; back on the billing page, the webhooks have made it Team.
  await page.getByRole("button", { name: "Upgrade to Team" }).click();
  await expect(page).toHaveTitle("Stripe Checkout (local stand-in)");
  await expect(page.getByText("Team monthly")).toBeVisible();
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page).toHaveURL(`${BILLING_APP}/${slug}/billing?checkout=success`);
  await expect(page.getByTestId("checkout-outcome")).toContainText("Checkout complete.");
  await expect(page.getByTestId("current-plan")).toHaveText("Team");
  await expect(page.getByTestId("subscription-state")).toContainText(/Active · renews on \d{4}-\d{2}-\d{2}/);
  await expect(page.getByTestId("usage-requests").getByTestId("usage-limit")).toHaveText("1,000,000");
  await expect(page.getByRole("button", { name: /Upgrade to/ })).toHaveCount(0);

  // A renewal is declined: every page shows the grace period, and the plan holds meanwhile.
  await page.getByRole("button", { name: "Manage billing" }).click();
  await expect(page).toHaveTitle("Stripe customer portal (local stand-in)");
  await page.getByRole("button", { name: "Renew now with a declined card (test control)" }).click();
  await expect(page).toHaveURL(`${BILLING_APP}/${slug}/billing`);
  const graceEnds = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await expect(page.getByTestId("billing-banner")).toContainText(`A payment for the Team plan failed. The plan stays in force until ${graceEnds}`);
  await expect(page.getByTestId("current-plan")).toHaveText("Team");
  await expect(page.getByTestId("subscription-state")).toContainText("Payment failed");
  await page.getByRole("link", { name: "Overview" }).click();
  await expect(page.getByTestId("billing-banner").getByRole("link", { name: "Update the payment method" })).toBeVisible();

  // Paying the open invoice ends the grace period.
  await page.goto(`/${slug}/billing`);
  await page.getByRole("button", { name: "Manage billing" }).click();
  await page.getByRole("button", { name: "Pay the open invoice (test control)" }).click();
  await expect(page).toHaveURL(`${BILLING_APP}/${slug}/billing`);
  await expect(page.getByTestId("subscription-state")).toContainText("Active");
  await expect(page.getByTestId("billing-banner")).toHaveCount(0);

  // Card, invoices and cancellation live in Stripe's portal.
  await page.getByRole("button", { name: "Manage billing" }).click();
  await expect(page).toHaveTitle("Stripe customer portal (local stand-in)");
  await page.getByRole("button", { name: "Cancel subscription" }).click();
  await expect(page).toHaveURL(`${BILLING_APP}/${slug}/billing`);
  await expect(page.getByTestId("current-plan")).toHaveText("Free");
  await expect(page.getByTestId("subscription-state")).toContainText("Cancelled");
});

test("near the monthly quota the dashboard warns; at it, the banner says so and the gateway answers 429", async ({ page, baseURL }) => {
  const slug = await signUp(page, newUser("quota"));
  await addMockProviderAndModel(page, slug);
  await page.goto(`/${slug}/keys`);
  const key = await createKeyInDashboard(page, "quota-app");

  for (let i = 0; i < 4; i++) expect((await chatCompletion(baseURL, key, "fast", `hello ${i}`)).status).toBe(200);
  await page.goto(`/${slug}`);
  await expect(page.getByTestId("billing-banner")).toHaveText(/This org has used 4 of the 5 requests its Free plan allows this month \(80%\)\.\s*See plans and usage\./);

  expect((await chatCompletion(baseURL, key, "fast", "the last one")).status).toBe(200);
  const refused = await chatCompletion(baseURL, key, "fast", "one too many");
  expect(refused.status).toBe(429);
  const { error } = (await refused.json()) as { error: { message: string; type: string; code: string } };
  expect(error).toMatchObject({ type: "requests", code: "quota_exceeded" });
  expect(error.message).toContain("Monthly requests quota of the Free plan of this org reached: 5 requests per calendar month (UTC), 5 used.");
  expect(error.message).toContain(`upgrades the plan on the Billing page of the dashboard, ${BILLING_APP}/${slug}/billing.`);

  await page.reload();
  const banner = page.getByTestId("billing-banner");
  await expect(banner).toContainText("This org has used all 5 requests of its Free plan this month: the gateway answers 429 until");
  await banner.getByRole("link", { name: "See plans and usage" }).click();
  await expect(page.getByTestId("usage-requests").getByTestId("usage-used")).toHaveText("5");
});

test.describe("the self-hosted instance", () => {
  // The app on E2E_PORT runs without Stripe keys.
  test.use({ baseURL: `http://localhost:${Number(process.env.E2E_PORT ?? 3211)}` });

  test("without Stripe keys, has no billing at all", async ({ page }) => {
    const slug = await signUp(page, newUser("self-hosted"));
    await expect(page.getByRole("link", { name: "Members" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Billing" })).toHaveCount(0);
    expect((await page.goto(`/${slug}/billing`))!.status()).toBe(404);
    expect((await page.request.post("/api/stripe/webhook", { data: "{}" })).status()).toBe(404);
  });
});
