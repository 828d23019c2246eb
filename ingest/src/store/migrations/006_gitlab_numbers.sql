-- GitLab numbers issues and merge requests separately (issue #1 and merge
-- request !1 are two items); GitHub numbers both in one sequence. An item
-- is now (repository, is_pr, number), and comments and events say which
-- kind of item they are on when the forge tells (NULL: GitHub's shared
-- numbers).
CREATE TABLE issues_v2 (
    repository_id        INTEGER NOT NULL,
    number               BIGINT NOT NULL,
    is_pr                BOOLEAN NOT NULL,
    title                VARCHAR NOT NULL,
    state                VARCHAR NOT NULL,
    author_identity_id   BIGINT,
    labels               VARCHAR[],
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP,
    closed_at            TIMESTAMP,
    merged_at            TIMESTAMP,
    first_response_at    TIMESTAMP,
    is_newcomer          BOOLEAN,
    PRIMARY KEY (repository_id, is_pr, number)
);
INSERT INTO issues_v2
SELECT repository_id, number, is_pr, title, state, author_identity_id, labels, created_at,
       updated_at, closed_at, merged_at, first_response_at, is_newcomer
FROM issues;
DROP TABLE issues;
ALTER TABLE issues_v2 RENAME TO issues;

ALTER TABLE comments ADD COLUMN on_pr BOOLEAN;
ALTER TABLE issue_events ADD COLUMN on_pr BOOLEAN;
