//! A repository's status in the catalogue: green, amber or red (or
//! archived), from the thresholds of [`crate::params::Thresholds`], and the
//! reasons for it, worst first.

use chrono::{Months, NaiveDateTime};

use super::RepositoryHealth;
use crate::params::Params;

/// The colour of a repository's health.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Nothing to worry about.
    Green,
    /// Worth a look.
    Amber,
    /// Needs attention.
    Red,
    /// Archived on its forge: kept for the record, not judged.
    Archived,
}

/// Why a repository is not green. The dashboard words it in the reader's
/// language; [`Reason::describe`] gives the English sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// No activity at all in scope.
    NoActivity,
    /// The last activity is this many whole months before T.
    Quiet {
        /// Months since the last activity.
        months: u32,
    },
    /// One person made at least half of the last 12 months' contributions.
    SinglePointOfFailure,
    /// The median time to first response over the last 12 months.
    SlowResponse {
        /// In days.
        median_days: f64,
    },
    /// No release in the last `months` months.
    NoRecentRelease {
        /// The threshold, in months.
        months: u32,
    },
}

impl Reason {
    /// The reason as one English sentence.
    pub fn describe(&self) -> String {
        match self {
            Reason::NoActivity => "No activity is recorded.".into(),
            Reason::Quiet { months } => format!("No activity for {months} months."),
            Reason::SinglePointOfFailure => {
                "One person made half of the contributions of the last 12 months.".into()
            }
            Reason::SlowResponse { median_days } => format!(
                "Issues and pull requests wait {median_days:.1} days for a first response (median)."
            ),
            Reason::NoRecentRelease { months } => {
                format!("No release in the last {months} months.")
            }
        }
    }
}

/// Sets the status and reasons from the thresholds.
pub(super) fn judge(row: &mut RepositoryHealth, t: NaiveDateTime, params: &Params) {
    let th = &params.thresholds;
    if row.info.archived == Some(true) {
        row.status = Status::Archived;
        return;
    }
    let mut reasons = Vec::new();
    match row.last_activity {
        None => reasons.push((Status::Red, Reason::NoActivity)),
        Some(last) => {
            let months = whole_months_between(last, t);
            if months >= th.quiet_red_months {
                reasons.push((Status::Red, Reason::Quiet { months }));
            } else if months >= th.quiet_amber_months {
                reasons.push((Status::Amber, Reason::Quiet { months }));
            }
        }
    }
    if row.bus_factor == Some(1) && row.active_12_months > 1 {
        reasons.push((Status::Amber, Reason::SinglePointOfFailure));
    }
    if let Some(hours) = row.median_response_hours {
        let days = hours / 24.0;
        if days > f64::from(th.response_red_days) {
            reasons.push((Status::Red, Reason::SlowResponse { median_days: days }));
        } else if days > f64::from(th.response_amber_days) {
            reasons.push((Status::Amber, Reason::SlowResponse { median_days: days }));
        }
    }
    // Judged for repositories with forge data (where releases are read).
    let since = t.checked_sub_months(Months::new(th.release_amber_months));
    let released_since = row.last_release.zip(since).is_some_and(|(r, s)| r >= s);
    if row.releases_12_months.is_some() && th.release_amber_months > 0 && !released_since {
        reasons.push((
            Status::Amber,
            Reason::NoRecentRelease {
                months: th.release_amber_months,
            },
        ));
    }
    reasons.sort_by_key(|r| std::cmp::Reverse(r.0));
    row.status = reasons.first().map_or(Status::Green, |r| r.0);
    row.reasons = reasons;
}

/// Whole calendar months from `from` to `to` (0 if `to` is earlier).
fn whole_months_between(from: NaiveDateTime, to: NaiveDateTime) -> u32 {
    let mut months = 0;
    while from
        .checked_add_months(Months::new(months + 1))
        .is_some_and(|d| d <= to)
    {
        months += 1;
    }
    months
}
