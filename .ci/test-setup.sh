#!/usr/bin/env bash
# What the tests need beyond the Python packages of requirements.lock (which
# `make install` puts in .venv, Playwright for Python among them):
#   - fonts with Chinese and Arabic glyphs, for the chart labels in exports;
#   - Debian's Chromium, which Playwright drives (its own browser download is
#     never used);
#   - axe-core from npm, pinned by tests/browser/package-lock.json;
#   - LibreOffice (reports as PDF) and poppler-utils (the test reads the PDF).
# System packages are installed when this runs as root or can sudo without a
# password. Whatever cannot be installed is named, with the command that
# installs it, and the script fails: no test is skipped for want of a tool.
# `make test` runs this; it does nothing when everything is already there.
set -uo pipefail
cd "$(dirname "$0")/.."

CHROMIUM="${CONSULT_CHROMIUM:-/usr/bin/chromium}"
missing=()   # what is still missing, each with how to install it
apt_wanted=()

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

can_install_system_packages() {
  command -v apt-get >/dev/null 2>&1 || return 1
  [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null
}

have_font_for() {  # a fontconfig language code: zh, ar
  command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list ":lang=$1" family 2>/dev/null)" ]
}

chromium_ok() {
  # Debian's launcher may grumble on stderr about the machine; the version counts.
  [ -x "$CHROMIUM" ] && "$CHROMIUM" --version 2>/dev/null | grep -q Chromium
}

# 1. What the system lacks.
have_font_for zh || apt_wanted+=(fonts-wqy-microhei fontconfig)
have_font_for ar || apt_wanted+=(fonts-dejavu-core fontconfig)
chromium_ok || apt_wanted+=(chromium)
command -v npm >/dev/null 2>&1 || apt_wanted+=(npm)
# Reports as PDF go through LibreOffice; the test reads the PDF with poppler.
command -v soffice >/dev/null 2>&1 || apt_wanted+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || apt_wanted+=(poppler-utils)

if [ "${#apt_wanted[@]}" -gt 0 ]; then
  # Unique, in order.
  mapfile -t apt_wanted < <(printf '%s\n' "${apt_wanted[@]}" | awk '!seen[$0]++')
  if can_install_system_packages; then
    echo "test-setup: installing Debian packages: ${apt_wanted[*]}"
    as_root apt-get update -q \
      && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
           --no-install-recommends "${apt_wanted[@]}" \
      || echo "test-setup: apt-get failed (see above)" >&2
  fi
fi

# 2. Check each part now, so a missing one fails here and not deep in the tests.
have_font_for zh || missing+=("a font with Chinese glyphs, for chart labels in exports: \
sudo apt-get install fonts-wqy-microhei (or fonts-noto-cjk)")
have_font_for ar || missing+=("a font with Arabic glyphs, for chart labels in exports: \
sudo apt-get install fonts-dejavu-core")
chromium_ok || missing+=("Chromium at $CHROMIUM, which the browser tests drive: \
sudo apt-get install chromium")
command -v soffice >/dev/null 2>&1 || missing+=("LibreOffice, which turns reports into PDF: \
sudo apt-get install libreoffice-writer-nogui")
command -v pdftotext >/dev/null 2>&1 || missing+=("poppler-utils, with which the PDF test \
reads the PDF: sudo apt-get install poppler-utils")

if ! command -v npm >/dev/null 2>&1; then
  missing+=("npm, which installs axe-core for the accessibility tests: sudo apt-get install npm")
else
  lock=tests/browser/package-lock.json
  stamp=tests/browser/node_modules/.package-lock.json
  if [ ! -s tests/browser/node_modules/axe-core/axe.min.js ] || [ "$lock" -nt "$stamp" ]; then
    echo "test-setup: installing axe-core (npm ci in tests/browser, pinned by $lock)"
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) \
      || echo "test-setup: npm ci failed (see above)" >&2
  fi
  [ -s tests/browser/node_modules/axe-core/axe.min.js ] || missing+=("axe-core in \
tests/browser/node_modules: (cd tests/browser && npm ci) needs the npm registry")
fi

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c "import playwright.sync_api" 2>/dev/null; then
  missing+=("Playwright for Python in .venv: make install (it comes from requirements.lock)")
fi

if [ "${#missing[@]}" -gt 0 ]; then
  {
    echo "test-setup: the tests cannot all run; missing:"
    for item in "${missing[@]}"; do echo "  - $item"; done
    if ! can_install_system_packages; then
      echo "(this user is not root and cannot sudo without a password, so system packages"
      echo " were not installed; an administrator can run the commands above)"
    fi
  } >&2
  exit 1
fi
echo "test-setup: ready (fonts, $("$CHROMIUM" --version 2>/dev/null | head -1), \
axe-core $(sed -n 's/.*"version": "\(.*\)".*/\1/p' tests/browser/node_modules/axe-core/package.json | head -1), \
Playwright $(.venv/bin/python -c 'from importlib.metadata import version; print(version("playwright"))'))"
