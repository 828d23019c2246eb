//! The figures `vigie lake metrics` computes over a lake (docs/scale.md):
//! DESIGN.md's metric definitions per repository and period, for a
//! federation whose activity one store cannot hold. Each [`Family`] of
//! figures is written twice, from the same definitions: as polars here
//! (`compute`, over any [`Activities`], the lake's scan included), and as
//! SQL for Apache Spark (`sql/*.sql`, one SELECT per family, over the lake's
//! `activities` and `identities`). Both give the same long table, and a test
//! holds them equal row for row.
//!
//! # The figures' table
//!
//! | column | type | what |
//! |---|---|---|
//! | `metric` | `str` | the figure's name (`active_contributors`, ...) |
//! | `repository_id` | `i32` | the lake's repository id; 0 for all repositories together |
//! | `period` | `i32` | the period's first month, as a [`crate::Month`] index (`year * 12 + month - 1`); a year's is its January |
//! | `k` | `i32` | months after the cohort's (retention); 0 for every other figure |
//! | `value` | `i64` | the figure |
//!
//! Bots are left out, every activity kind counts, and "new" means new in the
//! scope: the repository, or all of them (DESIGN.md, Metric definitions).
//! Rows exist only where the figure is not zero.

mod activity;
mod factors;
mod newcomers;
mod retention;
mod status;

use polars::prelude::*;

use crate::activity::{columns, Activities};
use crate::params::Params;

/// The columns of the figures' table, in order.
pub const COLUMNS: [&str; 5] = ["metric", "repository_id", "period", "k", "value"];

/// One family of figures: its name (the SQL file's and the result
/// folder's), its SQL for Spark, and its polars computation.
pub struct Family {
    /// `activity`, `newcomers`, ...
    pub name: &'static str,
    /// The family as one Spark SQL SELECT over the views `activities` and
    /// `identities` of the lake, giving [`COLUMNS`].
    pub sql: &'static str,
    /// The same figures computed by polars.
    pub compute: fn(&dyn Activities) -> PolarsResult<DataFrame>,
}

/// Every family, in the order they are computed.
pub const FAMILIES: [Family; 5] = [
    Family {
        name: "activity",
        sql: include_str!("sql/activity.sql"),
        compute: activity::compute,
    },
    Family {
        name: "newcomers",
        sql: include_str!("sql/newcomers.sql"),
        compute: newcomers::compute,
    },
    Family {
        name: "retention",
        sql: include_str!("sql/retention.sql"),
        compute: retention::compute,
    },
    Family {
        name: "factors",
        sql: include_str!("sql/factors.sql"),
        compute: factors::compute,
    },
    Family {
        name: "status",
        sql: include_str!("sql/status.sql"),
        compute: status::compute,
    },
];

/// The Spark job `vigie lake metrics --engine spark` submits: it reads the
/// lake's tables as views, registers the shared views (`scoped`), runs each
/// family's SQL and writes each result as Parquet (scripts/spark/).
pub const SPARK_JOB: &str = include_str!("../../../scripts/spark/lake_metrics.py");

/// The view the SQL families share: every non-bot activity, with its scope
/// (its repository, and 0 for all of them), contributor, time in
/// microseconds since the Unix epoch (UTC) and month. The Spark job
/// registers it as `scoped` before it runs the families.
pub const SCOPED_SQL: &str = include_str!("sql/scoped.sql");

/// The two scopes every figure is given for.
#[derive(Debug, Clone, Copy)]
enum Scope {
    /// Each repository: `repository_id` is the activity's.
    EachRepository,
    /// All repositories together: `repository_id` is 0.
    AllRepositories,
}

impl Scope {
    /// `counted` seen in this scope: its `repository_id` is the scope's.
    fn apply(self, counted: LazyFrame) -> LazyFrame {
        match self {
            Scope::EachRepository => counted,
            Scope::AllRepositories => counted.with_column(lit(0i32).alias(columns::REPOSITORY)),
        }
    }
}

/// A family's figures for each scope, one after the other: `family` gets
/// the counted activities (bots out) with the columns `repository_id` (the
/// scope), `contributor_id`, `at`, `at_month` and `organisation`.
fn per_scope(
    activities: &dyn Activities,
    family: impl Fn(LazyFrame) -> PolarsResult<DataFrame>,
) -> PolarsResult<DataFrame> {
    let parts = [Scope::EachRepository, Scope::AllRepositories]
        .into_iter()
        .map(|scope| {
            let counted = activities
                .in_scope(&Params::default())
                .select(COUNTED.map(col));
            Ok(family(scope.apply(counted))?.lazy())
        })
        .collect::<PolarsResult<Vec<_>>>()?;
    concat(parts, UnionArgs::default())?.collect()
}

/// The activities the figures count, read once (from a lake, one scan) and
/// held in memory with only the columns the figures read: what
/// [`compute_all`] hands every family.
pub fn counted(activities: &dyn Activities) -> PolarsResult<DataFrame> {
    // The bot flag too (all false by now), so that the frame is still
    // activities whose scope the families can ask for.
    let mut kept: Vec<Expr> = COUNTED.map(col).into();
    kept.push(col(columns::IS_BOT));
    activities
        .in_scope(&Params::default())
        .select(kept)
        .collect()
}

/// The columns the figures read.
const COUNTED: [&str; 5] = [
    columns::REPOSITORY,
    columns::CONTRIBUTOR,
    columns::AT,
    columns::AT_MONTH,
    columns::ORGANISATION,
];

/// `lf`'s figure `value_column` as rows of the figures' table named
/// `metric`, `lf` having the scope's `repository_id`, `period` and `k`.
fn figure(lf: LazyFrame, metric: &str, value_column: &str) -> LazyFrame {
    lf.filter(col(value_column).gt(lit(0i64))).select([
        lit(metric).alias("metric"),
        col(columns::REPOSITORY).cast(DataType::Int32),
        col("period").cast(DataType::Int32),
        col("k").cast(DataType::Int32),
        col(value_column).cast(DataType::Int64).alias("value"),
    ])
}

/// Several figures of one frame, one after the other.
fn figures(lf: LazyFrame, metrics: &[(&str, &str)]) -> PolarsResult<DataFrame> {
    let parts: Vec<LazyFrame> = metrics
        .iter()
        .map(|(metric, value)| figure(lf.clone(), metric, value))
        .collect();
    concat(parts, UnionArgs::default())?.collect()
}

/// Every family's figures, sorted by every column (a stable order to
/// compare and store). The activities are read once ([`counted`]).
pub fn compute_all(activities: &dyn Activities) -> PolarsResult<Vec<(&'static str, DataFrame)>> {
    let counted = counted(activities)?;
    FAMILIES
        .iter()
        .map(|family| {
            let df = (family.compute)(&counted)?;
            Ok((family.name, sorted(df)?))
        })
        .collect()
}

/// The figures sorted by every column.
pub fn sorted(df: DataFrame) -> PolarsResult<DataFrame> {
    df.lazy()
        .sort(COLUMNS, SortMultipleOptions::default())
        .collect()
}

#[cfg(test)]
mod tests;
