#!/usr/bin/env bash
# The PCF browser tests drive Debian's chromium through playwright-core (no browser download is possible here).
# Installs it when missing; prints where it is.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then echo "chromium: $CHROMIUM"; exit 0; fi
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "chromium is missing at $CHROMIUM and this user cannot install it: run 'apt-get install chromium' as root, or set CHROMIUM_PATH" >&2
    exit 1
  fi
else SUDO=""; fi
echo "installing Debian's chromium for the browser tests…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
test -x "$CHROMIUM" || { echo "chromium install finished but $CHROMIUM is not there" >&2; exit 1; }
echo "chromium: $CHROMIUM"
