#!/usr/bin/env bash
# What the tests need beyond the build: Debian's Chromium and the end-to-end
# tests' npm packages (Playwright without its browser download).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if ! command -v chromium >/dev/null; then
  step "Installing Chromium (Debian package)"
  if [ "$(id -u)" -eq 0 ]; then apt_get=(apt-get); else apt_get=(sudo apt-get); fi
  "${apt_get[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq --no-install-recommends chromium >/dev/null
fi

if ! rustup component list --installed | grep -q '^clippy'; then rustup component add clippy rustfmt; fi

cd "$VIGIE_ROOT/end2end"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "Installing the end-to-end tests' packages (npm ci)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent
fi
