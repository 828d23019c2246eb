//! Summary figures (DESIGN.md definition 12), for the elected officials'
//! page: each headline figure for the latest complete period, with the same
//! figure one year earlier and the change, in words ("42 active contributors
//! this quarter, 12% fewer than a year ago").

use chrono::{Months, NaiveDate};
use polars::prelude::*;

use crate::activity::{self, columns, Activities};
use crate::contributor_absence_factor::contributor_absence_factor;
use crate::items::ForgeData;
use crate::new_contributors::newcomers;
use crate::params::{Computed, Params};
use crate::period::Bucket;
use crate::time_to_first_response::time_to_first_response;

/// The headline figures, in the order the page shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Headline {
    /// Distinct contributors active in the period (definition 1).
    ActiveContributors,
    /// Contributors new in the period (definition 2).
    NewContributors,
    /// Distinct organisations contributions were made for.
    Organisations,
    /// The bus factor of the whole scope over the 12 months to the
    /// period's end (definition 5).
    BusFactor,
    /// Median hours to first response of the items opened in the period
    /// (definition 9); lower is better.
    MedianResponseHours,
    /// Repositories with at least one contribution in the period.
    RepositoriesMaintained,
}

impl Headline {
    /// Every headline, in order.
    pub const ALL: [Headline; 6] = [
        Headline::ActiveContributors,
        Headline::NewContributors,
        Headline::Organisations,
        Headline::BusFactor,
        Headline::MedianResponseHours,
        Headline::RepositoriesMaintained,
    ];

    /// Whether a smaller figure is the better one.
    pub fn lower_is_better(self) -> bool {
        self == Headline::MedianResponseHours
    }
}

/// One headline figure and the same a year earlier.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    /// Which figure.
    pub headline: Headline,
    /// Its value for the period; `None` when it cannot be known (no forge
    /// data for response times, no contribution for the bus factor).
    pub current: Option<f64>,
    /// Its value for the same period a year earlier.
    pub year_before: Option<f64>,
}

impl Figure {
    /// The relative change from a year earlier (0.12 is 12 % more), when
    /// both are known and the earlier one is not zero.
    pub fn change(&self) -> Option<f64> {
        match (self.current, self.year_before) {
            (Some(now), Some(then)) if then != 0.0 => Some((now - then) / then),
            _ => None,
        }
    }

    /// One plain English sentence; `period` names the period ("this
    /// quarter", "in 2024"). The dashboard words it in French itself.
    pub fn describe(&self, period: &str) -> String {
        let Some(now) = self.current else {
            return match self.headline {
                Headline::MedianResponseHours => {
                    "Response times are unknown: no forge data is collected.".into()
                }
                _ => format!("No contribution {period}."),
            };
        };
        let what = match self.headline {
            Headline::ActiveContributors => format!("{now:.0} active contributors {period}"),
            Headline::NewContributors => format!("{now:.0} new contributors {period}"),
            Headline::Organisations => format!("{now:.0} organisations involved {period}"),
            Headline::BusFactor => format!("a bus factor of {now:.0} over the last 12 months"),
            Headline::MedianResponseHours => {
                format!("a first response in {} (median) {period}", duration(now))
            }
            Headline::RepositoriesMaintained => {
                format!("{now:.0} repositories with contributions {period}")
            }
        };
        let what = capitalised(&what);
        let Some(then) = self.year_before else {
            return format!("{what}; nothing to compare with a year earlier.");
        };
        match self.change() {
            None if now == then => format!("{what}, as a year ago."),
            None => format!("{what}, against none a year ago."),
            Some(c) if c.abs() < 0.005 => format!("{what}, as a year ago."),
            Some(c) => {
                let percent = (c.abs() * 100.0).round();
                let word = match (self.headline, c > 0.0) {
                    (Headline::MedianResponseHours, true) => "slower",
                    (Headline::MedianResponseHours, false) => "faster",
                    (Headline::BusFactor, true) => "higher",
                    (Headline::BusFactor, false) => "lower",
                    (_, true) => "more",
                    (_, false) => "fewer",
                };
                format!("{what}, {percent:.0}% {word} than a year ago.")
            }
        }
    }
}

