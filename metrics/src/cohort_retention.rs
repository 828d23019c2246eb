//! Cohort retention (DESIGN.md definition 3, after CHAOSS "Contributor
//! Retention"): cohort(m) is the contributors whose first contribution in
//! the scope is in month m; retention(m, k) is the share of cohort(m) with at
//! least one contribution in month m + k. Retention at k = 0 is 100 %.

use polars::prelude::*;

use crate::activity::{columns, in_scope, Activities};
use crate::params::{Computed, Params};
use crate::period::Month;

/// Contributor and month are packed as `contributor * MONTHS + month`: the
/// month index ([`Month`]) of any date from year 0 to 9999 is below it, and
/// contributor ids (positive integers from the store) stay far from overflow.
const MONTHS: i64 = 120_000;

/// Retention of every cohort whose month is in the window (all, without
/// one), for k = 0 ..= `max_k` months, as columns `cohort` (`i32`, see
/// [`Month`]), `k` (`i32`), `cohort_size`, `retained` (`i64`) and `share`
/// (`f64`, 0 to 1), sorted by cohort then k. Only months up to the last
/// activity in scope are listed: the future has no retention yet.
pub fn cohort_retention(
    activities: &dyn Activities,
    params: &Params,
    max_k: u32,
) -> PolarsResult<Computed<DataFrame>> {
    let active = active_months(activities, params)?;
    // Collected once: the plan below reads the cohorts three times, and
    // polars would compute a lazy group-by again for each.
    let cohorts = active
        .clone()
        .group_by([col(columns::CONTRIBUTOR)])
        .agg([col("month").min().alias("cohort")])
        .collect()?
        .lazy();
    let last_month = active.clone().select([col("month").max().alias("last")]);
    let sizes = cohorts
        .clone()
        .group_by([col("cohort")])
        .agg([len().cast(DataType::Int64).alias("cohort_size")]);

    let retained = active
        .join(
            cohorts,
            [col(columns::CONTRIBUTOR)],
            [col(columns::CONTRIBUTOR)],
            JoinArgs::new(JoinType::Inner),
        )
        .with_column((col("month") - col("cohort")).alias("k"))
        .filter(col("k").lt_eq(lit(max_k as i32)))
        .group_by([col("cohort"), col("k")])
        .agg([len().cast(DataType::Int64).alias("retained")]);

    let grid = cohort_grid(sizes.clone(), params, max_k, last_month)?;
    grid.join(
        sizes,
        [col("cohort")],
        [col("cohort")],
        JoinArgs::new(JoinType::Inner),
    )
    .join(
        retained,
        [col("cohort"), col("k")],
        [col("cohort"), col("k")],
        JoinArgs::new(JoinType::Left),
    )
    .with_column(col("retained").fill_null(lit(0i64)))
    .with_column(
        (col("retained").cast(DataType::Float64) / col("cohort_size").cast(DataType::Float64))
            .alias("share"),
    )
    .select([
        col("cohort"),
        col("k"),
        col("cohort_size"),
        col("retained"),
        col("share"),
    ])
    .sort(["cohort", "k"], SortMultipleOptions::default())
    .collect()
    .map(|frame| Computed::new(params, frame))
}

/// Who was active in which month (`contributor_id`, `month`), computed
/// once: everything after starts from these few rows, not from the
/// activities. The pairs are made distinct on one integer (contributor and
/// month packed together), which is much cheaper than on two columns.
fn active_months(activities: &dyn Activities, params: &Params) -> PolarsResult<LazyFrame> {
    let packed =
        col(columns::CONTRIBUTOR) * lit(MONTHS) + col(columns::AT_MONTH).cast(DataType::Int64);
    Ok(in_scope(activities, params)
        .select([packed.alias("pair")])
        .unique(None, UniqueKeepStrategy::Any)
        .select([
            (col("pair") / lit(MONTHS)).alias(columns::CONTRIBUTOR),
            (col("pair") % lit(MONTHS))
                .cast(DataType::Int32)
                .alias("month"),
        ])
        .collect()?
        .lazy())
}

