#!/usr/bin/env bash
# The second command of the README: every check and test, as CI runs them.
# Formatting, lints (server and browser builds), unit and integration tests,
# then end-to-end tests in Chromium against the release binary. One build
# profile (release) serves the tests, the end-to-end run and users, so
# nothing is compiled twice.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
started=$(date +%s)

bash "$VIGIE_ROOT/scripts/prune-target.sh"
bash "$VIGIE_ROOT/scripts/setup.sh"
bash "$VIGIE_ROOT/scripts/setup-test.sh"
cd "$VIGIE_ROOT"

step "Formatting (cargo fmt --check)"
cargo fmt --all -- --check

step "The browser build has neither polars nor DuckDB"
if cargo tree --locked -p vigie-frontend --target wasm32-unknown-unknown -e normal --prefix none \
    | grep -E '^(polars|duckdb|libduckdb-sys|arrow)[- ]'; then
  echo "vigie: server-only crates reached the wasm build (see above)" >&2
  exit 1
fi

step "Lints, server build (clippy -D warnings)"
cargo clippy --locked --release --all-targets -- -D warnings
step "Lints, browser build (clippy -D warnings, wasm32 + hydrate)"
cargo clippy --locked --profile wasm-release -p vigie-frontend --target wasm32-unknown-unknown -- -D warnings

step "Unit and integration tests"
cargo test --locked --release --no-fail-fast

bash "$VIGIE_ROOT/scripts/build-site.sh"
step "Building the vigie binary (release)"
cargo build --locked --release -p vigie-server

step "End-to-end tests (Playwright, Chromium)"
cd "$VIGIE_ROOT/end2end"
status=0
npx playwright test || status=$?
node -e '
  const r = require("./test-results/results.json").stats;
  console.log(`end2end: ${r.expected} passed, ${r.unexpected + r.flaky} failed` + (r.skipped ? `, ${r.skipped} skipped` : ""));
' || status=1
echo "All checks took $(( $(date +%s) - started )) s." >&2
exit $status
