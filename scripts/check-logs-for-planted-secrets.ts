/**
 * Searches the logs a test run captured (Vitest's output, the end-to-end servers' output) for the
 * fake secrets the tests plant (tests/fixtures/planted-secrets.ts), and for the end-to-end run's
 * own AUTH_SECRET and MASTER_KEY when they are in the environment. Any of them in a log means the
 * product printed a secret: each hit is reported with its file and line, the value masked, and
 * the exit code is 1.
 *
 *   npx tsx scripts/check-logs-for-planted-secrets.ts test-reports/vitest.log test-reports/e2e-server.log
 *
 * A file that does not exist is reported and skipped (the end-to-end logs are missing when the
 * build failed); if none of them exists, that is a failure too: nothing was checked.
 */
import { existsSync, readFileSync } from "node:fs";
import { ALL_PLANTED, findPlanted, maskPlanted, type PlantedValues } from "../tests/fixtures/planted-secrets";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: check-logs-for-planted-secrets <log file>...");
  process.exit(2);
}

const planted: PlantedValues = { ...ALL_PLANTED };
// The app servers' own secrets, when scripts/test.sh chose them for the end-to-end run.
for (const name of ["E2E_AUTH_SECRET", "E2E_MASTER_KEY"]) {
  const value = process.env[name];
  if (value) planted[name] = value;
}

let hits = 0;
let checked = 0;
for (const file of files) {
  if (!existsSync(file)) {
    console.log(`${file}: not found, skipped`);
    continue;
  }
  checked++;
  const lines = readFileSync(file, "utf8").split("\n");
  lines.forEach((line, index) => {
    for (const hit of findPlanted(line, planted)) {
      hits++;
      console.log(`${file}:${index + 1}: ${hit.name} (${hit.kind}): ${maskPlanted(line, planted).trim().slice(0, 400)}`);
    }
  });
}

if (checked === 0) {
  console.log("planted secrets: no log to check");
  process.exit(1);
}
if (hits > 0) {
  console.log(`planted secrets: ${hits} found in the logs above; the product must never print them`);
  process.exit(1);
}
console.log(`planted secrets: none in ${checked} log(s) (${Object.keys(planted).length} values, each also URL-encoded, base64 and hex)`);
