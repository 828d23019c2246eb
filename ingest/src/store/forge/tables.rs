//! What each forge table's staged rows go through, as set-based
//! statements over the whole batch ([`TABLES`]): the rows already stored
//! (or stored in a later state) are dropped from the staging table, the
//! accounts the rest name are made identities ([`ACCOUNTS`]), then the rows
//! are written with the activities they stand for.
//!
//! The rules are the forge store's: an issue or pull request replaces its
//! stored version (assignees and opening activity included) unless that
//! one was updated later; comments, reviews, events and releases are added
//! once, by the forge's keys; a close, merge or reopen is also known by its
//! item, kind and second, so GH Archive's and the API's are one.

use super::gather::{ASSIGNEES, COMMENTS, EVENTS, ISSUES, RELEASES, REVIEWS};

/// The staging table of the activities the written rows stand for.
pub(super) const ACTIVITIES: &str = "forge_staged_activities";

/// The staging table of the accounts the written rows name.
pub(super) const ACCOUNTS_TABLE: &str = "forge_staged_accounts";

/// What a forge table's written rows count as in a load's summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Counted {
    /// Issues and pull requests stored.
    Items,
    /// Comments, reviews, events or releases added.
    Added,
    /// Not counted (assignees go with their item).
    Not,
}

/// The statements of one forge table's staged rows.
pub(super) struct Table {
    /// Its staging table ([`super::gather`]).
    pub(super) staged: &'static str,
    /// Drop the staged rows that are stored already, or stored newer.
    pub(super) prune: &'static [&'static str],
    /// The accounts its rows name: `platform, login, bot, ord`.
    pub(super) accounts: &'static str,
    /// Write the rows, and stage the activities they stand for.
    pub(super) write: &'static [&'static str],
    /// What its rows count as.
    pub(super) counted: Counted,
}

