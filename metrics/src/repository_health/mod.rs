//! Repository health, the catalogue (DESIGN.md definition 11): for every
//! repository, its last activity, active contributors in the last 90 days
//! and 12 months, bus factor over the last 12 months, open issues and pull
//! requests, median time to first response over the last 12 months,
//! releases in the last 12 months, licence and whether it is archived; and
//! a green, amber or red status from the thresholds of
//! [`crate::params::Thresholds`], with the reasons in words.
//!
//! All of it is measured at one reference date T for every repository
//! (`params.reference`, else the latest activity in the store), so a
//! repository that went quiet shows as quiet.

mod status;

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, Months, NaiveDateTime};
use duckdb::Connection;
use polars::prelude::*;

use crate::activity::{self, columns, Activities};
use crate::contributor_absence_factor::{contributor_absence_factor_by_repository, AbsenceFactor};
use crate::error::MetricsError;
use crate::items;
use crate::params::{Computed, Params};
use status::judge;
pub use status::{Reason, Status};

pub use vigie_ingest::store::repositories::RepositoryInfo;

/// Every stored repository, sorted by name.
pub fn repositories(conn: &Connection) -> Result<Vec<RepositoryInfo>, MetricsError> {
    Ok(vigie_ingest::store::repositories::all(conn)?)
}

/// One repository of the catalogue. Forge figures are `None` when the
/// repository has no forge data.
#[derive(Debug, Clone, PartialEq)]
pub struct RepositoryHealth {
    /// What the store knows of it.
    pub info: RepositoryInfo,
    /// The latest activity in scope.
    pub last_activity: Option<NaiveDateTime>,
    /// Distinct contributors in the 90 days before T.
    pub active_90_days: u32,
    /// Distinct contributors in the 12 months before T.
    pub active_12_months: u32,
    /// Contributor absence factor over the 12 months before T.
    pub bus_factor: Option<u32>,
    /// Issues open at T.
    pub open_issues: Option<u32>,
    /// Pull requests open at T.
    pub open_pull_requests: Option<u32>,
    /// Median hours to first response of the items opened in the 12
    /// months before T.
    pub median_response_hours: Option<f64>,
    /// Releases published in the 12 months before T.
    pub releases_12_months: Option<u32>,
    /// The latest release before T (`None` also without forge data).
    pub last_release: Option<NaiveDateTime>,
    /// Green, amber, red (or archived).
    pub status: Status,
    /// Why it is not green, worst first.
    pub reasons: Vec<(Status, Reason)>,
}

/// The catalogue: one row per repository of `repositories` in scope.
pub fn repository_health(
    activities: &dyn Activities,
    items: &DataFrame,
    repositories: &[RepositoryInfo],
    params: &Params,
) -> PolarsResult<Computed<Vec<RepositoryHealth>>> {
    let scoped = activity::in_scope(activities, params);
    let t = activity::reference(activities, params)?.unwrap_or_default();
    let year_ago = t.checked_sub_months(Months::new(12)).unwrap_or(t);
    let quarter_ago = t - Duration::days(90);

    let activity = activity_figures(scoped, t, quarter_ago, year_ago)?;
    let last_year = Params {
        from: Some(year_ago.date()),
        to: (t - Duration::microseconds(1)).date().into(),
        ..params.clone()
    };
    let bus: BTreeMap<i32, AbsenceFactor> =
        contributor_absence_factor_by_repository(activities, &last_year)?.value;
    let forge = forge_figures(activities, items, params, t, year_ago)?;

    let wanted = |id: i32| params.repositories.as_ref().is_none_or(|r| r.contains(&id));
    let rows = repositories
        .iter()
        .filter(|r| wanted(r.id))
        .map(|info| {
            let ActivityFigures {
                last_activity,
                active_90_days,
                active_12_months,
            } = activity.get(&info.id).copied().unwrap_or_default();
            let figures = forge.get(&info.id);
            let mut row = RepositoryHealth {
                info: info.clone(),
                last_activity,
                active_90_days,
                active_12_months,
                bus_factor: bus.get(&info.id).and_then(|f| f.factor),
                open_issues: figures.map(|f| f.open_issues),
                open_pull_requests: figures.map(|f| f.open_pull_requests),
                median_response_hours: figures.and_then(|f| f.median_response_hours),
                releases_12_months: figures.map(|f| f.releases),
                last_release: figures.and_then(|f| f.last_release),
                status: Status::Green,
                reasons: Vec::new(),
            };
            judge(&mut row, t, params);
            row
        })
        .collect();
    Ok(Computed::new(params, rows))
}

