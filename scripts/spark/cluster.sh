#!/usr/bin/env bash
# A standalone Spark cluster on this machine, for running Vigie's metrics
# over the lake as they would run on many machines: one master and N workers
# (2 by default), each its own JVM, talking over loopback.
#
#   cluster.sh start [--workers N]   start, wait until every worker is ALIVE,
#                                    print the master's URL on standard output
#   cluster.sh status                what runs; exit 0 when all is up, 3 when
#                                    nothing runs, 1 in between
#   cluster.sh stop                  stop everything a start started, even a
#                                    start that failed half-way
#
# Settings (environment): VIGIE_SPARK_MASTER_PORT (17077),
# VIGIE_SPARK_MASTER_UI_PORT (18080), VIGIE_SPARK_WORKER_UI_PORT (18081, the
# first worker's; the next ones follow), VIGIE_SPARK_START_TIMEOUT (seconds,
# 120), SPARK_WORKER_CORES (1), SPARK_WORKER_MEMORY (1g, what a worker offers
# its executors), SPARK_DAEMON_MEMORY (256m, the master's and each worker's
# own heap). Logs and work folders are in $VIGIE_CACHE/spark/cluster.
#
# pyspark's package has no sbin/start-master.sh nor start-worker.sh (only
# spark-daemon.sh), so the daemons are started with bin/spark-class directly.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Not Spark's defaults (7077, 8080, 8081): those clash with a developer's own
# Spark, and 8080 with half the web servers there are.
master_port=${VIGIE_SPARK_MASTER_PORT:-17077}
master_ui_port=${VIGIE_SPARK_MASTER_UI_PORT:-18080}
worker_ui_port=${VIGIE_SPARK_WORKER_UI_PORT:-18081}
start_timeout=${VIGIE_SPARK_START_TIMEOUT:-120}
export SPARK_WORKER_CORES=${SPARK_WORKER_CORES:-1}
export SPARK_WORKER_MEMORY=${SPARK_WORKER_MEMORY:-1g}
export SPARK_DAEMON_MEMORY=${SPARK_DAEMON_MEMORY:-256m}

cluster=$VIGIE_SPARK/cluster
pids=$cluster/pids
logs=$cluster/logs
master_url=spark://127.0.0.1:$master_port
master_json=http://127.0.0.1:$master_ui_port/json/

# Every daemon's command line names this cluster's folder, so that `ps`
# tells whose JVM it is. No port retries: Spark would otherwise move to the
# next port when one is taken, and the workers, or the poll below, would
# talk to whatever holds it. The master and workers only coordinate, and
# spark-class's launcher lives a second: quick JVMs (lib.sh).
export SPARK_DAEMON_JAVA_OPTS="-Dvigie.spark.cluster=$cluster -Dspark.port.maxRetries=0 $VIGIE_SPARK_QUICK_JVM ${SPARK_DAEMON_JAVA_OPTS:-}"
export SPARK_LAUNCHER_OPTS="$VIGIE_SPARK_QUICK_JVM ${SPARK_LAUNCHER_OPTS:-}"
# Shuffle and spill files of the executors, where stop can remove them.
export SPARK_LOCAL_DIRS=$cluster/local

