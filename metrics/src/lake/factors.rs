//! The contributor absence factor (bus factor, DESIGN.md definition 5), the
//! elephant factor (definition 6) and community structure (the onion,
//! definition 7) per scope and calendar year.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::{figures, per_scope};
use crate::activity::{columns, Activities};
use crate::community_structure::onion_of;
use crate::contributor_absence_factor::factor_of;
use crate::params::Params;

/// Per scope and year (`period`, the year's January): `bus_factor`, the
/// fewest contributors whose contributions reach 50 % of the year's; the
/// onion's `core` (80 %), `regular` (the next ones up to 95 %) and `casual`
/// (the rest); `elephant_factor`, the fewest organisations reaching 50 % of
/// the contributions made for one, and the `unaffiliated` contributions
/// left out of it. polars counts each contributor's and organisation's
/// contributions; the factors are then taken from the sorted counts by the
/// dashboard's own functions ([`factor_of`], [`onion_of`]).
pub fn compute(activities: &dyn Activities) -> PolarsResult<DataFrame> {
    per_scope(activities, in_one_scope)
}

fn in_one_scope(scoped: LazyFrame) -> PolarsResult<DataFrame> {
    let params = Params::default();
    let percent = params.thresholds.absence_percent;
    let year = (col(columns::AT_MONTH) - col(columns::AT_MONTH) % lit(12)).alias("period");
    let mut rows = Rows::default();
    for ((scope, period), counts) in
        counts_per_year(scoped.clone(), year.clone(), columns::CONTRIBUTOR)?
    {
        let onion = onion_of(&counts, &params);
        let factor = factor_of(&counts, percent).factor.unwrap_or(0);
        rows.push("bus_factor", scope, period, factor);
        rows.push("core", scope, period, onion.core);
        rows.push("regular", scope, period, onion.regular);
        rows.push("casual", scope, period, onion.casual);
    }
    let affiliated = scoped
        .clone()
        .filter(col(columns::ORGANISATION).is_not_null());
    for ((scope, period), counts) in
        counts_per_year(affiliated, year.clone(), columns::ORGANISATION)?
    {
        let factor = factor_of(&counts, percent).factor.unwrap_or(0);
        rows.push("elephant_factor", scope, period, factor);
    }
    let unaffiliated = scoped
        .filter(col(columns::ORGANISATION).is_null())
        .group_by([col(columns::REPOSITORY), year])
        .agg([len().cast(DataType::Int64).alias("unaffiliated")])
        .with_column(lit(0i32).alias("k"))
        .collect()?;
    concat(
        [
            rows.frame()?.lazy(),
            figures(unaffiliated.lazy(), &[("unaffiliated", "unaffiliated")])?.lazy(),
        ],
        UnionArgs::default(),
    )?
    .collect()
}

/// Contributions per `key` (a contributor, an organisation) in each scope
/// and year, most first.
fn counts_per_year(
    scoped: LazyFrame,
    year: Expr,
    key: &str,
) -> PolarsResult<BTreeMap<(i32, i32), Vec<u64>>> {
    let counted = scoped
        .group_by([col(columns::REPOSITORY), year, col(key)])
        .agg([len().cast(DataType::Int64).alias("n")])
        .select([col(columns::REPOSITORY), col("period"), col("n")])
        .collect()?;
    let scopes = counted.column(columns::REPOSITORY)?.i32()?;
    let periods = counted.column("period")?.i32()?;
    let counts = counted.column("n")?.i64()?;
    let mut out: BTreeMap<(i32, i32), Vec<u64>> = BTreeMap::new();
    for ((scope, period), n) in scopes
        .into_no_null_iter()
        .zip(periods.into_no_null_iter())
        .zip(counts.into_no_null_iter())
    {
        out.entry((scope, period)).or_default().push(n as u64);
    }
    for counts in out.values_mut() {
        counts.sort_unstable_by(|a, b| b.cmp(a));
    }
    Ok(out)
}

/// Figures gathered one by one, zeros left out.
#[derive(Default)]
struct Rows {
    metric: Vec<&'static str>,
    scope: Vec<i32>,
    period: Vec<i32>,
    value: Vec<i64>,
}

impl Rows {
    fn push(&mut self, metric: &'static str, scope: i32, period: i32, value: u32) {
        if value > 0 {
            self.metric.push(metric);
            self.scope.push(scope);
            self.period.push(period);
            self.value.push(i64::from(value));
        }
    }

    fn frame(self) -> PolarsResult<DataFrame> {
        let height = self.metric.len();
        DataFrame::new(
            height,
            vec![
                Column::new("metric".into(), self.metric),
                Column::new(columns::REPOSITORY.into(), self.scope),
                Column::new("period".into(), self.period),
                Column::new("k".into(), vec![0i32; height]),
                Column::new("value".into(), self.value),
            ],
        )
    }
}