/// Activity figures of a repository, before T.
#[derive(Debug, Clone, Copy, Default)]
struct ActivityFigures {
    last_activity: Option<NaiveDateTime>,
    active_90_days: u32,
    active_12_months: u32,
}

/// The last activity and active contributors of each repository, in one
/// pass over the activities in scope.
fn activity_figures(
    scoped: LazyFrame,
    t: NaiveDateTime,
    quarter_ago: NaiveDateTime,
    year_ago: NaiveDateTime,
) -> PolarsResult<HashMap<i32, ActivityFigures>> {
    let per_repo = scoped
        .filter(col(columns::AT).lt(lit(t)))
        .group_by([col(columns::REPOSITORY)])
        .agg([
            col(columns::AT).max().alias("last"),
            col(columns::CONTRIBUTOR)
                .filter(col(columns::AT).gt_eq(lit(quarter_ago)))
                .n_unique()
                .cast(DataType::Int64)
                .alias("active_90"),
            col(columns::CONTRIBUTOR)
                .filter(col(columns::AT).gt_eq(lit(year_ago)))
                .n_unique()
                .cast(DataType::Int64)
                .alias("active_12m"),
        ])
        .collect()?;
    let ids = per_repo.column(columns::REPOSITORY)?.i32()?;
    let last = per_repo.column("last")?.datetime()?;
    let a90 = per_repo.column("active_90")?.i64()?;
    let a12 = per_repo.column("active_12m")?.i64()?;
    let mut out = HashMap::new();
    for i in 0..per_repo.height() {
        let Some(id) = ids.get(i) else { continue };
        out.insert(
            id,
            ActivityFigures {
                last_activity: from_micros(last.phys.get(i)),
                active_90_days: a90.get(i).unwrap_or(0) as u32,
                active_12_months: a12.get(i).unwrap_or(0) as u32,
            },
        );
    }
    Ok(out)
}

/// A time read from a frame (microseconds since the epoch, UTC).
fn from_micros(micros: Option<i64>) -> Option<NaiveDateTime> {
    micros
        .and_then(chrono::DateTime::from_timestamp_micros)
        .map(|t| t.naive_utc())
}

/// Forge figures of a repository with forge data.
#[derive(Debug, Clone, Copy)]
struct ForgeFigures {
    open_issues: u32,
    open_pull_requests: u32,
    median_response_hours: Option<f64>,
    releases: u32,
    last_release: Option<NaiveDateTime>,
}

