#!/usr/bin/env node
// Runs the Prisma CLI for the commands that need no schema engine (generate, validate, format).
// The CLI insists on downloading a native engine even for those; pointing it at a stub avoids
// the download. Migrations go through lib/db/migrations.ts instead (see README).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const stub = fileURLToPath(new URL("./no-schema-engine.sh", import.meta.url));
const result = spawnSync("prisma", process.argv.slice(2), {
  stdio: "inherit",
  shell: false,
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: stub, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
});
process.exit(result.status ?? 1);
