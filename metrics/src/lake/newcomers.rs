//! New contributors (DESIGN.md definition 2) and newcomer conversion
//! (definition 8) per scope and month of first contribution.

use polars::prelude::*;

use super::{figures, per_scope};
use crate::activity::{columns, Activities};
use crate::newcomer_conversion::newcomer_aggregates;
use crate::params::Thresholds;
use crate::period::Month;

/// Per scope and month of first contribution: `new_contributors`, those of
/// them who `returned` (a second contribution within 90 days of their
/// first, the first included in the count) and who `became_regular` (at
/// least 10 contributions in the 12 calendar months from their first), as
/// [`crate::newcomer_conversion`] counts them.
pub fn compute(activities: &dyn Activities) -> PolarsResult<DataFrame> {
    per_scope(activities, in_one_scope)
}

fn in_one_scope(counted: LazyFrame) -> PolarsResult<DataFrame> {
    let per_newcomer = counted
        .group_by([col(columns::REPOSITORY), col(columns::CONTRIBUTOR)])
        .agg(newcomer_aggregates(&Thresholds::default()));
    let per_month = per_newcomer
        .group_by([
            col(columns::REPOSITORY),
            Month::compute("first_at").alias("period"),
        ])
        .agg([
            len().cast(DataType::Int64).alias("new_contributors"),
            col("returned").sum().cast(DataType::Int64),
            col("regular").sum().cast(DataType::Int64),
        ])
        .with_column(lit(0i32).alias("k"))
        .collect()?;
    figures(
        per_month.lazy(),
        &[
            ("new_contributors", "new_contributors"),
            ("returned", "returned"),
            ("became_regular", "regular"),
        ],
    )
}
