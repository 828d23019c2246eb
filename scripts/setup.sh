#!/usr/bin/env bash
# Installs what building Vigie needs, once per machine: the wasm32 target,
# the wasm-bindgen CLI, wasm-opt and DuckDB's library. Safe to run again: it
# only does what is missing. Everything comes from the package registries.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

for tool in cargo rustup git npm; do
  command -v "$tool" >/dev/null || { echo "vigie: '$tool' is required (see README, Requirements)" >&2; exit 1; }
done

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "Adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

want=$(wasm_bindgen_version)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  step "Installing wasm-bindgen-cli $want (about 4 minutes, once)"
  cargo install wasm-bindgen-cli --version "$want" --root "$VIGIE_CACHE/tools"
fi

if [ ! -f "$DUCKDB_NPM_DIR/libduckdb.so" ] || [ ! -x "$VIGIE_NPM/node_modules/.bin/wasm-opt" ]; then
  step "Installing DuckDB $DUCKDB_NPM_VERSION's library and wasm-opt (npm)"
  mkdir -p "$VIGIE_NPM"
  [ -f "$VIGIE_NPM/package.json" ] || echo '{"private": true}' > "$VIGIE_NPM/package.json"
  npm install --prefix "$VIGIE_NPM" --no-audit --no-fund --silent \
    "$DUCKDB_NPM_PACKAGE@$DUCKDB_NPM_VERSION" "binaryen@$BINARYEN_NPM_VERSION"
fi

# Plain cargo commands (an editor, `cargo test`) share the scripts' build:
# DuckDB's library through .cargo/duckdb (see .cargo/config.toml), the
# compiled artifacts through ./target.
ln -sfn "$DUCKDB_NPM_DIR" "$VIGIE_ROOT/.cargo/duckdb"
if [ ! -e "$VIGIE_ROOT/target" ] && [ ! -L "$VIGIE_ROOT/target" ]; then
  ln -s "$CARGO_TARGET_DIR" "$VIGIE_ROOT/target"
fi
