-- Forge data (GitHub, GitLab): what repositories are, and the issues, pull
-- or merge requests, comments, reviews and releases the activities of those
-- kinds come from (DESIGN.md, Store). Times are UTC.

ALTER TABLE repositories ADD COLUMN platform VARCHAR;     -- git, github, gitlab
ALTER TABLE repositories ADD COLUMN description VARCHAR;
ALTER TABLE repositories ADD COLUMN language VARCHAR;
ALTER TABLE repositories ADD COLUMN licence VARCHAR;      -- SPDX identifier when known
ALTER TABLE repositories ADD COLUMN topics VARCHAR[];
ALTER TABLE repositories ADD COLUMN archived BOOLEAN;
ALTER TABLE repositories ADD COLUMN fork BOOLEAN;
ALTER TABLE repositories ADD COLUMN stars INTEGER;
ALTER TABLE repositories ADD COLUMN forks INTEGER;
ALTER TABLE repositories ADD COLUMN created_at TIMESTAMP;
ALTER TABLE repositories ADD COLUMN pushed_at TIMESTAMP;

-- Issues and pull/merge requests (is_pr). One row per (repository, number).
CREATE TABLE issues (
    repository_id        INTEGER NOT NULL,
    number               BIGINT NOT NULL,     -- GitHub number, GitLab iid
    is_pr                BOOLEAN NOT NULL,
    title                VARCHAR NOT NULL,
    state                VARCHAR NOT NULL,    -- open, closed, merged
    author_identity_id   BIGINT,              -- NULL: a deleted account
    labels               VARCHAR[],
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP,
    closed_at            TIMESTAMP,           -- also set when merged
    merged_at            TIMESTAMP,
    -- The first comment, review or close by someone other than the author
    -- who is not a bot (DESIGN.md definition 9); NULL while unanswered.
    first_response_at    TIMESTAMP,
    PRIMARY KEY (repository_id, number)
);

CREATE TABLE comments (
    repository_id        INTEGER NOT NULL,
    issue_number         BIGINT NOT NULL,
    id                   BIGINT NOT NULL,     -- the forge's id
    kind                 VARCHAR NOT NULL,    -- issue, review (a comment on code)
    author_identity_id   BIGINT,
    created_at           TIMESTAMP NOT NULL,
    PRIMARY KEY (repository_id, kind, id)
);

CREATE TABLE reviews (
    repository_id        INTEGER NOT NULL,
    issue_number         BIGINT NOT NULL,
    id                   BIGINT NOT NULL,
    author_identity_id   BIGINT,
    state                VARCHAR NOT NULL,    -- approved, changes_requested, commented, dismissed
    submitted_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (repository_id, id)
);

CREATE TABLE releases (
    repository_id        INTEGER NOT NULL,
    id                   BIGINT NOT NULL,
    tag                  VARCHAR NOT NULL,
    name                 VARCHAR,
    author_identity_id   BIGINT,
    prerelease           BOOLEAN NOT NULL,
    published_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (repository_id, id)
);
