//! Active and new contributors side by side, month by month: the dashboard's
//! first chart and table.

use std::collections::BTreeMap;

use polars::prelude::*;

use crate::active_contributors::{active_contributors, active_in_window};
use crate::activity::{columns, in_scope};
use crate::error::MetricsError;
use crate::new_contributors::{new_contributors, newcomers};
use crate::params::Params;
use crate::period::Month;

/// One month of the trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrendRow {
    /// The calendar month (UTC).
    pub month: Month,
    /// Distinct contributors active in it.
    pub active_contributors: i64,
    /// Contributors whose first contribution in scope is in it.
    pub new_contributors: i64,
}

/// Every month of the window, months without activity included (as zeros),
/// so charts and tables show gaps instead of hiding them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trend {
    /// The parameters that produced it.
    pub params: Params,
    /// One row per month, in order; empty when the scope has no activity.
    pub rows: Vec<TrendRow>,
    /// Distinct contributors active in the whole window (not the sum of
    /// the months: someone active in two months counts once).
    pub active_in_window: i64,
    /// Contributors whose first contribution in scope is in the window.
    pub new_in_window: i64,
}

/// Computes the monthly trend of active and new contributors.
///
/// The window runs from `params.from` (or the first activity in scope) to
/// `params.to` (or the last activity in scope).
pub fn monthly_trend(activities: &DataFrame, params: &Params) -> Result<Trend, MetricsError> {
    let bounds = in_scope(activities, params)
        .select([
            col(columns::AT).min().alias("first"),
            col(columns::AT).max().alias("last"),
        ])
        .with_columns([
            Month::expr("first").alias("first"),
            Month::expr("last").alias("last"),
        ])
        .collect()?;
    let month_at = |name: &str| -> Result<Option<Month>, MetricsError> {
        Ok(bounds.column(name)?.i32()?.get(0).map(Month))
    };
    let first = params.from.map(Month::of).or(month_at("first")?);
    let last = params.to.map(Month::of).or(month_at("last")?);
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(Trend {
            params: params.clone(),
            rows: Vec::new(),
            active_in_window: 0,
            new_in_window: 0,
        });
    };

    let mut rows: BTreeMap<Month, TrendRow> = BTreeMap::new();
    let mut month = first;
    while month <= last {
        rows.insert(
            month,
            TrendRow {
                month,
                active_contributors: 0,
                new_contributors: 0,
            },
        );
        month = month.next();
    }
    for (month, count) in counts(
        &active_contributors(activities, params)?,
        "active_contributors",
    )? {
        if let Some(row) = rows.get_mut(&month) {
            row.active_contributors = count;
        }
    }
    for (month, count) in counts(&new_contributors(activities, params)?, "new_contributors")? {
        if let Some(row) = rows.get_mut(&month) {
            row.new_contributors = count;
        }
    }
    Ok(Trend {
        params: params.clone(),
        rows: rows.into_values().collect(),
        active_in_window: active_in_window(activities, params)?,
        new_in_window: newcomers(activities, params)?.height() as i64,
    })
}

/// Reads a (`month`, count) frame.
fn counts(frame: &DataFrame, name: &str) -> Result<Vec<(Month, i64)>, MetricsError> {
    let months = frame.column("month")?.i32()?;
    let values = frame.column(name)?.i64()?;
    Ok(months
        .iter()
        .zip(values.iter())
        .filter_map(|(m, v)| Some((Month(m?), v?)))
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
        let trend = monthly_trend(&df, &Params::default()).unwrap();
        let got: Vec<(String, i64, i64)> = trend
            .rows
            .iter()
            .map(|r| {
                (
                    r.month.to_string(),
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
        let trend = monthly_trend(&df, &window).unwrap();
        let got: Vec<(String, i64, i64)> = trend
            .rows
            .iter()
            .map(|r| {
                (
                    r.month.to_string(),
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
        assert_eq!((trend.active_in_window, trend.new_in_window), (2, 1));
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
        assert!(monthly_trend(&df, &none).unwrap().rows.is_empty());
    }
}
