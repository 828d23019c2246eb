//! CHAOSS "Time to First Response" (DESIGN.md definition 9): for an issue or
//! pull request, the time from its creation to the first comment, review or
//! close by someone other than its author who is not a bot (stored with each
//! item as `first_response_at`). Over the items created in each period: the
//! median and 90th percentile, and the share still unanswered after
//! `unanswered_after_days` (30); the same for newcomers' items, those opened
//! by someone with no earlier contribution in the scope.

use chrono::{Duration, NaiveDateTime};
use polars::prelude::*;

use crate::activity::{self, within_window, Activities};
use crate::items::{self, columns, ForgeData};
use crate::params::{Computed, Params};
use crate::period::Bucket;

/// Response times over a set of items.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ResponseStats {
    /// Items created.
    pub items: u32,
    /// Items with a response.
    pub answered: u32,
    /// Median hours to the first response of the answered items.
    pub median_hours: Option<f64>,
    /// 90th percentile (linear interpolation), in hours.
    pub p90_hours: Option<f64>,
    /// Items old enough to tell (created at least `unanswered_after_days`
    /// before the reference date).
    pub old_enough: u32,
    /// Of those, the items without a response within that many days.
    pub unanswered: u32,
}

impl ResponseStats {
    /// The share (0 to 1) of items old enough that were left unanswered.
    pub fn unanswered_share(&self) -> Option<f64> {
        (self.old_enough > 0).then(|| f64::from(self.unanswered) / f64::from(self.old_enough))
    }
}

/// Time to first response, per period and over the window.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResponseTimes {
    /// Per period of creation (periods without items are left out).
    pub by_period: Vec<(Bucket, ResponseStats)>,
    /// The same for newcomers' items.
    pub newcomers_by_period: Vec<(Bucket, ResponseStats)>,
    /// All items created in the window.
    pub window: ResponseStats,
    /// Newcomers' items created in the window.
    pub newcomers_window: ResponseStats,
}

/// Time to first response of the items in scope created in the window.
/// `activities` tell who is a newcomer. Without `params.reference`, "old
/// enough to tell" is measured from the latest item event (created,
/// closed, answered): forge data can end earlier than the git history.
pub fn time_to_first_response(
    items: &DataFrame,
    activities: &dyn Activities,
    params: &Params,
) -> PolarsResult<Computed<ForgeData<ResponseTimes>>> {
    let Some(scoped) = items::in_scope(items, params)? else {
        return Ok(Computed::new(params, ForgeData::Missing));
    };
    let reference = match params.reference {
        Some(t) => t,
        None => latest(scoped.clone())?.unwrap_or_default(),
    };
    let cutoff = reference - Duration::days(params.thresholds.unanswered_after_days.into());
    let late_hours = f64::from(params.thresholds.unanswered_after_days) * 24.0;
    let firsts = activity::in_scope(activities, params)
        .group_by([col(activity::columns::CONTRIBUTOR)])
        .agg([col(activity::columns::AT).min().alias("first_at")]);
    let prepared = within_window(scoped, columns::CREATED, params)
        .join(
            firsts,
            [col(columns::AUTHOR)],
            [col(activity::columns::CONTRIBUTOR)],
            JoinArgs::new(JoinType::Left),
        )
        .with_columns([
            ((col(columns::FIRST_RESPONSE).cast(DataType::Int64)
                - col(columns::CREATED).cast(DataType::Int64))
            .cast(DataType::Float64)
                / lit(3_600_000_000.0))
            .alias("hours"),
            col(columns::AUTHOR)
                .is_not_null()
                .and(
                    col("first_at")
                        .is_null()
                        .or(col(columns::CREATED).lt_eq(col("first_at"))),
                )
                .alias("newcomer"),
            col(columns::CREATED).lt_eq(lit(cutoff)).alias("old_enough"),
            params.period.expr(columns::CREATED),
        ])
        .with_column(
            col("old_enough")
                .and(col("hours").is_null().or(col("hours").gt(lit(late_hours))))
                .alias("unanswered"),
        )
        .collect()?;
    let newcomers = prepared.clone().lazy().filter(col("newcomer")).collect()?;
    Ok(Computed::new(
        params,
        ForgeData::Available(ResponseTimes {
            by_period: by_period(&prepared, params)?,
            newcomers_by_period: by_period(&newcomers, params)?,
            window: overall(&prepared)?,
            newcomers_window: overall(&newcomers)?,
        }),
    ))
}

/// The latest time an item in scope was created, closed or answered.
pub(crate) fn latest(scoped: LazyFrame) -> PolarsResult<Option<NaiveDateTime>> {
    let names = [columns::CREATED, columns::CLOSED, columns::FIRST_RESPONSE];
    let df = scoped.select(names.map(|name| col(name).max())).collect()?;
    let mut latest = None;
    for name in names {
        latest = latest.max(df.column(name)?.datetime()?.phys.get(0));
    }
    Ok(latest
        .and_then(chrono::DateTime::from_timestamp_micros)
        .map(|t| t.naive_utc()))
}

fn stats_exprs() -> [Expr; 6] {
    [
        len().cast(DataType::Int64).alias("items"),
        col("hours").count().cast(DataType::Int64).alias("answered"),
        col("hours").median().alias("median"),
        col("hours")
            .quantile(lit(0.9), QuantileMethod::Linear)
            .alias("p90"),
        col("old_enough")
            .sum()
            .cast(DataType::Int64)
            .alias("old_enough"),
        col("unanswered")
            .sum()
            .cast(DataType::Int64)
            .alias("unanswered"),
    ]
}