fn forge_figures(
    activities: &dyn Activities,
    items: &DataFrame,
    params: &Params,
    t: NaiveDateTime,
    year_ago: NaiveDateTime,
) -> PolarsResult<HashMap<i32, ForgeFigures>> {
    let mut out = HashMap::new();
    let Some(scoped) = items::in_scope(items, params)? else {
        return Ok(out);
    };
    use items::columns as ic;
    let df = scoped
        .filter(col(ic::CREATED).lt(lit(t)))
        .with_columns([
            col(ic::CLOSED)
                .is_null()
                .or(col(ic::CLOSED).gt_eq(lit(t)))
                .alias("open"),
            ((col(ic::FIRST_RESPONSE).cast(DataType::Int64)
                - col(ic::CREATED).cast(DataType::Int64))
            .cast(DataType::Float64)
                / lit(3_600_000_000.0))
            .alias("hours"),
        ])
        .group_by([col(ic::REPOSITORY)])
        .agg([
            col("open")
                .and(col(ic::IS_PR).not())
                .sum()
                .cast(DataType::Int64)
                .alias("open_issues"),
            col("open")
                .and(col(ic::IS_PR))
                .sum()
                .cast(DataType::Int64)
                .alias("open_prs"),
            col("hours")
                .filter(col(ic::CREATED).gt_eq(lit(year_ago)))
                .median()
                .alias("median"),
        ])
        .collect()?;
    let released = releases(activities, t, year_ago)?;
    let ids = df.column(ic::REPOSITORY)?.i32()?;
    let open_issues = df.column("open_issues")?.i64()?;
    let open_prs = df.column("open_prs")?.i64()?;
    let median = df.column("median")?.cast(&DataType::Float64)?;
    let median = median.f64()?;
    for i in 0..df.height() {
        let Some(id) = ids.get(i) else { continue };
        out.insert(
            id,
            ForgeFigures {
                open_issues: open_issues.get(i).unwrap_or(0) as u32,
                open_pull_requests: open_prs.get(i).unwrap_or(0) as u32,
                median_response_hours: median.get(i),
                releases: released.get(&id).map_or(0, |r| r.0),
                last_release: released.get(&id).and_then(|r| r.1),
            },
        );
    }
    Ok(out)
}

