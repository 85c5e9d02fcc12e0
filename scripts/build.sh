#!/usr/bin/env bash
# Builds every generated artefact in dependency order: contract types → connector package → production proxy bundle
# (proxy-service/dist) → PCF controls → solution.
# Each workspace's "build" script fails loudly on bad input; this stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent --workspaces --if-present build
