//! The activity frame every metric reads: its [`columns`], the activity
//! [`KINDS`], [`load`] from the store (in `from_store`), [`frame`] for
//! tests' hand-made frames, and the [`Activities`] a metric reads (the
//! whole frame, or one [`Scoped`] to a page's filter).

mod from_lake;
mod from_store;

use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveDateTime};
use polars::prelude::*;

use crate::error::MetricsError;
use crate::params::Params;
use crate::period::Bucket;

/// Column names of the activity frame.
pub mod columns {
    /// `i32`: the repository's id in the store.
    pub const REPOSITORY: &str = "repository_id";
    /// `i64`: the merged contributor's id.
    pub const CONTRIBUTOR: &str = "contributor_id";
    /// `i32`: the activity's kind, its index in [`super::KINDS`] (a small
    /// integer rather than a string: ten million of them take 40 MB).
    pub const KIND: &str = "kind";
    /// `datetime[μs]`, UTC: when it happened.
    pub const AT: &str = "at";
    /// `bool`: the contributor is a bot.
    pub const IS_BOT: &str = "is_bot";
    /// `categorical` (read it as `str` after grouping), nullable: the
    /// organisation the contributor acted for on the day (DESIGN.md,
    /// Affiliation); null when unaffiliated or unknown. Categorical, so that
    /// ten million activities hold small integer codes, not strings.
    pub const ORGANISATION: &str = "organisation";
    /// `i32`: the month of [`AT`] (see [`crate::period::Month`]), computed
    /// once when the frame is built rather than by every metric.
    pub const AT_MONTH: &str = "at_month";
}

/// The activity kinds of DESIGN.md (Store); the activity frame holds each
/// kind as its index here.
pub const KINDS: [&str; 9] = [
    "commit",
    "pr_opened",
    "pr_merged",
    "pr_closed",
    "review",
    "issue_opened",
    "issue_closed",
    "comment",
    "release",
];

/// The code of a kind in the activity frame; -1 for a kind Vigie does not
/// know (counted as a contribution, never selected by name).
pub fn kind_code(name: &str) -> i32 {
    KINDS
        .iter()
        .position(|k| *k == name)
        .map_or(-1, |i| i as i32)
}

/// Says which organisation an e-mail address stood for on a day (the
/// configured affiliations); `None` when unaffiliated or unknown.
pub type OrganisationOf<'a> = &'a dyn Fn(&str, NaiveDate) -> Option<String>;

pub use from_lake::LakeActivities;
pub use from_store::load;

/// Builds an activity frame from its columns (times in microseconds since
/// the Unix epoch, UTC), every activity unaffiliated (see
/// [`with_organisations`]). Tests use it to make small hand-computed frames.
pub fn frame(
    repository: Vec<i32>,
    contributor: Vec<i64>,
    kind: Vec<String>,
    at_us: Vec<i64>,
    is_bot: Vec<bool>,
) -> Result<DataFrame, MetricsError> {
    let codes = kind.iter().map(|k| kind_code(k)).collect();
    frame_of_codes(repository, contributor, codes, at_us, is_bot)
}

/// [`frame`] with kinds already as codes ([`kind_code`]).
pub fn frame_of_codes(
    repository: Vec<i32>,
    contributor: Vec<i64>,
    kind: Vec<i32>,
    at_us: Vec<i64>,
    is_bot: Vec<bool>,
) -> Result<DataFrame, MetricsError> {
    let height = repository.len();
    let at = Series::new(columns::AT.into(), at_us)
        .cast(&DataType::Datetime(TimeUnit::Microseconds, None))?;
    let months = DataFrame::new(height, vec![at.clone().into()])?
        .lazy()
        .select([crate::period::Month::compute(columns::AT).alias(columns::AT_MONTH)])
        .collect()?;
    let at_month = months.column(columns::AT_MONTH)?.clone();
    Ok(DataFrame::new(
        height,
        vec![
            Column::new(columns::REPOSITORY.into(), repository),
            Column::new(columns::CONTRIBUTOR.into(), contributor),
            Column::new(columns::KIND.into(), kind),
            at.into(),
            Column::new(columns::IS_BOT.into(), is_bot),
            Column::full_null(columns::ORGANISATION.into(), height, &organisation_type()),
            at_month,
        ],
    )?)
}

/// The same frame with each activity's organisation (one per row).
pub fn with_organisations(
    mut activities: DataFrame,
    organisations: Vec<Option<String>>,
) -> Result<DataFrame, MetricsError> {
    let names = Column::new(columns::ORGANISATION.into(), organisations);
    activities.with_column(names.cast(&organisation_type())?)?;
    Ok(activities)
}

