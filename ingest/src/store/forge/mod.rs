//! Storing what a forge source read of one repository: metadata, issues and
//! pull requests (replacing their earlier version, with their assignees and
//! the forge's count of their comments), comments, reviews, events and
//! releases (each once), the activities they stand for, and the cursors the
//! next run resumes from, all in one transaction.
//!
//! [`Store::load_forge`] runs the steps in order; `tables` has one writer
//! per table ([`tables::ForgeLoad`]), `rows` the multi-row inserts and the
//! forge accounts they name.

mod rows;
mod tables;

use std::collections::HashMap;

use chrono::NaiveDateTime;
use duckdb::{params, Transaction};

use super::Store;
use crate::error::{DbContext, StoreError};
use crate::forge::{RepositoryData, RepositoryMeta};
use rows::{list_literal, repository_id, Accounts};
use tables::ForgeLoad;

/// What storing one repository's forge data changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ForgeSummary {
    /// Issues and pull requests stored (new or updated).
    pub issues: u64,
    /// Comments, reviews, events and releases not stored before.
    pub added: u64,
    /// Activities added.
    pub activities: u64,
    /// The repository's language, licence or archived flag changed (what
    /// the dashboard shows of it).
    pub described: bool,
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
        let mut summaries = self.load_forge_many(&[(repository, data)])?;
        Ok(summaries.pop().unwrap_or_default())
    }

    /// Stores the forge data of several repositories in one transaction (an
    /// archive's hour names thousands of them: one write to disk, and the
    /// forge's accounts read once), each as [`Store::load_forge`] would.
    pub fn load_forge_many(
        &mut self,
        repositories: &[(&str, &RepositoryData)],
    ) -> Result<Vec<ForgeSummary>, StoreError> {
        let tx = self.conn.transaction().during("starting a forge load")?;
        let mut accounts: HashMap<&'static str, Accounts> = HashMap::new();
        let mut summaries = Vec::with_capacity(repositories.len());
        for (name, data) in repositories {
            let platform = platform_of(&data.source);
            let accounts = match accounts.entry(platform) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(Accounts::read(&tx, platform)?)
                }
            };
            summaries.push(load(&tx, name, data, accounts)?);
        }
        if summaries
            .iter()
            .any(|s| s.issues + s.added > 0 || s.described)
        {
            tx.execute_batch("UPDATE data_version SET version = version + 1")
                .during("bumping the data version")?;
        }
        tx.commit().during("committing a forge load")?;
        Ok(summaries)
    }

    /// Sets each issue's first response (the first comment, review, close or
    /// merge by someone other than its author who is not a bot) and whether
    /// it was its author's first contribution. Run after contributors are
    /// resolved (who is whom, who is a bot).
    pub fn update_first_responses(&mut self) -> Result<(), StoreError> {
        let during = "computing first responses and newcomers' items";
        let tx = self.conn.transaction().during(during)?;
        // Nothing to do without forge data (a git-only configuration).
        let issues: i64 = tx
            .query_row("SELECT count(*) FROM issues", [], |r| r.get(0))
            .during(during)?;
        if issues == 0 {
            return Ok(());
        }
        let changed = tx.execute(FIRST_RESPONSES, []).during(during)?
            + tx.execute(NEWCOMERS_ITEMS, []).during(during)?;
        // The dashboard caches by data version: a change must be seen.
        if changed > 0 {
            tx.execute_batch("UPDATE data_version SET version = version + 1")
                .during("bumping the data version")?;
        }
        tx.commit().during(during)
    }
}

/// Each issue's first response: the earliest comment, review, close or
/// merge by a contributor who is neither its author nor a bot.
const FIRST_RESPONSES: &str = "
    UPDATE issues SET first_response_at = r.t FROM (
        SELECT i.repository_id, i.number, i.is_pr, min(x.t) AS t
        FROM issues i
        JOIN (SELECT repository_id, issue_number, on_pr, author_identity_id AS who,
                     created_at AS t FROM comments
              UNION ALL
              SELECT repository_id, issue_number, true, author_identity_id,
                     submitted_at
              FROM reviews
              UNION ALL
              SELECT repository_id, issue_number, on_pr, actor_identity_id,
                     occurred_at
              FROM issue_events WHERE kind IN ('closed', 'merged')) x
          ON x.repository_id = i.repository_id AND x.issue_number = i.number
         AND (x.on_pr IS NULL OR x.on_pr = i.is_pr)
        JOIN identities xi ON xi.id = x.who
        JOIN contributors xc ON xc.id = xi.contributor_id
        LEFT JOIN identities ai ON ai.id = i.author_identity_id
        WHERE NOT xc.is_bot
          AND (ai.contributor_id IS NULL OR ai.contributor_id <> xi.contributor_id)
          AND x.t >= i.created_at
        GROUP BY ALL) r
    WHERE issues.repository_id = r.repository_id AND issues.number = r.number
      AND issues.is_pr = r.is_pr
      AND issues.first_response_at IS DISTINCT FROM r.t";

