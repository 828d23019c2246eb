-- How fresh the estate's external dependencies are (docs/estate.md): what a
-- Maven repository's maven-metadata.xml last said of each artifact the
-- estate depends on and does not build. Replaced whole by each ingest run
-- that asks; an artifact without a row was never asked.
CREATE TABLE maven_freshness (
    group_id      VARCHAR NOT NULL,
    artifact_id   VARCHAR NOT NULL,
    status        VARCHAR NOT NULL,    -- known, not-in-repository, unavailable
    release       VARCHAR,             -- versioning/release
    versions      VARCHAR,             -- every version listed, one per line
    last_updated  TIMESTAMP,           -- versioning/lastUpdated, UTC
    fetched_at    TIMESTAMP,           -- when the repository gave or confirmed it, UTC
    stale         BOOLEAN NOT NULL,    -- older than the cache lifetime: not confirmed this run
    reason        VARCHAR,             -- why unavailable, in words
    PRIMARY KEY (group_id, artifact_id)
);
