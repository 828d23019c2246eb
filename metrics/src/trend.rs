//! Active and new contributors side by side, period by period: the
//! dashboard's first chart and table.

use std::collections::BTreeMap;

use polars::prelude::*;

use crate::active_contributors::{active_contributors, active_in_window};
use crate::activity::periods_in_window;
use crate::activity::{Activities, Scoped};
use crate::error::MetricsError;
use crate::new_contributors::{newcomers, per_period};
use crate::params::Params;
use crate::period::Bucket;

/// One period of the trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrendRow {
    /// The calendar month, quarter or year (UTC).
    pub period: Bucket,
    /// Distinct contributors active in it.
    pub active_contributors: i64,
    /// Contributors whose first contribution in scope is in it.
    pub new_contributors: i64,
}

/// Every period of the window, quiet ones included (as zeros), so charts
/// and tables show gaps instead of hiding them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trend {
    /// The parameters that produced it.
    pub params: Params,
    /// One row per period, in order; empty when the scope has no activity.
    pub rows: Vec<TrendRow>,
    /// Distinct contributors active in the whole window (not the sum of
    /// the periods: someone active in two of them counts once).
    pub active_in_window: i64,
    /// Contributors whose first contribution in scope is in the window.
    pub new_in_window: i64,
}

/// Computes the trend of active and new contributors per `params.period`.
///
/// The window runs from `params.from` (or the first activity in scope) to
/// `params.to` (or the last activity in scope).
pub fn trend(activities: &dyn Activities, params: &Params) -> Result<Trend, MetricsError> {
    // The parts below share one filtered frame (the caller's, when it
    // passes one of this scope).
    let scoped = Scoped::new(activities, params);
    let activities = &scoped;
    let mut rows: BTreeMap<Bucket, TrendRow> = periods_in_window(activities, params)?
        .into_iter()
        .map(|period| {
            let row = TrendRow {
                period,
                active_contributors: 0,
                new_contributors: 0,
            };
            (period, row)
        })
        .collect();
    if rows.is_empty() {
        return Ok(Trend {
            params: params.clone(),
            rows: Vec::new(),
            active_in_window: 0,
            new_in_window: 0,
        });
    }
    let bucket = |index| params.period.bucket(index);
    for (index, count) in counts(
        &active_contributors(activities, params)?.value,
        "active_contributors",
    )? {
        if let Some(row) = rows.get_mut(&bucket(index)) {
            row.active_contributors = count;
        }
    }
    let newcomers = newcomers(activities, params)?.value;
    for (index, count) in counts(&per_period(&newcomers, params)?, "new_contributors")? {
        if let Some(row) = rows.get_mut(&bucket(index)) {
            row.new_contributors = count;
        }
    }
    Ok(Trend {
        params: params.clone(),
        rows: rows.into_values().collect(),
        active_in_window: active_in_window(activities, params)?.value,
        new_in_window: newcomers.height() as i64,
    })
}

/// Reads a (`period`, count) frame.
pub(crate) fn counts(frame: &DataFrame, name: &str) -> Result<Vec<(i32, i64)>, MetricsError> {
    let periods = frame.column("period")?.i32()?;
    let values = frame.column(name)?.i64()?;
    Ok(periods
        .iter()
        .zip(values.iter())
        .filter_map(|(p, v)| Some((p?, v?)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::frame;
    use crate::test_util::at;
    use chrono::NaiveDate;

    #[test]
    fn fills_quiet_months_with_zeros() {
        let df = frame(
            vec![1, 1, 1],
            vec![1, 2, 1],
            vec!["commit".into(); 3],
            vec![
                at("2023-11-30T10:00:00Z"),
                at("2024-01-01T00:00:00Z"),
                at("2024-01-02T00:00:00Z"),
            ],
            vec![false; 3],
        )
        .unwrap();
        let got_trend = trend(&df, &Params::default()).unwrap();
        let got: Vec<(String, i64, i64)> = got_trend
            .rows
            .iter()
            .map(|r| {
                (
                    r.period.to_string(),
                    r.active_contributors,
                    r.new_contributors,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("2023-11".to_string(), 1, 1),
                ("2023-12".to_string(), 0, 0),
                ("2024-01".to_string(), 2, 1)
            ]
        );

        let window = Params {
            from: NaiveDate::from_ymd_opt(2023, 12, 1),
            to: NaiveDate::from_ymd_opt(2024, 2, 15),
            ..Params::default()
        };
        let got_trend = trend(&df, &window).unwrap();
        let got: Vec<(String, i64, i64)> = got_trend
            .rows
            .iter()
            .map(|r| {
                (
                    r.period.to_string(),
                    r.active_contributors,
                    r.new_contributors,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("2023-12".to_string(), 0, 0),
                ("2024-01".to_string(), 2, 1),
                ("2024-02".to_string(), 0, 0)
            ]
        );
        assert_eq!(
            (got_trend.active_in_window, got_trend.new_in_window),
            (2, 1)
        );
    }

    #[test]
    fn an_empty_scope_is_an_empty_trend() {
        let df = frame(
            vec![1],
            vec![1],
            vec!["commit".into()],
            vec![at("2024-01-01T00:00:00Z")],
            vec![false],
        )
        .unwrap();
        let none = Params {
            repositories: Some(vec![99]),
            ..Params::default()
        };
        assert!(trend(&df, &none).unwrap().rows.is_empty());
    }

    #[test]
    fn by_quarter_and_by_year() {
        let df = frame(
            vec![1, 1, 1],
            vec![1, 2, 1],
            vec!["commit".into(); 3],
            vec![
                at("2023-11-30T10:00:00Z"),
                at("2024-01-01T00:00:00Z"),
                at("2024-05-02T00:00:00Z"),
            ],
            vec![false; 3],
        )
        .unwrap();
        let rows = |period| {
            let params = Params {
                period,
                ..Params::default()
            };
            trend(&df, &params)
                .unwrap()
                .rows
                .iter()
                .map(|r| {
                    (
                        r.period.to_string(),
                        r.active_contributors,
                        r.new_contributors,
                    )
                })
                .collect::<Vec<_>>()
        };
        let row = |p: &str, a, n| (p.to_string(), a, n);
        assert_eq!(
            rows(crate::period::Period::Quarter),
            [
                row("2023-Q4", 1, 1),
                row("2024-Q1", 1, 1),
                row("2024-Q2", 1, 0)
            ]
        );
        assert_eq!(
            rows(crate::period::Period::Year),
            [row("2023", 1, 1), row("2024", 2, 1)]
        );
    }

    #[test]
    fn only_the_selected_kinds_count() {
        let df = frame(
            vec![1, 1],
            vec![1, 2],
            vec!["commit".into(), "comment".into()],
            vec![at("2024-01-01T00:00:00Z"), at("2024-01-02T00:00:00Z")],
            vec![false; 2],
        )
        .unwrap();
        let commits = Params {
            kinds: Some(vec!["commit".into()]),
            ..Params::default()
        };
        let t = trend(&df, &commits).unwrap();
        assert_eq!((t.active_in_window, t.new_in_window), (1, 1));
        assert_eq!(t.params, commits);
        let t = trend(&df, &Params::default()).unwrap();
        assert_eq!((t.active_in_window, t.new_in_window), (2, 2));
    }
}
