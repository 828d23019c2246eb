//! Vigie's ingest: sources, their connectors, identity resolution and the
//! DuckDB store they fill.
//!
//! - [`config::SourceConfig`] says where activity comes from (`vigie.toml`).
//! - [`git::GitConnector`] reads a repository's history (by URL, local path
//!   or Perceval git-log file) with [`git::GitLogParser`].
//! - [`identity::Identities`] gives raw identities ids; [`identity::resolve()`]
//!   merges them into contributors (e-mail, GitHub login, `.mailmap`, the
//!   identities file), [`identity::BotRules`] flags bots.
//! - [`affiliation::Affiliations`] maps e-mail domains to organisations.
//! - [`store::Store`] owns the schema, its migrations and idempotent,
//!   incremental, crash-safe loads, and the reads the metrics build their
//!   frames from ([`store::activities`], [`store::items`],
//!   [`store::repositories`]).
//! - [`gharchive`] reads GH Archive's hourly event files into the same
//!   forge rows as the GitHub source.
//! - [`estate`] reads what each repository is made of (the tip of its
//!   default branch, its refs): poms, licences, community files.
//! - [`run::ingest`] runs every configured source, reading on one thread and
//!   storing on another, one failure never stopping the others.
//! - [`testdata::shared_data`] finds the real data tests and benchmarks use.

// Every public item says what it is: the crate is read from its docs.
#![warn(missing_docs)]

pub mod affiliation;
pub mod config;
pub mod error;
pub mod estate;
pub mod forge;
pub mod ggi;
pub mod gharchive;
pub mod git;
pub mod identity;
mod read;
pub mod run;
pub mod store;
pub mod testdata;

pub use config::{
    EstateConfig, GharchiveSource, GitlabSource, IdentityConfig, SourceConfig, StoreConfig,
};
pub use error::{ConfigError, ParseError, SourceError, StoreError};
pub use run::{ingest, ingest_until, IngestReport, Progress};
pub use store::Store;