/// The type of the organisation column: categorical, in polars' global
/// categories (organisations are few; every frame shares their codes).
fn organisation_type() -> DataType {
    DataType::from_categories(Categories::global())
}

/// The activities a metric reads: the whole frame (a [`DataFrame`] with the
/// [`columns`]), or a [`Scoped`] frame already narrowed to the scope several
/// metrics share, so that a page computing many metrics filters once.
pub trait Activities {
    /// The activities `params` count: those in scope, of the selected kinds,
    /// without bots unless asked. The date window is not applied here:
    /// "first contribution" looks at all time.
    fn in_scope(&self, params: &Params) -> LazyFrame;

    /// Every activity, whatever the scope.
    fn all(&self) -> LazyFrame;
}

impl Activities for DataFrame {
    fn in_scope(&self, params: &Params) -> LazyFrame {
        filter_scope(self.clone().lazy(), params)
    }

    fn all(&self) -> LazyFrame {
        self.clone().lazy()
    }
}

/// The activities of one scope (repositories, kinds, bots in or out),
/// filtered at most once, when a metric first reads them, and shared by
/// every metric computed with that scope. A page whose results are all
/// cached never filters. A metric asked for another scope filters the whole
/// frame as usual, so a `Scoped` frame never gives a wrong answer, only a
/// slower one. A `Scoped` frame over another of the same scope reuses it.
pub struct Scoped<'a> {
    base: &'a dyn Activities,
    params: Params,
    frame: OnceLock<DataFrame>,
}

/// The parts of [`Params`] that [`Activities::in_scope`] reads.
#[derive(Debug, PartialEq)]
struct Scope<'p> {
    repositories: &'p Option<Vec<i32>>,
    kinds: &'p Option<Vec<String>>,
    include_bots: bool,
}

impl<'p> Scope<'p> {
    fn of(params: &'p Params) -> Self {
        Self {
            repositories: &params.repositories,
            kinds: &params.kinds,
            include_bots: params.include_bots,
        }
    }
}

impl<'a> Scoped<'a> {
    /// The activities of `base` in the scope of `params` (filtered when
    /// first read).
    pub fn new(base: &'a dyn Activities, params: &Params) -> Self {
        Self {
            base,
            params: params.clone(),
            frame: OnceLock::new(),
        }
    }

    /// The activities in scope, filtering them if no metric has yet.
    pub fn frame(&self) -> PolarsResult<&DataFrame> {
        if let Some(frame) = self.frame.get() {
            return Ok(frame);
        }
        let frame = self.base.in_scope(&self.params).collect()?;
        Ok(self.frame.get_or_init(|| frame))
    }
}

impl Activities for Scoped<'_> {
    fn in_scope(&self, params: &Params) -> LazyFrame {
        if Scope::of(params) != Scope::of(&self.params) {
            return self.base.in_scope(params);
        }
        match self.frame() {
            Ok(frame) => frame.clone().lazy(),
            // The metric's own collect reports the error.
            Err(_) => self.base.in_scope(params),
        }
    }

    fn all(&self) -> LazyFrame {
        self.base.all()
    }
}

/// The activities a metric counts (see [`Activities::in_scope`]).
pub fn in_scope(activities: &dyn Activities, params: &Params) -> LazyFrame {
    activities.in_scope(params)
}

/// `lf` (activities with the [`columns`]) narrowed to the scope of
/// `params` (see [`Activities::in_scope`]).
fn filter_scope(mut lf: LazyFrame, params: &Params) -> LazyFrame {
    if let Some(repos) = &params.repositories {
        let wanted = Series::new("wanted".into(), repos.clone());
        lf = lf.filter(col(columns::REPOSITORY).is_in(lit(wanted).implode(false), false));
    }
    if let Some(kinds) = &params.kinds {
        // A kind Vigie does not know selects nothing (-2 is no code).
        let codes: Vec<i32> = kinds
            .iter()
            .map(|k| match kind_code(k) {
                -1 => -2,
                code => code,
            })
            .collect();
        let wanted = Series::new("wanted".into(), codes);
        lf = lf.filter(col(columns::KIND).is_in(lit(wanted).implode(false), false));
    }
    if !params.include_bots {
        lf = lf.filter(col(columns::IS_BOT).not());
    }
    lf
}

