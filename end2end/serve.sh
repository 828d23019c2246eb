#!/usr/bin/env bash
# Started by Playwright with a configuration file: a fresh database, ingested
# from that configuration's sources (if it has any), then served by the
# release binary.
set -euo pipefail
cd "$(dirname "$0")"
config=${1:?usage: serve.sh CONFIG}
vigie=${VIGIE_BIN:-${CARGO_TARGET_DIR:?run through scripts/test.sh or set VIGIE_BIN}/release/vigie}
database=$(sed -n 's/^database = "\(.*\)"$/\1/p' "$config")
rm -f "$database" "$database.wal"
if grep -q '^\[\[sources\]\]' "$config"; then
  "$vigie" --config "$config" ingest
fi
exec "$vigie" --config "$config" serve
