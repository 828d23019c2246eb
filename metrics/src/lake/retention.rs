//! Cohort retention (DESIGN.md definition 3) per scope: how many of each
//! month's newcomers contributed again k months later.

use polars::prelude::*;

use super::{figures, per_scope};
use crate::activity::{columns, Activities};

/// The furthest month after the cohort's that is counted.
pub const MAX_K: i32 = 12;

/// `retained` per scope, cohort month (`period`) and k (1 to [`MAX_K`]):
/// the contributors whose first contribution in the scope is in the cohort
/// month and who contributed in the month k later. The cohort's size (k =
/// 0) is the family `newcomers`' `new_contributors`.
pub fn compute(activities: &dyn Activities) -> PolarsResult<DataFrame> {
    per_scope(activities, in_one_scope)
}

fn in_one_scope(counted: LazyFrame) -> PolarsResult<DataFrame> {
    let scope_and_person = [col(columns::REPOSITORY), col(columns::CONTRIBUTOR)];
    let active_months = counted
        .select([
            col(columns::REPOSITORY),
            col(columns::CONTRIBUTOR),
            col(columns::AT_MONTH).alias("month"),
        ])
        .unique(None, UniqueKeepStrategy::Any)
        .collect()?;
    let cohorts = active_months
        .clone()
        .lazy()
        .group_by(scope_and_person.clone())
        .agg([col("month").min().alias("period")]);
    let per_cohort = active_months
        .lazy()
        .join(
            cohorts,
            scope_and_person.clone(),
            scope_and_person,
            JoinArgs::new(JoinType::Inner),
        )
        .with_column((col("month") - col("period")).alias("k"))
        .filter(col("k").gt_eq(lit(1)).and(col("k").lt_eq(lit(MAX_K))))
        .group_by([col(columns::REPOSITORY), col("period"), col("k")])
        .agg([len().cast(DataType::Int64).alias("retained")])
        .collect()?;
    figures(per_cohort.lazy(), &[("retained", "retained")])
}
