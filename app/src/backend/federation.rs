//! The federation page: the figures `vigie lake metrics` computed over a
//! lake (by polars here, or by Apache Spark on a cluster) and loaded into
//! the store, for communities larger than one store (docs/scale.md).
//!
//! Everything here is read from the run's figures, none computed again:
//! all repositories together against a year earlier, active and new
//! contributors per month, and one row per repository. The lake's latest
//! month is still under way (its figures stop at the latest activity), so
//! counts are for the month before it and factors for the last whole year.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use vigie_ingest::store::lake_figures::{LakeFigure, LakeRepositoryFigures, LakeRun};
use vigie_ingest::Store;
use vigie_metrics::{Bucket, Period};

use crate::data::{
    Cell, Chart, Column, Direction, FederationData, FederationFigures, FederationView, Headline,
    Table,
};
use crate::i18n::{Arg, Lang};

use super::charts::series_chart;
use super::drawing::Series;
use super::sources::when;
use super::summary::since_a_year_earlier;
use super::{words, DashboardError};

/// Repositories shown on the page, the most contributed to first; the
/// CSV download has them all.
const SHOWN: usize = 100;

/// The figures of all repositories together the page reads.
const TOTALS: [&str; 6] = [
    "contributions",
    "active_contributors",
    "new_contributors",
    "bus_factor",
    "elephant_factor",
    "unaffiliated",
];

/// The federation page for `view`; `every_row`: the table of repositories
/// whole (its download), not only the first [`SHOWN`].
pub(super) fn page(
    store: &Store,
    view: &FederationView,
    lang: Lang,
    every_row: bool,
) -> Result<FederationData, DashboardError> {
    let runs = store.lake_runs()?;
    let named = view.run.and_then(|id| runs.iter().find(|r| r.id == id));
    let notice = match (view.run, named) {
        (Some(id), None) => Some(lang.t_args("federation-no-such-run", &[("run", Arg::Count(id))])),
        _ => None,
    };
    let shown = named.or(runs.first());
    Ok(FederationData {
        runs: runs_table(&runs, shown.map(|r| r.id), lang),
        shown: shown
            .map(|run| figures(store, run, lang, every_row))
            .transpose()?,
        notice,
    })
}

/// A month as a [`Bucket`] (the store keeps its first day).
fn month_of(day: NaiveDate) -> Bucket {
    Bucket {
        period: Period::Month,
        index: day.year() * 12 + day.month0() as i32,
    }
}

/// The run's totals by metric, then by period (a month's or a year's index).
struct Totals(BTreeMap<String, BTreeMap<i32, i64>>);

impl Totals {
    fn read(store: &Store, run: i64) -> Result<Self, DashboardError> {
        let mut by_metric: BTreeMap<String, BTreeMap<i32, i64>> = BTreeMap::new();
        for LakeFigure {
            metric,
            period,
            value,
            ..
        } in store.lake_totals(run, &TOTALS)?
        {
            let index = match metric.as_str() {
                "bus_factor" | "elephant_factor" | "unaffiliated" => period.year(),
                _ => month_of(period).index,
            };
            by_metric.entry(metric).or_default().insert(index, value);
        }
        Ok(Self(by_metric))
    }

    /// A metric's periods with figures.
    fn periods(&self, metric: &str) -> impl Iterator<Item = i32> + '_ {
        self.0
            .get(metric)
            .into_iter()
            .flat_map(|m| m.keys().copied())
    }

    /// A figure; zero when the run has no row for it (rows exist only
    /// where a figure is not zero).
    fn of(&self, metric: &str, period: i32) -> i64 {
        self.0
            .get(metric)
            .and_then(|m| m.get(&period))
            .copied()
            .unwrap_or(0)
    }
}

/// The periods the page compares: the lake's months (the last one still
/// under way), the reference month (the last whole one) and year (the last
/// whole one, or the only one).
struct Periods {
    months: Vec<Bucket>,
    month: Bucket,
    year: i32,
    first_year: i32,
}

impl Periods {
    fn of(totals: &Totals) -> Option<Self> {
        let first = totals.periods("active_contributors").min()?;
        let latest = totals.periods("active_contributors").max()?;
        let months: Vec<Bucket> = (first..=latest)
            .map(|index| Bucket {
                period: Period::Month,
                index,
            })
            .collect();
        let month = months[months.len().saturating_sub(2)];
        let latest_year = months[months.len() - 1].first_day().year();
        let first_year = months[0].first_day().year();
        let year = if latest_year > first_year {
            latest_year - 1
        } else {
            latest_year
        };
        Some(Self {
            months,
            month,
            year,
            first_year,
        })
    }

