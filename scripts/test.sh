#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it (README: `npm ci && npm test`).
set -euo pipefail
cd "$(dirname "$0")/.."
export PP_TOOLS_TELEMETRY_OPTOUT=true
mkdir -p test-artifacts

step() { printf '\n=== %s ===\n' "$1"; }

step "browser for PCF tests"
bash scripts/ensure-chromium.sh

step "build: contract and connector"
bash scripts/build.sh openapi connector

# Type-check and lint read nothing the rest of the build writes (the proxy bundle, the PCF bundles and the solution
# are outside both), so they run beside it: the PCF build is mostly one busy core for a minute or two.
step "build: proxy bundle, controls, solution (type-check and lint beside it)"
(npx tsc -p tsconfig.json && npx eslint . --max-warnings 0) > test-artifacts/typecheck-and-lint.log 2>&1 &
checks=$!
build_rc=0
bash scripts/build.sh proxy-service pcf-controls solution || build_rc=$?
checks_rc=0
wait "$checks" || checks_rc=$?

step "typecheck and lint"
cat test-artifacts/typecheck-and-lint.log
if [ "$build_rc" -ne 0 ]; then echo "build failed (exit $build_rc)"; exit "$build_rc"; fi
if [ "$checks_rc" -ne 0 ]; then echo "typecheck or lint failed (exit $checks_rc)"; exit "$checks_rc"; fi

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
