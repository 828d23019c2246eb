//! The forge items frame: issues and pull (or merge) requests, read from the
//! store's `issues` table, for the metrics that need forge data (DESIGN.md
//! definitions 9 to 11). Where the scope has no such item stored, those
//! metrics say so ([`ForgeData::Missing`]) rather than report a wrong zero.

use duckdb::arrow::array::AsArray;
use duckdb::arrow::datatypes::{Int32Type, Int64Type};
use duckdb::Connection;
use polars::prelude::*;

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

/// Reads every stored issue and pull request with its author's contributor.
pub fn load(conn: &Connection) -> Result<DataFrame, MetricsError> {
    let mut stmt = conn.prepare(
        "SELECT i.repository_id, i.number, i.is_pr, d.contributor_id,
                coalesce(c.is_bot, false), epoch_us(i.created_at), epoch_us(i.closed_at),
                epoch_us(i.merged_at), epoch_us(i.first_response_at)
         FROM issues i
         LEFT JOIN identities d ON d.id = i.author_identity_id
         LEFT JOIN contributors c ON c.id = d.contributor_id",
    )?;
    let mut repository = Vec::new();
    let mut number = Vec::new();
    let mut is_pr = Vec::new();
    let mut author: Vec<Option<i64>> = Vec::new();
    let mut is_bot = Vec::new();
    let mut times: [Vec<Option<i64>>; 4] = Default::default();
    for batch in stmt.query_arrow([])? {
        let repos = batch
            .column(0)
            .as_primitive_opt::<Int32Type>()
            .ok_or(MetricsError::Column(columns::REPOSITORY))?;
        repository.extend_from_slice(repos.values());
        let numbers = batch
            .column(1)
            .as_primitive_opt::<Int64Type>()
            .ok_or(MetricsError::Column(columns::NUMBER))?;
        number.extend_from_slice(numbers.values());
        let prs = batch
            .column(2)
            .as_boolean_opt()
            .ok_or(MetricsError::Column(columns::IS_PR))?;
        is_pr.extend(prs.values().iter());
        let authors = batch
            .column(3)
            .as_primitive_opt::<Int64Type>()
            .ok_or(MetricsError::Column(columns::AUTHOR))?;
        author.extend(authors.iter());
        let bots = batch
            .column(4)
            .as_boolean_opt()
            .ok_or(MetricsError::Column(columns::IS_BOT))?;
        is_bot.extend(bots.values().iter());
        const TIMES: [&str; 4] = [
            columns::CREATED,
            columns::CLOSED,
            columns::MERGED,
            columns::FIRST_RESPONSE,
        ];
        for (i, out) in times.iter_mut().enumerate() {
            let column = batch
                .column(5 + i)
                .as_primitive_opt::<Int64Type>()
                .ok_or(MetricsError::Column(TIMES[i]))?;
            out.extend(column.iter());
        }
    }
    let [created, closed, merged, response] = times;
    frame(Items {
        repository,
        number,
        is_pr,
        author,
        is_bot,
        created: created.into_iter().map(Option::unwrap_or_default).collect(),
        closed,
        merged,
        first_response: response,
    })
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
