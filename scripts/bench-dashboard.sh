#!/usr/bin/env bash
# The dashboard benchmark (docs/benchmarks.md, "Dashboard"): every page
# under 32 concurrent clients on one million synthetic activities, and the
# summary's first paint in a cold browser. Arguments go to the benchmark
# (--activities N, --seconds S, --connections C).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$VIGIE_ROOT/scripts/setup.sh"
bash "$VIGIE_ROOT/scripts/setup-test.sh"
if ! command -v wrk >/dev/null; then
  step "Installing wrk (Debian package)"
  if [ "$(id -u)" -eq 0 ]; then apt_get=(apt-get); else apt_get=(sudo apt-get); fi
  "${apt_get[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq --no-install-recommends wrk >/dev/null
fi
cd "$VIGIE_ROOT"
bash scripts/build-site.sh
cargo build --locked --release -p vigie-server --bin vigie --example bench_dashboard
exec "$CARGO_TARGET_DIR/release/examples/bench_dashboard" "$@"
