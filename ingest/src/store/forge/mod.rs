//! Storing what forge sources read: repositories' metadata, issues and pull
//! requests (replacing their earlier version, with their assignees and the
//! forge's count of their comments), comments, reviews, events and releases
//! (each once), the activities they stand for, and the cursors the next run
//! resumes from, all in one transaction.
//!
//! [`Store::load_forge_many`] stores many repositories at once (an archive's
//! hour names thousands), table by table rather than repository by
//! repository: `gather` puts the batch's rows in staging columns (handed to
//! DuckDB as temporary tables by `store::staging`), `tables` holds the
//! set-based statements that compare them with what is stored and write
//! what is new, `write` runs them in order, and `repositories` finds the
//! repositories' ids, their metadata and cursors.

mod gather;
mod repositories;
mod tables;
mod write;

use std::collections::HashMap;

use duckdb::params;

use super::Store;
use crate::error::{DbContext, StoreError};
use crate::forge::RepositoryData;
use gather::Entry;

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
    /// archive's hour names thousands of them: one write to disk, and each
    /// table written once for all of them), each as [`Store::load_forge`]
    /// would; the summaries are in the same order.
    pub fn load_forge_many(
        &mut self,
        repositories: &[(&str, &RepositoryData)],
    ) -> Result<Vec<ForgeSummary>, StoreError> {
        let tx = self.conn.transaction().during("starting a forge load")?;
        let now = super::now();
        let names: Vec<(&str, &'static str)> = repositories
            .iter()
            .map(|(name, data)| (*name, platform_of(&data.source)))
            .collect();
        let ids = repositories::ids(&tx, &names, now)?;
        let mut summaries = vec![ForgeSummary::default(); repositories.len()];
        let mut entries = Vec::with_capacity(repositories.len());
        for (((_, data), (_, platform)), (id, summary)) in repositories
            .iter()
            .zip(&names)
            .zip(ids.into_iter().zip(summaries.iter_mut()))
        {
            if let Some(meta) = &data.meta {
                summary.described = repositories::describe(&tx, id, platform, meta)?;
            }
            entries.push(Entry {
                repository_id: id,
                platform,
                data,
            });
        }
        write::write(&tx, gather::gather(&entries), &mut summaries)?;
        // Only the listing's metadata of an unchanged repository: nothing
        // else was read, its cursors stay.
        for entry in entries.iter().filter(|e| !e.data.unchanged) {
            let data = entry.data;
            repositories::save_cursors(&tx, &data.source, entry.repository_id, &data.cursors, now)?;
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

/// The platform a source's name stands for (`gitlab:<api>` or `github:<api>`).
fn platform_of(source: &str) -> &'static str {
    if source.starts_with("gitlab:") {
        "gitlab"
    } else {
        "github"
    }
}
