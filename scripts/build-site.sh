#!/usr/bin/env bash
# Builds the browser side into $VIGIE_SITE: the hydrate wasm (wasm-bindgen,
# then wasm-opt), the stylesheet and the static files. The server serves it.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

step "Building the browser bundle (wasm32, profile wasm-release)"
cargo build --locked -p vigie-frontend --target wasm32-unknown-unknown --profile wasm-release
wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/vigie_frontend.wasm"

rm -rf "$VIGIE_SITE.new"
mkdir -p "$VIGIE_SITE.new/pkg"
wasm-bindgen --target web --no-typescript --out-dir "$VIGIE_SITE.new/pkg" --out-name vigie "$wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  -o "$VIGIE_SITE.new/pkg/vigie_bg.wasm" "$VIGIE_SITE.new/pkg/vigie_bg.wasm"
# The stylesheet's comments are for its readers, not for browsers: left out
# (about 640 bytes of the gzipped bundle's 400 KB budget).
perl -0pe 's{/\*.*?\*/}{}gs' "$VIGIE_ROOT/style/main.css" > "$VIGIE_SITE.new/pkg/vigie.css"
cp -R "$VIGIE_ROOT/public/." "$VIGIE_SITE.new/"
# Compressed once here, served as they are: Brotli (about a fifth smaller
# than gzip for the wasm) to browsers that take it, which every current one
# does, gzip to the others. Node's own zlib has Brotli: nothing to install.
gzip -9 --keep "$VIGIE_SITE.new/pkg/"*.{wasm,js,css}
node -e '
  const fs = require("fs"), zlib = require("zlib");
  for (const file of process.argv.slice(1)) {
    const bytes = fs.readFileSync(file);
    const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length };
    fs.writeFileSync(file + ".br", zlib.brotliCompressSync(bytes, { params }));
  }' "$VIGIE_SITE.new/pkg/"*.{wasm,js,css}
# Swap in the new site whole, so a running server never sees half of it.
rm -rf "$VIGIE_SITE.old"
[ -d "$VIGIE_SITE" ] && mv "$VIGIE_SITE" "$VIGIE_SITE.old"
mv "$VIGIE_SITE.new" "$VIGIE_SITE"
rm -rf "$VIGIE_SITE.old"
printf 'Site built in %s (wasm: %s bytes, %s gzipped, %s with Brotli)\n' "$VIGIE_SITE" \
  "$(wc -c < "$VIGIE_SITE/pkg/vigie_bg.wasm")" "$(wc -c < "$VIGIE_SITE/pkg/vigie_bg.wasm.gz")" \
  "$(wc -c < "$VIGIE_SITE/pkg/vigie_bg.wasm.br")" >&2