fn read_stats(df: &DataFrame, i: usize) -> PolarsResult<ResponseStats> {
    let int = |name: &str| -> PolarsResult<u32> {
        Ok(df.column(name)?.i64()?.get(i).unwrap_or(0) as u32)
    };
    let float = |name: &str| -> PolarsResult<Option<f64>> {
        Ok(df.column(name)?.cast(&DataType::Float64)?.f64()?.get(i))
    };
    Ok(ResponseStats {
        items: int("items")?,
        answered: int("answered")?,
        median_hours: float("median")?,
        p90_hours: float("p90")?,
        old_enough: int("old_enough")?,
        unanswered: int("unanswered")?,
    })
}

fn by_period(prepared: &DataFrame, params: &Params) -> PolarsResult<Vec<(Bucket, ResponseStats)>> {
    let df = prepared
        .clone()
        .lazy()
        .group_by([col("period")])
        .agg(stats_exprs())
        .sort(["period"], SortMultipleOptions::default())
        .collect()?;
    let periods = df.column("period")?.i32()?;
    (0..df.height())
        .map(|i| {
            Ok((
                params.period.bucket(periods.get(i).unwrap_or_default()),
                read_stats(&df, i)?,
            ))
        })
        .collect()
}

fn overall(prepared: &DataFrame) -> PolarsResult<ResponseStats> {
    if prepared.height() == 0 {
        return Ok(ResponseStats::default());
    }
    let df = prepared.clone().lazy().select(stats_exprs()).collect()?;
    read_stats(&df, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::frame;
    use crate::items::{frame as items_frame, Items};
    use crate::test_util::at;

    const H: i64 = 3_600_000_000;

    /// Items in repository 1: (author, created, hours to response or None).
    fn sample(rows: &[(i64, &str, Option<i64>)], bots: &[i64]) -> DataFrame {
        let created: Vec<i64> = rows.iter().map(|r| at(r.1)).collect();
        items_frame(Items {
            repository: vec![1; rows.len()],
            number: (1..=rows.len() as i64).collect(),
            is_pr: vec![true; rows.len()],
            author: rows.iter().map(|r| Some(r.0)).collect(),
            is_bot: rows.iter().map(|r| bots.contains(&r.0)).collect(),
            first_response: rows
                .iter()
                .zip(&created)
                .map(|(r, c)| r.2.map(|h| c + h * H))
                .collect(),
            created,
            closed: vec![None; rows.len()],
            merged: vec![None; rows.len()],
        })
        .unwrap()
    }

    /// Each author's activity: the items themselves, plus an earlier commit
    /// by author 1 (so only author 1 is not a newcomer).
    fn activities(rows: &[(i64, &str, Option<i64>)]) -> DataFrame {
        let mut who: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let mut when: Vec<i64> = rows.iter().map(|r| at(r.1)).collect();
        who.push(1);
        when.push(at("2023-01-01T00:00:00Z"));
        let n = who.len();
        frame(
            vec![1; n],
            who,
            vec!["pr_opened".into(); n],
            when,
            vec![false; n],
        )
        .unwrap()
    }

    #[test]
    fn median_p90_and_unanswered_share_per_month_and_for_newcomers() {
        let rows = [
            (1, "2024-01-01T00:00:00Z", Some(1)),
            (2, "2024-01-02T00:00:00Z", Some(3)),
            (3, "2024-01-03T00:00:00Z", Some(5)),
            (4, "2024-01-04T00:00:00Z", None), // never answered
            (1, "2024-01-05T00:00:00Z", Some(800)), // answered after 33 days
            (5, "2024-03-30T00:00:00Z", None), // too recent to tell
            (9, "2024-01-06T00:00:00Z", Some(1)), // a bot's: left out
        ];
        let items = sample(&rows, &[9]);
        let got = time_to_first_response(&items, &activities(&rows), &Params::default()).unwrap();
        let ForgeData::Available(t) = &got.value else {
            panic!("forge data is there")
        };
        let jan = t.by_period[0].1;
        assert_eq!(t.by_period[0].0.to_string(), "2024-01");
        assert_eq!((jan.items, jan.answered), (5, 4));
        // Answered: 1, 3, 5, 800 hours. Median 4; p90 = 5 + 0.7 * 795.
        assert_eq!(jan.median_hours, Some(4.0));
        assert!((jan.p90_hours.unwrap() - 561.5).abs() < 1e-9);
        // The reference is the latest item (30 March): January's are old enough;
        // the one never answered and the one answered after 33 days count.
        assert_eq!((jan.old_enough, jan.unanswered), (5, 2));
        assert_eq!(jan.unanswered_share(), Some(0.4));
        let march = t.by_period[1].1;
        assert_eq!(
            (march.items, march.old_enough, march.unanswered_share()),
            (1, 0, None)
        );
        // Newcomers: authors 2, 3, 4 and 5 (1 contributed before), answered
        // after 3 and 5 hours.
        assert_eq!(t.newcomers_window.items, 4);
        assert_eq!(t.newcomers_window.median_hours, Some(4.0));
        assert_eq!(t.window.items, 6);
    }

    #[test]
    fn no_item_in_scope_is_no_forge_data_not_zero() {
        let rows = [(1, "2024-01-01T00:00:00Z", Some(1))];
        let items = sample(&rows, &[]);
        let elsewhere = Params {
            repositories: Some(vec![2]),
            ..Params::default()
        };
        let got = time_to_first_response(&items, &activities(&rows), &elsewhere).unwrap();
        assert_eq!(got.value, ForgeData::Missing);
        let none = sample(&[], &[]);
        let got = time_to_first_response(&none, &activities(&[]), &Params::default()).unwrap();
        assert_eq!(got.value, ForgeData::Missing);
    }
}