fn duration(hours: f64) -> String {
    if hours < 48.0 {
        format!("{hours:.0} hours")
    } else {
        format!("{:.0} days", hours / 24.0)
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The summary: the period and its figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The latest complete period (`None`: no activity in scope).
    pub period: Option<Bucket>,
    /// Every [`Headline`], in order.
    pub figures: Vec<Figure>,
}

/// The summary of the latest complete `params.period` up to `params.to`
/// (or the latest activity): when that day is not the last of its period,
/// the period before it, so a partial period is never compared with a
/// whole one.
pub fn summary(
    activities: &dyn Activities,
    items: &DataFrame,
    params: &Params,
) -> PolarsResult<Computed<Summary>> {
    let periods = activity::periods_in_window(activities, params)?;
    let Some(last) = periods.last().copied() else {
        return Ok(Computed::new(
            params,
            Summary {
                period: None,
                figures: Vec::new(),
            },
        ));
    };
    let end = match params.to {
        Some(to) => to,
        None => latest_day(activities, params)?.unwrap_or(last.last_day()),
    };
    let period = if end >= last.last_day() {
        last
    } else {
        last.plus(-1)
    };
    let now = figures_for(activities, items, params, period)?;
    let then = figures_for(activities, items, params, period.year_before())?;
    let figures = Headline::ALL
        .iter()
        .zip(now.into_iter().zip(then))
        .map(|(headline, (current, year_before))| Figure {
            headline: *headline,
            current,
            year_before,
        })
        .collect();
    Ok(Computed::new(
        params,
        Summary {
            period: Some(period),
            figures,
        },
    ))
}

fn latest_day(activities: &dyn Activities, params: &Params) -> PolarsResult<Option<NaiveDate>> {
    let df = activity::in_window(activities, params)
        .select([col(columns::AT).max()])
        .collect()?;
    Ok(df
        .column(columns::AT)?
        .datetime()?
        .phys
        .get(0)
        .and_then(chrono::DateTime::from_timestamp_micros)
        .map(|t| t.date_naive()))
}

/// The six figures of one period, in [`Headline::ALL`]'s order.
fn figures_for(
    activities: &dyn Activities,
    items: &DataFrame,
    params: &Params,
    period: Bucket,
) -> PolarsResult<[Option<f64>; 6]> {
    let window = Params {
        from: Some(period.first_day()),
        to: Some(period.last_day()),
        ..params.clone()
    };
    let new = newcomers(activities, &window)?.height();
    // Active contributors (definition 1), organisations and repositories
    // in one pass over the period's activities.
    let distinct = activity::in_window(activities, &window)
        .select([
            col(columns::CONTRIBUTOR).n_unique().alias("active"),
            col(columns::ORGANISATION)
                .drop_nulls()
                .n_unique()
                .alias("organisations"),
            col(columns::REPOSITORY).n_unique().alias("repositories"),
        ])
        .collect()?;
    let count = |name: &str| -> PolarsResult<f64> {
        Ok(distinct
            .column(name)?
            .cast(&DataType::Float64)?
            .f64()?
            .get(0)
            .unwrap_or(0.0))
    };
    let (active, organisations, repositories) = (
        count("active")?,
        count("organisations")?,
        count("repositories")?,
    );
    let year = Params {
        from: period
            .next()
            .first_day()
            .checked_sub_months(Months::new(params.thresholds.trailing_months)),
        to: Some(period.last_day()),
        ..params.clone()
    };
    let bus = contributor_absence_factor(activities, &year)?.value.factor;
    let response = match time_to_first_response(items, activities, &window)?.value {
        ForgeData::Available(t) => t.window.median_hours,
        ForgeData::Missing => None,
    };
    Ok([
        Some(active),
        Some(new as f64),
        Some(organisations),
        bus.map(f64::from),
        response,
        Some(repositories),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::{frame, with_organisations};
    use crate::items::{frame as items_frame, Items};
    use crate::period::Period;
    use crate::test_util::at;

    fn sample() -> DataFrame {
        // 2023-Q2: contributors 1, 2 (org A) in repo 1.
        // 2024-Q2: contributors 1, 3, 4 (orgs A, B) in repos 1 and 2; then
        // one July activity, so 2024-Q3 is the (partial) latest period.
        let rows: &[(i32, i64, &str, Option<&str>)] = &[
            (1, 1, "2023-04-10", Some("A")),
            (1, 2, "2023-05-10", Some("A")),
            (1, 1, "2024-04-10", Some("A")),
            (2, 3, "2024-05-10", Some("B")),
            (2, 4, "2024-06-10", None),
            (1, 1, "2024-07-02", Some("A")),
        ];
        let df = frame(
            rows.iter().map(|r| r.0).collect(),
            rows.iter().map(|r| r.1).collect(),
            vec!["commit".into(); rows.len()],
            rows.iter()
                .map(|r| at(&format!("{}T12:00:00Z", r.2)))
                .collect(),
            vec![false; rows.len()],
        )
        .unwrap();
        with_organisations(df, rows.iter().map(|r| r.3.map(str::to_owned)).collect()).unwrap()
    }

    #[test]
    fn the_latest_complete_quarter_against_a_year_earlier() {
        let params = Params {
            period: Period::Quarter,
            ..Params::default()
        };
        let no_items = items_frame(Items::default()).unwrap();
        let got = summary(&sample(), &no_items, &params).unwrap();
        assert_eq!(got.period.unwrap().to_string(), "2024-Q2");
        let figure = |h: Headline| *got.figures.iter().find(|f| f.headline == h).unwrap();
        let active = figure(Headline::ActiveContributors);
        assert_eq!((active.current, active.year_before), (Some(3.0), Some(2.0)));
        assert_eq!(
            active.describe("this quarter"),
            "3 active contributors this quarter, 50% more than a year ago."
        );
        let new = figure(Headline::NewContributors);
        assert_eq!((new.current, new.year_before), (Some(2.0), Some(2.0)));
        assert_eq!(
            new.describe("this quarter"),
            "2 new contributors this quarter, as a year ago."
        );
        let orgs = figure(Headline::Organisations);
        assert_eq!((orgs.current, orgs.year_before), (Some(2.0), Some(1.0)));
        let repos = figure(Headline::RepositoriesMaintained);
        assert_eq!((repos.current, repos.year_before), (Some(2.0), Some(1.0)));
        // Over the 12 months to June 2024: 1, 3 and 4 once each -> 2.
        assert_eq!(figure(Headline::BusFactor).current, Some(2.0));
        let response = figure(Headline::MedianResponseHours);
        assert_eq!(response.current, None);
        assert_eq!(
            response.describe("this quarter"),
            "Response times are unknown: no forge data is collected."
        );
    }

    #[test]
    fn a_period_ending_on_its_last_day_counts_and_response_times_read_well() {
        let params = Params {
            period: Period::Year,
            to: NaiveDate::from_ymd_opt(2023, 12, 31),
            ..Params::default()
        };
        let created = at("2023-03-01T00:00:00Z");
        let items = items_frame(Items {
            repository: vec![1],
            number: vec![1],
            is_pr: vec![true],
            author: vec![Some(2)],
            is_bot: vec![false],
            created: vec![created],
            closed: vec![None],
            merged: vec![None],
            first_response: vec![Some(created + 72 * 3_600_000_000)],
        })
        .unwrap();
        let got = summary(&sample(), &items, &params).unwrap();
        assert_eq!(got.period.unwrap().to_string(), "2023");
        let response = got.figures[4];
        assert_eq!(response.current, Some(72.0));
        assert_eq!(
            response.describe("in 2023"),
            "A first response in 3 days (median) in 2023; nothing to compare with a year earlier."
        );
        let slower = Figure {
            headline: Headline::MedianResponseHours,
            current: Some(30.0),
            year_before: Some(20.0),
        };
        assert_eq!(
            slower.describe("this month"),
            "A first response in 30 hours (median) this month, 50% slower than a year ago."
        );
    }

    #[test]
    fn nothing_in_scope_is_an_empty_summary() {
        let empty = frame(vec![], vec![], vec![], vec![], vec![]).unwrap();
        let no_items = items_frame(Items::default()).unwrap();
        let got = summary(&empty, &no_items, &Params::default()).unwrap();
        assert_eq!((got.period, got.figures.len()), (None, 0));
    }
}
