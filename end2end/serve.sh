#!/usr/bin/env bash
# Started by Playwright with a configuration file: a fresh database, ingested
# from that configuration's sources (if it has any), then served by the
# release binary.
set -euo pipefail
cd "$(dirname "$0")"
config=${1:?usage: serve.sh CONFIG}
vigie=${VIGIE_BIN:-${CARGO_TARGET_DIR:?run through scripts/test.sh or set VIGIE_BIN}/release/vigie}
if [ "$config" = admin ]; then
  # The administration tests change their configuration: a copy of its
  # own, made anew, over the 31 Lutece logs without the City's settings
  # (so that likely duplicates and domains without a rule are left).
  admin=../data/e2e/admin
  rm -rf "$admin" && mkdir -p "$admin"
  logs=$(cd ../../shared/data/lutece-gitlog && pwd)
  cat > "$admin/vigie.toml" <<EOF
# Made by end2end/serve.sh for the administration tests.
[store]
database = "vigie.duckdb"
clones = "repositories"

[server]
address = "127.0.0.1:3420"

[auth]
users = "users.toml"

[identities]
file = "identities.toml"

[schedule]
every = "off"

[[sources]]
kind = "git-log"
path = "$logs"
EOF
  config=$admin/vigie.toml
else
  database=$(sed -n 's/^database = "\(.*\)"$/\1/p' "$config")
  rm -f "$database" "$database.wal"
fi
# The security tests' hostile data: a repository whose name carries markup.
if grep -q '^path = "../data/e2e/hostile"' "$config"; then
  rm -rf ../data/e2e/hostile && mkdir -p ../data/e2e/hostile
  cp fixtures/hostile.gitlog.txt "../data/e2e/hostile/evil+repo<img src=x onerror=alert(9)>.gitlog.txt"
  export VIGIE_E2E_TOKEN=ghp_e2eNeverShowThisToken0123456789abcd
  log=../data/e2e/hostile.log
  : > "$log"
  exec > >(tee -a "$log") 2>&1
fi
if grep -q '^\[\[sources\]\]' "$config"; then
  # Some sources may fail (the exit status is then 2): the pages say so.
  "$vigie" --config "$config" ingest || [ $? -eq 2 ]
fi
# The federation page's figures: the main configuration's data written to a
# lake and computed over it by polars, as an OSPO would for a federation.
if [ "$(basename "$config")" = vigie.e2e.toml ]; then
  lake=../data/e2e/lake
  rm -rf "$lake"
  "$vigie" --config "$config" lake export "$lake" >/dev/null
  "$vigie" --config "$config" lake metrics "$lake" >/dev/null
fi
# The tests' accounts (their passwords are the tests' own).
if grep -q '^\[auth\]' "$config"; then
  VIGIE_PASSWORD=manager-password-1 "$vigie" --config "$config" users add manager --role manager >/dev/null
  VIGIE_PASSWORD=admin-password-12 "$vigie" --config "$config" users add admin --role admin >/dev/null
fi
exec "$vigie" --config "$config" serve