    /// The lake's latest month, still under way (`None`: only one month).
    fn partial(&self) -> Option<Bucket> {
        (self.months.len() > 1).then(|| self.months[self.months.len() - 1])
    }

    /// The same month a year earlier, when the lake goes back that far.
    fn month_before(&self) -> Option<i32> {
        Some(self.month.index - 12).filter(|i| *i >= self.months[0].index)
    }
}

/// One computation's figures.
fn figures(
    store: &Store,
    run: &LakeRun,
    lang: Lang,
    every_row: bool,
) -> Result<FederationFigures, DashboardError> {
    let totals = Totals::read(store, run.id)?;
    let about = about(run, lang);
    let Some(periods) = Periods::of(&totals) else {
        return Ok(FederationFigures {
            run: run.id,
            about,
            period: lang.t("federation-no-activity"),
            headlines: Vec::new(),
            chart: None,
            repositories: repositories_table(Vec::new(), lang),
            more: None,
        });
    };
    let rows = store.lake_repository_figures(
        run.id,
        periods.month.first_day(),
        NaiveDate::from_ymd_opt(periods.year, 1, 1).expect("a year has a first day"),
    )?;
    let (repositories, more) = shown_repositories(rows, every_row, lang);
    Ok(FederationFigures {
        run: run.id,
        about,
        period: lang.t_args(
            "federation-period",
            &[
                ("month", Arg::Text(words::bucket_name(periods.month, lang))),
                ("year", Arg::Text(periods.year.to_string())),
            ],
        ),
        headlines: headlines(&totals, &periods, lang),
        chart: Some(chart(&totals, &periods, lang)),
        repositories,
        more,
    })
}

/// Which lake, by which engine, when and how long.
fn about(run: &LakeRun, lang: Lang) -> String {
    lang.t_args(
        "federation-about",
        &[
            ("lake", Arg::Text(lake_name(run))),
            ("engine", Arg::Text(engine_name(&run.engine, lang))),
            ("seconds", Arg::Text(lang.decimal(run.seconds, 1))),
            ("date", Arg::Text(lang.date(run.finished_at.date()))),
            ("count", Arg::Count(run.figures)),
        ],
    )
}

/// The lake's folder name: the server's paths are not the reader's.
fn lake_name(run: &LakeRun) -> String {
    Path::new(&run.lake)
        .file_name()
        .map_or_else(|| run.lake.clone(), |n| n.to_string_lossy().into_owned())
}

/// An engine as the reader knows it.
fn engine_name(engine: &str, lang: Lang) -> String {
    match engine {
        "polars" => lang.t("federation-engine-polars"),
        "spark" => lang.t("federation-engine-spark"),
        other => other.to_owned(),
    }
}

/// All repositories together against a year earlier: contributors,
/// newcomers and contributions of the reference month, bus and elephant
/// factors of the reference year.
fn headlines(totals: &Totals, periods: &Periods, lang: Lang) -> Vec<Headline> {
    let month = periods.month.index;
    let month_name = words::bucket_name(periods.month, lang);
    let before = periods.month_before();
    let monthly = |metric: &str| {
        (
            Some(totals.of(metric, month)),
            before.map(|b| totals.of(metric, b)),
        )
    };
    let year = periods.year;
    let year_before = Some(year - 1).filter(|y| *y >= periods.first_year);
    let yearly = |metric: &str| {
        let known = |y: i32| Some(totals.of(metric, y)).filter(|v| *v > 0);
        (known(year), year_before.and_then(known))
    };
    let mut headlines = vec![
        headline(
            ("active", "headline-active", "sentence-active"),
            monthly("active_contributors"),
            &month_name,
            lang,
        ),
        headline(
            ("new", "headline-new", "sentence-new"),
            monthly("new_contributors"),
            &month_name,
            lang,
        ),
        headline(
            (
                "contributions",
                "federation-headline-contributions",
                "federation-sentence-contributions",
            ),
            monthly("contributions"),
            &month_name,
            lang,
        ),
        headline(
            (
                "bus-factor",
                "headline-bus-factor",
                "federation-sentence-bus-factor",
            ),
            yearly("bus_factor"),
            &year.to_string(),
            lang,
        ),
    ];
    let elephant = yearly("elephant_factor");
    headlines.push(
        if elephant.0.is_none() && totals.of("unaffiliated", year) > 0 {
            Headline {
                id: "elephant-factor".to_owned(),
                label: lang.t("federation-headline-elephant"),
                value: lang.t("value-unknown"),
                year_before: lang.t("value-unknown"),
                sentence: lang.t_args(
                    "federation-elephant-unknown",
                    &[("period", Arg::Text(year.to_string()))],
                ),
                direction: Direction::Level,
            }
        } else {
            headline(
                (
                    "elephant-factor",
                    "federation-headline-elephant",
                    "federation-sentence-elephant",
                ),
                elephant,
                &year.to_string(),
                lang,
            )
        },
    );
    headlines
}

