#!/usr/bin/env bash
# Builds every generated artefact in dependency order: contract types → connector package → production proxy bundle
# (proxy-service/dist) → PCF controls → solution.
# Each workspace's "build" script fails loudly on bad input; this stops at the first failure.
# With workspace names (`bash scripts/build.sh openapi connector`) it builds only those, in the order given.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -eq 0 ]; then
  npm run --silent --workspaces --if-present build
else
  for workspace in "$@"; do npm run --silent -w "$workspace" build; done
fi
