//! The summary page: headline figures against a year earlier (DESIGN.md
//! definition 12) and large trend charts, for elected officials.

use vigie_metrics::activity::Scoped;
use vigie_metrics::contributor_absence_factor::contributor_absence_factor_over_time;
use vigie_metrics::elephant_factor::elephant_factor_over_time;
use vigie_metrics::items::ForgeData;
use vigie_metrics::summary::{summary, Figure, Headline as Which};
use vigie_metrics::time_to_first_response::time_to_first_response;
use vigie_metrics::time_to_first_response::ResponseStats;
use vigie_metrics::{trend, Bucket, MetricsError, Params};

use crate::api::{Cell, Chart, Column, Direction, Headline, SummaryData, Table};
use crate::i18n::{Arg, Lang};

use super::chart::{line_chart, Series};
use super::{scope, words, Dashboard, DashboardError, Snapshot};

pub(super) fn page(
    d: &Dashboard,
    filter: crate::filter::Filter,
    lang: Lang,
) -> Result<SummaryData, DashboardError> {
    let snapshot = d.snapshot()?;
    let (params, frame) = scope::resolve(d, &snapshot, filter, lang);
    // Every metric of the page has the same scope: the activities are
    // filtered once, and only if a result is not cached.
    let scoped = Scoped::new(snapshot.activities.as_ref(), &params);
    let figures = d
        .cache
        .get_or_compute("summary", &params, snapshot.version, || {
            summary(&scoped, &snapshot.items, &params).map_err(MetricsError::from)
        })?;
    let period_name = figures.period.map(|p| words::bucket_name(p, lang));
    let headlines = figures
        .figures
        .iter()
        .map(|f| headline(f, period_name.as_deref().unwrap_or_default(), lang))
        .collect();
    Ok(SummaryData {
        frame,
        period: period_name,
        headlines,
        charts: charts(d, &snapshot, &scoped, &params, lang, None)?,
    })
}

/// One chart of the summary (and its numbers), for a download: only that
/// chart is computed and drawn.
pub(super) fn chart(
    d: &Dashboard,
    filter: crate::filter::Filter,
    lang: Lang,
    id: &str,
) -> Result<Option<Chart>, DashboardError> {
    let snapshot = d.snapshot()?;
    let (params, _) = scope::resolve(d, &snapshot, filter, lang);
    let scoped = Scoped::new(snapshot.activities.as_ref(), &params);
    Ok(charts(d, &snapshot, &scoped, &params, lang, Some(id))?
        .into_iter()
        .next())
}