/// One headline: `(id, label, sentence)` message ids, the figure now and a
/// year earlier.
fn headline(
    (id, label, sentence): (&str, &str, &str),
    (now, then): (Option<i64>, Option<i64>),
    period: &str,
    lang: Lang,
) -> Headline {
    let format = |v: Option<i64>| v.map_or_else(|| "–".to_owned(), |v| lang.int(v));
    let value = format(now);
    let what = match now {
        None => lang.t_args(
            "sentence-no-contribution",
            &[("period", Arg::Text(period.into()))],
        ),
        Some(v) => lang.t_args(
            sentence,
            &[
                ("count", Arg::Count(v)),
                ("value", Arg::Text(value.clone())),
                ("period", Arg::Text(period.into())),
            ],
        ),
    };
    let rise_and_fall = if id.ends_with("factor") {
        ("change-higher", "change-lower")
    } else {
        ("change-more", "change-fewer")
    };
    let (direction, compared) = since_a_year_earlier(
        (now.map(|v| v as f64), then.map(|v| v as f64)),
        false,
        rise_and_fall,
        lang,
    );
    Headline {
        id: id.to_owned(),
        label: lang.t(label),
        value,
        year_before: format(then),
        sentence: compared.map_or(what.clone(), |c| format!("{what} {c}")),
        direction,
    }
}

/// Active and new contributors per month, all repositories together.
fn chart(totals: &Totals, periods: &Periods, lang: Lang) -> Chart {
    let series = |metric: &str, label: &str| Series {
        label: lang.t(label),
        values: periods
            .months
            .iter()
            .map(|m| Some(totals.of(metric, m.index) as f64))
            .collect(),
    };
    let caption = match periods.partial() {
        Some(month) => lang.t_args(
            "federation-chart-caption-partial",
            &[("period", Arg::Text(words::bucket_name(month, lang)))],
        ),
        None => lang.t("federation-chart-caption"),
    };
    series_chart(
        "federation-contributors",
        lang.t("federation-chart-title"),
        caption,
        (&periods.months, periods.partial()),
        vec![
            series("active_contributors", "series-active"),
            series("new_contributors", "series-new"),
        ],
        lang.t("axis-contributors"),
        lang,
        0,
    )
}

/// The repositories, the most contributed to first: the first [`SHOWN`]
/// unless `every_row`, and a sentence saying how many there are when the
/// table shows fewer.
fn shown_repositories(
    mut rows: Vec<LakeRepositoryFigures>,
    every_row: bool,
    lang: Lang,
) -> (Table, Option<String>) {
    rows.sort_by(|a, b| {
        (b.contributions, b.active_contributors)
            .cmp(&(a.contributions, a.active_contributors))
            .then_with(|| a.repository.cmp(&b.repository))
    });
    let all = rows.len();
    let more = (!every_row && all > SHOWN).then(|| {
        lang.t_args(
            "federation-more",
            &[
                ("shown", Arg::Text(lang.int(SHOWN as i64))),
                ("count", Arg::Count(all as i64)),
            ],
        )
    });
    if !every_row {
        rows.truncate(SHOWN);
    }
    (repositories_table(rows, lang), more)
}

/// One row per repository.
fn repositories_table(rows: Vec<LakeRepositoryFigures>, lang: Lang) -> Table {
    let factor = |v: Option<i64>| v.map_or_else(|| Cell::text("–"), |v| Cell::int(v, lang));
    let rows = rows
        .into_iter()
        .map(|r| {
            vec![
                Cell::text(r.repository),
                Cell::int(r.contributions, lang),
                Cell::int(r.active_contributors, lang),
                Cell::int(r.new_contributors, lang),
                factor(r.bus_factor),
                factor(r.elephant_factor),
                Cell::int(r.active, lang),
                Cell::int(r.drifting, lang),
                Cell::int(r.away, lang),
            ]
        })
        .collect();
    Table {
        id: "federation-repositories".into(),
        caption: lang.t("federation-repositories-caption"),
        columns: Column::headed(
            &[
                ("column-repository", false),
                ("federation-column-contributions", true),
                ("federation-column-active-contributors", true),
                ("federation-column-new-contributors", true),
                ("column-bus-factor", true),
                ("federation-column-elephant-factor", true),
                ("federation-column-active", true),
                ("federation-column-drifting", true),
                ("federation-column-away", true),
            ],
            lang,
        ),
        rows,
    }
}

