//! Typed errors of the ingest crate. Messages say what went wrong and where
//! (file, line, commit, source), and never carry a token.

use std::path::PathBuf;

/// A git log that cannot be read or parsed.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// The stream itself failed (a truncated gzip member, a read error).
    #[error("cannot read line {line}: {source}")]
    Io {
        /// The line being read.
        line: u64,
        /// What the reader reported.
        source: std::io::Error,
    },
    /// The text is not a git log of the expected format.
    #[error("line {line}{}: {reason}", commit.as_ref().map(|c| format!(" (commit {c})")).unwrap_or_default())]
    Malformed {
        /// The line where the problem was noticed.
        line: u64,
        /// The commit being read, if one had started.
        commit: Option<String>,
        /// What is wrong.
        reason: String,
    },
}

/// A configuration file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read the configuration file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML, or a key is unknown or of the wrong type.
    #[error("invalid configuration in {path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The key and the reason, as the TOML parser reports them.
        message: String,
    },
}

/// A failure of the DuckDB store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// DuckDB reported an error.
    #[error("database error while {action}: {source}")]
    Database {
        /// What the store was doing.
        action: &'static str,
        /// DuckDB's error.
        source: duckdb::Error,
    },
    /// The folder for the database file cannot be made.
    #[error("cannot create the folder for the database {path}: {source}")]
    Folder {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A new database file cannot be put in place.
    #[error("cannot create the database file {path}: {source}")]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Another process holds the database (DuckDB allows one writing
    /// process).
    #[error(
        "the database {path} is in use by another process ({holder}); DuckDB allows one \
         process at a time. If it is `vigie serve`, it ingests on its own schedule \
         ([schedule] every) and an administrator can start a run at once with \
         “Refresh now” on the Sources page; otherwise stop that process and run this \
         command again"
    )]
    Locked {
        /// The database file.
        path: PathBuf,
        /// Who holds it, as DuckDB says (its program and PID).
        holder: String,
    },
    /// The disk is full (or the file size limit reached): the transaction
    /// being written was rolled back.
    #[error(
        "the disk holding the database is full (while {action}), or the database reached \
         the largest file allowed: the batch being written was rolled back and what was \
         stored before is intact; free some space and run again"
    )]
    DiskFull {
        /// What the store was doing.
        action: &'static str,
    },
    /// The file is not a DuckDB database, or is damaged.
    #[error(
        "{path} is not a Vigie database or is damaged ({detail}); nothing was written to it. \
         Restore a backup with `vigie import`, or move the file away to start afresh"
    )]
    Damaged {
        /// The database file.
        path: PathBuf,
        /// What DuckDB said.
        detail: String,
    },
    /// A folder imported with `vigie import` is a database export, but not
    /// of a Vigie store (no schema version), or of one the store cannot
    /// bring up to date.
    #[error("{folder} is not an export of a Vigie store ({detail}); nothing was imported")]
    NotAnExport {
        /// The export folder.
        folder: PathBuf,
        /// What is missing, or what the store said.
        detail: String,
    },
    /// A block of the database is damaged (found while reading it).
    #[error(
        "the database is damaged: a block could not be read while {action} ({detail}); \
         the run stopped before writing anything. Restore a backup with `vigie import`, \
         or move the file away to start afresh"
    )]
    DamagedBlock {
        /// What the store was doing.
        action: &'static str,
        /// What DuckDB said.
        detail: String,
    },
    /// A read returned a column of another type than the schema's, or a
    /// null where the schema has none (a database the build does not match).
    #[error("unexpected type for column `{column}` read from the store")]
    Column {
        /// The column.
        column: &'static str,
    },
    /// The file cannot be opened (permissions, a folder in its place).
    #[error("cannot open the database {path}: {detail}; nothing was written to it")]
    Unreadable {
        /// The database file.
        path: PathBuf,
        /// What DuckDB or the system said.
        detail: String,
    },
    /// The lake could not be written or its manifest read (a file, a
    /// folder, a manifest that is not one): what and where.
    #[error("{0}")]
    Lake(String),
    /// The database was written by a newer Vigie.
    #[error("the database {path} has schema version {found}, newer than this Vigie knows ({known}); upgrade Vigie")]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
}

/// Shorthand to attach what the store was doing to a DuckDB error.
pub(crate) trait DbContext<T> {
    fn during(self, action: &'static str) -> Result<T, StoreError>;
}

impl<T> DbContext<T> for Result<T, duckdb::Error> {
    fn during(self, action: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| {
            let message = source.to_string();
            if message.contains("No space left on device") || message.contains("File too large") {
                StoreError::DiskFull { action }
            } else if message.contains("Corrupt database file") {
                StoreError::DamagedBlock {
                    action,
                    detail: message.lines().next().unwrap_or_default().trim().to_owned(),
                }
            } else {
                StoreError::Database { action, source }
            }
        })
    }
}

/// A source that could not be ingested. Other sources go on.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// `git` could not be started or failed.
    #[error("git {action} failed for {source_name}: {detail}")]
    Git {
        /// The source, as the configuration names it.
        source_name: String,
        /// clone, fetch, log.
        action: &'static str,
        /// git's own message (its last lines of standard error).
        detail: String,
    },
    /// A file or folder of the source cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file recorded for the source (a refs listing) is not in the
    /// expected form.
    #[error("{path}: {reason}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Where and what.
        reason: String,
    },
    /// The git log is malformed; commits before the problem were stored.
    #[error("{path}: {error}")]
    Parse {
        /// The log file or repository.
        path: String,
        /// Where and what.
        error: ParseError,
    },
    /// The source was read, but not all of it.
    #[error("{source_name}: {what} ({detail})")]
    Degraded {
        /// The repository.
        source_name: String,
        /// What is missing, in words.
        what: String,
        /// Why, as git said it.
        detail: String,
    },
    /// A forge (GitHub, GitLab) could not be read; the message names the
    /// URL, and the token's environment variable if it was refused.
    #[error("{source_name}: {detail}")]
    Forge {
        /// The repository or organisation.
        source_name: String,
        /// What failed.
        detail: String,
    },
    /// Storing failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}
