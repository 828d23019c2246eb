# Shared settings for Vigie's scripts. Source it: `. scripts/lib.sh`.
#
# Everything that outlives a checkout (the cargo target directory, tools,
# DuckDB's library, node modules for tools) lives under $VIGIE_CACHE, so a
# fresh clone on the same machine rebuilds in seconds, not half an hour.

set -euo pipefail

VIGIE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export VIGIE_ROOT
export VIGIE_CACHE=${VIGIE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vigie}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$VIGIE_CACHE/target}

# DuckDB: the `duckdb` crate (Cargo.toml) is linked against the libduckdb.so
# of the same DuckDB release, shipped by DuckDB in its npm bindings package.
# Keep these two in step: crate 1.10506.x is DuckDB 1.5.6.
DUCKDB_NPM_VERSION=1.5.6-r.1
case "$(uname -m)" in
  x86_64) DUCKDB_NPM_PACKAGE=@duckdb/node-bindings-linux-x64 ;;
  aarch64 | arm64) DUCKDB_NPM_PACKAGE=@duckdb/node-bindings-linux-arm64 ;;
  *) echo "vigie: no prebuilt DuckDB for $(uname -m); see README (bundled build)" >&2; exit 1 ;;
esac
# wasm-opt from npm's binaryen: Debian's (version 108) breaks the wasm.
BINARYEN_NPM_VERSION=132.0.0

export VIGIE_NPM=$VIGIE_CACHE/npm
# Where setup.sh installs DuckDB's library. Cargo reads it through the
# `.cargo/duckdb` link (.cargo/config.toml), the same for the scripts and for a
# plain `cargo build`; --cfg erase_components lives there too.
export DUCKDB_NPM_DIR=$VIGIE_NPM/node_modules/$DUCKDB_NPM_PACKAGE
export PATH=$VIGIE_CACHE/tools/bin:$VIGIE_NPM/node_modules/.bin:$HOME/.cargo/bin:$PATH

# The wasm-bindgen CLI must be exactly the version of the crate in Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$VIGIE_ROOT/Cargo.lock"
}

step() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }

# Where the site (wasm, JS, CSS, static files) is assembled for the server.
export VIGIE_SITE=$CARGO_TARGET_DIR/site
