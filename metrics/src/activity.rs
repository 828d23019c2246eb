//! The activity frame every metric reads, loaded from the store.

use duckdb::arrow::array::{Array, AsArray};
use duckdb::arrow::datatypes::{Int32Type, Int64Type};
use duckdb::Connection;
use polars::prelude::*;

use crate::error::MetricsError;
use crate::params::Params;

/// Column names of the activity frame.
pub mod columns {
    /// `i32`: the repository's id in the store.
    pub const REPOSITORY: &str = "repository_id";
    /// `i64`: the merged contributor's id.
    pub const CONTRIBUTOR: &str = "contributor_id";
    /// `str`: `commit`, `pr_opened`, ... (DESIGN.md, Store).
    pub const KIND: &str = "kind";
    /// `datetime[μs]`, UTC: when it happened.
    pub const AT: &str = "at";
    /// `bool`: the contributor is a bot.
    pub const IS_BOT: &str = "is_bot";
}

/// Reads every activity, with its (resolved) contributor and their bot
/// flag, into a frame.
///
/// DuckDB hands the rows over as Arrow batches, whose buffers are copied
/// column by column into polars (no per-row work).
pub fn load(conn: &Connection) -> Result<DataFrame, MetricsError> {
    let mut stmt = conn.prepare(
        // One row per contributor and thing done: two identities of one
        // person credited on the same commit count once.
        "SELECT repository_id, contributor_id, kind, at_us, is_bot FROM (
             SELECT DISTINCT a.repository_id, i.contributor_id, a.kind, a.reference,
                    epoch_us(a.occurred_at) AS at_us, c.is_bot
             FROM activities a
             JOIN identities i ON i.id = a.identity_id
             JOIN contributors c ON c.id = i.contributor_id)",
    )?;
    let mut repository: Vec<i32> = Vec::new();
    let mut contributor: Vec<i64> = Vec::new();
    let mut kind: Vec<String> = Vec::new();
    let mut at: Vec<i64> = Vec::new();
    let mut is_bot: Vec<bool> = Vec::new();
    for batch in stmt.query_arrow([])? {
        let ints32 = batch
            .column(0)
            .as_primitive_opt::<Int32Type>()
            .ok_or(MetricsError::Column(columns::REPOSITORY))?;
        repository.extend_from_slice(ints32.values());
        let ints64 = batch
            .column(1)
            .as_primitive_opt::<Int64Type>()
            .ok_or(MetricsError::Column(columns::CONTRIBUTOR))?;
        contributor.extend_from_slice(ints64.values());
        let kinds = batch
            .column(2)
            .as_string_opt::<i32>()
            .ok_or(MetricsError::Column(columns::KIND))?;
        kind.extend(kinds.iter().map(|k| k.unwrap_or_default().to_owned()));
        let times = batch
            .column(3)
            .as_primitive_opt::<Int64Type>()
            .ok_or(MetricsError::Column(columns::AT))?;
        at.extend_from_slice(times.values());
        let bots = batch
            .column(4)
            .as_boolean_opt()
            .ok_or(MetricsError::Column(columns::IS_BOT))?;
        if bots.null_count() > 0 {
            return Err(MetricsError::Column(columns::IS_BOT));
        }
        is_bot.extend(bots.values().iter());
    }
    frame(repository, contributor, kind, at, is_bot)
}

/// The stored repositories, `(id, name)`, sorted by name.
pub fn repositories(conn: &Connection) -> Result<Vec<(i32, String)>, MetricsError> {
    let mut stmt = conn.prepare("SELECT id, name FROM repositories ORDER BY name")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Builds an activity frame from its columns (times in microseconds since
/// the Unix epoch, UTC). Tests use it to make small hand-computed frames.
pub fn frame(
    repository: Vec<i32>,
    contributor: Vec<i64>,
    kind: Vec<String>,
    at_us: Vec<i64>,
    is_bot: Vec<bool>,
) -> Result<DataFrame, MetricsError> {
    let height = repository.len();
    let at = Series::new(columns::AT.into(), at_us)
        .cast(&DataType::Datetime(TimeUnit::Microseconds, None))?;
    Ok(DataFrame::new(
        height,
        vec![
            Column::new(columns::REPOSITORY.into(), repository),
            Column::new(columns::CONTRIBUTOR.into(), contributor),
            Column::new(columns::KIND.into(), kind),
            at.into(),
            Column::new(columns::IS_BOT.into(), is_bot),
        ],
    )?)
}

/// The activities a metric counts: those in scope, without bots unless asked.
/// The date window is not applied here: "first contribution" looks at all time.
pub fn in_scope(activities: &DataFrame, params: &Params) -> LazyFrame {
    let mut lf = activities.clone().lazy();
    if let Some(repos) = &params.repositories {
        let wanted = Series::new("wanted".into(), repos.clone());
        lf = lf.filter(col(columns::REPOSITORY).is_in(lit(wanted).implode(false), false));
    }
    if !params.include_bots {
        lf = lf.filter(col(columns::IS_BOT).not());
    }
    lf
}

/// Keeps the rows whose `column` (a datetime) falls in the window of
/// `params` (both ends inclusive, whole days, UTC).
pub fn within_window(mut lf: LazyFrame, column: &str, params: &Params) -> LazyFrame {
    if let Some(from) = params.from {
        lf = lf.filter(col(column).gt_eq(lit(from.and_hms_opt(0, 0, 0).expect("midnight"))));
    }
    if let Some(to) = params.to {
        let end = to
            .succ_opt()
            .unwrap_or(to)
            .and_hms_opt(0, 0, 0)
            .expect("midnight");
        lf = lf.filter(col(column).lt(lit(end)));
    }
    lf
}

/// The activities in scope and inside the date window.
pub fn in_window(activities: &DataFrame, params: &Params) -> LazyFrame {
    within_window(in_scope(activities, params), columns::AT, params)
}
