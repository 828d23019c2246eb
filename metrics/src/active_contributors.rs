//! CHAOSS "Active Contributors" (DESIGN.md definition 1): in each period, the
//! number of distinct contributors with at least one contribution in it.

use polars::prelude::*;

use crate::activity::{columns, in_window, Activities};
use crate::params::{Computed, Params};

/// Distinct contributors per period (`params.period`), for the periods that
/// have activity.
///
/// Returns columns `period` (`i32`, see [`crate::period::Bucket`]) and
/// `active_contributors` (`i64`), sorted by period. The date window of
/// `params` is applied to the activity itself: a contribution outside it
/// counts nowhere.
pub fn active_contributors(
    activities: &dyn Activities,
    params: &Params,
) -> PolarsResult<Computed<DataFrame>> {
    let frame = in_window(activities, params)
        .group_by([params.period.expr(columns::AT)])
        .agg([col(columns::CONTRIBUTOR)
            .n_unique()
            .cast(DataType::Int64)
            .alias("active_contributors")])
        .sort(["period"], SortMultipleOptions::default())
        .collect()?;
    Ok(Computed::new(params, frame))
}

/// Distinct contributors with at least one contribution in the whole window.
pub fn active_in_window(
    activities: &dyn Activities,
    params: &Params,
) -> PolarsResult<Computed<i64>> {
    let counted = in_window(activities, params)
        .select([col(columns::CONTRIBUTOR)
            .n_unique()
            .cast(DataType::Int64)
            .alias("n")])
        .collect()?;
    Ok(Computed::new(
        params,
        counted.column("n")?.i64()?.get(0).unwrap_or(0),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::frame;
    use crate::test_util::{at, expect, month_counts};
    use chrono::NaiveDate;

    #[test]
    fn counts_each_contributor_once_per_month() {
        let df = frame(
            vec![1, 1, 2, 1, 1],
            vec![10, 10, 10, 11, 12],
            vec!["commit".into(); 5],
            vec![
                at("2024-01-01T00:00:00Z"),
                at("2024-01-31T23:59:59Z"),
                at("2024-01-15T12:00:00Z"),
                at("2024-02-01T00:00:00Z"),
                at("2024-02-10T00:00:00Z"),
            ],
            vec![false, false, false, false, true],
        )
        .unwrap();
        let all = active_contributors(&df, &Params::default()).unwrap();
        assert_eq!(
            month_counts(&all, "active_contributors"),
            expect(&[("2024-01", 1), ("2024-02", 1)])
        );

        let with_bots = Params {
            include_bots: true,
            ..Params::default()
        };
        let got = active_contributors(&df, &with_bots).unwrap();
        assert_eq!(
            month_counts(&got, "active_contributors"),
            expect(&[("2024-01", 1), ("2024-02", 2)])
        );

        let repo2 = Params {
            repositories: Some(vec![2]),
            ..Params::default()
        };
        let got = active_contributors(&df, &repo2).unwrap();
        assert_eq!(
            month_counts(&got, "active_contributors"),
            expect(&[("2024-01", 1)])
        );

        let february = Params {
            from: NaiveDate::from_ymd_opt(2024, 2, 1),
            to: NaiveDate::from_ymd_opt(2024, 2, 29),
            ..Params::default()
        };
        let got = active_contributors(&df, &february).unwrap();
        assert_eq!(
            month_counts(&got, "active_contributors"),
            expect(&[("2024-02", 1)])
        );
        assert_eq!(*active_in_window(&df, &february).unwrap(), 1);
        assert_eq!(*active_in_window(&df, &Params::default()).unwrap(), 2);
        assert_eq!(*active_in_window(&df, &with_bots).unwrap(), 3);
    }

    #[test]
    fn empty_scope_has_no_rows() {
        let df = frame(vec![], vec![], vec![], vec![], vec![]).unwrap();
        assert_eq!(
            active_contributors(&df, &Params::default())
                .unwrap()
                .height(),
            0
        );
    }
}