/// Each repository's releases in the year before T, and its latest before
/// T. Releases are activities (by people or bots: a release is a release).
fn releases(
    activities: &dyn Activities,
    t: NaiveDateTime,
    year_ago: NaiveDateTime,
) -> PolarsResult<HashMap<i32, (u32, Option<NaiveDateTime>)>> {
    let releases = activities
        .all()
        .filter(
            col(columns::KIND)
                .eq(lit(activity::kind_code("release")))
                .and(col(columns::AT).lt(lit(t))),
        )
        .group_by([col(columns::REPOSITORY)])
        .agg([
            col(columns::AT)
                .gt_eq(lit(year_ago))
                .sum()
                .cast(DataType::Int64)
                .alias("n"),
            col(columns::AT).max().alias("last"),
        ])
        .collect()?;
    let mut released = HashMap::new();
    let last = releases.column("last")?.datetime()?;
    for (i, (id, n)) in releases
        .column(columns::REPOSITORY)?
        .i32()?
        .into_no_null_iter()
        .zip(releases.column("n")?.i64()?.into_no_null_iter())
        .enumerate()
    {
        released.insert(id, (n as u32, from_micros(last.phys.get(i))));
    }
    Ok(released)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::frame;
    use crate::items::{frame as items_frame, Items};
    use crate::test_util::at;

    fn info(id: i32, archived: Option<bool>) -> RepositoryInfo {
        RepositoryInfo {
            id,
            name: format!("o/r{id}"),
            archived,
            ..RepositoryInfo::default()
        }
    }

    /// T is 2024-12-31 (the latest activity, in repository 1).
    fn activities() -> DataFrame {
        let rows: &[(i32, i64, &str, &str)] = &[
            (1, 1, "commit", "2024-12-31T00:00:00Z"),
            (1, 2, "commit", "2024-12-01T00:00:00Z"),
            (1, 3, "commit", "2024-06-01T00:00:00Z"),
            (1, 9, "release", "2024-11-01T00:00:00Z"),
            (2, 1, "commit", "2024-05-15T00:00:00Z"), // 7 months before T
            (3, 1, "commit", "2023-11-01T00:00:00Z"), // 13 months before T
            (4, 1, "commit", "2020-01-01T00:00:00Z"), // archived
        ];
        let mut who: Vec<i64> = rows.iter().map(|r| r.1).collect();
        let mut repo: Vec<i32> = rows.iter().map(|r| r.0).collect();
        let mut kind: Vec<String> = rows.iter().map(|r| r.2.to_string()).collect();
        let mut when: Vec<i64> = rows.iter().map(|r| at(r.3)).collect();
        // Repository 6: one person does nearly everything over the year.
        for day in 1..=10 {
            who.push(1);
            repo.push(6);
            kind.push("commit".into());
            when.push(at(&format!("2024-10-{day:02}T00:00:00Z")));
        }
        who.push(2);
        repo.push(6);
        kind.push("commit".into());
        when.push(at("2024-10-20T00:00:00Z"));
        let n = who.len();
        frame(repo, who, kind, when, vec![false; n]).unwrap()
    }

    fn statuses(rows: &[RepositoryHealth]) -> Vec<(i32, Status, Vec<String>)> {
        rows.iter()
            .map(|r| {
                (
                    r.info.id,
                    r.status,
                    r.reasons.iter().map(|(_, why)| why.describe()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn statuses_with_their_reasons() {
        let repos: Vec<_> = [1, 2, 3, 5, 6]
            .map(|id| info(id, None))
            .into_iter()
            .chain([info(4, Some(true))])
            .collect();
        let no_items = items_frame(Items::default()).unwrap();
        let got = repository_health(&activities(), &no_items, &repos, &Params::default()).unwrap();
        let s = |id, status, reasons: &[&str]| {
            (
                id,
                status,
                reasons.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            statuses(&got),
            [
                s(1, Status::Green, &[]),
                s(2, Status::Amber, &["No activity for 7 months."]),
                s(3, Status::Red, &["No activity for 13 months."]),
                s(5, Status::Red, &["No activity is recorded."]),
                s(
                    6,
                    Status::Amber,
                    &["One person made half of the contributions of the last 12 months."]
                ),
                s(4, Status::Archived, &[]),
            ]
        );
        let one = &got[0];
        assert_eq!((one.active_90_days, one.active_12_months), (3, 4));
        assert_eq!(one.bus_factor, Some(2));
        assert_eq!(one.open_issues, None, "no forge data: unknown, not zero");
    }

    #[test]
    fn forge_figures_and_their_thresholds() {
        let created = [at("2024-06-01T00:00:00Z"), at("2024-07-01T00:00:00Z")];
        let items = items_frame(Items {
            repository: vec![1, 1],
            number: vec![1, 2],
            is_pr: vec![false, true],
            author: vec![Some(5), Some(6)],
            is_bot: vec![false, false],
            created: created.to_vec(),
            closed: vec![None, Some(at("2024-08-01T00:00:00Z"))],
            merged: vec![None, None],
            // 8 and 12 days: a median of 10 days, amber.
            first_response: vec![
                Some(created[0] + 8 * 86_400_000_000),
                Some(created[1] + 12 * 86_400_000_000),
            ],
        })
        .unwrap();
        let repos = [info(1, None), info(2, None)];
        let got = repository_health(&activities(), &items, &repos, &Params::default()).unwrap();
        let one = &got[0];
        assert_eq!(
            (one.open_issues, one.open_pull_requests),
            (Some(1), Some(0))
        );
        assert_eq!(one.median_response_hours, Some(240.0));
        assert_eq!(one.releases_12_months, Some(1));
        assert_eq!(
            statuses(&got[..1]),
            [(
                1,
                Status::Amber,
                vec![
                    "Issues and pull requests wait 10.0 days for a first response (median)."
                        .to_string()
                ]
            )]
        );
        // Repository 2 has no forge data: no release figure, so no release reason.
        assert_eq!(got[1].releases_12_months, None);
        assert_eq!(
            one.last_release.map(|t| t.and_utc().timestamp_micros()),
            Some(at("2024-11-01T00:00:00Z"))
        );

        // The release threshold is a number of months, not only a switch:
        // the release of 1 November 2024 is older than one month before T
        // (31 December 2024).
        let strict = Params {
            thresholds: crate::Thresholds {
                release_amber_months: 1,
                response_amber_days: 30,
                ..crate::Thresholds::default()
            },
            ..Params::default()
        };
        let got = repository_health(&activities(), &items, &repos, &strict).unwrap();
        assert_eq!(
            statuses(&got[..1]),
            [(
                1,
                Status::Amber,
                vec!["No release in the last 1 months.".to_string()]
            )]
        );
    }
}
