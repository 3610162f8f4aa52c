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
npx vitest run --reporter=default --reporter=json --outputFile.json=test-reports/vitest.json || status=1

echo "== production build"
if npx next build >test-reports/build.log 2>&1; then
  echo "== end-to-end tests (Chromium)"
  npx playwright test || status=1
else
  cat test-reports/build.log
  status=1
fi

node scripts/test-summary.mjs || status=1
exit $status
