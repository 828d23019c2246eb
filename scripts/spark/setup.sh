#!/usr/bin/env bash
# Installs Apache Spark for running Vigie's metrics over the lake: Debian's
# Java 17 if there is no Java 17 or later, and PyPI's pyspark (which carries
# Spark's jars and scripts) in a virtualenv under $VIGIE_CACHE/spark. Safe to
# run again: once installed it only checks, in about a second. Prints
# SPARK_HOME on standard output, for scripts: `SPARK_HOME=$(setup.sh)`.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The major version of `java` on the PATH: "17.0.15" gives 17, and the old
# scheme "1.8.0_402" gives 8. Empty when there is no java.
java_major() {
  command -v java >/dev/null || return 0
  java -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

major=$(java_major)
if [ -z "$major" ] || [ "$major" -lt 17 ]; then
  # Debian's package, as scripts/setup-test.sh installs Chromium: apt-get as
  # root, through sudo otherwise. Without either, say what to run.
  if [ "$(id -u)" -eq 0 ]; then apt_get=(apt-get)
  elif command -v sudo >/dev/null; then apt_get=(sudo apt-get)
  else
    echo "vigie: Spark needs Java 17 or later (found: ${major:-none}); install Debian's with:" >&2
    echo "  apt-get install --no-install-recommends openjdk-17-jre-headless" >&2
    exit 1
  fi
  step "Installing Java 17 (Debian's openjdk-17-jre-headless; found: ${major:-none})"
  "${apt_get[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
  # A newer Java first on the PATH, or an old one chosen by update-alternatives,
  # would still win: check again rather than trust the install.
  major=$(java_major)
  if [ -z "$major" ] || [ "$major" -lt 17 ]; then
    echo "vigie: 'java' is still ${major:-missing} after installing openjdk-17-jre-headless;" >&2
    echo "  choose it with: update-alternatives --config java" >&2
    exit 1
  fi
fi
if [ "$major" -gt 17 ]; then
  # Spark 3.5 is built and tested for Java 8, 11 and 17; later ones mostly work.
  echo "vigie: warning: Java $major; Spark $PYSPARK_VERSION is tested on Java 17" >&2
fi

if [ "$(cat "$VIGIE_SPARK_STAMP" 2>/dev/null)" != "$PYSPARK_VERSION" ] || ! spark_home >/dev/null; then
  command -v python3 >/dev/null || { echo "vigie: Spark's Python side needs python3 (3.8 or later)" >&2; exit 1; }
  if [ ! -x "$VIGIE_SPARK_VENV/bin/python" ]; then
    step "Creating the Spark virtualenv in $VIGIE_SPARK_VENV"
    mkdir -p "$VIGIE_SPARK"
    python3 -m venv "$VIGIE_SPARK_VENV" || {
      echo "vigie: python3 cannot make a virtualenv; on Debian: apt-get install python3-venv" >&2
      rm -rf "$VIGIE_SPARK_VENV"
      exit 1
    }
  fi
  step "Installing pyspark $PYSPARK_VERSION from PyPI (about 320 MB, once)"
  # No pip cache: the venv is the cache, and pip's copy of the 320 MB archive
  # and of the wheel it builds from it would take 600 MB more for nothing.
  "$VIGIE_SPARK_VENV/bin/python" -m pip install --quiet --no-cache-dir "pyspark==$PYSPARK_VERSION"
  spark_home >/dev/null || { echo "vigie: pyspark installed without bin/spark-submit" >&2; exit 1; }
  printf '%s\n' "$PYSPARK_VERSION" > "$VIGIE_SPARK_STAMP"
fi

require_spark
echo "vigie: Spark $PYSPARK_VERSION, Java $major; SPARK_HOME=$SPARK_HOME" >&2
printf '%s\n' "$SPARK_HOME"
