import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3211);
// "localhost", not 127.0.0.1: Next rewrites 127.0.0.1 to localhost in request URLs, and OAuth
// redirect URIs must match the address the browser used. The server still listens on loopback only.
const baseURL = `http://localhost:${port}`;
// A real OIDC provider on the next port plays the company SSO (tests/fixtures/mock-oidc-server.mjs).
const oidcPort = port + 1;
const oidcIssuer = `http://127.0.0.1:${oidcPort}`;
// A real SMTP server on the two ports after that receives invite mail (tests/fixtures/mock-smtp-server.mjs).
const smtpPort = port + 2;
const mockInboxUrl = `http://127.0.0.1:${port + 3}`;
// A mock OpenAI-compatible upstream on the port after that (tests/fixtures/mock-openai-server.ts).
const mockOpenAiPort = port + 4;
// A real MCP server (the SDK's) on the port after that plays an org's upstream tools (tests/fixtures/mock-mcp-upstream.ts).
const mockMcpPort = port + 5;
// A second instance of the app with billing on (Stripe keys set) on the port after that, and a
// local server speaking Stripe's API on the next (tests/fixtures/mock-stripe.ts). The first
// instance has no Stripe keys: it is the self-hosted product, with no billing at all.
const billingPort = port + 6;
const billingURL = `http://localhost:${billingPort}`;
const mockStripePort = port + 7;
const stripeWebhookSecret = "whsec_e2e_billing";

// The app under test gets its own state: real PostgreSQL when DATABASE_URL is set (CI), else a
// fresh embedded database. Set once in the main process; workers inherit the environment.
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "gateway-e2e-"));
process.env.E2E_AUTH_SECRET ??= randomBytes(33).toString("base64url");
process.env.E2E_MASTER_KEY ??= randomBytes(32).toString("base64");

/** One instance of the app under test (a production build), on `appPort`, with `extraEnv`. */
function appServer(appPort: number, appURL: string, extraEnv: Record<string, string>, mount: "production-server" | "next-start") {
  return {
    // Both ways of serving the build are exercised: the production server (the gateway's paths on
    // bare node:http, the rest by Next) and `next start` (everything through Next's router).
    // Its output (stdout and stderr) is also kept in test-reports/, where scripts/test.sh searches
    // it for planted secrets (scripts/check-logs-for-planted-secrets.ts); Playwright still prints it.
    command: `mkdir -p test-reports && ${mount === "production-server" ? "npm run --silent serve" : `npx next start -p ${appPort} -H 127.0.0.1`} 2>&1 | tee test-reports/${appPort === port ? "e2e-server" : "e2e-billing-server"}.log`,
    url: `http://127.0.0.1:${appPort}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe" as const,
    env: {
      // Each instance its own embedded database; both share PostgreSQL when DATABASE_URL is set.
      DATA_DIR: appPort === port ? process.env.E2E_DATA_DIR! : `${process.env.E2E_DATA_DIR}-billing`,
      AUTH_SECRET: process.env.E2E_AUTH_SECRET!,
      MASTER_KEY: process.env.E2E_MASTER_KEY!,
      APP_URL: appURL,
      AUTH_URL: appURL,
      // Every browser in the suite shares one IP; per-account limits still apply.
      SIGN_IN_IP_LIMIT: "10000",
      NEXT_MANUAL_SIG_HANDLE: "true",
      NODE_ENV: "production",
      PORT: String(appPort),
      HOSTNAME: "127.0.0.1",
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      SMTP_FROM: "LLM Gateway <gateway@example.com>",
      AUTH_OIDC_ISSUER: oidcIssuer,
      AUTH_OIDC_ID: "gateway-e2e",
      AUTH_OIDC_SECRET: "gateway-e2e-secret",
      AUTH_OIDC_NAME: "Acme SSO",
      // The mock upstream listens on loopback, which the gateway refuses by default.
      ALLOW_PRIVATE_UPSTREAMS: "1",
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
      ...extraEnv,
    },
  };
}

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"], ["json", { outputFile: "test-reports/playwright.json" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium; Playwright never downloads a browser here (scripts/ensure-chromium.sh).
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // Wherever localhost resolves to ::1 first, still reach the server on 127.0.0.1.
        "--host-resolver-rules=MAP localhost 127.0.0.1",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: [
    {
      command: "node tests/fixtures/mock-oidc-server.mjs",
      url: `${oidcIssuer}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { MOCK_OIDC_PORT: String(oidcPort), MOCK_OIDC_APP_URL: baseURL },
    },
    {
      command: "node tests/fixtures/mock-smtp-server.mjs",
      url: `${mockInboxUrl}/messages`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { MOCK_SMTP_PORT: String(smtpPort), MOCK_SMTP_HTTP_PORT: String(port + 3) },
    },
    {
      command: "npx tsx tests/fixtures/mock-openai-server.ts",
      url: `http://127.0.0.1:${mockOpenAiPort}/v1/models`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { MOCK_OPENAI_PORT: String(mockOpenAiPort), MOCK_OPENAI_KEY: "sk-e2e-upstream" },
    },
    {
      command: "npx tsx tests/fixtures/mock-mcp-server.ts",
      // Any answer proves it listens: a GET without a session is refused by the stateless server.
      url: `http://127.0.0.1:${mockMcpPort}/mcp`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { MOCK_MCP_PORT: String(mockMcpPort), MOCK_MCP_TOKEN: "mcp-e2e-upstream-token" },
    },
    {
      command: "npx tsx tests/fixtures/mock-stripe-server.ts",
      // Any answer proves it listens: without an API key Stripe answers 401.
      url: `http://127.0.0.1:${mockStripePort}/v1/customers`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: {
        MOCK_STRIPE_PORT: String(mockStripePort),
        MOCK_STRIPE_API_KEY: "sk_test_gateway",
        MOCK_STRIPE_WEBHOOK_URL: `http://127.0.0.1:${billingPort}/api/stripe/webhook`,
        MOCK_STRIPE_WEBHOOK_SECRET: stripeWebhookSecret,
        MOCK_STRIPE_PRICES: JSON.stringify([
          { id: "price_team_e2e", nickname: "Team monthly", unitAmount: 4900 },
          { id: "price_enterprise_e2e", nickname: "Enterprise monthly", unitAmount: 99900 },
        ]),
      },
    },
    appServer(port, baseURL, {}, "production-server"),
    // Started after the first, so the database is migrated once (they share it when DATABASE_URL is set).
    appServer(billingPort, billingURL, {
      STRIPE_SECRET_KEY: "sk_test_gateway",
      STRIPE_WEBHOOK_SECRET: stripeWebhookSecret,
      STRIPE_API_BASE: `http://127.0.0.1:${mockStripePort}`,
      STRIPE_PRICE_TEAM: "price_team_e2e",
      STRIPE_PRICE_ENTERPRISE: "price_enterprise_e2e",
      BILLING_PLANS_FILE: "tests/fixtures/billing-plans.e2e.json",
      BILLING_METER_INTERVAL_MS: "0",
    }, "next-start"),
  ],
});
