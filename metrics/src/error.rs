//! Errors of the metrics crate.

/// A metric could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum MetricsError {
    /// The store could not be read.
    #[error("cannot read activities from the store: {0}")]
    Store(#[from] duckdb::Error),
    /// The store could not be read (its own readers, `vigie_ingest::store`).
    #[error("cannot read the store: {0}")]
    Read(#[from] vigie_ingest::StoreError),
    /// The store returned a column of an unexpected type (a schema mismatch).
    #[error("unexpected type for column `{0}` read from the store")]
    Column(&'static str),
    /// polars failed.
    #[error("metric computation failed: {0}")]
    Polars(#[from] polars::prelude::PolarsError),
}