say() { echo "vigie: $*" >&2; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The processes of one started daemon that are Spark's: the daemon and any
# executor it forked share the process group that setsid gave it, so a
# worker's executors are found (and stopped) even when the worker is gone.
members() {
  local pgid=$1 pid
  for pid in $(pgrep -g "$pgid" 2>/dev/null || true); do
    if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qE 'org\.apache\.spark\.|pyspark'; then
      echo "$pid"
    fi
  done
}

# Starts a daemon in its own session, recording its pid (its process group)
# before anything else can fail, so stop finds it.
launch() {
  local name=$1; shift
  # shellcheck disable=SC2016 # $$ and $@ are the child's, not ours
  setsid bash -c 'echo $$ > "$1"; shift; exec "$@"' launch "$pids/$name.pid" \
    "$SPARK_HOME/bin/spark-class" "$@" >> "$logs/$name.log" 2>&1 < /dev/null &
  # The pid file is written by the child: wait for it, briefly.
  local i
  for i in $(seq 50); do [ -s "$pids/$name.pid" ] && return 0; sleep 0.1; done
  say "$name did not start (no pid file)"; return 1
}

# The master's JSON as "STATUS ALIVE_WORKERS", or nothing while it does not answer.
master_state() {
  "$PYSPARK_PYTHON" - "$master_json" <<'EOF' 2>/dev/null || true
import json, sys, urllib.request
# Straight to loopback, whatever http_proxy says.
direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
try:
    with direct.open(sys.argv[1], timeout=2) as answer:
        state = json.load(answer)
except Exception:
    sys.exit(0)
alive = sum(1 for w in state.get("workers", []) if w.get("state") == "ALIVE")
print(state.get("status", "?"), alive)
EOF
}

# Fails naming the daemon and showing its log's end if a started one died.
check_alive() {
  local file name
  for file in "$pids"/*.pid; do
    [ -e "$file" ] || continue
    name=$(basename "$file" .pid)
    if [ -z "$(members "$(cat "$file")")" ]; then
      say "the $name process died; the end of $logs/$name.log:"
      tail -n 20 "$logs/$name.log" | sed 's/^/  /' >&2
      return 1
    fi
  done
}

do_stop() {
  local file pgid all=()
  for file in "$pids"/*.pid; do
    [ -e "$file" ] || continue
    pgid=$(cat "$file")
    # shellcheck disable=SC2207
    [ -n "$pgid" ] && all+=($(members "$pgid"))
  done
  if [ ${#all[@]} -gt 0 ]; then
    # TERM first: a worker then kills its executors itself.
    kill -TERM "${all[@]}" 2>/dev/null || true
    local i left=("${all[@]}")
    for i in $(seq 100); do
      left=()
      for pid in "${all[@]}"; do kill -0 "$pid" 2>/dev/null && left+=("$pid"); done
      [ ${#left[@]} -eq 0 ] && break
      sleep 0.1
    done
    if [ ${#left[@]} -gt 0 ]; then
      say "still running after 10 s, killing: ${left[*]}"
      kill -KILL "${left[@]}" 2>/dev/null || true
    fi
    say "stopped ${#all[@]} Spark processes"
  fi
  rm -rf "$pids" "$SPARK_LOCAL_DIRS"
}

do_status() {
  local file name up=0 down=0 state
  for file in "$pids"/*.pid; do
    [ -e "$file" ] || continue
    name=$(basename "$file" .pid)
    if [ -n "$(members "$(cat "$file")")" ]; then
      say "$name: running (process group $(cat "$file"))"; up=$((up + 1))
    else
      say "$name: not running"; down=$((down + 1))
    fi
  done
  if [ $up -eq 0 ]; then say "no cluster running"; return 3; fi
  state=$(master_state)
  say "master $master_url: ${state:-not answering} (status, ALIVE workers)"
  echo "$master_url"
  [ $down -eq 0 ] && [ -n "$state" ] && [ "${state%% *}" = ALIVE ] && [ "${state##* }" -eq $((up - 1)) ]
}

do_start() {
  local workers=$1 i port started state
  require_spark
  if [ -d "$pids" ] && [ -n "$(ls -A "$pids")" ]; then
    if do_status >/dev/null 2>&1 && [ "$(master_state | cut -d' ' -f2)" -eq "$workers" ] 2>/dev/null; then
      say "already running"; echo "$master_url"; return 0
    fi
    say "a previous cluster is partly running or of another size; run: $0 stop"
    return 1
  fi
  for port in "$master_port" "$master_ui_port" $(seq "$worker_ui_port" $((worker_ui_port + workers - 1))); do
    if port_in_use "$port"; then
      say "port $port is taken; choose others (VIGIE_SPARK_*_PORT, see $0)"
      return 1
    fi
  done
  rm -rf "$logs" "$cluster/work"
  mkdir -p "$pids" "$logs" "$SPARK_LOCAL_DIRS"
  started=$(date +%s)
  # From here on, a failure stops what was started: nothing is left behind.
  trap 'say "start failed; stopping what was started (logs: $logs)"; do_stop' ERR
  set -E

  launch master org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$master_port" --webui-port "$master_ui_port"
  # Workers that start before the master listens retry only after 5-15 s:
  # wait for the master first.
  until state=$(master_state) && [ "${state%% *}" = ALIVE ]; do
    check_alive
    if [ $(($(date +%s) - started)) -ge "$start_timeout" ]; then
      say "the master did not answer at $master_json within ${start_timeout}s"; false
    fi
    sleep 0.5
  done
  for i in $(seq "$workers"); do
    mkdir -p "$cluster/work/worker-$i"
    launch "worker-$i" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --cores "$SPARK_WORKER_CORES" --memory "$SPARK_WORKER_MEMORY" \
      --webui-port $((worker_ui_port + i - 1)) --work-dir "$cluster/work/worker-$i" "$master_url"
  done
  until state=$(master_state) && [ "${state##* }" -ge "$workers" ] 2>/dev/null; do
    check_alive
    if [ $(($(date +%s) - started)) -ge "$start_timeout" ]; then
      say "only ${state##* } of $workers workers ALIVE at $master_json after ${start_timeout}s"; false
    fi
    sleep 0.5
  done
  trap - ERR
  say "master and $workers workers ALIVE in $(($(date +%s) - started)) s; UI http://127.0.0.1:$master_ui_port"
  echo "$master_url"
}

command=${1:-}
[ $# -gt 0 ] && shift
workers=2
while [ $# -gt 0 ]; do
  case $1 in
    --workers) workers=${2:?--workers needs a number}; shift 2 ;;
    *) say "unknown argument '$1'"; exit 2 ;;
  esac
done
case $workers in '' | *[!0-9]* | 0) say "--workers wants a positive number, not '$workers'"; exit 2 ;; esac

case $command in
  start) do_start "$workers" ;;
  stop) do_stop ;;
  status) do_status ;;
  *) echo "usage: $0 start [--workers N] | status | stop" >&2; exit 2 ;;
esac
