-- The core tables of DESIGN.md ("Store"). Times are UTC.

CREATE TABLE repositories (
    id          INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL UNIQUE,   -- owner/name, or a local folder's name
    url         VARCHAR,
    first_seen  TIMESTAMP NOT NULL
);

-- A merged person. Identities point here.
CREATE TABLE contributors (
    id            BIGINT PRIMARY KEY,
    display_name  VARCHAR NOT NULL,
    primary_email VARCHAR,
    is_bot        BOOLEAN NOT NULL
);

-- One row per (source, e-mail, name) as seen in raw data.
CREATE TABLE identities (
    id              BIGINT PRIMARY KEY,
    source          VARCHAR NOT NULL,
    email           VARCHAR NOT NULL,
    name            VARCHAR NOT NULL,
    contributor_id  BIGINT NOT NULL,
    UNIQUE (source, email, name)
);

CREATE TABLE commits (
    repository_id           INTEGER NOT NULL,
    sha                     VARCHAR NOT NULL,
    parents                 VARCHAR NOT NULL,  -- space-separated object names
    author_identity_id      BIGINT NOT NULL,
    committer_identity_id   BIGINT NOT NULL,
    authored_at             TIMESTAMP NOT NULL,
    author_utc_offset_min   SMALLINT NOT NULL,
    committed_at            TIMESTAMP NOT NULL,
    is_merge                BOOLEAN NOT NULL,
    files_changed           INTEGER NOT NULL,
    insertions              BIGINT NOT NULL,
    deletions               BIGINT NOT NULL,
    subject                 VARCHAR NOT NULL,
    PRIMARY KEY (repository_id, sha)
);

-- The fact table every metric reads.
CREATE TABLE activities (
    repository_id   INTEGER NOT NULL,
    contributor_id  BIGINT NOT NULL,
    kind            VARCHAR NOT NULL,   -- commit, pr_opened, ..., see DESIGN.md
    occurred_at     TIMESTAMP NOT NULL,
    reference       VARCHAR NOT NULL,   -- the commit sha, issue number, ...
    PRIMARY KEY (repository_id, kind, reference, contributor_id)
);

CREATE TABLE ingest_runs (
    id           BIGINT PRIMARY KEY,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    status       VARCHAR NOT NULL,      -- running, ok, partial, failed
    items_added  BIGINT NOT NULL DEFAULT 0,
    errors       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE ingest_errors (
    run_id   BIGINT NOT NULL,
    source   VARCHAR NOT NULL,
    message  VARCHAR NOT NULL,
    occurred_at TIMESTAMP NOT NULL
);

-- Bumped by every write that changes what metrics see; caches key on it.
CREATE TABLE data_version (version BIGINT NOT NULL);
INSERT INTO data_version VALUES (0);
