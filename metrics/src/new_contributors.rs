//! CHAOSS "New Contributors" (DESIGN.md definition 2): in each period, the
//! contributors whose first contribution *in the scope* falls in it.

use polars::prelude::*;

use crate::activity::{columns, in_scope, within_window, Activities};
use crate::params::{Computed, Params};

/// Who is new: one row per contributor in scope with `contributor_id` and
/// `first_at`, their first contribution in the scope over all time, sorted by
/// `first_at`. The date window of `params` selects whose first contribution
/// falls inside it; it never moves a first contribution.
pub fn newcomers(
    activities: &dyn Activities,
    params: &Params,
) -> PolarsResult<Computed<DataFrame>> {
    let firsts = in_scope(activities, params)
        .group_by([col(columns::CONTRIBUTOR)])
        .agg([col(columns::AT).min().alias("first_at")]);
    let frame = within_window(firsts, "first_at", params)
        .sort(
            ["first_at", columns::CONTRIBUTOR],
            SortMultipleOptions::default(),
        )
        .collect()?;
    Ok(Computed::new(params, frame))
}

/// The number of new contributors per period, for the periods that have some.
///
/// Returns columns `period` (`i32`, see [`crate::period::Bucket`]) and
/// `new_contributors` (`i64`), sorted by period.
pub fn new_contributors(
    activities: &dyn Activities,
    params: &Params,
) -> PolarsResult<Computed<DataFrame>> {
    let frame = per_period(&newcomers(activities, params)?.value, params)?;
    Ok(Computed::new(params, frame))
}

/// Counts a [`newcomers`] frame per `params.period`.
pub(crate) fn per_period(newcomers: &DataFrame, params: &Params) -> PolarsResult<DataFrame> {
    newcomers
        .clone()
        .lazy()
        .group_by([params.period.expr("first_at")])
        .agg([len().cast(DataType::Int64).alias("new_contributors")])
        .sort(["period"], SortMultipleOptions::default())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::frame;
    use crate::test_util::{at, expect, month_counts};
    use chrono::NaiveDate;

    fn sample() -> DataFrame {
        // Contributor 10 starts in repo 1 in January and reaches repo 2 in March;
        // 11 starts in February; bot 12 in January.
        frame(
            vec![1, 2, 1, 1, 1],
            vec![10, 10, 11, 11, 12],
            vec!["commit".into(); 5],
            vec![
                at("2024-01-05T00:00:00Z"),
                at("2024-03-05T00:00:00Z"),
                at("2024-02-29T23:59:59Z"),
                at("2024-03-01T00:00:00Z"),
                at("2024-01-02T00:00:00Z"),
            ],
            vec![false, false, false, false, true],
        )
        .unwrap()
    }

    #[test]
    fn first_contribution_in_scope_decides() {
        let all = new_contributors(&sample(), &Params::default()).unwrap();
        assert_eq!(
            month_counts(&all, "new_contributors"),
            expect(&[("2024-01", 1), ("2024-02", 1)])
        );

        // In repo 2 alone, contributor 10 is new in March.
        let repo2 = Params {
            repositories: Some(vec![2]),
            ..Params::default()
        };
        let got = new_contributors(&sample(), &repo2).unwrap();
        assert_eq!(
            month_counts(&got, "new_contributors"),
            expect(&[("2024-03", 1)])
        );
    }

    #[test]
    fn the_window_never_moves_a_first_contribution() {
        let march = Params {
            from: NaiveDate::from_ymd_opt(2024, 3, 1),
            ..Params::default()
        };
        assert_eq!(new_contributors(&sample(), &march).unwrap().height(), 0);
    }

    #[test]
    fn over_all_time_everyone_is_new_once() {
        let with_bots = Params {
            include_bots: true,
            ..Params::default()
        };
        let who = newcomers(&sample(), &with_bots).unwrap();
        assert_eq!(who.height(), 3);
        let ids: Vec<i64> = who
            .column(columns::CONTRIBUTOR)
            .unwrap()
            .i64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(ids, [12, 10, 11]);
    }
}
