#!/usr/bin/env bash
# The first command of the README: set up (once), build, ingest the
# configured sources and serve the dashboard on http://127.0.0.1:3000.
#
#   scripts/start.sh                          # vigie.toml: the Lutece repositories on GitHub
#   scripts/start.sh examples/offline.toml    # any other configuration
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
config=${1:-$VIGIE_ROOT/vigie.toml}

bash "$VIGIE_ROOT/scripts/setup.sh"
bash "$VIGIE_ROOT/scripts/build-site.sh"
step "Building the vigie binary (release)"
cargo build --locked --release -p vigie-server
vigie=$CARGO_TARGET_DIR/release/vigie

step "Ingesting the sources of $config"
# A source that cannot be reached is reported and skipped; the dashboard is
# served whatever the ingest run's outcome.
"$vigie" --config "$config" ingest || echo "vigie: ingest finished with errors (see above); serving what is stored" >&2

step "Serving the dashboard (Ctrl-C to stop)"
exec "$vigie" --config "$config" serve
