#!/usr/bin/env bash
# `npm run pack:solution`: the importable solution zips (unmanaged and managed) in solution/dist, from a fresh clone.
# The zips carry the PCF controls, which are built output (pcf-controls/out, not in git), so they are built first:
# packing alone failed on a fresh clone (admin step 4). The controls build takes a minute or two.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build:controls
npm run --silent -w solution build
