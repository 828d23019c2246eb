//! OW2's Market Readiness Levels (MRL, docs/governance.md): the stage-2
//! data points a repository's data gives, and the stage-1 community
//! practices the data can answer. OW2 publishes the data points, not how it
//! weighs them: Vigie gives the values, never a level.
//!
//! - [`bug_tracker`]: OW2's four bug-tracker data points over its sample
//!   (the 100 most recent open and 100 most recent closed issues, by
//!   creation);
//! - [`newcomer_issues`] (CTY-5), [`committers`] (CTY-1) and [`discussion`]
//!   (CTY-2): the stage-1 practices;
//! - [`licences`]: the share of source files without a licence header and
//!   the distinct licences found.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Months, NaiveDateTime};
use duckdb::Connection;
use polars::prelude::*;
use vigie_ingest::store::items as store_items;

use crate::activity::{self, columns, Activities};
use crate::error::MetricsError;
use crate::params::Params;

/// How many open and how many closed issues OW2 samples.
pub const SAMPLE: usize = 100;

/// Labels that mark an easy contribution for a newcomer (matched without
/// regard to case, `-` and `_` read as spaces).
pub const NEWCOMER_LABELS: [&str; 12] = [
    "good first issue",
    "good first bug",
    "first timers only",
    "first timer",
    "beginner",
    "beginner friendly",
    "easy",
    "starter",
    "newcomer",
    "help wanted",
    "facile",
    "débutant",
];

/// An issue (not a pull or merge request) as the bug tracker gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackerIssue {
    /// Its number.
    pub number: i64,
    /// Open (else closed).
    pub open: bool,
    /// Opened.
    pub created: NaiveDateTime,
    /// Last updated, if the forge said.
    pub updated: Option<NaiveDateTime>,
    /// Closed, if it is.
    pub closed: Option<NaiveDateTime>,
    /// Its labels.
    pub labels: Vec<String>,
    /// The forge's count of its comments, if known.
    pub comments: Option<i64>,
    /// The accounts (identity ids) it is assigned to, bots aside.
    pub assignees: Vec<i64>,
}

/// Every stored issue, by repository id (pull and merge requests aside).
pub fn read_issues(conn: &Connection) -> Result<BTreeMap<i32, Vec<TrackerIssue>>, MetricsError> {
    let at = |us: Option<i64>| {
        us.and_then(chrono::DateTime::from_timestamp_micros)
            .map(|t| t.naive_utc())
    };
    let ids = |list: &duckdb::arrow::array::ListArray, i: usize| -> Vec<i64> {
        use duckdb::arrow::array::{Array, AsArray};
        if list.is_null(i) {
            return Vec::new();
        }
        let values = list.value(i);
        values
            .as_primitive::<duckdb::arrow::datatypes::Int64Type>()
            .iter()
            .flatten()
            .collect()
    };
    let texts = |list: &duckdb::arrow::array::ListArray, i: usize| -> Vec<String> {
        use duckdb::arrow::array::{Array, AsArray};
        if list.is_null(i) {
            return Vec::new();
        }
        let values = list.value(i);
        values
            .as_string::<i32>()
            .iter()
            .flatten()
            .map(str::to_owned)
            .collect()
    };
    let mut issues: BTreeMap<i32, Vec<TrackerIssue>> = BTreeMap::new();
    store_items::read_batches(conn, |batch| -> Result<(), MetricsError> {
        use duckdb::arrow::array::Array;
        for i in 0..batch.repository.len() {
            if batch.is_pr.value(i) {
                continue;
            }
            let Some(created) =
                at(Some(batch.created_us.value(i)).filter(|_| batch.created_us.is_valid(i)))
            else {
                continue;
            };
            let nullable = |a: &duckdb::arrow::array::Int64Array| a.is_valid(i).then(|| a.value(i));
            issues
                .entry(batch.repository[i])
                .or_default()
                .push(TrackerIssue {
                    number: batch.number[i],
                    open: batch.state.value(i) == "open",
                    created,
                    updated: at(nullable(batch.updated_us)),
                    closed: at(nullable(batch.closed_us)),
                    labels: texts(batch.labels, i),
                    comments: nullable(batch.comment_count),
                    assignees: ids(batch.assignees, i),
                });
        }
        Ok(())
    })?;
    Ok(issues)
}

/// OW2's bug-tracker data points for one repository.
#[derive(Debug, Clone, PartialEq)]
pub struct BugTracker {
    /// Open issues in the sample (at most [`SAMPLE`]).
    pub open_sampled: usize,
    /// Closed issues in the sample (at most [`SAMPLE`]).
    pub closed_sampled: usize,
    /// "ActiveUsers": distinct accounts the sampled issues are assigned to,
    /// bots aside. Mostly maintainers: not the people who use the software.
    pub active_users: usize,
    /// "AverageResponseTime": the mean minutes from creation to the last
    /// update, over the sampled issues the forge gave an update time for.
    /// The last change of any kind, not a first response.
    pub average_response_minutes: Option<f64>,
    /// "BugOpentime": the mean days from creation to closing, over the
    /// closed sample.
    pub bug_open_days: Option<f64>,
    /// The median of the same, which a few old issues closed in a clean-up
    /// do not sway.
    pub bug_open_days_median: Option<f64>,
    /// "UnansweredBugs": open sampled issues without any comment; `None`
    /// when the forge's count is known for none of them.
    pub unanswered: Option<usize>,
}