/// The reference date T of `params` (an exclusive end): as given, or just
/// after the latest activity in scope; `None` when nothing is in scope.
pub fn reference(
    activities: &dyn Activities,
    params: &Params,
) -> PolarsResult<Option<NaiveDateTime>> {
    if params.reference.is_some() {
        return Ok(params.reference);
    }
    let df = in_scope(activities, params)
        .select([col(columns::AT).max()])
        .collect()?;
    Ok(df
        .column(columns::AT)?
        .datetime()?
        .phys
        .get(0)
        .map(|us| us + 1)
        .and_then(chrono::DateTime::from_timestamp_micros)
        .map(|t| t.naive_utc()))
}

/// The days of the first and the latest activity in scope, whatever the
/// window: where the data starts and how recent it is (the day of T);
/// `None` when nothing is in scope.
pub fn extent(
    activities: &dyn Activities,
    params: &Params,
) -> PolarsResult<Option<(NaiveDate, NaiveDate)>> {
    let (first, last) = first_and_last_days(in_scope(activities, params))?;
    Ok(first.zip(last))
}

/// The first and last day (UTC) of the activities of `lf`.
fn first_and_last_days(lf: LazyFrame) -> PolarsResult<(Option<NaiveDate>, Option<NaiveDate>)> {
    let df = lf
        .select([
            col(columns::AT).min().alias("first"),
            col(columns::AT).max().alias("last"),
        ])
        .collect()?;
    let day = |name: &str| -> PolarsResult<Option<NaiveDate>> {
        Ok(df
            .column(name)?
            .datetime()?
            .phys
            .get(0)
            .and_then(chrono::DateTime::from_timestamp_micros)
            .map(|t| t.date_naive()))
    };
    Ok((day("first")?, day("last")?))
}

/// Keeps the rows whose `column` (a datetime) falls in the window of
/// `params` (both ends inclusive, whole days, UTC).
pub fn within_window(mut lf: LazyFrame, column: &str, params: &Params) -> LazyFrame {
    if let Some(from) = params.from {
        lf = lf.filter(col(column).gt_eq(lit(from.and_hms_opt(0, 0, 0).expect("midnight"))));
    }
    if let Some(to) = params.to {
        let end = to
            .succ_opt()
            .unwrap_or(to)
            .and_hms_opt(0, 0, 0)
            .expect("midnight");
        lf = lf.filter(col(column).lt(lit(end)));
    }
    lf
}

/// The activities in scope and inside the date window.
pub fn in_window(activities: &dyn Activities, params: &Params) -> LazyFrame {
    within_window(in_scope(activities, params), columns::AT, params)
}

/// The periods of the window of `params` (or of the activity in scope when
/// it leaves an end open), in order.
pub fn periods_in_window(
    activities: &dyn Activities,
    params: &Params,
) -> PolarsResult<Vec<Bucket>> {
    let (first, last) = first_and_last_days(in_window(activities, params))?;
    let first = params.from.or(first);
    let last = params.to.or(last);
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(Vec::new());
    };
    let (mut at, end) = (params.period.of(first), params.period.of(last));
    let mut periods = Vec::new();
    while at <= end {
        periods.push(at);
        at = at.next();
    }
    Ok(periods)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::at;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_extent_is_the_scope_s_first_and_latest_day_whatever_the_window() {
        // Repository 1: 3 September 2007 and 2 June 2026 (23:30 UTC);
        // repository 2: 5 March 2020; a bot on 1 July 2026.
        let activities = frame(
            vec![1, 1, 2, 1],
            vec![1, 2, 3, 4],
            vec!["commit".into(); 4],
            vec![
                at("2007-09-03T10:00:00Z"),
                at("2026-06-02T23:30:00Z"),
                at("2020-03-05T12:00:00Z"),
                at("2026-07-01T08:00:00Z"),
            ],
            vec![false, false, false, true],
        )
        .unwrap();
        let windowed = Params {
            from: Some(day(2019, 1, 1)),
            to: Some(day(2019, 12, 31)),
            ..Params::default()
        };
        assert_eq!(
            extent(&activities, &windowed).unwrap(),
            Some((day(2007, 9, 3), day(2026, 6, 2)))
        );
        let with_bots = Params {
            include_bots: true,
            ..Params::default()
        };
        assert_eq!(
            extent(&activities, &with_bots).unwrap(),
            Some((day(2007, 9, 3), day(2026, 7, 1)))
        );
        let second = Params {
            repositories: Some(vec![2]),
            ..Params::default()
        };
        assert_eq!(
            extent(&activities, &second).unwrap(),
            Some((day(2020, 3, 5), day(2020, 3, 5)))
        );
        let nothing = Params {
            repositories: Some(vec![9]),
            ..Params::default()
        };
        assert_eq!(extent(&activities, &nothing).unwrap(), None);
    }
}
