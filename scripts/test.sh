#!/usr/bin/env bash
# `npm test`: every check and every test tier, as CI runs them.
#   1. type-check (server and web), lint (zero warnings), format check;
#   2. unit, store (SQLite + a throwaway PostgreSQL cluster) and API tests (vitest), the API
#      fuzzer among them on SQLite, then a short second fuzzer pass on PostgreSQL;
#   3. end-to-end tests in Debian's Chromium (installed with apt-get when missing and root).
# Ends with the plain line "N passed, N failed" over every tier.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== npm run check (tsc, eslint, prettier)"
npm run --silent check

mkdir -p test-results
rm -f test-results/vitest.json test-results/fuzz-postgres.json test-results/e2e.json
status=0

echo "== vitest (unit, store and API tests on SQLite and PostgreSQL)"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=$?

echo "== vitest API fuzzer on PostgreSQL (FUZZ_RUNS=5; the pass above ran it on SQLite)"
FUZZ_DIALECT=postgres FUZZ_RUNS=5 npx vitest run tests/api/fuzz.test.ts --reporter=default --reporter=json --outputFile.json=test-results/fuzz-postgres.json || status=$?

echo "== vitest e2e (the web app in Chromium; screenshots in test-results/screenshots)"
npx vitest run -c vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json=test-results/e2e.json || status=$?

node -e '
  const fs = require("fs");
  const tiers = [["unit, store and API", "test-results/vitest.json"], ["API fuzzer on PostgreSQL", "test-results/fuzz-postgres.json"], ["end-to-end", "test-results/e2e.json"]];
  let passed = 0, failed = 0, skipped = 0, bad = false;
  for (const [name, file] of tiers) {
    if (!fs.existsSync(file)) { console.error(`${name}: no results (the run failed before testing)`); bad = true; continue; }
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    console.log(`${name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
    if (r.numTotalTests === 0) { console.error(`${name}: no test ran`); bad = true; }
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests;
  }
  console.log(`tests: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
  if (bad) process.exit(1);
' || status=1
exit "$status"