/// The sample: the [`SAMPLE`] most recent open and closed issues, by
/// creation (and number, for issues opened at the same time).
fn sample(issues: &[TrackerIssue]) -> (Vec<&TrackerIssue>, Vec<&TrackerIssue>) {
    let newest = |open: bool| {
        let mut some: Vec<&TrackerIssue> = issues.iter().filter(|i| i.open == open).collect();
        some.sort_by_key(|i| std::cmp::Reverse((i.created, i.number)));
        some.truncate(SAMPLE);
        some
    };
    (newest(true), newest(false))
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    })
}

/// OW2's four bug-tracker data points over the sample of `issues`;
/// `None` without any issue (no forge data, or issues kept elsewhere).
pub fn bug_tracker(issues: &[TrackerIssue]) -> Option<BugTracker> {
    if issues.is_empty() {
        return None;
    }
    let (open, closed) = sample(issues);
    let both = || open.iter().chain(&closed);
    let users: BTreeSet<i64> = both().flat_map(|i| i.assignees.iter().copied()).collect();
    let minutes: Vec<f64> = both()
        .filter_map(|i| Some((i.updated? - i.created).num_seconds() as f64 / 60.0))
        .collect();
    let mut days: Vec<f64> = closed
        .iter()
        .filter_map(|i| Some((i.closed? - i.created).num_seconds() as f64 / 86_400.0))
        .collect();
    let known: Vec<i64> = open.iter().filter_map(|i| i.comments).collect();
    Some(BugTracker {
        open_sampled: open.len(),
        closed_sampled: closed.len(),
        active_users: users.len(),
        average_response_minutes: mean(&minutes),
        bug_open_days: mean(&days),
        bug_open_days_median: median(&mut days),
        unanswered: (!known.is_empty()).then(|| known.iter().filter(|c| **c == 0).count()),
    })
}

