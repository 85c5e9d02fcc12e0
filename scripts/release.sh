#!/usr/bin/env bash
# `npm run release`: everything an admin deploys, built from this checkout into release/<version>/:
#   DynamicsXeroConnector_<v>.zip and …_managed.zip — the Dataverse solution (controls built first);
#   dxc-proxy-<version>.tgz — the proxy's production build (proxy-service/dist: `npm install --omit=dev`, then
#                             `node app/main.js`, the Dockerfile's CMD);
#   SHA256SUMS.
# Attach the folder to a GitHub release; the zips are not committed (built output drifts from its source).
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(node -p "require('./package.json').version")
out="release/${version}"

rm -f solution/dist/*.zip
bash scripts/pack-solution.sh
npm run --silent build -w proxy-service

rm -rf "$out"
mkdir -p "$out"
cp solution/dist/*.zip "$out/"
tar -czf "$out/dxc-proxy-${version}.tgz" -C proxy-service/dist .
(cd "$out" && sha256sum -- * > SHA256SUMS)
echo "release ${version}:"
ls -l "$out"