/// Whether each item was its author's first contribution (opened no later
/// than anything else the same contributor did).
const NEWCOMERS_ITEMS: &str = "
    UPDATE issues SET is_newcomer = f.first_at IS NULL OR issues.created_at <= f.first_at
    FROM (SELECT a.id AS identity_id, min(x.occurred_at) AS first_at
          FROM identities a
          JOIN identities same ON same.contributor_id = a.contributor_id
          LEFT JOIN activities x ON x.identity_id = same.id
          GROUP BY a.id) f
    WHERE f.identity_id = issues.author_identity_id
      AND issues.is_newcomer IS DISTINCT FROM
          (f.first_at IS NULL OR issues.created_at <= f.first_at)";

/// The steps of one repository's load, in the order the tables depend on
/// each other: the repository, its items (events look up whether their item
/// is a pull request), what happened on them, the activities, the cursors.
fn load(
    tx: &Transaction<'_>,
    name: &str,
    data: &RepositoryData,
    accounts: &mut Accounts,
) -> Result<ForgeSummary, StoreError> {
    let mut summary = ForgeSummary::default();
    let now = super::now();
    let platform = platform_of(&data.source);
    let repository_id = repository_id(tx, name, now, platform)?;
    if let Some(meta) = &data.meta {
        summary.described = describe(tx, repository_id, platform, meta)?;
    }
    if data.unchanged {
        // Only the listing's metadata: nothing else was read.
        return Ok(summary);
    }
    let mut load = ForgeLoad::new(tx, repository_id, platform, accounts);
    summary.issues = load.issues(&data.issues)?;
    summary.added += load.comments(&data.comments)?;
    summary.added += load.reviews(&data.reviews)?;
    summary.added += load.events(&data.events)?;
    summary.added += load.releases(&data.releases)?;
    summary.activities = load.activities()?;
    save_cursors(tx, &data.source, repository_id, &data.cursors, now)?;
    Ok(summary)
}

/// The platform a source's name stands for (`gitlab:<api>` or `github:<api>`).
fn platform_of(source: &str) -> &'static str {
    if source.starts_with("gitlab:") {
        "gitlab"
    } else {
        "github"
    }
}

/// Writes what the forge says of the repository; true when what the
/// dashboard shows of it (language, licence, archived, home page) changed.
fn describe(
    tx: &Transaction<'_>,
    repository_id: i32,
    platform: &str,
    meta: &RepositoryMeta,
) -> Result<bool, StoreError> {
    type Shown = (Option<String>, Option<String>, Option<bool>, Option<String>);
    let before: Shown = tx
        .query_row(
            "SELECT language, licence, archived, homepage FROM repositories WHERE id = ?",
            [repository_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .during("reading repository metadata")?;
    let described = before
        != (
            meta.language.clone(),
            meta.licence.clone(),
            Some(meta.archived),
            meta.homepage.clone(),
        );
    tx.execute(
        // The forge's word on the platform and web address wins over a
        // git clone's (`git`, `https://host/o/r.git`) when both read it.
        "UPDATE repositories
            SET platform = CASE WHEN coalesce(platform, 'git') = 'git' THEN ? ELSE platform END,
                url = coalesce(?, url),
                description = ?, language = ?, licence = ?, topics = ?::VARCHAR[],
                archived = ?, fork = ?, stars = ?, forks = ?, created_at = ?, pushed_at = ?,
                homepage = ?
         WHERE id = ?",
        params![
            platform,
            meta.url,
            meta.description,
            meta.language,
            meta.licence,
            list_literal(&meta.topics),
            meta.archived,
            meta.fork,
            meta.stars,
            meta.forks,
            meta.created_at,
            meta.pushed_at,
            meta.homepage,
            repository_id
        ],
    )
    .during("updating repository metadata")?;
    Ok(described)
}

/// Saves the cursors the next run resumes from, with the data they stand for.
fn save_cursors(
    tx: &Transaction<'_>,
    source: &str,
    repository_id: i32,
    cursors: &[(String, String)],
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    for (category, cursor) in cursors {
        tx.execute(
            "INSERT OR REPLACE INTO ingest_cursors VALUES (?, ?, ?, ?, ?)",
            params![source, repository_id, category, cursor, now],
        )
        .during("saving a cursor")?;
    }
    Ok(())
}
