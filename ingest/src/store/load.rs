//! Writing one repository's commits: one transaction with the commits, their
//! activities, new identities, the repository's `.mailmap`, the cursor the
//! next run resumes from, and the contributors resolved again if identities
//! changed. A crash leaves all of it or none.

use std::collections::HashSet;

use duckdb::params;

use super::{contributors, repository_id, LoadSummary, Store};
use crate::error::{DbContext, StoreError};
use crate::git::Commit;
use crate::identity::mailmap::MailmapEntry;
use crate::identity::{Identities, Rules};

/// Where a source resumes: stored with the data it describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The source (its URL or path).
    pub source: String,
    /// What was read (`commits`).
    pub category: &'static str,
    /// The position: for git, the ref tips read; for a file, its size and time.
    pub value: String,
}

/// One repository's new history.
#[derive(Debug, Clone)]
pub struct RepositoryLoad<'a> {
    /// `owner/name` or a folder name.
    pub repository: &'a str,
    /// Its URL, when it has one.
    pub url: Option<&'a str>,
    /// The commits read (already stored ones are skipped).
    pub commits: &'a [Commit],
    /// Whether the commits carry line stats (else they are stored as NULL).
    pub stats: bool,
    /// The repository's `.mailmap`, replacing the stored one, if read.
    pub mailmap: Option<Vec<MailmapEntry>>,
    /// Where the next run resumes, if the source has such a thing.
    pub cursor: Option<Cursor>,
}

impl Store {
    /// The stored cursor of a source's repository and category, if any.
    pub fn cursor(
        &self,
        source: &str,
        repository: &str,
        category: &str,
    ) -> Result<Option<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT k.cursor FROM ingest_cursors k JOIN repositories r ON r.id = k.repository_id
                 WHERE k.source = ? AND r.name = ? AND k.category = ?",
            )
            .during("reading a cursor")?;
        let mut rows = stmt
            .query_map(params![source, repository, category], |r| {
                r.get::<_, String>(0)
            })
            .during("reading a cursor")?;
        rows.next().transpose().during("reading a cursor")
    }

    /// Stores a repository's new commits in one transaction; commits already
    /// stored for the repository are skipped. `identities` must come from
    /// [`Store::identities`] of this store.
    pub fn load(
        &mut self,
        load: &RepositoryLoad<'_>,
        identities: &mut Identities,
        rules: &Rules,
    ) -> Result<LoadSummary, StoreError> {
        let tx = self.conn.transaction().during("starting a load")?;
        let repository_id = repository_id(&tx, load.repository, load.url)?;
        let known: HashSet<String> = {
            let mut stmt = tx
                .prepare("SELECT sha FROM commits WHERE repository_id = ?")
                .during("reading stored commits")?;
            let rows = stmt
                .query_map([repository_id], |r| r.get::<_, String>(0))
                .during("reading stored commits")?;
            rows.collect::<Result<_, _>>()
                .during("reading stored commits")?
        };

        let mut summary = LoadSummary {
            commits_read: load.commits.len() as u64,
            ..LoadSummary::default()
        };
        let mut seen_now = HashSet::new();
        {
            let mut commit_rows = tx.appender("commits").during("appending commits")?;
            let mut activity_rows = tx.appender("activities").during("appending activities")?;
            let stat = |v: u64| load.stats.then_some(v as i64);
            for commit in load.commits {
                if known.contains(&commit.sha) || !seen_now.insert(commit.sha.as_str()) {
                    continue;
                }
                let author = identities.id_of(&commit.author);
                let committer = identities.id_of(&commit.committer);
                let authored_at = commit.authored_at.naive_utc();
                commit_rows
                    .append_row(params![
                        repository_id,
                        commit.sha,
                        commit.parents.join(" "),
                        author,
                        committer,
                        authored_at,
                        (commit.authored_at.offset().local_minus_utc() / 60) as i16,
                        commit.committed_at.naive_utc(),
                        commit.is_merge(),
                        stat(commit.files_changed.into()),
                        stat(commit.insertions),
                        stat(commit.deletions),
                        stat(commit.renames.into()),
                        commit.message.lines().next().unwrap_or_default(),
                    ])
                    .during("appending commits")?;
                summary.commits_added += 1;

                // The author and each co-author are credited once per commit.
                let mut credited = vec![author];
                for co in &commit.co_authors {
                    let id = identities.id_of(co);
                    if !credited.contains(&id) {
                        credited.push(id);
                    }
                }
                for identity in credited {
                    activity_rows
                        .append_row(params![
                            repository_id,
                            identity,
                            "commit",
                            authored_at,
                            commit.sha
                        ])
                        .during("appending activities")?;
                    summary.activities_added += 1;
                }
            }
            commit_rows.flush().during("appending commits")?;
            activity_rows.flush().during("appending activities")?;
        }

        let new_identities = identities.take_new();
        summary.identities_added = new_identities.len() as u64;
        {
            // Each new identity is its own contributor until resolved below.
            let mut rows = tx.appender("identities").during("appending identities")?;
            for i in &new_identities {
                rows.append_row(params![
                    i.id,
                    i.source,
                    i.email,
                    i.name,
                    i.id,
                    None::<String>
                ])
                .during("appending identities")?;
            }
            rows.flush().during("appending identities")?;
        }
        let mailmap_changed = match &load.mailmap {
            Some(entries) => contributors::replace_mailmap(&tx, repository_id, entries)?,
            None => false,
        };
        if let Some(cursor) = &load.cursor {
            tx.execute(
                "INSERT OR REPLACE INTO ingest_cursors VALUES (?, ?, ?, ?, ?)",
                params![
                    cursor.source,
                    repository_id,
                    cursor.category,
                    cursor.value,
                    super::now()
                ],
            )
            .during("saving the cursor")?;
        }
        let resolved = if !new_identities.is_empty() || mailmap_changed {
            contributors::resolve_in(&tx, rules)?.changed
        } else {
            false
        };
        if summary.commits_added > 0 || resolved {
            tx.execute_batch("UPDATE data_version SET version = version + 1")
                .during("bumping the data version")?;
        }
        tx.commit().during("committing a load")?;
        Ok(summary)
    }
}
