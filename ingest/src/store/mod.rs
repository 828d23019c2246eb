//! The DuckDB store: one file, one writer.
//!
//! [`Store::open`] creates the file if needed and brings its schema up to date
//! with the numbered migrations under `migrations/`. Each repository's commits
//! are written in one transaction, so a crash leaves either all of them or
//! none, and loading the same history twice adds nothing.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{NaiveDateTime, Utc};
use duckdb::{params, Connection};

use crate::error::{DbContext, StoreError};
use crate::git::Commit;
use crate::identity::Identities;

/// The migrations, in order; the number is the schema version each one makes.
const MIGRATIONS: &[(i64, &str)] = &[(1, include_str!("migrations/001_initial.sql"))];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// An open Vigie database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// What loading one repository's commits changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadSummary {
    /// Commits read from the source.
    pub commits_read: u64,
    /// Commits not stored before.
    pub commits_added: u64,
    /// Activities added (authors and co-authors of the new commits).
    pub activities_added: u64,
    /// Contributors seen for the first time.
    pub contributors_added: u64,
}

impl Store {
    /// Opens (or creates) the database file and applies pending migrations.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|source| StoreError::Folder {
                path: folder.to_owned(),
                source,
            })?;
        }
        let conn = Connection::open(path).during("opening the database")?;
        let mut store = Self {
            conn,
            path: path.to_owned(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The underlying connection, for readers such as the metrics crate.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row(
                "SELECT coalesce(max(version), 0) FROM schema_migrations",
                [],
                |r| r.get(0),
            )
            .during("reading the schema version")
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        self.conn
            .execute_batch(
                "CREATE TABLE IF NOT EXISTS schema_migrations (
                     version BIGINT PRIMARY KEY, applied_at TIMESTAMP NOT NULL)",
            )
            .during("preparing migrations")?;
        let current = self.schema_version()?;
        if current > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: current,
                known: SCHEMA_VERSION,
            });
        }
        for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
            let tx = self.conn.transaction().during("starting a migration")?;
            tx.execute_batch(sql).during("applying a migration")?;
            tx.execute(
                "INSERT INTO schema_migrations VALUES (?, ?)",
                params![version, now()],
            )
            .during("recording a migration")?;
            tx.commit().during("committing a migration")?;
        }
        Ok(())
    }

    /// A number that changes whenever stored activity changes.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        data_version(&self.conn)
    }

    /// The identities and contributors stored so far.
    pub fn identities(&self) -> Result<Identities, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, email, name, contributor_id FROM identities WHERE source = 'git'")
            .during("reading identities")?;
        let identities = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .during("reading identities")?
            .collect::<Result<Vec<_>, _>>()
            .during("reading identities")?;
        let mut stmt = self
            .conn
            .prepare("SELECT id, coalesce(primary_email, '') FROM contributors")
            .during("reading contributors")?;
        let contributors = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .during("reading contributors")?
            .collect::<Result<Vec<_>, _>>()
            .during("reading contributors")?;
        Ok(Identities::new(identities, contributors))
    }

    /// Records the start of an ingest run and returns its id.
    pub fn begin_run(&self) -> Result<i64, StoreError> {
        let id: i64 = self
            .conn
            .query_row(
                "SELECT coalesce(max(id), 0) + 1 FROM ingest_runs",
                [],
                |r| r.get(0),
            )
            .during("numbering the run")?;
        self.conn
            .execute(
                "INSERT INTO ingest_runs (id, started_at, status) VALUES (?, ?, 'running')",
                params![id, now()],
            )
            .during("recording the run")?;
        Ok(id)
    }

    /// Records a source's failure during a run.
    pub fn record_error(&self, run: i64, source: &str, message: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO ingest_errors VALUES (?, ?, ?, ?)",
                params![run, source, message, now()],
            )
            .during("recording an error")?;
        Ok(())
    }

    /// Records the end of a run with what it added and how many sources failed.
    pub fn finish_run(&self, run: i64, items_added: u64, errors: u32) -> Result<(), StoreError> {
        let status = if errors == 0 {
            "ok"
        } else if items_added > 0 {
            "partial"
        } else {
            "failed"
        };
        self.conn
            .execute(
                "UPDATE ingest_runs SET finished_at = ?, status = ?, items_added = ?, errors = ?
                 WHERE id = ?",
                params![now(), status, items_added as i64, errors, run],
            )
            .during("closing the run")?;
        Ok(())
    }

    /// Stores a repository's commits (and their authors' activities) in one
    /// transaction. Commits already stored for this repository are skipped.
    ///
    /// `identities` must come from [`Store::identities`] of this store; it is
    /// updated with the contributors this call creates.
    pub fn load_commits(
        &mut self,
        repository: &str,
        url: Option<&str>,
        commits: &[Commit],
        identities: &mut Identities,
    ) -> Result<LoadSummary, StoreError> {
        let tx = self.conn.transaction().during("starting a load")?;
        let repository_id = repository_id(&tx, repository, url)?;
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
            commits_read: commits.len() as u64,
            ..LoadSummary::default()
        };
        let mut seen_now = HashSet::new();
        {
            let mut commit_rows = tx.appender("commits").during("appending commits")?;
            let mut activity_rows = tx.appender("activities").during("appending activities")?;
            for commit in commits {
                if known.contains(&commit.sha) || !seen_now.insert(commit.sha.as_str()) {
                    continue;
                }
                let author = identities.resolve(&commit.author);
                let committer = identities.resolve(&commit.committer);
                let authored_at = commit.authored_at.naive_utc();
                commit_rows
                    .append_row(params![
                        repository_id,
                        commit.sha,
                        commit.parents.join(" "),
                        author.identity_id,
                        committer.identity_id,
                        authored_at,
                        (commit.authored_at.offset().local_minus_utc() / 60) as i16,
                        commit.committed_at.naive_utc(),
                        commit.is_merge(),
                        commit.files_changed,
                        commit.insertions as i64,
                        commit.deletions as i64,
                        commit.message.lines().next().unwrap_or_default(),
                    ])
                    .during("appending commits")?;
                summary.commits_added += 1;

                let mut credited = vec![author.contributor_id];
                for co in &commit.co_authors {
                    let c = identities.resolve(co).contributor_id;
                    if !credited.contains(&c) {
                        credited.push(c);
                    }
                }
                for contributor in credited {
                    activity_rows
                        .append_row(params![
                            repository_id,
                            contributor,
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

        let (new_identities, new_contributors) = identities.take_new();
        summary.contributors_added = new_contributors.len() as u64;
        {
            let mut rows = tx
                .appender("contributors")
                .during("appending contributors")?;
            for c in &new_contributors {
                rows.append_row(params![c.id, c.display_name, c.primary_email, c.is_bot])
                    .during("appending contributors")?;
            }
            rows.flush().during("appending contributors")?;
            let mut rows = tx.appender("identities").during("appending identities")?;
            for i in &new_identities {
                rows.append_row(params![i.id, i.source, i.email, i.name, i.contributor_id])
                    .during("appending identities")?;
            }
            rows.flush().during("appending identities")?;
        }
        if summary.commits_added > 0 {
            tx.execute_batch("UPDATE data_version SET version = version + 1")
                .during("bumping the data version")?;
        }
        tx.commit().during("committing a load")?;
        Ok(summary)
    }
}

/// The data version of any connection to a Vigie database.
pub fn data_version(conn: &Connection) -> Result<i64, StoreError> {
    conn.query_row("SELECT version FROM data_version", [], |r| r.get(0))
        .during("reading the data version")
}

fn repository_id(conn: &Connection, name: &str, url: Option<&str>) -> Result<i32, StoreError> {
    let found: Option<i32> = conn
        .query_row("SELECT id FROM repositories WHERE name = ?", [name], |r| {
            r.get(0)
        })
        .map(Some)
        .or_else(|e| match e {
            duckdb::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })
        .during("looking up a repository")?;
    if let Some(id) = found {
        if url.is_some() {
            conn.execute(
                "UPDATE repositories SET url = ? WHERE id = ?",
                params![url, id],
            )
            .during("updating a repository")?;
        }
        return Ok(id);
    }
    conn.query_row(
        "INSERT INTO repositories (id, name, url, first_seen)
         SELECT coalesce(max(id), 0) + 1, ?, ?, ? FROM repositories RETURNING id",
        params![name, url, now()],
        |r| r.get(0),
    )
    .during("adding a repository")
}

fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

#[cfg(test)]
mod tests;
