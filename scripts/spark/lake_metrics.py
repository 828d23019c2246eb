"""Vigie's metrics over the lake (docs/scale.md), as a Spark job.

    spark-submit --master spark://HOST:PORT scripts/spark/lake_metrics.py \
        --lake LAKE --sql SQL_DIR --out OUT_DIR

The lake's four tables are views of the same names (`activities`, `items`,
`identities`, `repositories`), with their partition columns `source`
(string), `year` and `month` (int). Every `*.sql` file of SQL_DIR/views is
then a view named after its file (the queries share them), and every
`*.sql` file of SQL_DIR, in name order, is one query; its result is written as Parquet into OUT_DIR/<stem>/
and OUT_DIR/summary.json lists each query's rows and seconds (and the seconds
spent starting Spark and finding the lake's files). summary.json is
written last, so its presence means every query ran.

Times are exact and UTC. The lake's timestamps are DuckDB TIMESTAMPs (UTC
wall-clock times, Parquet isAdjustedToUTC=false), which Spark 3.4+ reads as
TIMESTAMP_NTZ: `month(occurred_at)` is the stored month. Spark's date
functions (`date_trunc`, `unix_timestamp`, comparisons with
`current_timestamp()`) turn them into instants in the session's time zone,
which is therefore UTC. A result's timestamp columns are written back as
TIMESTAMP_NTZ, so DuckDB reads them as TIMESTAMP, the store's type, rather
than TIMESTAMPTZ.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

from pyspark.sql import DataFrame, Observation, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import TimestampNTZType, TimestampType

# The lake's tables: whether they are partitioned by month as well as by
# source, and their columns (ingest/src/store/lake.rs), used only when a
# table has no rows: the export then writes no folder for it, and a query
# that names it must still find it, empty.
TABLES = {
    "activities": (
        True,
        "repository_id INT, identity_id BIGINT, contributor_id BIGINT, kind STRING, "
        "occurred_at TIMESTAMP_NTZ, reference STRING, organisation STRING",
    ),
    "items": (
        True,
        "repository_id INT, number BIGINT, is_pr BOOLEAN, state STRING, "
        "author_identity_id BIGINT, labels ARRAY<STRING>, created_at TIMESTAMP_NTZ, "
        "updated_at TIMESTAMP_NTZ, closed_at TIMESTAMP_NTZ, merged_at TIMESTAMP_NTZ, "
        "first_response_at TIMESTAMP_NTZ, comment_count INT",
    ),
    "identities": (
        False,
        "id BIGINT, contributor_id BIGINT, login STRING, email_domain STRING, is_bot BOOLEAN",
    ),
    "repositories": (
        False,
        "id INT, name STRING, url STRING, language STRING, licence STRING, archived BOOLEAN, "
        "fork BOOLEAN, created_at TIMESTAMP_NTZ",
    ),
}

# The only lake format this job knows (manifest.json's "format").
LAKE_FORMAT = 1


class Failure(Exception):
    """A reason to stop, told to the user as it is."""


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lake", required=True, type=Path, help="the lake's folder")
    parser.add_argument("--sql", required=True, type=Path, help="a folder of *.sql queries")
    parser.add_argument("--out", required=True, type=Path, help="where results are written")
    return parser.parse_args()


def check_lake(lake: Path) -> None:
    """Refuses a folder that is not a lake Vigie wrote, before Spark starts."""
    manifest = lake / "manifest.json"
    try:
        fmt = json.loads(manifest.read_text()).get("format")
    except (OSError, ValueError, AttributeError) as e:
        raise Failure(f"{lake} is not a Vigie lake: cannot read {manifest}: {e}") from e
    if fmt != LAKE_FORMAT:
        raise Failure(f"{manifest}: lake format {fmt!r}, this job reads format {LAKE_FORMAT}")


def session() -> SparkSession:
    return (
        SparkSession.builder.appName("vigie-lake-metrics")
        # See the module's doc: exact UTC months and days.
        .config("spark.sql.session.timeZone", "UTC")
        # Spark 3.5's default, pinned: with it off, the lake's times would be
        # read as instants and shifted into the session's time zone.
        .config("spark.sql.parquet.inferTimestampNTZ.enabled", "true")
        # DuckDB and Spark 3 both use the proleptic Gregorian calendar; Spark's
        # default would refuse (EXCEPTION) any date before 1582 or 1900.
        .config("spark.sql.parquet.datetimeRebaseModeInRead", "CORRECTED")
        .config("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED")
        # Not Spark's default INT96, which other readers only half support.
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        # Partition values stay strings until cast below: inference would make
        # a source named like a number an int.
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        # Progress bars on standard error would bury the messages that matter.
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )


def table(spark: SparkSession, lake: Path, name: str) -> DataFrame:
    by_month, columns = TABLES[name]
    root = lake / name
    partitions = "source STRING, year INT, month INT" if by_month else "source STRING"
    if not any(root.glob("**/*.parquet")):
        return spark.createDataFrame([], f"{columns}, {partitions}")
    frame = (
        spark.read.option("basePath", str(root))
        # Only finished partitions: an interrupted export leaves a
        # part.parquet.partial beside its place, which Spark would read.
        .option("pathGlobFilter", "*.parquet")
        .parquet(str(root))
    )
    frame = frame.withColumn("source", F.col("source").cast("string"))
    if by_month:
        frame = frame.withColumn("year", F.col("year").cast("int"))
        frame = frame.withColumn("month", F.col("month").cast("int"))
    return frame


def as_store_times(frame: DataFrame) -> DataFrame:
    """Writes a result's instants (TIMESTAMP, from date_trunc and the like)
    as UTC wall-clock times (TIMESTAMP_NTZ), the lake's and the store's type."""

    def column(name: str):
        return F.col("`" + name.replace("`", "``") + "`")

    return frame.select(
        *(
            column(field.name).cast(TimestampNTZType()).alias(field.name)
            if isinstance(field.dataType, TimestampType)
            else column(field.name)
            for field in frame.schema.fields
        )
    )


def reason(error: Exception) -> str:
    """Spark's reason in a few lines: its message without the JVM stack or
    the query plan it appends, and the root cause when the message is only
    a wrapper ("Job aborted due to stage failure", "Task failed while
    writing rows")."""
    java = getattr(error, "java_exception", None)  # py4j's error
    if java is not None:
        text = str(java.toString()).splitlines()[0]
    else:  # pyspark's own (AnalysisException, ParseException, ...)
        text = str(error)
        for cut in ("\nJVM stacktrace:", ";\n'", ";\n"):
            text = text.split(cut)[0]
        java = getattr(error, "_origin", None)
    root = java
    try:
        while root is not None and root.getCause() is not None and root.getCause() != root:
            root = root.getCause()
    except Exception:  # not a Java throwable after all: keep the message
        root = None
    if root is not None and root != java:
        cause = str(root.toString()).splitlines()[0]
        if cause not in text:
            text += f"\n  caused by: {cause}"
    return text.strip()


def run(spark: SparkSession, query: Path, out: Path) -> dict:
    started = time.monotonic()
    text = query.read_text()
    if not text.strip():
        raise Failure(f"{query.name} is empty")
    result = as_store_times(spark.sql(text))
    rows = Observation(query.stem)
    # One file per result: metrics are small, and a reader then has one
    # place to look. coalesce keeps an ORDER BY's order.
    (
        result.observe(rows, F.count(F.lit(1)).alias("rows"))
        .coalesce(1)
        .write.mode("overwrite")
        .parquet(str(out / query.stem))
    )
    return {
        "file": query.name,
        "output": query.stem,
        "rows": rows.get["rows"],
        "seconds": round(time.monotonic() - started, 3),
    }


def main() -> int:
    args = arguments()
    try:
        check_lake(args.lake)
        queries = sorted(args.sql.glob("*.sql"))
        if not queries:
            raise Failure(f"no *.sql file in {args.sql}")
    except Failure as e:
        print(f"vigie-spark: {e}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    summary_file = args.out / "summary.json"
    # A summary left by an earlier run would say this one succeeded.
    summary_file.unlink(missing_ok=True)

    started = time.monotonic()
    spark = session()
    spark.sparkContext.setLogLevel("WARN")
    try:
        for name in TABLES:
            try:
                table(spark, args.lake, name).createOrReplaceTempView(name)
            except Exception as e:
                raise Failure(f"cannot read the lake's {name}: {reason(e)}") from e
        for view in sorted((args.sql / "views").glob("*.sql")):
            try:
                spark.sql(view.read_text()).createOrReplaceTempView(view.stem)
            except Exception as e:
                raise Failure(f"{view} failed: {reason(e)}") from e
        # Starting Spark and finding the lake's files, apart from the queries.
        startup = round(time.monotonic() - started, 3)
        done = []
        for query in queries:
            try:
                done.append(run(spark, query, args.out))
            except Failure:
                raise
            except Exception as e:  # Spark's errors: say which file and why
                raise Failure(f"{query} failed: {reason(e)}") from e
            last = done[-1]
            print(
                f"vigie-spark: {last['file']}: {last['rows']} rows in {last['seconds']} s",
                file=sys.stderr,
            )
        summary = {
            "spark": spark.version,
            "master": spark.sparkContext.master,
            "lake": str(args.lake.resolve()),
            "startup_seconds": startup,
            "queries": done,
            "seconds": round(time.monotonic() - started, 3),
        }
        partial = summary_file.with_suffix(".json.partial")
        partial.write_text(json.dumps(summary, indent=2) + "\n")
        os.replace(partial, summary_file)
        return 0
    except Failure as e:
        print(f"vigie-spark: {e}", file=sys.stderr)
        return 1
    finally:
        spark.stop()


if __name__ == "__main__":
    sys.exit(main())
