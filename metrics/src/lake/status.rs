//! Contributor status (DESIGN.md definition 4) per scope, at each scope's
//! own reference date T: just after its latest contribution.

use polars::prelude::*;

use super::{figures, per_scope};
use crate::activity::{columns, Activities};
use crate::params::Thresholds;
use crate::period::Month;

/// Per scope, in the month of T (`period`): how many contributors are
/// `active` (last contribution within 6 months of T), `drifting` (within
/// 12), `away` (longer ago) and `new` (first contribution within 90 days of
/// T), as [`crate::contributor_status`] counts them with T left to the
/// data.
pub fn compute(activities: &dyn Activities) -> PolarsResult<DataFrame> {
    per_scope(activities, in_one_scope)
}

fn in_one_scope(counted: LazyFrame) -> PolarsResult<DataFrame> {
    let t = Thresholds::default();
    let months_before = |m: u32| col("t").dt().offset_by(lit(format!("-{m}mo")));
    let new_us = i64::from(t.new_within_days) * 86_400_000_000;
    let per_person = counted
        .group_by([col(columns::REPOSITORY), col(columns::CONTRIBUTOR)])
        .agg([
            col(columns::AT).min().alias("first_at"),
            col(columns::AT).max().alias("last_at"),
        ])
        .collect()?
        .lazy();
    let t_of_scope = per_person
        .clone()
        .group_by([col(columns::REPOSITORY)])
        .agg([(col("last_at").max() + lit(Duration::parse("1us"))).alias("t")]);
    let per_person = per_person.join(
        t_of_scope,
        [col(columns::REPOSITORY)],
        [col(columns::REPOSITORY)],
        JoinArgs::new(JoinType::Inner),
    );
    let status = per_person.with_columns([
        col("last_at")
            .gt_eq(months_before(t.drifting_after_months))
            .alias("active"),
        col("last_at")
            .lt(months_before(t.drifting_after_months))
            .and(col("last_at").gt_eq(months_before(t.away_after_months)))
            .alias("drifting"),
        col("last_at")
            .lt(months_before(t.away_after_months))
            .alias("away"),
        (col("t").cast(DataType::Int64) - col("first_at").cast(DataType::Int64))
            .lt_eq(lit(new_us))
            .alias("new"),
    ]);
    let per_scope = status
        .group_by([col(columns::REPOSITORY)])
        .agg([
            Month::compute("t").first().alias("period"),
            col("active").sum().cast(DataType::Int64),
            col("drifting").sum().cast(DataType::Int64),
            col("away").sum().cast(DataType::Int64),
            col("new").sum().cast(DataType::Int64),
        ])
        .with_column(lit(0i32).alias("k"))
        .collect()?;
    figures(
        per_scope.lazy(),
        &[
            ("active", "active"),
            ("drifting", "drifting"),
            ("away", "away"),
            ("new", "new"),
        ],
    )
}