/// The summary's charts, or only the one named `only`.
fn charts(
    d: &Dashboard,
    snapshot: &Snapshot,
    scoped: &Scoped<'_>,
    params: &Params,
    lang: Lang,
    only: Option<&str>,
) -> Result<Vec<Chart>, DashboardError> {
    let wanted = |id: &str| only.is_none_or(|o| o == id);
    let (version, cache, items) = (snapshot.version, &d.cache, snapshot.items.as_ref());
    let trend = cache.get_or_compute("trend", params, version, || trend(scoped, params))?;
    let periods: Vec<_> = trend.rows.iter().map(|r| r.period).collect();
    let mut charts = Vec::new();
    if wanted("contributors") {
        charts.push(series_chart(
            "contributors",
            lang.t("chart-contributors-title"),
            lang.t("chart-contributors-caption"),
            &periods,
            vec![
                Series {
                    label: lang.t("series-active"),
                    values: trend
                        .rows
                        .iter()
                        .map(|r| Some(r.active_contributors as f64))
                        .collect(),
                },
                Series {
                    label: lang.t("series-new"),
                    values: trend
                        .rows
                        .iter()
                        .map(|r| Some(r.new_contributors as f64))
                        .collect(),
                },
            ],
            lang.t("axis-contributors"),
            lang,
            0,
        ));
    }
    if wanted("factors") {
        let bus = cache.get_or_compute("bus_factor_over_time", params, version, || {
            contributor_absence_factor_over_time(scoped, params, &periods)
                .map_err(MetricsError::from)
        })?;
        let elephant =
            cache.get_or_compute("elephant_factor_over_time", params, version, || {
                elephant_factor_over_time(scoped, params, &periods).map_err(MetricsError::from)
            })?;
        charts.push(series_chart(
            "factors",
            lang.t_args(
                "chart-factors-title",
                &[(
                    "count",
                    Arg::Count(i64::from(params.thresholds.trailing_months)),
                )],
            ),
            lang.t("chart-factors-caption"),
            &periods,
            vec![
                Series {
                    label: lang.t("series-bus-factor"),
                    values: bus.iter().map(|(_, f)| f.factor.map(f64::from)).collect(),
                },
                Series {
                    label: lang.t("series-elephant-factor"),
                    values: elephant.iter().map(|(_, f)| f.map(f64::from)).collect(),
                },
            ],
            lang.t("axis-people-or-organisations"),
            lang,
            0,
        ));
    }
    if wanted("response") {
        let response = cache.get_or_compute("time_to_first_response", params, version, || {
            time_to_first_response(items, scoped, params).map_err(MetricsError::from)
        })?;
        // Without forge data there is no chart rather than an empty one.
        if let ForgeData::Available(times) = &response.value {
            let by = |rows: &[(Bucket, ResponseStats)]| {
                periods
                    .iter()
                    .map(|p| {
                        rows.iter()
                            .find(|(b, _)| b == p)
                            .and_then(|(_, s)| s.median_hours)
                            .map(|h| h / 24.0)
                    })
                    .collect::<Vec<_>>()
            };
            charts.push(series_chart(
                "response",
                lang.t("chart-response-title"),
                lang.t("chart-response-caption"),
                &periods,
                vec![
                    Series {
                        label: lang.t("series-all-items"),
                        values: by(&times.by_period),
                    },
                    Series {
                        label: lang.t("series-newcomers-items"),
                        values: by(&times.newcomers_by_period),
                    },
                ],
                lang.t("axis-days"),
                lang,
                1,
            ));
        }
    }
    Ok(charts)
}

/// A line chart and the table of its numbers (`decimals` for the table).
#[allow(clippy::too_many_arguments)]
pub(super) fn series_chart(
    id: &str,
    title: String,
    caption: String,
    periods: &[Bucket],
    series: Vec<Series>,
    y_label: String,
    lang: Lang,
    decimals: usize,
) -> Chart {
    let labels: Vec<String> = periods
        .iter()
        .map(|b| words::bucket_label(*b, lang))
        .collect();
    let svg = line_chart(&title, &labels, &series, &y_label);
    let mut columns = vec![Column {
        label: lang.t("column-period"),
        numeric: false,
    }];
    columns.extend(series.iter().map(|s| Column {
        label: s.label.clone(),
        numeric: true,
    }));
    let rows = labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            // CSV files get the period as 2024-03, 2024-Q1 or 2024.
            let mut row = vec![Cell::formatted(label.clone(), periods[i])];
            row.extend(series.iter().map(|s| {
                s.values.get(i).copied().flatten().map_or_else(
                    || Cell::text("–"),
                    |v| Cell::formatted(lang.decimal(v, decimals), v),
                )
            }));
            row
        })
        .collect();
    Chart {
        id: id.to_owned(),
        title: title.clone(),
        caption,
        svg,
        table: Table {
            id: id.to_owned(),
            caption: title,
            columns,
            rows,
        },
    }
}

