//! The forge items frame: issues and pull (or merge) requests, read from the
//! store's `issues` table, for the metrics that need forge data (DESIGN.md
//! definitions 9 to 11). Where the scope has no such item stored, those
//! metrics say so ([`ForgeData::Missing`]) rather than report a wrong zero.

use duckdb::Connection;
use polars::prelude::*;
use vigie_ingest::store::items as store_items;

use crate::error::MetricsError;
use crate::params::Params;

/// Column names of the items frame.
pub mod columns {
    /// `i32`: the repository's id in the store.
    pub const REPOSITORY: &str = "repository_id";
    /// `i64`: the issue or pull request number.
    pub const NUMBER: &str = "number";
    /// `bool`: a pull or merge request (else an issue).
    pub const IS_PR: &str = "is_pr";
    /// `i64`, nullable: the author's contributor id (null: deleted account).
    pub const AUTHOR: &str = "author_id";
    /// `bool`: the author is a bot.
    pub const IS_BOT: &str = "is_bot";
    /// `datetime[μs]`: opened.
    pub const CREATED: &str = "created_at";
    /// `datetime[μs]`, nullable: closed (or merged).
    pub const CLOSED: &str = "closed_at";
    /// `datetime[μs]`, nullable: merged.
    pub const MERGED: &str = "merged_at";
    /// `datetime[μs]`, nullable: the first response by someone else who is
    /// not a bot (DESIGN.md definition 9).
    pub const FIRST_RESPONSE: &str = "first_response_at";
}

/// A forge metric's value, or the plain fact that the scope has no forge
/// data (no issue or pull request stored for its repositories).
#[derive(Debug, Clone, PartialEq)]
pub enum ForgeData<T> {
    /// Computed from the stored items.
    Available(T),
    /// No forge data for this scope: the dashboard says so instead of a zero.
    Missing,
}

impl<T> ForgeData<T> {
    /// The value, if there is forge data.
    pub fn available(&self) -> Option<&T> {
        match self {
            ForgeData::Available(v) => Some(v),
            ForgeData::Missing => None,
        }
    }
}

/// Reads every stored issue and pull request with its author's contributor
/// ([`vigie_ingest::store::items`]) into a frame.
pub fn load(conn: &Connection) -> Result<DataFrame, MetricsError> {
    let mut items = Items::default();
    store_items::read_batches(conn, |batch| -> Result<(), MetricsError> {
        items.repository.extend_from_slice(batch.repository);
        items.number.extend_from_slice(batch.number);
        items.is_pr.extend(batch.is_pr.values().iter());
        items.author.extend(batch.author.iter());
        items.is_bot.extend(batch.is_bot.values().iter());
        items
            .created
            .extend(batch.created_us.iter().map(Option::unwrap_or_default));
        items.closed.extend(batch.closed_us.iter());
        items.merged.extend(batch.merged_us.iter());
        items.first_response.extend(batch.first_response_us.iter());
        Ok(())
    })?;
    frame(items)
}

/// The columns of an items frame (times in microseconds since the epoch, UTC).
#[derive(Debug, Clone, Default)]
pub struct Items {
    /// See [`columns::REPOSITORY`].
    pub repository: Vec<i32>,
    /// See [`columns::NUMBER`].
    pub number: Vec<i64>,
    /// See [`columns::IS_PR`].
    pub is_pr: Vec<bool>,
    /// See [`columns::AUTHOR`].
    pub author: Vec<Option<i64>>,
    /// See [`columns::IS_BOT`].
    pub is_bot: Vec<bool>,
    /// See [`columns::CREATED`].
    pub created: Vec<i64>,
    /// See [`columns::CLOSED`].
    pub closed: Vec<Option<i64>>,
    /// See [`columns::MERGED`].
    pub merged: Vec<Option<i64>>,
    /// See [`columns::FIRST_RESPONSE`].
    pub first_response: Vec<Option<i64>>,
}

/// Builds an items frame; tests use it for small hand-computed frames.
pub fn frame(items: Items) -> Result<DataFrame, MetricsError> {
    let height = items.repository.len();
    let time = |name: &str, values: Vec<Option<i64>>| -> PolarsResult<Column> {
        Ok(Series::new(name.into(), values)
            .cast(&DataType::Datetime(TimeUnit::Microseconds, None))?
            .into())
    };
    Ok(DataFrame::new(
        height,
        vec![
            Column::new(columns::REPOSITORY.into(), items.repository),
            Column::new(columns::NUMBER.into(), items.number),
            Column::new(columns::IS_PR.into(), items.is_pr),
            Column::new(columns::AUTHOR.into(), items.author),
            Column::new(columns::IS_BOT.into(), items.is_bot),
            time(
                columns::CREATED,
                items.created.into_iter().map(Some).collect(),
            )?,
            time(columns::CLOSED, items.closed)?,
            time(columns::MERGED, items.merged)?,
            time(columns::FIRST_RESPONSE, items.first_response)?,
        ],
    )?)
}

/// The items in the scope of `params` (repositories; bots' items only if
/// asked), or `None` when the scope has no item at all: no forge data.
pub(crate) fn in_scope(items: &DataFrame, params: &Params) -> PolarsResult<Option<LazyFrame>> {
    let mut lf = items.clone().lazy();
    if let Some(repos) = &params.repositories {
        let wanted = Series::new("wanted".into(), repos.clone());
        lf = lf.filter(col(columns::REPOSITORY).is_in(lit(wanted).implode(false), false));
    }
    let any = lf
        .clone()
        .select([len().alias("n")])
        .collect()?
        .column("n")?
        .u32()?
        .get(0)
        .unwrap_or(0)
        > 0;
    if !any {
        return Ok(None);
    }
    if !params.include_bots {
        lf = lf.filter(col(columns::IS_BOT).not());
    }
    Ok(Some(lf))
}
