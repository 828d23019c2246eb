//! Vigie's ingest: sources, their connectors, identity resolution and the
//! DuckDB store they fill.
//!
//! - [`config::SourceConfig`] says where activity comes from (`vigie.toml`).
//! - [`git::GitConnector`] reads a repository's history (by URL, local path
//!   or Perceval git-log file) with [`git::GitLogParser`].
//! - [`identity::Identities`] merges raw identities into contributors.
//! - [`store::Store`] owns the schema, its migrations and idempotent loads.
//! - [`run::ingest`] runs every configured source, one failure never
//!   stopping the others.

pub mod affiliation;
pub mod config;
pub mod error;
pub mod git;
pub mod identity;
mod read;
pub mod run;
pub mod store;
pub mod testdata;

pub use config::{IdentityConfig, SourceConfig, StoreConfig};
pub use error::{ConfigError, ParseError, SourceError, StoreError};
pub use run::{ingest, IngestReport, Progress};
pub use store::Store;