/// Every (cohort, k) of the window's cohorts up to the last month, zeros
/// included: the rows of the answer.
fn cohort_grid(
    sizes: LazyFrame,
    params: &Params,
    max_k: u32,
    last_month: LazyFrame,
) -> PolarsResult<LazyFrame> {
    let mut window = sizes.select([col("cohort")]);
    if let Some(from) = params.from {
        window = window.filter(col("cohort").gt_eq(lit(Month::of(from).0)));
    }
    if let Some(to) = params.to {
        window = window.filter(col("cohort").lt_eq(lit(Month::of(to).0)));
    }
    let ks = DataFrame::new(
        max_k as usize + 1,
        vec![Column::new(
            "k".into(),
            (0..=max_k as i32).collect::<Vec<_>>(),
        )],
    )?;
    Ok(window
        .cross_join(ks.lazy(), None)
        .cross_join(last_month, None)
        .filter((col("cohort") + col("k")).lt_eq(col("last")))
        .select([col("cohort"), col("k")]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::frame;
    use crate::test_util::at;

    fn sample() -> DataFrame {
        // January cohort: 1 and 2; 1 comes back in February and April, 2 never.
        // February cohort: 3, back in March.
        frame(
            vec![1; 6],
            vec![1, 2, 1, 1, 3, 3],
            vec!["commit".into(); 6],
            vec![
                at("2024-01-05T00:00:00Z"),
                at("2024-01-31T23:59:59Z"),
                at("2024-02-01T00:00:00Z"),
                at("2024-04-10T00:00:00Z"),
                at("2024-02-15T00:00:00Z"),
                at("2024-03-15T00:00:00Z"),
            ],
            vec![false; 6],
        )
        .unwrap()
    }

    fn rows(df: &DataFrame) -> Vec<(String, i32, i64, i64)> {
        let cohort = df.column("cohort").unwrap().i32().unwrap();
        let k = df.column("k").unwrap().i32().unwrap();
        let size = df.column("cohort_size").unwrap().i64().unwrap();
        let kept = df.column("retained").unwrap().i64().unwrap();
        (0..df.height())
            .map(|i| {
                (
                    Month(cohort.get(i).unwrap()).to_string(),
                    k.get(i).unwrap(),
                    size.get(i).unwrap(),
                    kept.get(i).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn hand_computed_cohorts() {
        let df = cohort_retention(&sample(), &Params::default(), 3).unwrap();
        let r = |m: &str, k, s, n| (m.to_string(), k, s, n);
        assert_eq!(
            rows(&df),
            [
                r("2024-01", 0, 2, 2),
                r("2024-01", 1, 2, 1),
                r("2024-01", 2, 2, 0),
                r("2024-01", 3, 2, 1),
                r("2024-02", 0, 1, 1),
                r("2024-02", 1, 1, 1),
                r("2024-02", 2, 1, 0),
            ]
        );
    }

    #[test]
    fn month_zero_is_always_everyone() {
        let df = cohort_retention(&sample(), &Params::default(), 12).unwrap();
        let k = df.column("k").unwrap().i32().unwrap();
        let share = df.column("share").unwrap().f64().unwrap();
        for i in 0..df.height() {
            if k.get(i) == Some(0) {
                assert_eq!(share.get(i), Some(1.0));
            }
        }
    }

    #[test]
    fn the_window_selects_cohorts() {
        let feb = Params {
            from: chrono::NaiveDate::from_ymd_opt(2024, 2, 1),
            ..Params::default()
        };
        let df = cohort_retention(&sample(), &feb, 1).unwrap();
        assert_eq!(
            rows(&df),
            [
                ("2024-02".to_string(), 0, 1, 1),
                ("2024-02".to_string(), 1, 1, 1)
            ]
        );
    }
}
