//! What the contributors' pages show beside their status (DESIGN.md
//! definition 4): each contributor's organisation and main repositories,
//! one contributor's activity over time, the contributors who departed
//! in each period, and the bots a view leaves out.

use std::collections::BTreeMap;

use chrono::Months;
use polars::prelude::*;

use crate::activity::{self, columns, in_scope, within_window, Activities};
use crate::params::{Computed, Params};
use crate::period::Bucket;

/// One row per contributor in scope with a contribution before T
/// (`params.reference` or just after the latest activity in scope):
/// `contributor_id`, `organisation` (`str`, the organisation of their latest
/// affiliated activity, null if none) and `repositories` (`list[i32]`, the
/// `top` repositories they contributed most to, most first, ties by id).
/// Like [`crate::contributor_status::contributor_status`], it looks at all
/// history up to T, whatever the date window.
pub fn profiles(
    activities: &dyn Activities,
    params: &Params,
    top: usize,
) -> PolarsResult<Computed<DataFrame>> {
    let t = activity::reference(activities, params)?.unwrap_or_default();
    let scoped = in_scope(activities, params).filter(col(columns::AT).lt(lit(t)));
    let repositories = scoped
        .clone()
        .group_by([col(columns::CONTRIBUTOR), col(columns::REPOSITORY)])
        .agg([len().cast(DataType::Int64).alias("n")])
        .group_by([col(columns::CONTRIBUTOR)])
        .agg([col(columns::REPOSITORY)
            .sort_by(
                [col("n"), col(columns::REPOSITORY)],
                SortMultipleOptions::default().with_order_descending_multi([true, false]),
            )
            .head(Some(top))
            .alias("repositories")]);
    let organisations = scoped
        .filter(col(columns::ORGANISATION).is_not_null())
        .group_by([col(columns::CONTRIBUTOR)])
        .agg([col(columns::ORGANISATION)
            .sort_by([col(columns::AT)], SortMultipleOptions::default())
            .last()
            .cast(DataType::String)
            .alias("organisation")]);
    repositories
        .join(
            organisations,
            [col(columns::CONTRIBUTOR)],
            [col(columns::CONTRIBUTOR)],
            JoinArgs::new(JoinType::Left),
        )
        .sort([columns::CONTRIBUTOR], SortMultipleOptions::default())
        .collect()
        .map(|frame| Computed::new(params, frame))
}

/// One contributor's contributions in scope and window, per period
/// (`params.period`) and kind: `period` (`i32`, see [`Bucket`]), `kind`
/// (`i32`, an index in [`crate::activity::KINDS`]) and `n` (`i64`), sorted
/// by period then kind.
pub fn activity_of(
    activities: &dyn Activities,
    params: &Params,
    contributor: i64,
) -> PolarsResult<Computed<DataFrame>> {
    one_contributor(activities, params, contributor)
        .group_by([params.period.expr(columns::AT), col(columns::KIND)])
        .agg([len().cast(DataType::Int64).alias("n")])
        .sort(["period", columns::KIND], SortMultipleOptions::default())
        .collect()
        .map(|frame| Computed::new(params, frame))
}

/// One contributor's activities in scope and window.
fn one_contributor(activities: &dyn Activities, params: &Params, contributor: i64) -> LazyFrame {
    within_window(in_scope(activities, params), columns::AT, params)
        .filter(col(columns::CONTRIBUTOR).eq(lit(contributor)))
}

