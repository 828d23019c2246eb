//! Errors of the metrics crate.

/// A metric could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum MetricsError {
    /// The store could not be read (its readers are `vigie_ingest::store`'s).
    #[error("cannot read the store: {0}")]
    Read(#[from] vigie_ingest::StoreError),
    /// A lake (docs/scale.md) could not be read: what and where.
    #[error("cannot read the lake: {0}")]
    Lake(String),
    /// polars failed.
    #[error("metric computation failed: {0}")]
    Polars(#[from] polars::prelude::PolarsError),
}