/// The forge tables in the order they are written: items first (events
/// look up whether their item is a pull request), assignees after their
/// items.
pub(super) const TABLES: [Table; 6] = [
    Table {
        staged: ISSUES,
        prune: &["DELETE FROM forge_staged_issues AS s USING issues i
                  WHERE i.repository_id = s.repository_id AND i.is_pr = s.is_pr
                    AND i.number = s.number AND i.updated_at IS NOT NULL
                    AND (s.updated_at IS NULL OR s.updated_at < i.updated_at)"],
        accounts: "SELECT platform, author, author_bot, ord FROM forge_staged_issues
                   WHERE author IS NOT NULL",
        write: &[
            "DELETE FROM issues USING forge_staged_issues s
             WHERE issues.repository_id = s.repository_id AND issues.is_pr = s.is_pr
               AND issues.number = s.number",
            "DELETE FROM issue_assignees USING forge_staged_issues s
             WHERE issue_assignees.repository_id = s.repository_id
               AND issue_assignees.is_pr = s.is_pr AND issue_assignees.issue_number = s.number",
            "DELETE FROM activities USING forge_staged_issues s
             WHERE activities.repository_id = s.repository_id
               AND activities.kind = s.opened_kind AND activities.reference = s.reference",
            "INSERT INTO issues (repository_id, number, is_pr, title, state, author_identity_id,
                                 labels, created_at, updated_at, closed_at, merged_at,
                                 comment_count)
             SELECT s.repository_id, s.number, s.is_pr, s.title, s.state, a.id,
                    s.labels::VARCHAR[], s.created_at, s.updated_at, s.closed_at, s.merged_at,
                    s.comment_count
             FROM forge_staged_issues s
             LEFT JOIN forge_staged_accounts a ON a.platform = s.platform AND a.login = s.author
             ORDER BY s.ord",
            "INSERT INTO forge_staged_activities
             SELECT s.entry, s.ord, s.repository_id, a.id, s.opened_kind, s.created_at, s.reference
             FROM forge_staged_issues s
             JOIN forge_staged_accounts a ON a.platform = s.platform AND a.login = s.author",
        ],
        counted: Counted::Items,
    },
    Table {
        staged: ASSIGNEES,
        prune: &["DELETE FROM forge_staged_assignees
                  WHERE issue_ord NOT IN (SELECT ord FROM forge_staged_issues)"],
        accounts: "SELECT platform, login, bot, ord FROM forge_staged_assignees",
        write: &[
            "INSERT INTO issue_assignees (repository_id, is_pr, issue_number, identity_id)
                  SELECT s.repository_id, s.is_pr, s.number, a.id
                  FROM forge_staged_assignees s
                  JOIN forge_staged_accounts a ON a.platform = s.platform AND a.login = s.login
                  ORDER BY s.ord",
        ],
        counted: Counted::Not,
    },
    Table {
        staged: COMMENTS,
        prune: &["DELETE FROM forge_staged_comments AS s USING comments c
                  WHERE c.repository_id = s.repository_id AND c.kind = s.kind AND c.id = s.id"],
        accounts: "SELECT platform, author, author_bot, ord FROM forge_staged_comments
                   WHERE author IS NOT NULL",
        write: &[
            "INSERT INTO comments (repository_id, issue_number, id, kind, author_identity_id,
                                   created_at, on_pr)
             SELECT s.repository_id, s.issue_number, s.id, s.kind, a.id, s.created_at, s.on_pr
             FROM forge_staged_comments s
             LEFT JOIN forge_staged_accounts a ON a.platform = s.platform AND a.login = s.author
             ORDER BY s.ord",
            "INSERT INTO forge_staged_activities
             SELECT s.entry, s.ord, s.repository_id, a.id, 'comment', s.created_at,
                    'comment:' || s.kind || ':' || s.id
             FROM forge_staged_comments s
             JOIN forge_staged_accounts a ON a.platform = s.platform AND a.login = s.author",
        ],
        counted: Counted::Added,
    },
    Table {
        staged: REVIEWS,
        prune: &["DELETE FROM forge_staged_reviews AS s USING reviews r
                  WHERE r.repository_id = s.repository_id AND r.id = s.id"],
        accounts: "SELECT platform, author, author_bot, ord FROM forge_staged_reviews
                   WHERE author IS NOT NULL",
        write: &[
            "INSERT INTO reviews (repository_id, issue_number, id, author_identity_id, state,
                                  submitted_at)
             SELECT s.repository_id, s.issue_number, s.id, a.id, s.state, s.submitted_at
             FROM forge_staged_reviews s
             LEFT JOIN forge_staged_accounts a ON a.platform = s.platform AND a.login = s.author
             ORDER BY s.ord",
            "INSERT INTO forge_staged_activities
             SELECT s.entry, s.ord, s.repository_id, a.id, 'review', s.submitted_at,
                    'review:' || s.id
             FROM forge_staged_reviews s
             JOIN forge_staged_accounts a ON a.platform = s.platform AND a.login = s.author",
        ],
        counted: Counted::Added,
    },
    Table {
        staged: EVENTS,
        // By the forge's id, then by item, kind and second (GH Archive's
        // events have no id of the forge's).
        prune: &[
            "DELETE FROM forge_staged_events AS s USING issue_events e
             WHERE e.repository_id = s.repository_id AND e.id = s.id",
            "DELETE FROM forge_staged_events AS s USING issue_events e
             WHERE e.repository_id = s.repository_id AND e.issue_number = s.issue_number
               AND e.kind = s.kind AND e.on_pr IS NOT DISTINCT FROM s.on_pr
               AND date_trunc('second', e.occurred_at) = date_trunc('second', s.occurred_at)",
        ],
        accounts: "SELECT platform, actor, actor_bot, ord FROM forge_staged_events
                   WHERE actor IS NOT NULL",
        write: &[
            "INSERT INTO issue_events (repository_id, id, issue_number, kind, actor_identity_id,
                                       occurred_at, on_pr)
             SELECT s.repository_id, s.id, s.issue_number, s.kind, a.id, s.occurred_at, s.on_pr
             FROM forge_staged_events s
             LEFT JOIN forge_staged_accounts a ON a.platform = s.platform AND a.login = s.actor
             ORDER BY s.ord",
            // Closing is an activity of the pull request's or the issue's
            // kind: the stored items say which when the forge does not.
            "INSERT INTO forge_staged_activities
             SELECT * FROM (
                 SELECT s.entry, s.ord, s.repository_id, a.id,
                        CASE WHEN s.kind = 'merged' THEN 'pr_merged'
                             WHEN s.kind = 'closed' AND coalesce(s.on_pr, EXISTS (
                                 SELECT 1 FROM issues i
                                 WHERE i.repository_id = s.repository_id
                                   AND i.number = s.issue_number AND i.is_pr))
                             THEN 'pr_closed'
                             WHEN s.kind = 'closed' THEN 'issue_closed' END AS kind,
                        s.occurred_at, 'event:' || s.id
                 FROM forge_staged_events s
                 JOIN forge_staged_accounts a ON a.platform = s.platform AND a.login = s.actor)
             WHERE kind IS NOT NULL",
        ],
        counted: Counted::Added,
    },
    Table {
        staged: RELEASES,
        prune: &["DELETE FROM forge_staged_releases AS s USING releases r
                  WHERE r.repository_id = s.repository_id AND r.id = s.id"],
        accounts: "SELECT platform, author, author_bot, ord FROM forge_staged_releases
                   WHERE author IS NOT NULL",
        write: &[
            "INSERT INTO releases (repository_id, id, tag, name, author_identity_id, prerelease,
                                   published_at)
             SELECT s.repository_id, s.id, s.tag, s.name, a.id, s.prerelease, s.published_at
             FROM forge_staged_releases s
             LEFT JOIN forge_staged_accounts a ON a.platform = s.platform AND a.login = s.author
             ORDER BY s.ord",
            "INSERT INTO forge_staged_activities
             SELECT s.entry, s.ord, s.repository_id, a.id, 'release', s.published_at,
                    'release:' || s.id
             FROM forge_staged_releases s
             JOIN forge_staged_accounts a ON a.platform = s.platform AND a.login = s.author",
        ],
        counted: Counted::Added,
    },
];

