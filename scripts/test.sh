#!/usr/bin/env bash
# The whole test suite: type check, unit and integration tests (Vitest), then end-to-end tests in
# a real browser (Playwright) against a production build. Ends with one line of totals.
set -uo pipefail
cd "$(dirname "$0")/.."
# Playwright empties test-results/ when it starts, so the machine-readable reports live apart.
rm -rf test-results test-reports && mkdir -p test-reports

bash scripts/ensure-chromium.sh || exit 1
npm run --silent db:generate >/dev/null || exit 1

status=0
echo "== type check"
npx tsc --noEmit || status=1

if [ -n "${DATABASE_URL:-}" ]; then database="PostgreSQL from DATABASE_URL"; else database="embedded, one per test file"; fi
echo "== unit and integration tests (database: $database)"
# Its output is also kept in test-reports/vitest.log, searched for planted secrets at the end (pipefail keeps vitest's status).
npx vitest run --reporter=default --reporter=json --outputFile.json=test-reports/vitest.json 2>&1 | tee test-reports/vitest.log || status=1

# The app servers' own secrets for the end-to-end run, chosen here (playwright.config.ts keeps
# them) so that the check below can search the servers' logs for them too.
export E2E_AUTH_SECRET="${E2E_AUTH_SECRET:-$(node -e 'process.stdout.write(require("crypto").randomBytes(33).toString("base64url"))')}"
export E2E_MASTER_KEY="${E2E_MASTER_KEY:-$(node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64"))')}"

echo "== production build"
if npx next build >test-reports/build.log 2>&1 && npm run --silent build:server >>test-reports/build.log 2>&1; then
  echo "== end-to-end tests (Chromium)"
  npx playwright test || status=1
else
  cat test-reports/build.log
  status=1
fi

# No planted secret (tests/fixtures/planted-secrets.ts) may appear in what the tests and the
# end-to-end servers printed (playwright.config.ts tees the servers' output into test-reports/).
echo "== planted secrets in the logs"
npx tsx scripts/check-logs-for-planted-secrets.ts test-reports/vitest.log test-reports/e2e-server.log test-reports/e2e-billing-server.log || status=1

node scripts/test-summary.mjs || status=1
exit $status
