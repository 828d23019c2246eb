-- Who each issue, pull request or merge request is assigned to, and how many
-- comments the forge counts on it: what OW2's Market Readiness Levels read
-- from a bug tracker (people with issues assigned; open issues without a
-- comment).

-- One row per assignee, replaced with its item whenever the item is stored
-- again (an assignee removed on the forge is removed here). is_pr as in
-- `issues`: GitLab numbers merge requests apart from issues.
CREATE TABLE issue_assignees (
    repository_id        INTEGER NOT NULL,
    is_pr                BOOLEAN NOT NULL,
    issue_number         BIGINT NOT NULL,
    identity_id          BIGINT NOT NULL,     -- the account, as authors are
    PRIMARY KEY (repository_id, is_pr, issue_number, identity_id)
);

-- The forge's own count (GitHub `comments`, GitLab `user_notes_count`), not
-- the `comments` table's rows: those are never removed when a comment is
-- deleted on the forge, GitLab's notes of an item may be a run behind it,
-- and a comment that could not be read is left out. NULL: not said, or the
-- item was stored before this column and not read since.
ALTER TABLE issues ADD COLUMN comment_count INTEGER;

-- Items already stored have neither: the next run reads every issue again
-- (GitHub lists issues and pull requests together; GitLab's merge requests
-- keep their cursor and get theirs when they next change). Comments,
-- events, reviews and releases keep their cursors and are stored once.
DELETE FROM ingest_cursors
WHERE category IN ('github-issues', 'github-events-etag',
                   'gitlab-issues', 'gitlab-last-activity');
