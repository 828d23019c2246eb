//! CHAOSS "Change Request Closure Ratio" and the backlog (DESIGN.md
//! definition 10): per period, the pull (or merge) requests closed or merged
//! in it over those opened in it; and the issues and pull requests still
//! open at its end.

use std::collections::BTreeMap;

use polars::prelude::*;

use crate::items::{self, columns, ForgeData};
use crate::params::{Computed, Params};
use crate::period::Bucket;

/// One period.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ClosureRow {
    /// The period.
    pub period: Option<Bucket>,
    /// Pull requests opened in it.
    pub opened: u32,
    /// Pull requests closed or merged in it (whenever they were opened).
    pub closed: u32,
    /// Of those, merged.
    pub merged: u32,
    /// Issues open at its end.
    pub open_issues: u32,
    /// Pull requests open at its end.
    pub open_pull_requests: u32,
}

impl ClosureRow {
    /// Closed or merged over opened; `None` when none was opened.
    pub fn ratio(&self) -> Option<f64> {
        (self.opened > 0).then(|| f64::from(self.closed) / f64::from(self.opened))
    }
}

/// The closure ratio and backlog of each of `periods` (the dashboard passes
/// the periods of its window, [`crate::activity::periods_in_window`]).
pub fn change_request_closure(
    items: &DataFrame,
    params: &Params,
    periods: &[Bucket],
) -> PolarsResult<Computed<ForgeData<Vec<ClosureRow>>>> {
    let Some(scoped) = items::in_scope(items, params)? else {
        return Ok(Computed::new(params, ForgeData::Missing));
    };
    let period = params.period;
    let df = scoped
        .select([
            col(columns::IS_PR),
            period.expr(columns::CREATED).alias("opened"),
            period.expr(columns::CLOSED).alias("closed"),
            col(columns::MERGED).is_not_null().alias("merged"),
        ])
        .group_by([
            col(columns::IS_PR),
            col("opened"),
            col("closed"),
            col("merged"),
        ])
        .agg([len().cast(DataType::Int64).alias("n")])
        .collect()?;
    // Items counted by (is_pr, opened, closed, merged): few rows, summed here.
    let is_pr = df.column(columns::IS_PR)?.bool()?;
    let opened = df.column("opened")?.i32()?;
    let closed = df.column("closed")?.i32()?;
    let merged = df.column("merged")?.bool()?;
    let n = df.column("n")?.i64()?;
    let mut rows: BTreeMap<Bucket, ClosureRow> = periods
        .iter()
        .map(|p| {
            (
                *p,
                ClosureRow {
                    period: Some(*p),
                    ..ClosureRow::default()
                },
            )
        })
        .collect();
    for i in 0..df.height() {
        let (Some(pr), Some(open), Some(count)) = (is_pr.get(i), opened.get(i), n.get(i)) else {
            continue;
        };
        let count = count as u32;
        let close = closed.get(i);
        for (bucket, row) in rows.iter_mut() {
            let at = bucket.index;
            if pr && open == at {
                row.opened += count;
            }
            if pr && close == Some(at) {
                row.closed += count;
                if merged.get(i) == Some(true) {
                    row.merged += count;
                }
            }
            // Open at the end of the period: opened by then, not closed by then.
            if open <= at && close.is_none_or(|c| c > at) {
                if pr {
                    row.open_pull_requests += count;
                } else {
                    row.open_issues += count;
                }
            }
        }
    }
    Ok(Computed::new(
        params,
        ForgeData::Available(rows.into_values().collect()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::items::{frame, Items};
    use crate::period::Period;
    use crate::test_util::at;

    /// (is_pr, created, closed, merged)
    fn sample(rows: &[(bool, &str, Option<&str>, bool)]) -> DataFrame {
        let n = rows.len();
        frame(Items {
            repository: vec![1; n],
            number: (1..=n as i64).collect(),
            is_pr: rows.iter().map(|r| r.0).collect(),
            author: vec![Some(1); n],
            is_bot: vec![false; n],
            created: rows.iter().map(|r| at(r.1)).collect(),
            closed: rows.iter().map(|r| r.2.map(at)).collect(),
            merged: rows.iter().map(|r| r.2.filter(|_| r.3).map(at)).collect(),
            first_response: vec![None; n],
        })
        .unwrap()
    }

    #[test]
    fn ratio_and_backlog_month_by_month() {
        let items = sample(&[
            (
                true,
                "2023-12-20T00:00:00Z",
                Some("2024-01-05T00:00:00Z"),
                true,
            ),
            (
                true,
                "2024-01-10T00:00:00Z",
                Some("2024-01-11T00:00:00Z"),
                false,
            ),
            (true, "2024-01-12T00:00:00Z", None, false),
            (
                true,
                "2024-01-13T00:00:00Z",
                Some("2024-02-01T00:00:00Z"),
                true,
            ),
            (false, "2023-11-01T00:00:00Z", None, false),
            (
                false,
                "2024-01-02T00:00:00Z",
                Some("2024-01-31T23:59:59Z"),
                false,
            ),
        ]);
        let months = [
            Period::Month.bucket(2024 * 12),
            Period::Month.bucket(2024 * 12 + 1),
        ];
        let got = change_request_closure(&items, &Params::default(), &months).unwrap();
        let ForgeData::Available(rows) = &got.value else {
            panic!("forge data")
        };
        // January: 3 opened; closed 2 (one opened in December), one merged.
        let jan = rows[0];
        assert_eq!((jan.opened, jan.closed, jan.merged), (3, 2, 1));
        assert_eq!(jan.ratio(), Some(2.0 / 3.0));
        // Open at the end of January: PRs 3 and 4; the November issue.
        assert_eq!((jan.open_pull_requests, jan.open_issues), (2, 1));
        let feb = rows[1];
        assert_eq!((feb.opened, feb.closed, feb.ratio()), (0, 1, None));
        assert_eq!((feb.open_pull_requests, feb.open_issues), (1, 1));
    }

    #[test]
    fn quarters_and_no_forge_data() {
        let items = sample(&[(
            true,
            "2024-01-10T00:00:00Z",
            Some("2024-05-01T00:00:00Z"),
            true,
        )]);
        let quarters = [
            Period::Quarter.bucket(2024 * 4),
            Period::Quarter.bucket(2024 * 4 + 1),
        ];
        let params = Params {
            period: Period::Quarter,
            ..Params::default()
        };
        let got = change_request_closure(&items, &params, &quarters).unwrap();
        let rows = got.available().unwrap();
        assert_eq!(
            (rows[0].opened, rows[0].closed, rows[0].open_pull_requests),
            (1, 0, 1)
        );
        assert_eq!(
            (rows[1].opened, rows[1].closed, rows[1].open_pull_requests),
            (0, 1, 0)
        );
        let none = sample(&[]);
        let got = change_request_closure(&none, &params, &quarters).unwrap();
        assert_eq!(got.value, ForgeData::Missing);
    }
}
