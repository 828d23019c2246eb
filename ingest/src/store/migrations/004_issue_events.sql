-- Who closed, merged or reopened an issue or pull request, and when: the
-- close and merge activities, and a close by someone else than the author
-- is a first response (DESIGN.md definition 9).
CREATE TABLE issue_events (
    repository_id        INTEGER NOT NULL,
    id                   BIGINT NOT NULL,
    issue_number         BIGINT NOT NULL,
    kind                 VARCHAR NOT NULL,    -- closed, merged, reopened
    actor_identity_id    BIGINT,
    occurred_at          TIMESTAMP NOT NULL,
    PRIMARY KEY (repository_id, id)
);
