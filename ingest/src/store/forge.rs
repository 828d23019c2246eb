//! Storing what a forge source read of one repository: metadata, issues and
//! pull requests (replacing their earlier version), comments, reviews,
//! events and releases (each once), the activities they stand for, and the
//! cursors the next run resumes from, all in one transaction.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use duckdb::{params, Transaction};

use super::Store;
use crate::error::{DbContext, StoreError};
use crate::forge::{Account, RepositoryData};

/// What storing one repository's forge data changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ForgeSummary {
    /// Issues and pull requests stored (new or updated).
    pub issues: u64,
    /// Comments, reviews, events and releases not stored before.
    pub added: u64,
    /// Activities added.
    pub activities: u64,
}

impl Store {
    /// Every cursor of a forge `source` for a repository, by category.
    pub fn forge_cursors(
        &self,
        source: &str,
        repository: &str,
    ) -> Result<HashMap<String, String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT k.category, k.cursor FROM ingest_cursors k
                 JOIN repositories r ON r.id = k.repository_id
                 WHERE k.source = ? AND lower(r.name) = lower(?)",
            )
            .during("reading cursors")?;
        let rows = stmt
            .query_map(params![source, repository], |r| Ok((r.get(0)?, r.get(1)?)))
            .during("reading cursors")?;
        rows.collect::<Result<_, _>>().during("reading cursors")
    }

    /// Stores one repository's forge data and its cursors in one transaction.
    pub fn load_forge(
        &mut self,
        repository: &str,
        data: &RepositoryData,
    ) -> Result<ForgeSummary, StoreError> {
        let tx = self.conn.transaction().during("starting a forge load")?;
        let summary = load(&tx, repository, data)?;
        if summary.issues + summary.added > 0 {
            tx.execute_batch("UPDATE data_version SET version = version + 1")
                .during("bumping the data version")?;
        }
        tx.commit().during("committing a forge load")?;
        Ok(summary)
    }

    /// Sets each issue's first response: the first comment, review, close or
    /// merge by someone other than its author who is not a bot. Run after
    /// contributors are resolved (who is whom, who is a bot).
    pub fn update_first_responses(&self) -> Result<(), StoreError> {
        self.conn
            .execute_batch(
                "UPDATE issues SET first_response_at = r.t FROM (
                     SELECT i.repository_id, i.number, min(x.t) AS t
                     FROM issues i
                     JOIN (SELECT repository_id, issue_number, author_identity_id AS who,
                                  created_at AS t FROM comments
                           UNION ALL
                           SELECT repository_id, issue_number, author_identity_id, submitted_at
                           FROM reviews
                           UNION ALL
                           SELECT repository_id, issue_number, actor_identity_id, occurred_at
                           FROM issue_events WHERE kind IN ('closed', 'merged')) x
                       ON x.repository_id = i.repository_id AND x.issue_number = i.number
                     JOIN identities xi ON xi.id = x.who
                     JOIN contributors xc ON xc.id = xi.contributor_id
                     LEFT JOIN identities ai ON ai.id = i.author_identity_id
                     WHERE NOT xc.is_bot
                       AND (ai.contributor_id IS NULL OR ai.contributor_id <> xi.contributor_id)
                       AND x.t >= i.created_at
                     GROUP BY ALL) r
                 WHERE issues.repository_id = r.repository_id AND issues.number = r.number
                   AND issues.first_response_at IS DISTINCT FROM r.t",
            )
            .during("computing first responses")
    }
}

