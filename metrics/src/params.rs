//! The parameters every metric takes, and the wrapper that keeps them with
//! each result.

use chrono::{NaiveDate, NaiveDateTime};

use crate::period::Period;

/// What a metric looks at and how: scope, window, period, activity kinds,
/// bots, reference date and thresholds. Every result carries the `Params`
/// that produced it ([`Computed`]), and the result cache keys on them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Params {
    /// The repositories in scope, by store id; `None` means all of them.
    /// "New" means new *in this scope* (DESIGN.md definition 2). Repository
    /// groups of the configuration are resolved to their ids by the caller.
    pub repositories: Option<Vec<i32>>,
    /// First day shown (inclusive); `None` starts at the first activity.
    pub from: Option<NaiveDate>,
    /// Last day shown (inclusive); `None` ends at the last activity.
    pub to: Option<NaiveDate>,
    /// The calendar period results are given per (month by default).
    pub period: Period,
    /// The activity kinds that count as contributions (`commit`,
    /// `pr_opened`, ...); `None` means all of them (DESIGN.md's default).
    pub kinds: Option<Vec<String>>,
    /// Count bots' activity too (off by default, as DESIGN.md says).
    pub include_bots: bool,
    /// The reference date T of contributor status and of "the last 90 days"
    /// (exclusive end); `None`: just after the latest activity in scope, not
    /// the wall clock, so old data still reads sensibly.
    pub reference: Option<NaiveDateTime>,
    /// The thresholds DESIGN.md names.
    pub thresholds: Thresholds,
}

/// The thresholds of DESIGN.md's metric definitions, with its defaults.
/// Shares are whole percents, so parameters compare and hash exactly. The
/// configuration's `[thresholds]` table sets any of them by these names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// Months without contribution after which an active contributor is
    /// drifting (definition 4; default 6).
    pub drifting_after_months: u32,
    /// Months without contribution after which a contributor is away
    /// (definition 4; default 12).
    pub away_after_months: u32,
    /// A first contribution this recent makes a contributor new
    /// (definition 4; default 90 days).
    pub new_within_days: u32,
    /// Contributions needed to be listed as an inactive contributor
    /// (definition 4; default 5).
    pub min_contributions: u32,
    /// Days after a first contribution in which a second one means the
    /// newcomer returned (definition 8; default 90).
    pub return_within_days: u32,
    /// Contributions that make a newcomer regular (definition 8; default 10)...
    pub regular_min: u32,
    /// ...within this many months of their first (default 12).
    pub regular_months: u32,
    /// The share of contributions the absence and elephant factors cover
    /// (definitions 5 and 6; default 50 %).
    pub absence_percent: u32,
    /// The share of contributions the core of the onion covers
    /// (definition 7; default 80 %).
    pub core_percent: u32,
    /// The share covered by core and regular contributors together
    /// (definition 7; default 95 %, "the next 15 %").
    pub regular_percent: u32,
    /// The trailing window of factors shown over time (default 12 months).
    pub trailing_months: u32,
    /// An item without response after this many days counts as unanswered
    /// (definition 9; default 30).
    pub unanswered_after_days: u32,
    /// A repository whose last activity is older is amber (definition 11;
    /// default 6 months)...
    pub quiet_amber_months: u32,
    /// ...and red when older than this (default 12 months).
    pub quiet_red_months: u32,
    /// A median time to first response over the last year above this is
    /// amber (default 7 days)...
    pub response_amber_days: u32,
    /// ...and red above this (default 30 days).
    pub response_red_days: u32,
    /// No release for this long is amber (default 12 months), for
    /// repositories with forge data.
    pub release_amber_months: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            drifting_after_months: 6,
            away_after_months: 12,
            new_within_days: 90,
            min_contributions: 5,
            return_within_days: 90,
            regular_min: 10,
            regular_months: 12,
            absence_percent: 50,
            core_percent: 80,
            regular_percent: 95,
            trailing_months: 12,
            unanswered_after_days: 30,
            quiet_amber_months: 6,
            quiet_red_months: 12,
            response_amber_days: 7,
            response_red_days: 30,
            release_amber_months: 12,
        }
    }
}

/// A metric's value with the parameters that produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed<T> {
    /// The parameters, as given.
    pub params: Params,
    /// The value.
    pub value: T,
}

impl<T> Computed<T> {
    /// Wraps a value computed with `params`.
    pub fn new(params: &Params, value: T) -> Self {
        Self {
            params: params.clone(),
            value,
        }
    }
}

impl<T> std::ops::Deref for Computed<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}
