//! Contributions and active contributors (DESIGN.md definition 1) per scope
//! and month.

use polars::prelude::*;

use super::{figures, per_scope};
use crate::activity::{columns, Activities};

/// `contributions` (activities) and `active_contributors` (distinct
/// contributors) per scope and month.
pub fn compute(activities: &dyn Activities) -> PolarsResult<DataFrame> {
    per_scope(activities, in_one_scope)
}

fn in_one_scope(counted: LazyFrame) -> PolarsResult<DataFrame> {
    let per_month = counted
        .group_by([
            col(columns::REPOSITORY),
            col(columns::AT_MONTH).alias("period"),
        ])
        .agg([
            len().cast(DataType::Int64).alias("contributions"),
            col(columns::CONTRIBUTOR)
                .n_unique()
                .cast(DataType::Int64)
                .alias("active_contributors"),
        ])
        .with_column(lit(0i32).alias("k"))
        .collect()?;
    figures(
        per_month.lazy(),
        &[
            ("contributions", "contributions"),
            ("active_contributors", "active_contributors"),
        ],
    )
}