/// The accounts the rows name (`{seen}`: the tables' `accounts` queries,
/// joined by `UNION ALL`), each with its identity: the one the store knows
/// for the platform and login, or a new one numbered after the store's
/// last, in the order the accounts were first read; whether the forge calls
/// it a bot is what it said the first time.
pub(super) const ACCOUNTS: &str = "
    CREATE OR REPLACE TEMP TABLE forge_staged_accounts AS
    WITH seen (platform, login, bot, ord) AS ({seen}),
         named AS (SELECT platform, login, arg_min(bot, ord) AS bot, min(ord) AS first_ord
                   FROM seen GROUP BY platform, login),
         known AS (SELECT i.source, i.login, min(i.id) AS id
                   FROM identities i JOIN named f ON i.source = f.platform AND i.login = f.login
                   GROUP BY i.source, i.login),
         last AS (SELECT coalesce(max(id), 0) AS id FROM identities)
    SELECT f.platform, f.login, f.bot, k.id IS NULL AS added,
           coalesce(k.id, last.id + row_number() OVER (PARTITION BY k.id IS NULL
                                                       ORDER BY f.first_ord)) AS id
    FROM named f CROSS JOIN last
    LEFT JOIN known k ON k.source = f.platform AND k.login = f.login";

/// New accounts become identities, each its own contributor until
/// contributors are resolved after the run.
pub(super) const NEW_IDENTITIES: [&str; 2] = [
    "INSERT INTO identities (id, source, email, name, contributor_id, login, forge_bot)
     SELECT id, platform, '', login, id, login, bot FROM forge_staged_accounts
     WHERE added ORDER BY id",
    "INSERT INTO contributors (id, display_name, primary_email, is_bot)
     SELECT id, login, NULL, bot FROM forge_staged_accounts a
     WHERE added AND NOT EXISTS (SELECT 1 FROM contributors c WHERE c.id = a.id)
     ORDER BY id",
];

/// The staged activities' table, made before the rows are written.
pub(super) const ACTIVITIES_TABLE: &str = "
    CREATE OR REPLACE TEMP TABLE forge_staged_activities (
        entry BIGINT, ord BIGINT, repository_id BIGINT, identity_id BIGINT, kind VARCHAR,
        occurred_at TIMESTAMP, reference VARCHAR)";

/// The staged activities written, in the order they were read.
pub(super) const WRITE_ACTIVITIES: &str = "
    INSERT INTO activities (repository_id, identity_id, kind, occurred_at, reference)
    SELECT repository_id, identity_id, kind, occurred_at, reference
    FROM forge_staged_activities ORDER BY ord";