/// Where one contributor contributed, in scope and window: `repository_id`,
/// `n` (`i64`), `first_at` and `last_at`, most contributions first.
pub fn repositories_of(
    activities: &dyn Activities,
    params: &Params,
    contributor: i64,
) -> PolarsResult<Computed<DataFrame>> {
    one_contributor(activities, params, contributor)
        .group_by([col(columns::REPOSITORY)])
        .agg([
            len().cast(DataType::Int64).alias("n"),
            col(columns::AT).min().alias("first_at"),
            col(columns::AT).max().alias("last_at"),
        ])
        .sort(
            ["n", columns::REPOSITORY],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .collect()
        .map(|frame| Computed::new(params, frame))
}

/// Each period and how many departed in it (`None`: too early to say).
pub type Departures = Vec<(Bucket, Option<u32>)>;

/// For each of `periods`, the contributors who departed in it: their last
/// contribution in scope (before T) falls in the period, and it is more than
/// `away_after_months` before T, so they are *away* now. A period that ends
/// within `away_after_months` of T is `None`: whoever was last seen in it
/// may still come back, so it is too early to say.
pub fn departed(
    activities: &dyn Activities,
    params: &Params,
    periods: &[Bucket],
) -> PolarsResult<Computed<Departures>> {
    let Some(t) = activity::reference(activities, params)? else {
        return Ok(Computed::new(
            params,
            periods.iter().map(|p| (*p, None)).collect(),
        ));
    };
    let away_from = t
        .checked_sub_months(Months::new(params.thresholds.away_after_months))
        .unwrap_or(t);
    let last = in_scope(activities, params)
        .filter(col(columns::AT).lt(lit(t)))
        .group_by([col(columns::CONTRIBUTOR)])
        // The month index grows with the time: the latest month is the
        // month of the latest contribution.
        .agg([
            col(columns::AT).max().alias(columns::AT),
            col(columns::AT_MONTH).max().alias(columns::AT_MONTH),
        ])
        .filter(col(columns::AT).lt(lit(away_from)))
        .group_by([params.period.expr(columns::AT)])
        .agg([len().cast(DataType::Int64).alias("n")])
        .collect()?;
    let counted: BTreeMap<i32, i64> = last
        .column("period")?
        .i32()?
        .into_no_null_iter()
        .zip(last.column("n")?.i64()?.into_no_null_iter())
        .collect();
    let settled_until = away_from.date();
    let rows = periods
        .iter()
        .map(|p| {
            let known = p.last_day() < settled_until;
            let n = counted.get(&p.index).copied().unwrap_or(0) as u32;
            (*p, known.then_some(n))
        })
        .collect();
    Ok(Computed::new(params, rows))
}

/// The bots a view leaves out: each contributor marked as a bot with
/// activity in scope and window (counted as if bots were included) and their
/// contributions, most first (ties by id). Pages say how many there are, and
/// community managers see which.
pub fn bots_left_out(
    activities: &dyn Activities,
    params: &Params,
) -> PolarsResult<Computed<Vec<(i64, u64)>>> {
    let with_bots = Params {
        include_bots: true,
        ..params.clone()
    };
    let counted = within_window(in_scope(activities, &with_bots), columns::AT, params)
        .filter(col(columns::IS_BOT))
        .group_by([col(columns::CONTRIBUTOR)])
        .agg([len().cast(DataType::Int64).alias("n")])
        .sort(
            ["n", columns::CONTRIBUTOR],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .collect()?;
    let bots = counted
        .column(columns::CONTRIBUTOR)?
        .i64()?
        .into_no_null_iter()
        .zip(counted.column("n")?.i64()?.into_no_null_iter())
        .map(|(id, n)| (id, n as u64))
        .collect();
    Ok(Computed::new(params, bots))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::{frame, with_organisations};
    use crate::period::Period;
    use crate::test_util::at;

    /// (repository, contributor, time, organisation) rows as a frame.
    fn activities(rows: &[(i32, i64, &str, Option<&str>)]) -> DataFrame {
        let n = rows.len();
        let df = frame(
            rows.iter().map(|r| r.0).collect(),
            rows.iter().map(|r| r.1).collect(),
            vec!["commit".into(); n],
            rows.iter()
                .map(|r| at(&format!("{}T12:00:00Z", r.2)))
                .collect(),
            vec![false; n],
        )
        .unwrap();
        with_organisations(df, rows.iter().map(|r| r.3.map(str::to_owned)).collect()).unwrap()
    }

    #[test]
    fn profiles_name_the_latest_organisation_and_the_busiest_repositories() {
        let df = activities(&[
            (1, 7, "2024-01-01", Some("Ville de Paris")),
            (2, 7, "2024-02-01", None),
            (2, 7, "2024-03-01", Some("Acme")),
            (3, 7, "2024-04-01", None),
            (3, 7, "2024-04-02", None),
            (3, 7, "2024-04-03", None),
            (1, 8, "2024-05-01", None),
        ]);
        let got = profiles(&df, &Params::default(), 2).unwrap().value;
        let ids: Vec<i64> = got
            .column("contributor_id")
            .unwrap()
            .i64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(ids, [7, 8]);
        let org = got.column("organisation").unwrap().str().unwrap();
        assert_eq!(org.get(0), Some("Acme"), "the latest affiliation");
        assert_eq!(org.get(1), None, "never affiliated");
        let repos = got.column("repositories").unwrap().list().unwrap();
        let first: Vec<i32> = repos
            .get_as_series(0)
            .unwrap()
            .i32()
            .unwrap()
            .into_no_null_iter()
            .collect();
        // Repository 3 has three contributions, 2 has two, 1 has one.
        assert_eq!(first, [3, 2]);
    }

    #[test]
    fn one_contributors_activity_per_period_and_kind() {
        let df = activities(&[
            (1, 7, "2024-01-01", None),
            (2, 7, "2024-01-20", None),
            (1, 8, "2024-01-21", None),
            (1, 7, "2024-03-01", None),
        ]);
        let got = activity_of(&df, &Params::default(), 7).unwrap().value;
        let periods: Vec<String> = got
            .column("period")
            .unwrap()
            .i32()
            .unwrap()
            .into_no_null_iter()
            .map(|p| Period::Month.bucket(p).to_string())
            .collect();
        let n: Vec<i64> = got
            .column("n")
            .unwrap()
            .i64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(periods, ["2024-01", "2024-03"]);
        assert_eq!(n, [2, 1]);
        let where_ = repositories_of(&df, &Params::default(), 7).unwrap().value;
        let repos: Vec<i32> = where_
            .column("repository_id")
            .unwrap()
            .i32()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(repos, [1, 2], "repository 1 has two of their contributions");
    }

    #[test]
    fn departed_counts_the_last_seen_who_are_away_and_leaves_recent_periods_open() {
        // T is just after 2024-12-31; away after 12 months: last seen
        // before 2023-12-31 12:00 means away.
        let df = activities(&[
            (1, 1, "2022-03-01", None),
            (1, 2, "2022-03-10", None),
            (1, 2, "2023-05-01", None), // 2 last seen in May 2023
            (1, 3, "2023-05-02", None), // 3 as well
            (1, 4, "2023-12-01", None), // 4 last seen in Dec 2023: still away
            (1, 5, "2024-12-31", None), // 5 is active
        ]);
        let months: Vec<Bucket> = ["2022-03", "2023-05", "2023-11", "2023-12", "2024-06"]
            .iter()
            .map(|m| {
                Period::Month
                    .of(chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").unwrap())
            })
            .collect();
        let got = departed(&df, &Params::default(), &months).unwrap().value;
        let counts: Vec<Option<u32>> = got.iter().map(|(_, n)| *n).collect();
        // December 2023 ends after T minus 12 months: too early to say.
        assert_eq!(counts, [Some(1), Some(2), Some(0), None, None]);
    }

    #[test]
    fn bots_left_out_are_those_active_in_scope_and_window_most_first() {
        let at_noon = |d: &str| at(&format!("{d}T12:00:00Z"));
        let df = frame(
            vec![1, 1, 1, 2, 1, 1],
            vec![9, 9, 8, 7, 6, 5],
            vec!["commit".into(); 6],
            [
                "2024-01-01",
                "2024-02-01",
                "2024-02-02",
                "2024-02-03",
                "2024-02-04",
                "2023-01-01",
            ]
            .iter()
            .map(|d| at_noon(d))
            .collect(),
            vec![true, true, true, true, false, true],
        )
        .unwrap();
        let params = Params {
            repositories: Some(vec![1]),
            from: chrono::NaiveDate::from_ymd_opt(2024, 1, 1),
            ..Params::default()
        };
        // 7 is in another repository, 5 before the window, 6 not a bot.
        let got = bots_left_out(&df, &params).unwrap().value;
        assert_eq!(got, [(9, 2), (8, 1)]);
    }
}