/// A label as matched: lower case, `-` and `_` as spaces, spaces squeezed.
fn label_key(label: &str) -> String {
    label
        .to_lowercase()
        .replace(['-', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// CTY-5, a list of easy contributions for newcomers: the open issues
/// carrying a newcomer label ([`NEWCOMER_LABELS`]), by number. A label that
/// no open issue carries is no list (GitHub creates "good first issue" in
/// every new repository).
pub fn newcomer_issues(issues: &[TrackerIssue]) -> Vec<i64> {
    let wanted: BTreeSet<String> = NEWCOMER_LABELS.iter().map(|l| label_key(l)).collect();
    let mut numbers: Vec<i64> = issues
        .iter()
        .filter(|i| i.open && i.labels.iter().any(|l| wanted.contains(&label_key(l))))
        .map(|i| i.number)
        .collect();
    numbers.sort_unstable();
    numbers
}

/// CTY-1's evidence: who committed in the year before T.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Committers {
    /// People (contributors, bots aside) who authored a commit.
    pub people: usize,
    /// Of them, those with a known organisation on some commit.
    pub affiliated: usize,
    /// The organisations they committed for.
    pub organisations: BTreeSet<String>,
}

impl Committers {
    /// At least two active committers from different organisations: two
    /// people with a known organisation, and two organisations among them
    /// (then one of each is always a pair of different people).
    pub fn met(&self) -> bool {
        self.affiliated >= 2 && self.organisations.len() >= 2
    }
}

/// The activities of `kinds` in `repository`, bots aside, in the
/// `months` before `t` (exclusive), as (contributor, organisation) rows.
fn recent(
    activities: &dyn Activities,
    repository: i32,
    kinds: &[&str],
    months: u32,
    t: NaiveDateTime,
) -> PolarsResult<Vec<(i64, Option<String>)>> {
    let params = Params {
        repositories: Some(vec![repository]),
        kinds: Some(kinds.iter().map(|k| (*k).to_owned()).collect()),
        ..Params::default()
    };
    let since = t.checked_sub_months(Months::new(months)).unwrap_or(t);
    let rows = activity::in_scope(activities, &params)
        .filter(col(columns::AT).gt_eq(lit(since)))
        .filter(col(columns::AT).lt(lit(t)))
        .select([
            col(columns::CONTRIBUTOR),
            col(columns::ORGANISATION).cast(DataType::String),
        ])
        .collect()?;
    let people = rows.column(columns::CONTRIBUTOR)?.i64()?;
    let names = rows.column(columns::ORGANISATION)?.str()?;
    Ok((0..rows.height())
        .filter_map(|i| Some((people.get(i)?, names.get(i).map(str::to_owned))))
        .collect())
}

/// CTY-1: the commit authors of `repository` in the 12 months before `t`
/// and the organisations they committed for (affiliations on the day).
pub fn committers(
    activities: &dyn Activities,
    repository: i32,
    t: NaiveDateTime,
) -> PolarsResult<Committers> {
    let rows = recent(activities, repository, &["commit"], 12, t)?;
    let people: BTreeSet<i64> = rows.iter().map(|(p, _)| *p).collect();
    let affiliated: BTreeSet<i64> = rows
        .iter()
        .filter(|(_, o)| o.is_some())
        .map(|(p, _)| *p)
        .collect();
    Ok(Committers {
        people: people.len(),
        affiliated: affiliated.len(),
        organisations: rows.into_iter().filter_map(|(_, o)| o).collect(),
    })
}

/// CTY-2's evidence: public discussion on the forge in the 3 months before T.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Discussion {
    /// Issues and change requests opened, comments and reviews.
    pub events: usize,
    /// The people (bots aside) who took part.
    pub people: usize,
}

impl Discussion {
    /// Some discussion seen on the forge.
    pub fn met(&self) -> bool {
        self.events > 0
    }
}

/// CTY-2: the issues and change requests opened, comments and reviews in
/// `repository` in the 3 months before `t`. Only the forge is read: a
/// mailing list or a forum is not.
pub fn discussion(
    activities: &dyn Activities,
    repository: i32,
    t: NaiveDateTime,
) -> PolarsResult<Discussion> {
    let kinds = ["issue_opened", "pr_opened", "comment", "review"];
    let rows = recent(activities, repository, &kinds, 3, t)?;
    let people: BTreeSet<i64> = rows.iter().map(|(p, _)| *p).collect();
    Ok(Discussion {
        events: rows.len(),
        people: people.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 1, 1)
            .and_then(|x| x.and_hms_opt(0, 0, 0))
            .expect("a date")
            + chrono::Duration::days(i64::from(d))
    }

    fn issue(number: i64, open: bool, created: u32) -> TrackerIssue {
        TrackerIssue {
            number,
            open,
            created: day(created),
            updated: Some(day(created + 1)),
            closed: (!open).then(|| day(created + 4)),
            labels: vec![],
            comments: Some(1),
            assignees: vec![],
        }
    }

    #[test]
    fn the_sample_is_the_hundred_newest_open_and_closed_issues() {
        let mut issues: Vec<TrackerIssue> = (0..150).map(|n| issue(n, true, n as u32)).collect();
        issues.extend((150..160).map(|n| issue(n, false, n as u32)));
        // Only the newest open ones are sampled: the oldest 50 are left out.
        issues[10].comments = Some(0);
        issues[120].comments = Some(0);
        issues[121].assignees = vec![7, 8];
        issues[155].assignees = vec![8, 9];
        let tracker = bug_tracker(&issues).expect("issues");
        assert_eq!((tracker.open_sampled, tracker.closed_sampled), (100, 10));
        assert_eq!(tracker.unanswered, Some(1));
        assert_eq!(tracker.active_users, 3);
        assert_eq!(tracker.average_response_minutes, Some(1440.0));
        assert_eq!(tracker.bug_open_days, Some(4.0));
        assert_eq!(bug_tracker(&[]), None);
    }

    #[test]
    fn bug_open_time_gives_the_mean_and_the_median() {
        let mut issues = vec![issue(1, false, 0), issue(2, false, 0), issue(3, false, 0)];
        issues[2].closed = Some(day(100));
        let tracker = bug_tracker(&issues).expect("issues");
        assert_eq!(tracker.bug_open_days, Some(36.0));
        assert_eq!(tracker.bug_open_days_median, Some(4.0));
        assert_eq!(tracker.unanswered, None, "no open issue");
    }

    #[test]
    fn newcomer_issues_are_open_and_labelled() {
        let mut issues = vec![issue(1, true, 0), issue(2, false, 0), issue(3, true, 0)];
        issues[0].labels = vec!["Good-First-Issue".into()];
        issues[1].labels = vec!["good first issue".into()];
        issues[2].labels = vec!["bug".into(), "Débutant".into()];
        assert_eq!(newcomer_issues(&issues), [1, 3]);
    }

    #[test]
    fn two_committers_of_different_organisations_meet_cty_1() {
        let c = |affiliated, organisations: &[&str]| Committers {
            people: 3,
            affiliated,
            organisations: organisations.iter().map(|o| (*o).to_owned()).collect(),
        };
        assert!(c(2, &["Atos", "Ville de Paris"]).met());
        assert!(!c(2, &["Atos"]).met());
        assert!(
            !c(1, &["Atos", "Ville de Paris"]).met(),
            "one person, two employers"
        );
    }
}
