#!/usr/bin/env bash
# Runs a folder of metric queries over a lake on a real Spark cluster, from
# nothing: installs Spark if needed, starts a master and workers, submits
# lake_metrics.py, and always stops the cluster. Bounded in time, for tests.
#
#   smoke.sh LAKE SQL_DIR OUT_DIR
#
# On success OUT_DIR holds one Parquet folder per query and summary.json.
# Exits non-zero with a message when any step fails or the whole run takes
# longer than VIGIE_SPARK_SMOKE_TIMEOUT seconds (900). VIGIE_SPARK_WORKERS
# sets the workers (2); cluster.sh's settings apply.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

here=$VIGIE_ROOT/scripts/spark
say() { echo "vigie: $*" >&2; }

if [ "${1:-}" = --inner ]; then
  # The run itself, under `timeout` (below). Each step says what failed.
  shift
  lake=$1 sql=$2 out=$3 started_file=$4
  step "Installing Spark (once) and checking Java"
  SPARK_HOME=$(bash "$here/setup.sh") || { say "Spark setup failed"; exit 1; }
  export SPARK_HOME

  step "Starting a Spark cluster of ${VIGIE_SPARK_WORKERS:-2} workers"
  status=0
  bash "$here/cluster.sh" status >/dev/null 2>&1 || status=$?
  if [ "$status" -ne 3 ]; then
    # Not ours to stop at the end: refuse rather than share it.
    say "a Spark cluster from $VIGIE_SPARK/cluster is already running; stop it first: $here/cluster.sh stop"
    exit 1
  fi
  : > "$started_file"
  master=$(bash "$here/cluster.sh" start --workers "${VIGIE_SPARK_WORKERS:-2}") \
    || { say "the Spark cluster did not start"; exit 1; }

  step "Running $sql's queries over $lake on $master"
  # Each executor asks for what a worker offers (cluster.sh), no more: a
  # larger ask would wait for resources until the timeout. A test's lake is
  # small: quick JVMs (lib.sh) and a few shuffle partitions rather than 200
  # halve the run on two cores. No web UI for a run nobody watches.
  "$SPARK_HOME/bin/spark-submit" --master "$master" \
    --conf spark.executor.memory="${SPARK_WORKER_MEMORY:-1g}" \
    --driver-java-options "$VIGIE_SPARK_QUICK_JVM" \
    --conf spark.executor.extraJavaOptions="$VIGIE_SPARK_QUICK_JVM" \
    --conf spark.sql.shuffle.partitions=4 \
    --conf spark.ui.enabled=false \
    "$here/lake_metrics.py" --lake "$lake" --sql "$sql" --out "$out" \
    || { say "the Spark job failed (see above)"; exit 1; }
  say "results in $out (summary: $out/summary.json)"
  exit 0
fi

if [ $# -ne 3 ]; then
  echo "usage: $0 LAKE SQL_DIR OUT_DIR" >&2
  exit 2
fi
limit=${VIGIE_SPARK_SMOKE_TIMEOUT:-900}
scratch=$(mktemp -d)
started_file=$scratch/cluster-started

# Stops the cluster when this run started one, however the run ended: even
# when `timeout` had to kill the run with SIGKILL, this shell is still here.
finish() {
  local status=$?
  if [ -e "$started_file" ]; then bash "$here/cluster.sh" stop || status=1; fi
  rm -rf "$scratch"
  exit "$status"
}
trap finish EXIT

# `timeout` runs the run in its own process group, which a signal to ours
# does not reach: pass TERM and INT on, then let finish stop the cluster.
runner=
interrupted() {
  say "interrupted; stopping"
  [ -n "$runner" ] && kill -TERM "$runner" 2>/dev/null
  wait "$runner" 2>/dev/null || true
  exit 130
}
trap interrupted INT TERM

started=$(date +%s)
# Absolute paths: the job's driver and executors do not share a working folder.
timeout --kill-after=30 "$limit" bash "${BASH_SOURCE[0]}" --inner \
  "$(realpath -m "$1")" "$(realpath -m "$2")" "$(realpath -m "$3")" "$started_file" &
runner=$!
status=0
wait "$runner" || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  say "the Spark smoke run timed out after ${limit}s (VIGIE_SPARK_SMOKE_TIMEOUT)"
elif [ "$status" -ne 0 ]; then
  say "the Spark smoke run failed (exit $status)"
else
  say "the Spark smoke run passed in $(($(date +%s) - started)) s"
fi
exit "$status"
