#!/usr/bin/env bash
# What the browser tests (tests/browser) need on a fresh machine: Debian's
# Chromium, Playwright for Python in .venv (it drives that Chromium; its own
# browser download is never used), and axe-core from npm, pinned by
# tests/browser/package-lock.json. Exits non-zero if any part is missing after.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if [ ! -x /usr/bin/chromium ]; then
  echo "browser-setup: installing Debian's chromium"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
echo "browser-setup: installing Playwright for Python into .venv"
.venv/bin/pip install --quiet 'playwright>=1.49,<2'

echo "browser-setup: installing axe-core (npm ci in tests/browser)"
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

# Check each part now, so a broken install fails here and not deep in the tests.
# (Debian's launcher script may grumble on stderr about the machine; the version is what counts.)
/usr/bin/chromium --version 2>/dev/null | grep Chromium
.venv/bin/python -c "import playwright.sync_api"
.venv/bin/pip show playwright | grep '^Version'
test -s tests/browser/node_modules/axe-core/axe.min.js
echo "browser-setup: ready"
