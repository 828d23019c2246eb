#!/usr/bin/env bash
# Git ingest benchmarks (docs/benchmarks.md), each as a ratio to a baseline
# measured in the same run with hyperfine:
#
#  1. Parse and store Perceval git-log files: Vigie (into DuckDB) against
#     GrimoireLab Perceval 1.6.1 (`perceval git --git-log`, JSON to /dev/null),
#     on lutece-core's log and on all 31 logs of ../shared/data/lutece-gitlog.
#  2. Ingest a real repository against `git log --numstat --no-renames` on the
#     same repository: with stats, without stats, and an incremental re-run.
#
# Usage: scripts/bench-git.sh REPOSITORY   (a clone of lutece-core, bare or not)
# Needs: hyperfine (Debian), perceval (pip install perceval==1.6.1).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
repo=${1:?usage: scripts/bench-git.sh REPOSITORY}
repo=$(cd "$repo" && pwd)
data=${VIGIE_SHARED_DATA:-$VIGIE_ROOT/../shared/data}
logs=$data/lutece-gitlog
core_log=$logs/lutece-platform+lutece-core.gitlog.txt.gz
for tool in hyperfine perceval; do
  command -v "$tool" >/dev/null || { echo "vigie: $tool is needed (see the header of $0)" >&2; exit 1; }
done

cargo build --locked --release -p vigie-server >&2
vigie=$CARGO_TARGET_DIR/release/vigie
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${BENCH_OUT:-$work}

config() { # NAME SOURCE-TOML
  printf '[store]\ndatabase = "%s/%s.duckdb"\nclones = "%s/clones"\n\n%s\n' "$work" "$1" "$work" "$2" > "$work/$1.toml"
}
config core "[[sources]]
kind = \"git-log\"
path = \"$core_log\""
config all "[[sources]]
kind = \"git-log\"
path = \"$logs\""
# The lutece-core snapshot lacks four *.jpg blobs (as the shared logs note):
# both git and Vigie leave them out of the stats.
config repo "[[sources]]
kind = \"git\"
paths = [\"$repo\"]
exclude = [\"*.jpg\"]"
config repo-nostats "[[sources]]
kind = \"git\"
paths = [\"$repo\"]
stats = false"

# Perceval reads plain text: the logs are decompressed once, outside the timing.
mkdir -p "$work/plain"
for f in "$logs"/*.gitlog.txt.gz; do zcat "$f" > "$work/plain/$(basename "${f%.gz}")"; done
cat > "$work/perceval-all.sh" <<SH
for f in "$work"/plain/*.gitlog.txt; do
  perceval git --git-log "\$f" "https://example.org/\$(basename "\$f")" > /dev/null 2>&1 || exit 1
done
SH
config all-plain "[[sources]]
kind = \"git-log\"
path = \"$work/plain\""
config core-plain "[[sources]]
kind = \"git-log\"
path = \"$work/plain/lutece-platform+lutece-core.gitlog.txt\""

step "1. git-log files: Vigie against Perceval (same plain-text files; Vigie also reads .gz)"
core_plain=$work/plain/lutece-platform+lutece-core.gitlog.txt
hyperfine --warmup 1 --runs 5 --export-json "$out/logs-core.json" \
  -n perceval --prepare true "perceval git --git-log $core_plain https://example.org/lutece-core > /dev/null 2>&1" \
  -n vigie --prepare "rm -f $work/core-plain.duckdb*" "$vigie --config $work/core-plain.toml ingest > /dev/null" \
  -n "vigie, .gz" --prepare "rm -f $work/core.duckdb*" "$vigie --config $work/core.toml ingest > /dev/null"
hyperfine --warmup 1 --runs 3 --export-json "$out/logs-all.json" \
  -n perceval --prepare true "bash $work/perceval-all.sh" \
  -n vigie --prepare "rm -f $work/all-plain.duckdb*" "$vigie --config $work/all-plain.toml ingest > /dev/null" \
  -n "vigie, .gz" --prepare "rm -f $work/all.duckdb*" "$vigie --config $work/all.toml ingest > /dev/null"

step "2. A real repository: Vigie against git log"
hyperfine --warmup 1 --runs 5 --export-json "$out/repo.json" \
  -n "git log --numstat" --prepare true "git -C $repo log --numstat --no-renames --branches --tags --full-history --sparse -- . ':(exclude)*.jpg' > /dev/null" \
  -n "vigie, stats" --prepare "rm -f $work/repo.duckdb*" "$vigie --config $work/repo.toml ingest > /dev/null" \
  -n "vigie, no stats" --prepare "rm -f $work/repo-nostats.duckdb*" "$vigie --config $work/repo-nostats.toml ingest > /dev/null" \
  -n "vigie, unchanged re-run" --prepare true "$vigie --config $work/repo.toml ingest > /dev/null"

python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
def load(name):
    return {r["command"]: r for r in json.load(open(os.path.join(out, name)))["results"]}
def line(label, r, base):
    print(f"| {label} | {r['mean']*1000:.0f} ms ± {r['stddev']*1000:.0f} | {base['mean']/r['mean']:.1f}× |")
print("| what | mean | speed-up over the baseline |")
print("|---|---|---|")
for name, label in (("logs-core.json", "lutece-core log (9,707 commits)"), ("logs-all.json", "31 logs (23,584 commits)")):
    r = load(name)
    line(f"{label}: Perceval (baseline)", r["perceval"], r["perceval"])
    line(f"{label}: Vigie, into DuckDB", r["vigie"], r["perceval"])
    line(f"{label}: Vigie, into DuckDB, from .gz", r["vigie, .gz"], r["perceval"])
r = load("repo.json")
base = r["git log --numstat"]
for k in r:
    line(f"lutece-core repository: {k}", r[k], base)
PY
