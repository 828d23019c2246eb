-- Contributors become a resolution of identities, recomputed whenever
-- identities or the rules change (e-mail, GitHub login, .mailmap, the
-- identities file): activities now point at the identity that did them.
-- Also: per-commit stats may be skipped (NULL), renames are counted,
-- cursors make runs incremental, and .mailmap entries are kept.

CREATE TABLE activities_v2 (
    repository_id  INTEGER NOT NULL,
    identity_id    BIGINT NOT NULL,
    kind           VARCHAR NOT NULL,
    occurred_at    TIMESTAMP NOT NULL,
    reference      VARCHAR NOT NULL
);
-- A commit's author activity goes to the commit's author identity; a
-- co-author's to the first identity of that contributor.
INSERT INTO activities_v2
SELECT DISTINCT a.repository_id, coalesce(author.id, fallback.id), a.kind, a.occurred_at, a.reference
FROM activities a
LEFT JOIN commits c ON c.repository_id = a.repository_id AND c.sha = a.reference
LEFT JOIN identities author
       ON author.id = c.author_identity_id AND author.contributor_id = a.contributor_id
LEFT JOIN (SELECT contributor_id, min(id) AS id FROM identities GROUP BY contributor_id) fallback
       ON fallback.contributor_id = a.contributor_id;
DROP TABLE activities;
ALTER TABLE activities_v2 RENAME TO activities;

CREATE TABLE commits_v2 (
    repository_id           INTEGER NOT NULL,
    sha                     VARCHAR NOT NULL,
    parents                 VARCHAR NOT NULL,
    author_identity_id      BIGINT NOT NULL,
    committer_identity_id   BIGINT NOT NULL,
    authored_at             TIMESTAMP NOT NULL,
    author_utc_offset_min   SMALLINT NOT NULL,
    committed_at            TIMESTAMP NOT NULL,
    is_merge                BOOLEAN NOT NULL,
    files_changed           INTEGER,   -- NULL when the source skipped stats
    insertions              BIGINT,
    deletions               BIGINT,
    renames                 INTEGER,
    subject                 VARCHAR NOT NULL
);
INSERT INTO commits_v2
SELECT repository_id, sha, parents, author_identity_id, committer_identity_id, authored_at,
       author_utc_offset_min, committed_at, is_merge, files_changed, insertions, deletions,
       NULL, subject
FROM commits;
DROP TABLE commits;
ALTER TABLE commits_v2 RENAME TO commits;

ALTER TABLE contributors ADD COLUMN organisation VARCHAR;
ALTER TABLE identities ADD COLUMN login VARCHAR;

-- Where each (source, repository, category) resumes: for git, the ref tips
-- already read; for a log file, its size and modification time.
CREATE TABLE ingest_cursors (
    source         VARCHAR NOT NULL,
    repository_id  INTEGER NOT NULL,
    category       VARCHAR NOT NULL,
    cursor         VARCHAR NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (source, repository_id, category)
);

-- Entries of the repositories' .mailmap files.
CREATE TABLE mailmap (
    repository_id  INTEGER NOT NULL,
    proper_name    VARCHAR,
    proper_email   VARCHAR,
    commit_name    VARCHAR,
    commit_email   VARCHAR NOT NULL
);
