//! The DuckDB store: one file, one writer.
//!
//! [`Store::open`] creates the file if needed and brings its schema up to date
//! with the numbered migrations under `migrations/`. A load's commits (one
//! repository's, or a batch of small repositories') are written in one
//! transaction, so a crash leaves either all of them or none, and loading the
//! same history twice adds nothing.

pub mod activities;
pub mod backup;
mod behaviour;
mod contributors;
mod estate;
mod forge;
mod freshness;
mod ggi;
mod gharchive_hours;
pub mod items;
pub mod lake;
pub mod lake_figures;
mod licence_headers;
mod load;
mod people;
pub mod repositories;
mod runs;
mod staging;

use std::path::{Path, PathBuf};

use chrono::{NaiveDateTime, Utc};
use duckdb::{params, Connection};

use crate::error::{DbContext, StoreError};
use crate::identity::Identities;

pub use behaviour::BotSuggestion;
pub use contributors::ResolveSummary;
pub use estate::{DependencyRecord, ModuleRecord, RefRecord, TipFileRecord, TipRecord};
pub use forge::ForgeSummary;
pub use freshness::{FreshnessRecord, FreshnessStatus};
pub use ggi::{MeasureRecord, MergedChangeRecord};
pub use gharchive_hours::StoredHour;
pub use licence_headers::LicenceHeaders;
pub use load::{Cursor, RepositoryLoad};
pub use people::{BotRecord, ContributorRecord, IdentityRecord};
pub use runs::{ErrorRecord, RunRecord, RunTotals, SourceRecord};

