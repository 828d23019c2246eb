#!/usr/bin/env bash
# Started by Playwright: a fresh database ingested from the shared Lutece logs,
# then the release binary serving it.
set -euo pipefail
cd "$(dirname "$0")"
vigie=${VIGIE_BIN:-${CARGO_TARGET_DIR:?run through scripts/test.sh or set VIGIE_BIN}/release/vigie}
rm -rf ../data/e2e
"$vigie" --config vigie.e2e.toml ingest
exec "$vigie" --config vigie.e2e.toml serve
