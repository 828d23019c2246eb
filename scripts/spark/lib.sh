# shellcheck shell=bash
# Shared settings for the Spark scripts (docs/scale.md, "Running a Spark
# cluster for Vigie"). Source it after nothing else: it sources scripts/lib.sh.
#
# Spark comes from PyPI's pyspark package, which carries the whole of Spark
# (bin/spark-submit, sbin/, jars/) inside its Python package folder; that
# folder is SPARK_HOME. It lives under $VIGIE_CACHE like every other tool.

. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# One exact release: the job's settings (timestamp inference, Parquet output
# types) are checked against it. Spark 3.5 runs on Java 8/11/17; Debian
# 12 ships 17.
export PYSPARK_VERSION=3.5.3
export VIGIE_SPARK=$VIGIE_CACHE/spark
export VIGIE_SPARK_VENV=$VIGIE_SPARK/venv
# Written by setup.sh once pyspark is installed and checked; holds the
# version, so a change of PYSPARK_VERSION installs again.
VIGIE_SPARK_STAMP=$VIGIE_SPARK_VENV/.vigie-pyspark

# Logging for every Spark process started from here: warnings on the
# console, the standalone daemons' own news at INFO in their log files.
export SPARK_CONF_DIR=${SPARK_CONF_DIR:-$VIGIE_ROOT/scripts/spark/conf}
# Everything on one machine talks over loopback, whatever the host name
# resolves to (a container's name may resolve to nothing at all).
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
# Executors and the driver run the venv's Python, the one pyspark is in.
export PYSPARK_PYTHON=$VIGIE_SPARK_VENV/bin/python
export PYSPARK_DRIVER_PYTHON=$VIGIE_SPARK_VENV/bin/python

# JVM options for a JVM that lives seconds or does little: C2, the JIT's
# optimising compiler, and the parallel collectors' threads cost more CPU than
# they give back there. Measured on a 2-core machine, a small lake's job takes
# less than half the time and CPU with them (docs/scale.md). For the daemons,
# spark-class's launcher, and the driver and executors of test-sized jobs;
# a long job over a large lake wants C2.
export VIGIE_SPARK_QUICK_JVM="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"

# SPARK_HOME: pyspark's package folder. Empty until setup.sh has run.
spark_home() {
  local dir
  for dir in "$VIGIE_SPARK_VENV"/lib/python3*/site-packages/pyspark; do
    if [ -x "$dir/bin/spark-submit" ]; then
      printf '%s\n' "$dir"
      return 0
    fi
  done
  return 1
}

# Fails, saying what to do, unless setup.sh has installed this release.
require_spark() {
  if [ "$(cat "$VIGIE_SPARK_STAMP" 2>/dev/null)" != "$PYSPARK_VERSION" ] || ! SPARK_HOME=$(spark_home); then
    echo "vigie: Spark $PYSPARK_VERSION is not installed; run scripts/spark/setup.sh" >&2
    return 1
  fi
  export SPARK_HOME
}
