import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3211);
const baseURL = `http://127.0.0.1:${port}`;

// The app under test gets its own state: real PostgreSQL when DATABASE_URL is set (CI), else a
// fresh embedded database. Set once in the main process; workers inherit the environment.
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "gateway-e2e-"));
process.env.E2E_AUTH_SECRET ??= randomBytes(33).toString("base64url");

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
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
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: `npx next start -p ${port} -H 127.0.0.1`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    env: {
      DATA_DIR: process.env.E2E_DATA_DIR,
      AUTH_SECRET: process.env.E2E_AUTH_SECRET,
      APP_URL: baseURL,
      // Every browser in the suite shares one IP; per-account limits still apply.
      SIGN_IN_IP_LIMIT: "10000",
      SMTP_URL: "",
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    },
  },
});