/// Every computation kept, the latest first; each but the one shown links
/// to its figures.
fn runs_table(runs: &[LakeRun], shown: Option<i64>, lang: Lang) -> Table {
    let rows = runs
        .iter()
        .map(|run| {
            let id = if Some(run.id) == shown {
                Cell::formatted(
                    lang.t_args("federation-run-shown", &[("run", Arg::Count(run.id))]),
                    run.id,
                )
            } else {
                Cell::int(run.id, lang).with_link(format!("/federation?run={}", run.id))
            };
            vec![
                id,
                Cell::text(lake_name(run)),
                Cell::text(engine_name(&run.engine, lang)),
                when(Some(run.finished_at), lang),
                Cell::formatted(lang.decimal(run.seconds, 1), run.seconds),
                Cell::int(run.figures, lang),
            ]
        })
        .collect();
    Table {
        id: "lake-runs".into(),
        caption: lang.t("federation-runs-caption"),
        columns: Column::headed(
            &[
                ("federation-column-run", true),
                ("federation-column-lake", false),
                ("federation-column-engine", false),
                ("federation-column-loaded", false),
                ("federation-column-seconds", true),
                ("federation-column-figures", true),
            ],
            lang,
        ),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Totals from (metric, period index, value).
    fn totals(rows: &[(&str, i32, i64)]) -> Totals {
        let mut by_metric: BTreeMap<String, BTreeMap<i32, i64>> = BTreeMap::new();
        for (metric, period, value) in rows {
            by_metric
                .entry((*metric).to_owned())
                .or_default()
                .insert(*period, *value);
        }
        Totals(by_metric)
    }

    #[test]
    fn counts_are_of_the_last_whole_month_and_factors_of_the_last_whole_year() {
        // 2025-01 (24300) to 2026-11 (24322), the last still under way.
        let t = totals(&[
            ("active_contributors", 24300, 4),
            ("active_contributors", 24309, 5),
            ("active_contributors", 24321, 6),
            ("active_contributors", 24322, 1),
            ("bus_factor", 2025, 2),
            ("bus_factor", 2026, 1),
            ("unaffiliated", 2025, 30),
        ]);
        let p = Periods::of(&t).unwrap();
        assert_eq!(p.months.len(), 23, "every month, those without figures too");
        assert_eq!(p.month.index, 24321);
        assert_eq!(p.partial().map(|b| b.index), Some(24322));
        assert_eq!(p.month_before(), Some(24309));
        assert_eq!(p.year, 2025);

        let h = headlines(&t, &p, Lang::En);
        let active = h.iter().find(|h| h.id == "active").unwrap();
        assert_eq!(
            (active.value.as_str(), active.year_before.as_str()),
            ("6", "5")
        );
        assert_eq!(
            active.sentence,
            "6 active contributors in October 2026. 20% more than a year earlier."
        );
        let bus = h.iter().find(|h| h.id == "bus-factor").unwrap();
        assert_eq!(bus.value, "2");
        assert_eq!(bus.year_before, "–", "the lake starts in 2025");
        let elephant = h.iter().find(|h| h.id == "elephant-factor").unwrap();
        assert_eq!(
            elephant.value, "unknown",
            "no organisation is known in 2025"
        );
        assert_eq!(elephant.direction, Direction::Level);
    }

    #[test]
    fn a_lake_of_one_month_is_counted_in_that_month() {
        let t = totals(&[("active_contributors", 24322, 3)]);
        let p = Periods::of(&t).unwrap();
        assert_eq!((p.month.index, p.year), (24322, 2026));
        assert_eq!(p.partial(), None);
        assert_eq!(p.month_before(), None);
        assert!(Periods::of(&totals(&[])).is_none());
    }

    #[test]
    fn the_page_shows_the_most_contributed_to_repositories_first() {
        let row = |name: &str, contributions| LakeRepositoryFigures {
            repository: name.to_owned(),
            contributions,
            active_contributors: 0,
            new_contributors: 0,
            bus_factor: None,
            elephant_factor: None,
            active: 0,
            drifting: 0,
            away: 0,
        };
        let rows: Vec<_> = (0..SHOWN as i64 + 5)
            .map(|i| row(&format!("r{i:03}"), i))
            .collect();
        let (table, more) = shown_repositories(rows.clone(), false, Lang::En);
        assert_eq!(table.rows.len(), SHOWN);
        assert_eq!(table.rows[0][0].text, "r104");
        assert_eq!(
            more.as_deref(),
            Some("The 100 repositories with the most contributions are shown, of 105; the CSV file has them all.")
        );
        let (all, more) = shown_repositories(rows, true, Lang::En);
        assert_eq!((all.rows.len(), more), (SHOWN + 5, None));
    }
}
