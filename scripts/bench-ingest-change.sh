#!/usr/bin/env bash
# Did a change make ingest slower, and how many contributors does it find?
# Compares this checkout's `vigie` with another build of it (the baseline,
# e.g. the binary of the previous commit), in the same run with hyperfine:
#
#  1. the 31 Lutece git-log files of ../shared/data/lutece-gitlog;
#  2. lutece-core's log alone;
#  3. a real repository, with line stats (optional: give its path).
#
# and prints the contributors (with activity, and bots) each build finds on
# the 31 logs. Results go in docs/benchmarks.md.
#
# Usage: [VIGIE_NEW=BINARY] scripts/bench-ingest-change.sh BASELINE-VIGIE [REPOSITORY]
# Needs: hyperfine (Debian).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
baseline=${1:?usage: scripts/bench-ingest-change.sh BASELINE-VIGIE [REPOSITORY]}
baseline=$(cd "$(dirname "$baseline")" && pwd)/$(basename "$baseline")
repo=${2:-}
data=${VIGIE_SHARED_DATA:-$VIGIE_ROOT/../shared/data}
logs=$data/lutece-gitlog
command -v hyperfine >/dev/null || { echo "vigie: hyperfine is needed (apt install hyperfine)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A copy: another build in the shared target folder must not swap it mid-run.
# VIGIE_NEW names an already built binary of this checkout instead.
if [ -z "${VIGIE_NEW:-}" ]; then
  cargo build --locked --release -p vigie-server >&2
  VIGIE_NEW=$CARGO_TARGET_DIR/release/vigie
fi
cp "$VIGIE_NEW" "$work/vigie"
vigie=$work/vigie

# The shipped configuration's [identities] for this checkout; the baseline
# may predate its keys (BASELINE_IDENTITIES overrides, e.g. to "").
config() { # NAME SOURCE-TOML
  identities='[identities]\ninternal_domains = ["paris.mdp"]'
  [[ $1 == baseline-* ]] && identities=${BASELINE_IDENTITIES-}
  printf '[store]\ndatabase = "%s/%s.duckdb"\nclones = "%s/clones"\n\n%s\n\n%b\n' \
    "$work" "$1" "$work" "$2" "$identities" > "$work/$1.toml"
}
for who in baseline new; do
  config "$who-all" "[[sources]]
kind = \"git-log\"
path = \"$logs\""
  config "$who-core" "[[sources]]
kind = \"git-log\"
path = \"$logs/lutece-platform+lutece-core.gitlog.txt.gz\""
  # Snapshots of lutece-core lack some large binary blobs: binary files are
  # left out of the line stats (as git log would have to leave them out).
  [ -n "$repo" ] && config "$who-repo" "[[sources]]
kind = \"git\"
paths = [\"$repo\"]
exclude = [\"*.jpg\", \"*.png\", \"*.gif\", \"*.jar\", \"*.zip\", \"*.pdf\", \"*.war\", \"*.ico\", \"*.woff\", \"*.ttf\", \"*.swf\", \"*.psd\", \"*.xls\", \"*.doc\"]"
done

run() { # NAME
  hyperfine --warmup 1 --runs 5 --export-json "$work/$1.json" \
    -n baseline --prepare "rm -f $work/baseline-$1.duckdb*" "$baseline --config $work/baseline-$1.toml ingest > /dev/null 2>&1" \
    -n new --prepare "rm -f $work/new-$1.duckdb*" "$vigie --config $work/new-$1.toml ingest > /dev/null 2>&1" >&2
}
step "31 logs"; run all
step "lutece-core's log"; run core
[ -n "$repo" ] && { step "repository $repo"; run repo; }

echo "| what | baseline | this checkout | ratio (baseline / this) |"
echo "|---|---|---|---|"
for name in all core repo; do
  [ -f "$work/$name.json" ] || continue
  python3 - "$work/$name.json" "$name" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
label = {"all": "31 logs", "core": "lutece-core's log", "repo": "repository, with stats"}[sys.argv[2]]
b, n = r["baseline"], r["new"]
print(f"| {label} | {b['mean']*1000:.0f} ms ± {b['stddev']*1000:.0f} | {n['mean']*1000:.0f} ms ± {n['stddev']*1000:.0f} | {b['mean']/n['mean']:.2f}× |")
PY
done

# Contributors with activity, and bots, in each build's store of the 31 logs.
for who in baseline new; do
  binary=$baseline; [ "$who" = new ] && binary=$vigie
  "$binary" --config "$work/$who-all.toml" ingest --json 2>/dev/null | python3 -c "
import json, sys
s = json.load(sys.stdin)
print(f\"$who: {s.get('contributors')} contributors, {s.get('bots')} of them bots (every identity's contributor, with or without activity)\")"
done
