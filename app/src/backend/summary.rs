//! The summary page: headline figures against a year earlier (DESIGN.md
//! definition 12) and large trend charts, for elected officials.

use vigie_metrics::activity::Scoped;
use vigie_metrics::summary::{self, Figure};
use vigie_metrics::{MetricsError, Params};

use crate::data::{Chart, Direction, Headline, SummaryData};
use crate::i18n::{Arg, Lang};

use super::charts::{ChartKind, Charts};
use super::{scope, words, Dashboard, DashboardError, Snapshot};

pub(super) fn page(
    dashboard: &Dashboard,
    filter: crate::filter::Filter,
    lang: Lang,
) -> Result<SummaryData, DashboardError> {
    let snapshot = dashboard.snapshot()?;
    let (params, frame) = scope::apply_filter(dashboard, &snapshot, filter, lang)?;
    // Every metric of the page has the same scope: the activities are
    // filtered once, and only if a result is not cached.
    let scoped = Scoped::new(snapshot.activities.as_ref(), &params);
    let figures = dashboard
        .cache
        .get_or_compute("summary", &params, snapshot.version, || {
            summary::summary(&scoped, &snapshot.items, &params).map_err(MetricsError::from)
        })?;
    // A window without any activity has no figures to give, not zeros.
    let trend = dashboard
        .cache
        .get_or_compute("trend", &params, snapshot.version, || {
            vigie_metrics::trend(&scoped, &params)
        })?;
    if trend.active_in_window == 0 {
        return Ok(SummaryData {
            frame,
            period: None,
            headlines: Vec::new(),
            estate: None,
            code_gouv: None,
            charts: Vec::new(),
        });
    }
    let period_name = figures.period.map(|p| words::bucket_name(p, lang));
    let charts_of = Charts {
        dashboard,
        snapshot: &snapshot,
        scoped: &scoped,
        params: &params,
        lang,
    };
    // Without any contribution of a known organisation in the window, the
    // count of organisations is unknown, not zero.
    let elephant = charts_of.elephant()?;
    let organisations_unknown = elephant.affiliated == 0 && elephant.unaffiliated > 0;
    let headlines = figures
        .figures
        .iter()
        .map(|f| {
            if organisations_unknown && f.headline == summary::Headline::Organisations {
                unknown_organisations(lang)
            } else {
                headline(f, period_name.as_deref().unwrap_or_default(), lang)
            }
        })
        .collect();
    Ok(SummaryData {
        frame,
        period: period_name,
        headlines,
        estate: super::technical_debt::core_sentence(dashboard, &snapshot, &params, lang)?,
        code_gouv: super::code_gouv::summary_sentence(dashboard, &snapshot, &params, lang)?,
        charts: charts(dashboard, &snapshot, &scoped, &params, lang, None)?,
    })
}

/// One chart of the summary (and its numbers), for a download: only that
/// chart is computed and drawn.
pub(super) fn chart(
    dashboard: &Dashboard,
    filter: crate::filter::Filter,
    lang: Lang,
    id: &str,
) -> Result<Option<Chart>, DashboardError> {
    let snapshot = dashboard.snapshot()?;
    let (params, _) = scope::apply_filter(dashboard, &snapshot, filter, lang)?;
    let scoped = Scoped::new(snapshot.activities.as_ref(), &params);
    Ok(
        charts(dashboard, &snapshot, &scoped, &params, lang, Some(id))?
            .into_iter()
            .next(),
    )
}

/// The summary's charts, large and few.
const CHARTS: [ChartKind; 3] = [
    ChartKind::Contributors,
    ChartKind::Factors,
    ChartKind::Response,
];

/// The summary's charts, or only the one named `only`.
fn charts(
    dashboard: &Dashboard,
    snapshot: &Snapshot,
    scoped: &Scoped<'_>,
    params: &Params,
    lang: Lang,
    only: Option<&str>,
) -> Result<Vec<Chart>, DashboardError> {
    Charts {
        dashboard,
        snapshot,
        scoped,
        params,
        lang,
    }
    .draw(&CHARTS, only)
}

/// The organisations' headline when no contribution has a known
/// organisation: unknown, and why.
fn unknown_organisations(lang: Lang) -> Headline {
    Headline {
        id: "organisations".to_owned(),
        label: lang.t("headline-organisations"),
        value: lang.t("value-unknown"),
        year_before: lang.t("value-unknown"),
        sentence: lang.t("elephant-no-affiliation"),
        direction: Direction::Level,
    }
}

fn headline(figure: &Figure, period: &str, lang: Lang) -> Headline {
    let (id, label) = match figure.headline {
        summary::Headline::ActiveContributors => ("active", "headline-active"),
        summary::Headline::NewContributors => ("new", "headline-new"),
        summary::Headline::Organisations => ("organisations", "headline-organisations"),
        summary::Headline::BusFactor => ("bus-factor", "headline-bus-factor"),
        summary::Headline::MedianResponseHours => ("response", "headline-response"),
        summary::Headline::RepositoriesMaintained => ("repositories", "headline-repositories"),
    };
    let format = |v: Option<f64>| match (figure.headline, v) {
        (_, None) => "–".to_owned(),
        (summary::Headline::MedianResponseHours, Some(h)) => duration(h, lang),
        (_, Some(v)) => lang.int(v.round() as i64),
    };
    let value = format(figure.current);
    let what = match figure.current {
        None if figure.headline == summary::Headline::MedianResponseHours => {
            lang.t("sentence-no-forge")
        }
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
    let (more, fewer) = match figure.headline {
        summary::Headline::MedianResponseHours => ("change-slower", "change-faster"),
        summary::Headline::BusFactor => ("change-higher", "change-lower"),
        _ => ("change-more", "change-fewer"),
    };
    let (direction, compared) = since_a_year_earlier(
        (figure.current, figure.year_before),
        figure.headline.lower_is_better(),
        (more, fewer),
        lang,
    );
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

/// How a figure moved since a year earlier, `(now, then)`: which way, and
/// the sentence saying so (`None` when the figure is unknown); `words` are
/// the message ids for a rise and a fall ("more", "fewer").
pub(super) fn since_a_year_earlier(
    (now, then): (Option<f64>, Option<f64>),
    lower_is_better: bool,
    (rise, fall): (&str, &str),
    lang: Lang,
) -> (Direction, Option<String>) {
    let change = match (now, then) {
        (Some(now), Some(then)) if then != 0.0 => Some((now - then) / then),
        _ => None,
    };
    let direction = match change {
        Some(c) if c.abs() >= 0.005 => {
            if (c > 0.0) != lower_is_better {
                Direction::Better
            } else {
                Direction::Worse
            }
        }
        _ => Direction::Level,
    };
    let compared = match (now, then, change) {
        (None, _, _) => None,
        (Some(_), None, _) => Some(lang.t("change-nothing-before")),
        (Some(now), Some(then), None) if now == then => Some(lang.t("change-same")),
        (Some(_), Some(_), None) => Some(lang.t("change-from-zero")),
        (Some(_), Some(_), Some(c)) if c.abs() < 0.005 => Some(lang.t("change-same")),
        (Some(_), Some(_), Some(c)) => {
            let key = if c > 0.0 { rise } else { fall };
            Some(lang.t_args(key, &[("percent", Arg::Text(lang.percent(c.abs())))]))
        }
    };
    (direction, compared)
}

/// Hours as hours below two days, else as days.
pub(super) fn duration(hours: f64, lang: Lang) -> String {
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
            headline: summary::Headline::ActiveContributors,
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
                headline: summary::Headline::MedianResponseHours,
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
                headline: summary::Headline::MedianResponseHours,
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