fn load(
    tx: &Transaction<'_>,
    name: &str,
    data: &RepositoryData,
) -> Result<ForgeSummary, StoreError> {
    let mut summary = ForgeSummary::default();
    let now = super::now();
    let repository_id = repository_id(tx, name, now)?;
    if let Some(meta) = &data.meta {
        tx.execute(
            "UPDATE repositories SET platform = coalesce(platform, 'github'), url = coalesce(url, ?),
                    description = ?, language = ?, licence = ?, topics = ?::VARCHAR[],
                    archived = ?, fork = ?, stars = ?, forks = ?, created_at = ?, pushed_at = ?
             WHERE id = ?",
            params![
                meta.url,
                meta.description,
                meta.language,
                meta.licence,
                format!(
                    "[{}]",
                    meta.topics
                        .iter()
                        .map(|t| format!("'{}'", t.replace('\'', "''")))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                meta.archived,
                meta.fork,
                meta.stars,
                meta.forks,
                meta.created_at,
                meta.pushed_at,
                repository_id
            ],
        )
        .during("updating repository metadata")?;
    }
    let mut people = People::read(tx)?;
    let mut activities: Vec<(i64, &'static str, NaiveDateTime, String)> = Vec::new();

    for issue in &data.issues {
        let author = people.id(tx, issue.author.as_ref())?;
        tx.execute(
            "DELETE FROM issues WHERE repository_id = ? AND number = ?",
            params![repository_id, issue.number],
        )
        .during("replacing an issue")?;
        tx.execute(
            "INSERT INTO issues (repository_id, number, is_pr, title, state, author_identity_id,
                                 labels, created_at, updated_at, closed_at, merged_at)
             VALUES (?, ?, ?, ?, ?, ?, ?::VARCHAR[], ?, ?, ?, ?)",
            params![
                repository_id,
                issue.number,
                issue.is_pr,
                issue.title,
                issue.state,
                author,
                format!(
                    "[{}]",
                    issue
                        .labels
                        .iter()
                        .map(|t| format!("'{}'", t.replace('\'', "''")))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                issue.created_at,
                issue.updated_at,
                issue.closed_at,
                issue.merged_at
            ],
        )
        .during("storing an issue")?;
        summary.issues += 1;
        if let Some(author) = author {
            let kind = if issue.is_pr {
                "pr_opened"
            } else {
                "issue_opened"
            };
            activities.push((author, kind, issue.created_at, format!("#{}", issue.number)));
        }
    }
    for c in &data.comments {
        let author = people.id(tx, c.author.as_ref())?;
        let added = tx
            .execute(
                "INSERT INTO comments SELECT ?, ?, ?, ?, ?, ?
                 WHERE NOT EXISTS (SELECT 1 FROM comments
                                   WHERE repository_id = ? AND kind = ? AND id = ?)",
                params![
                    repository_id,
                    c.issue_number,
                    c.id,
                    c.kind,
                    author,
                    c.created_at,
                    repository_id,
                    c.kind,
                    c.id
                ],
            )
            .during("storing a comment")?;
        summary.added += added as u64;
        if let (Some(author), 1) = (author, added) {
            activities.push((
                author,
                "comment",
                c.created_at,
                format!("comment:{}:{}", c.kind, c.id),
            ));
        }
    }
    for r in &data.reviews {
        let author = people.id(tx, r.author.as_ref())?;
        let added = tx
            .execute(
                "INSERT INTO reviews SELECT ?, ?, ?, ?, ?, ?
                 WHERE NOT EXISTS (SELECT 1 FROM reviews WHERE repository_id = ? AND id = ?)",
                params![
                    repository_id,
                    r.issue_number,
                    r.id,
                    author,
                    r.state,
                    r.submitted_at,
                    repository_id,
                    r.id
                ],
            )
            .during("storing a review")?;
        summary.added += added as u64;
        if let (Some(author), 1) = (author, added) {
            activities.push((author, "review", r.submitted_at, format!("review:{}", r.id)));
        }
    }
    let pulls: HashMap<i64, bool> = {
        let mut stmt = tx
            .prepare("SELECT number, is_pr FROM issues WHERE repository_id = ?")
            .during("reading issues")?;
        let rows = stmt
            .query_map([repository_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .during("reading issues")?;
        rows.collect::<Result<_, _>>().during("reading issues")?
    };
    for e in &data.events {
        let actor = people.id(tx, e.actor.as_ref())?;
        let added = tx
            .execute(
                "INSERT INTO issue_events SELECT ?, ?, ?, ?, ?, ?
                 WHERE NOT EXISTS (SELECT 1 FROM issue_events WHERE repository_id = ? AND id = ?)",
                params![
                    repository_id,
                    e.id,
                    e.issue_number,
                    e.kind,
                    actor,
                    e.at,
                    repository_id,
                    e.id
                ],
            )
            .during("storing an issue event")?;
        summary.added += added as u64;
        let is_pr = pulls.get(&e.issue_number).copied().unwrap_or(false);
        let kind = match (e.kind.as_str(), is_pr) {
            ("merged", _) => Some("pr_merged"),
            ("closed", true) => Some("pr_closed"),
            ("closed", false) => Some("issue_closed"),
            _ => None,
        };
        if let (Some(actor), Some(kind), 1) = (actor, kind, added) {
            activities.push((actor, kind, e.at, format!("event:{}", e.id)));
        }
    }
    for r in &data.releases {
        let author = people.id(tx, r.author.as_ref())?;
        let added = tx
            .execute(
                "INSERT INTO releases SELECT ?, ?, ?, ?, ?, ?, ?
                 WHERE NOT EXISTS (SELECT 1 FROM releases WHERE repository_id = ? AND id = ?)",
                params![
                    repository_id,
                    r.id,
                    r.tag,
                    r.name,
                    author,
                    r.prerelease,
                    r.published_at,
                    repository_id,
                    r.id
                ],
            )
            .during("storing a release")?;
        summary.added += added as u64;
        if let (Some(author), 1) = (author, added) {
            activities.push((
                author,
                "release",
                r.published_at,
                format!("release:{}", r.id),
            ));
        }
    }
    for (identity, kind, at, reference) in &activities {
        // An issue read again (updated) keeps one opening activity.
        tx.execute(
            "DELETE FROM activities WHERE repository_id = ? AND kind = ? AND reference = ?",
            params![repository_id, kind, reference],
        )
        .during("replacing an activity")?;
        tx.execute(
            "INSERT INTO activities VALUES (?, ?, ?, ?, ?)",
            params![repository_id, identity, kind, at, reference],
        )
        .during("storing an activity")?;
    }
    summary.activities = activities.len() as u64;
    for (category, cursor) in &data.cursors {
        tx.execute(
            "INSERT OR REPLACE INTO ingest_cursors VALUES (?, ?, ?, ?, ?)",
            params![data.source, repository_id, category, cursor, now],
        )
        .during("saving a cursor")?;
    }
    Ok(summary)
}

/// The repository's id, adding it if the store does not know it.
fn repository_id(tx: &Transaction<'_>, name: &str, now: NaiveDateTime) -> Result<i32, StoreError> {
    let found: Option<i32> = tx
        .query_row(
            "SELECT min(id) FROM repositories WHERE lower(name) = lower(?)",
            [name],
            |r| r.get(0),
        )
        .during("finding a repository")?;
    if let Some(id) = found {
        return Ok(id);
    }
    let id: i32 = tx
        .query_row(
            "SELECT coalesce(max(id), 0) + 1 FROM repositories",
            [],
            |r| r.get(0),
        )
        .during("numbering a repository")?;
    tx.execute(
        "INSERT INTO repositories (id, name, first_seen, platform) VALUES (?, ?, ?, 'github')",
        params![id, name, now],
    )
    .during("adding a repository")?;
    Ok(id)
}

/// Forge accounts as identities (`source = 'github'`, the login as name and
/// login, no e-mail); contributors are resolved after the run.
struct People {
    known: HashMap<String, i64>,
    next: i64,
}

impl People {
    fn read(tx: &Transaction<'_>) -> Result<Self, StoreError> {
        let mut stmt = tx
            .prepare(
                "SELECT login, id FROM identities WHERE source = 'github' AND login IS NOT NULL",
            )
            .during("reading forge identities")?;
        let known = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))
            .during("reading forge identities")?
            .collect::<Result<HashMap<_, _>, _>>()
            .during("reading forge identities")?;
        let next: i64 = tx
            .query_row("SELECT coalesce(max(id), 0) + 1 FROM identities", [], |r| {
                r.get(0)
            })
            .during("numbering identities")?;
        Ok(Self { known, next })
    }

    fn id(
        &mut self,
        tx: &Transaction<'_>,
        account: Option<&Account>,
    ) -> Result<Option<i64>, StoreError> {
        let Some(account) = account else {
            return Ok(None);
        };
        if let Some(id) = self.known.get(&account.login) {
            return Ok(Some(*id));
        }
        let id = self.next;
        self.next += 1;
        // Until resolution, each new identity is its own contributor.
        tx.execute(
            "INSERT INTO identities (id, source, email, name, contributor_id, login)
             VALUES (?, 'github', '', ?, ?, ?)",
            params![id, account.login, id, account.login],
        )
        .during("adding a forge identity")?;
        tx.execute(
            "INSERT INTO contributors (id, display_name, primary_email, is_bot)
             SELECT ?, ?, NULL, ? WHERE NOT EXISTS (SELECT 1 FROM contributors WHERE id = ?)",
            params![id, account.login, account.is_bot, id],
        )
        .during("adding a forge contributor")?;
        self.known.insert(account.login.clone(), id);
        Ok(Some(id))
    }
}
