#!/usr/bin/env bash
# `npm test`: every check and every test tier, as CI runs them.
#   1. type-check, lint (zero warnings), format check;
#   2. unit, store (SQLite + a throwaway PostgreSQL cluster) and API tests (vitest).
# Ends with the plain line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== npm run check (tsc, eslint, prettier)"
npm run --silent check

echo "== vitest (unit, store and API tests on SQLite and PostgreSQL)"
mkdir -p test-results
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=$?

node -e '
  const r = require("./test-results/vitest.json");
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
  if (r.numTotalTests === 0) { console.error("no test ran"); process.exit(1); }
' || status=1
exit "$status"
