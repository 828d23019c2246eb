-- The figures `vigie lake metrics` computed over a lake (docs/scale.md): an
-- engine (polars on this machine, or Apache Spark on a cluster) reads the
-- lake's Parquet files and the figures come back here, per repository and
-- period, so the dashboard shows what the store alone could not compute.

-- One row per computation; a lake's older runs by the same engine are
-- removed with their figures when a new one is loaded.
CREATE TABLE lake_runs (
    id           BIGINT PRIMARY KEY,
    lake         VARCHAR NOT NULL,     -- the lake's folder, as given
    engine       VARCHAR NOT NULL,     -- polars, spark
    master       VARCHAR,              -- the Spark master's URL
    finished_at  TIMESTAMP NOT NULL,
    seconds      DOUBLE NOT NULL,      -- reading the lake and computing
    figures      BIGINT NOT NULL
);

-- metrics/src/lake/mod.rs names the figures and their definitions.
CREATE TABLE lake_figures (
    run_id      BIGINT NOT NULL,
    metric      VARCHAR NOT NULL,      -- active_contributors, bus_factor, ...
    repository  VARCHAR,               -- the lake's repository name; NULL: all of them
    period      DATE NOT NULL,         -- the first day of the month or year
    k           INTEGER NOT NULL,      -- months after the cohort's (retention), else 0
    value       BIGINT NOT NULL
);