fn headline(figure: &Figure, period: &str, lang: Lang) -> Headline {
    let (id, label) = match figure.headline {
        Which::ActiveContributors => ("active", "headline-active"),
        Which::NewContributors => ("new", "headline-new"),
        Which::Organisations => ("organisations", "headline-organisations"),
        Which::BusFactor => ("bus-factor", "headline-bus-factor"),
        Which::MedianResponseHours => ("response", "headline-response"),
        Which::RepositoriesMaintained => ("repositories", "headline-repositories"),
    };
    let format = |v: Option<f64>| match (figure.headline, v) {
        (_, None) => "–".to_owned(),
        (Which::MedianResponseHours, Some(h)) => duration(h, lang),
        (_, Some(v)) => lang.int(v.round() as i64),
    };
    let value = format(figure.current);
    let what = match figure.current {
        None if figure.headline == Which::MedianResponseHours => lang.t("sentence-no-forge"),
        None => lang.t_args(
            "sentence-no-contribution",
            &[("period", Arg::Text(period.into()))],
        ),
        Some(v) => {
            let args = [
                ("count", Arg::Count(v.round() as i64)),
                ("value", Arg::Text(value.clone())),
                ("period", Arg::Text(period.into())),
            ];
            lang.t_args(&format!("sentence-{id}"), &args)
        }
    };
    let change = figure.change();
    let direction = match change {
        Some(c) if c.abs() >= 0.005 => {
            if (c > 0.0) != figure.headline.lower_is_better() {
                Direction::Better
            } else {
                Direction::Worse
            }
        }
        _ => Direction::Level,
    };
    let compared = match (figure.current, figure.year_before, change) {
        (None, _, _) => None,
        (Some(_), None, _) => Some(lang.t("change-nothing-before")),
        (Some(now), Some(then), None) if now == then => Some(lang.t("change-same")),
        (Some(_), Some(_), None) => Some(lang.t("change-from-zero")),
        (Some(_), Some(_), Some(c)) if c.abs() < 0.005 => Some(lang.t("change-same")),
        (Some(_), Some(_), Some(c)) => {
            let key = match (figure.headline, c > 0.0) {
                (Which::MedianResponseHours, true) => "change-slower",
                (Which::MedianResponseHours, false) => "change-faster",
                (Which::BusFactor, true) => "change-higher",
                (Which::BusFactor, false) => "change-lower",
                (_, true) => "change-more",
                (_, false) => "change-fewer",
            };
            Some(lang.t_args(key, &[("percent", Arg::Text(lang.percent(c.abs())))]))
        }
    };
    let sentence = match compared {
        Some(c) => format!("{what} {c}"),
        None => what,
    };
    Headline {
        id: id.to_owned(),
        label: lang.t(label),
        value,
        year_before: format(figure.year_before),
        sentence,
        direction,
    }
}

/// Hours as hours below two days, else as days.
fn duration(hours: f64, lang: Lang) -> String {
    if hours < 48.0 {
        lang.t_args(
            "duration-hours",
            &[("count", Arg::Count(hours.round() as i64))],
        )
    } else {
        lang.t_args(
            "duration-days",
            &[("count", Arg::Count((hours / 24.0).round() as i64))],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_sentences_say_what_changed_in_both_languages() {
        let f = Figure {
            headline: Which::ActiveContributors,
            current: Some(1234.0),
            year_before: Some(1000.0),
        };
        let en = headline(&f, "Q3 2026", Lang::En);
        assert_eq!(en.value, "1,234");
        assert_eq!(en.year_before, "1,000");
        assert_eq!(en.direction, Direction::Better);
        assert_eq!(
            en.sentence,
            "1,234 active contributors in Q3 2026. 23% more than a year earlier."
        );
        let fr = headline(&f, "T3 2026", Lang::Fr);
        assert_eq!(
            fr.sentence,
            "1\u{202f}234 contributeurs actifs en T3 2026. 23\u{202f}% de plus qu’un an plus tôt."
        );
        let slower = headline(
            &Figure {
                headline: Which::MedianResponseHours,
                current: Some(72.0),
                year_before: Some(48.0),
            },
            "2026",
            Lang::En,
        );
        assert_eq!(slower.value, "3 days");
        assert_eq!(slower.direction, Direction::Worse);
        assert!(
            slower.sentence.ends_with("50% slower than a year earlier."),
            "{}",
            slower.sentence
        );
        let unknown = headline(
            &Figure {
                headline: Which::MedianResponseHours,
                current: None,
                year_before: None,
            },
            "2026",
            Lang::Fr,
        );
        assert_eq!(unknown.value, "–");
        assert_eq!(unknown.direction, Direction::Level);
    }
}
