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

step "Accounts"
# Contributor pages need an account; aggregate pages are open to everyone.
if "$vigie" --config "$config" users list | grep -q '^No accounts'; then
  if [ -n "${VIGIE_ADMIN_PASSWORD:-}" ]; then
    VIGIE_PASSWORD=$VIGIE_ADMIN_PASSWORD "$vigie" --config "$config" users add admin --role admin
  elif [ -t 0 ]; then
    echo "No account yet. Choose a password (10 characters or more) for the administrator"
    echo "account 'admin', or press Enter to go on without one (aggregate pages only):"
    read -rs password
    echo
    if [ -n "$password" ]; then
      VIGIE_PASSWORD=$password "$vigie" --config "$config" users add admin --role admin ||
        echo "vigie: no account made; add one later with: $vigie --config $config users add NAME --role admin" >&2
    fi
    unset password
  else
    echo "No account yet: visitors see aggregate pages only. Add one with:" >&2
    echo "  $vigie --config $config users add NAME --role admin" >&2
  fi
else
  echo "Accounts: $("$vigie" --config "$config" users list | cut -f1 | paste -sd, -)"
fi

step "Serving the dashboard (Ctrl-C to stop)"
exec "$vigie" --config "$config" serve