/// The migrations, in order; the number is the schema version each one makes.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("migrations/001_initial.sql")),
    (2, include_str!("migrations/002_resolved_contributors.sql")),
    (3, include_str!("migrations/003_forge.sql")),
    (4, include_str!("migrations/004_issue_events.sql")),
    (5, include_str!("migrations/005_newcomer_items.sql")),
    (6, include_str!("migrations/006_gitlab_numbers.sql")),
    (7, include_str!("migrations/007_forge_bots.sql")),
    (8, include_str!("migrations/008_identity_rules.sql")),
    (9, include_str!("migrations/009_estate.sql")),
    (10, include_str!("migrations/010_maven_freshness.sql")),
    (11, include_str!("migrations/011_repository_homepage.sql")),
    (12, include_str!("migrations/012_ggi.sql")),
    (13, include_str!("migrations/013_licence_headers.sql")),
    (14, include_str!("migrations/014_issue_assignees.sql")),
    (15, include_str!("migrations/015_gharchive_hours.sql")),
    (16, include_str!("migrations/016_lake_figures.sql")),
];

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
    /// Identities seen for the first time.
    pub identities_added: u64,
    /// The source had not changed since the last run: nothing was read.
    pub unchanged: bool,
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
        if !path.exists() {
            Self::create(path)?;
        }
        let conn = Connection::open(path).map_err(|source| {
            let message = source.to_string();
            match message.find("Conflicting lock is held in ") {
                Some(at) if message.contains("Could not set lock") => StoreError::Locked {
                    path: path.to_owned(),
                    // "…/vigie (PID 123). See also https://…": the program and PID.
                    holder: {
                        let rest = &message[at + "Conflicting lock is held in ".len()..];
                        let end = rest.find(')').map_or(rest.len(), |i| i + 1);
                        rest[..end].trim().to_owned()
                    },
                },
                _ if message.contains("not a valid DuckDB database file")
                    || message.contains("database file is corrupt")
                    || message.contains("Corrupt database file") =>
                {
                    StoreError::Damaged {
                        path: path.to_owned(),
                        detail: first_line(&message),
                    }
                }
                _ if message.contains("Permission denied")
                    || message.contains("Is a directory")
                    || message.contains("Cannot open file") =>
                {
                    StoreError::Unreadable {
                        path: path.to_owned(),
                        detail: first_line(&message),
                    }
                }
                _ => StoreError::Database {
                    action: "opening the database",
                    source,
                },
            }
        })?;
        let mut store = Self {
            conn,
            path: path.to_owned(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Makes a new database under a temporary name and renames it into
    /// place once complete: a process killed while DuckDB writes a new file's
    /// header would otherwise leave a file DuckDB refuses to open.
    fn create(path: &Path) -> Result<(), StoreError> {
        let mut partial = path.as_os_str().to_owned();
        partial.push(".creating");
        let partial = PathBuf::from(partial);
        let mut partial_wal = partial.as_os_str().to_owned();
        partial_wal.push(".wal");
        let file_err = |source| StoreError::File {
            path: partial.clone(),
            source,
        };
        for stale in [&partial, &PathBuf::from(&partial_wal)] {
            match std::fs::remove_file(stale) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(file_err(e)),
                _ => {}
            }
        }
        let mut store = Self {
            conn: Connection::open(&partial).during("creating the database")?,
            path: partial.clone(),
        };
        store.migrate()?;
        // Closing checkpoints everything into the file itself.
        drop(store);
        std::fs::rename(&partial, path).map_err(file_err)
    }

    /// A second connection to the same open database, for a writer beside
    /// readers in one process: each sees the other's committed
    /// transactions only.
    pub fn try_clone(&self) -> Result<Self, StoreError> {
        Ok(Self {
            conn: self
                .conn
                .try_clone()
                .during("opening a second connection")?,
            path: self.path.clone(),
        })
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
        // Every migration not applied yet, in order: not only those above
        // the highest applied (a store may have been brought to a later
        // version by a build that did not list an earlier one).
        let applied: std::collections::HashSet<i64> = {
            let mut statement = self
                .conn
                .prepare("SELECT version FROM schema_migrations")
                .during("reading the migrations applied")?;
            let rows = statement
                .query_map([], |r| r.get(0))
                .during("reading the migrations applied")?;
            rows.collect::<Result<_, _>>()
                .during("reading the migrations applied")?
        };
        for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| !applied.contains(v)) {
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
        self.conn
            .query_row("SELECT version FROM data_version", [], |r| r.get(0))
            .during("reading the data version")
    }

    /// The git identities stored so far, to hand out ids for new ones. New
    /// ids follow every stored identity, forge accounts included: they
    /// share the table's one id sequence.
    pub fn identities(&self) -> Result<Identities, StoreError> {
        let last: i64 = self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM identities", [], |r| {
                r.get(0)
            })
            .during("reading identities")?;
        let mut stmt = self
            .conn
            .prepare("SELECT id, email, name FROM identities WHERE source = 'git'")
            .during("reading identities")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .during("reading identities")?
            .collect::<Result<Vec<_>, _>>()
            .during("reading identities")?;
        Ok(Identities::new(rows).numbering_after(last))
    }

    /// Reads every row of every table once (every column, not only the
    /// metadata), so that a damaged block is found before a run writes
    /// anything; a damaged store fails with [`StoreError::DamagedBlock`].
    /// 0.03 s on a million activities (`scripts/bench-dashboard.sh`).
    pub fn verify(&self) -> Result<(), StoreError> {
        let tables: Vec<String> = self
            .conn
            .prepare(
                "SELECT table_name FROM information_schema.tables
                 WHERE table_schema = 'main' AND table_type = 'BASE TABLE'
                 ORDER BY table_name",
            )
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .during("checking the database")?;
        for table in tables {
            // The name comes from the catalogue; quoted all the same.
            let quoted = table.replace('"', "\"\"");
            self.conn
                .query_row(
                    &format!("SELECT bit_xor(hash(t)) FROM \"{quoted}\" t"),
                    [],
                    |r| r.get::<_, Option<u64>>(0),
                )
                .during("checking the database")?;
        }
        Ok(())
    }

    /// Records the start of an ingest run and returns its id. Runs still
    /// marked running belong to a process that was killed (the database
    /// has one writer): they are marked interrupted; what their committed
    /// transactions stored is kept, and the next run reads on from there.
    pub fn begin_run(&self) -> Result<i64, StoreError> {
        self.conn
            .execute(
                "UPDATE ingest_runs SET status = 'interrupted' WHERE status = 'running'",
                [],
            )
            .during("closing interrupted runs")?;
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

    /// Closes the runs still marked running with `status` (`failed`: a
    /// run of this process that ended with an error before recording its
    /// end; there is one writer, so no other process has one open).
    pub fn close_open_runs(&self, status: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE ingest_runs SET status = ?, finished_at = ? WHERE status = 'running'",
                params![status, now()],
            )
            .during("closing a failed run")?;
        Ok(())
    }

    /// Records a source's failure during a run. Errors are shown on the
    /// open Sources page: credentials in URLs and e-mail addresses are
    /// masked first ([`redact`]).
    pub fn record_error(&self, run: i64, source: &str, message: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO ingest_errors VALUES (?, ?, ?, ?)",
                params![run, redact(source), redact(message), now()],
            )
            .during("recording an error")?;
        Ok(())
    }

    /// Records the end of a run with what it added and how many sources
    /// failed; `stopped` when it was asked to stop before the end.
    pub fn finish_run(
        &self,
        run: i64,
        items_added: u64,
        errors: u32,
        stopped: bool,
    ) -> Result<(), StoreError> {
        let status = if stopped {
            "stopped"
        } else if errors == 0 {
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
}

/// `text` with the credentials of URLs (`https://user:token@host`) and
/// e-mail addresses masked: what may be shown to anyone.
pub fn redact(text: &str) -> String {
    static CREDENTIALS: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    static ADDRESSES: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let credentials =
        CREDENTIALS.get_or_init(|| regex::Regex::new(r"://[^/\s@]+@").expect("a valid pattern"));
    let addresses = ADDRESSES.get_or_init(|| {
        regex::Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
            .expect("a valid pattern")
    });
    let text = credentials.replace_all(text, "://…@");
    addresses.replace_all(&text, "[address]").into_owned()
}

/// The first line of an error message, without DuckDB's duplicated tail.
fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or_default().trim().to_owned()
}

fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

#[cfg(test)]
mod tests;
