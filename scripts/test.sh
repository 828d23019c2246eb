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

# The lake's figures on a real Spark cluster (a master and two workers) equal
# polars', at one and ten million activities (server/tests/spark.rs). It runs
# alone, after the other tests, so that six JVMs do not share two cores with
# them; a plain `cargo test` lists it as ignored. Measured on a 2-core
# machine: about a minute to install Spark the first time, then some minutes
# for the two lakes (docs/scale.md); the limit stops a hung cluster.
step "Spark: the lake's figures on a two-worker cluster equal polars'"
bash "$VIGIE_ROOT/scripts/spark/setup.sh" >/dev/null
spark_status=0
timeout --kill-after=30 "${VIGIE_SPARK_TEST_TIMEOUT:-1800}" \
  cargo test --locked --release --test spark -- --ignored --nocapture || spark_status=$?
# A test killed by the limit cannot stop its cluster itself.
bash "$VIGIE_ROOT/scripts/spark/cluster.sh" stop >/dev/null 2>&1 || true
if [ "$spark_status" -ne 0 ]; then
  echo "vigie: the Spark test failed or passed its time limit (exit $spark_status)" >&2
  exit "$spark_status"
fi

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
