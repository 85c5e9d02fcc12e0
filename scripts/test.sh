#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it (README: `npm ci && npm test`).
set -euo pipefail
cd "$(dirname "$0")/.."
export PP_TOOLS_TELEMETRY_OPTOUT=true
mkdir -p test-artifacts

step() { printf '\n=== %s ===\n' "$1"; }

step "browser for PCF tests"
bash scripts/ensure-chromium.sh

step "build (contract, connector, controls, solution)"
bash scripts/build.sh

step "typecheck"
npx tsc -p tsconfig.json

step "lint"
npx eslint . --max-warnings 0

step "format"
npx prettier --check . --log-level warn

step "tests"
set +e
npx jest --ci --json --outputFile=test-artifacts/jest-results.json "$@"
rc=$?
set -e
node -e '
const r = require("./test-artifacts/jest-results.json");
const failedSuites = r.testResults.filter((s) => s.status === "failed" && s.assertionResults.length === 0).length;
console.log(`\njest: ${r.numPassedTests} passed, ${r.numFailedTests + failedSuites} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
if (r.numTotalTests === 0) { console.error("no tests ran"); process.exit(1); }
'
exit $rc
