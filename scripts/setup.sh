#!/usr/bin/env bash
# Installs what briefing needs and is missing, and skips what is already there:
#   - Debian packages (when run as root with apt-get): Chromium to print PDFs, the cairo and
#     pango headers node-canvas builds against when no prebuilt binary can be downloaded,
#     poppler-utils and qpdf, which the tests use to read PDFs back;
#   - the npm dependencies (npm ci), which also compiles the TypeScript (the prepare script).
# Safe to run again: a second run does nothing but check.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }

# Node >= 20.19
node -e '
  const [maj, min] = process.versions.node.split(".").map(Number);
  if (maj < 20 || (maj === 20 && min < 19)) {
    console.error(`setup: briefing needs Node.js >= 20.19; this is ${process.versions.node}`);
    process.exit(3);
  }'

have_browser() {
  [ -n "${BRIEFING_BROWSER:-}" ] && [ -x "${BRIEFING_BROWSER}" ] && return 0
  for name in chromium chromium-browser google-chrome-stable google-chrome; do
    command -v "$name" >/dev/null 2>&1 && return 0
  done
  return 1
}

if command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
  wanted=(build-essential pkg-config libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev poppler-utils qpdf)
  have_browser || wanted+=(chromium)
  missing=()
  for pkg in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = "0" ]; then
      say "installing Debian packages: ${missing[*]}"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      say "missing Debian packages: ${missing[*]}"
      say "install them with: sudo apt-get install ${missing[*]}"
    fi
  fi
fi

# Puppeteer downloads its own Chrome unless told not to; where a system browser exists (or
# there is no internet, as on the build machine) it is not needed.
if have_browser; then
  export PUPPETEER_SKIP_DOWNLOAD=1
fi

stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
elif [ ! -f dist/cli.js ] || [ -n "$(find src -newer dist/cli.js -name '*.ts' -print -quit)" ]; then
  say "compiling TypeScript"
  npm run --silent build
fi
