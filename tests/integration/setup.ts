import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

// Each test file runs in its own process; without DATABASE_URL it gets a fresh embedded database.
if (!process.env.DATABASE_URL) {
  process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "gateway-it-"));
}

afterAll(async () => {
  const { closeDb } = await import("@/lib/db/client");
  await closeDb();
});
