//! Charts of figures per period: a line chart and the table of its
//! numbers ([`series_chart`]), the period still under way marked
//! ([`Partial`]), and one person's contributions ([`person_chart`]).

use vigie_metrics::activity::KINDS;
use vigie_metrics::elephant_factor::ElephantFactor;
use vigie_metrics::{Bucket, MetricsError};

use crate::data::{Cell, Chart, Column, Table};
use crate::i18n::{Arg, Lang};

use super::ChartKind;
use crate::backend::drawing::{line_chart, Series, Size};
use crate::backend::words;

/// What a reader must know of the elephant factor of a window: why it is
/// missing (no contribution has a known organisation), or the share of
/// contributions it leaves out for want of one.
pub(super) fn elephant_note(factor: &ElephantFactor, lang: Lang) -> Option<String> {
    match factor.unaffiliated_share() {
        None => None,
        Some(_) if factor.affiliated == 0 => Some(lang.t("elephant-no-affiliation")),
        Some(share) if share >= 0.005 => Some(lang.t_args(
            "elephant-unaffiliated-share",
            &[("percent", Arg::Text(lang.percent(share)))],
        )),
        Some(_) => None,
    }
}

/// The window's last period while the data stops inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Partial {
    /// The period.
    pub period: Bucket,
    /// The day of the latest activity.
    pub latest: chrono::NaiveDate,
}

impl Partial {
    /// What a caption says of it.
    pub(super) fn note(self, lang: Lang) -> String {
        lang.t_args(
            "chart-partial-period",
            &[
                ("period", Arg::Text(words::bucket_name(self.period, lang))),
                ("date", Arg::Text(lang.date(self.latest))),
            ],
        )
    }
}

/// The periods as chart and table labels; `partial`, the period still
/// under way, is marked.
fn labels((periods, partial): (&[Bucket], Option<Bucket>), lang: Lang) -> Vec<String> {
    periods
        .iter()
        .map(|b| {
            let label = words::bucket_label(*b, lang);
            if Some(*b) == partial {
                lang.t_args("period-partial", &[("period", Arg::Text(label))])
            } else {
                label
            }
        })
        .collect()
}

/// Kinds of contribution as one person's chart groups them: (message id,
/// the kinds in [`KINDS`]).
const PERSON_GROUPS: [(&str, &[&str]); 4] = [
    ("series-commits", &["commit"]),
    (
        "series-issues-prs",
        &[
            "pr_opened",
            "pr_merged",
            "pr_closed",
            "issue_opened",
            "issue_closed",
        ],
    ),
    ("series-reviews-comments", &["review", "comment"]),
    ("series-releases", &["release"]),
];

/// One person's contributions per period, by group of kinds; the groups
/// they never contributed to are left out.
pub(super) fn person_chart(
    activity: &vigie_metrics::polars::prelude::DataFrame,
    (periods, partial): (&[Bucket], Option<Bucket>),
    lang: Lang,
) -> Result<Chart, MetricsError> {
    let period = activity.column("period")?.i32()?;
    let kind = activity.column("kind")?.i32()?;
    let n = activity.column("n")?.i64()?;
    let rows: Vec<(i32, &str, i64)> = period
        .into_no_null_iter()
        .zip(kind.into_no_null_iter())
        .zip(n.into_no_null_iter())
        .map(|((p, k), n)| (p, KINDS.get(k as usize).copied().unwrap_or("other"), n))
        .collect();
    let mut series = Vec::new();
    for (label, kinds) in PERSON_GROUPS {
        if !rows.iter().any(|(_, k, _)| kinds.contains(k)) {
            continue;
        }
        let values = periods
            .iter()
            .map(|p| {
                let sum: i64 = rows
                    .iter()
                    .filter(|(i, k, _)| *i == p.index && kinds.contains(k))
                    .map(|(_, _, n)| n)
                    .sum();
                Some(sum as f64)
            })
            .collect();
        series.push(Series {
            label: lang.t(label),
            values,
        });
    }
    Ok(series_chart(
        ChartKind::Person(0).id(),
        lang.t(ChartKind::Person(0).messages().0),
        lang.t(ChartKind::Person(0).messages().1),
        (periods, partial),
        series,
        lang.t("axis-contributions"),
        lang,
        0,
    ))
}

/// The labels and series to draw: without the last period when it is
/// `partial` and not the only one.
fn complete_periods<'a>(
    labels: &'a [String],
    series: &[Series],
    periods: &[Bucket],
    partial: Option<Bucket>,
) -> (&'a [String], Vec<Series>) {
    let leave_out = periods.len() > 1 && partial.is_some() && periods.last() == partial.as_ref();
    let drawn = labels.len() - usize::from(leave_out);
    let series = series
        .iter()
        .map(|s| Series {
            label: s.label.clone(),
            values: s.values.iter().take(drawn).copied().collect(),
        })
        .collect();
    (&labels[..drawn], series)
}

/// A line chart and the table of its numbers (`decimals` for the table).
#[allow(clippy::too_many_arguments)]
pub(in crate::backend) fn series_chart(
    id: &str,
    title: String,
    caption: String,
    (periods, partial): (&[Bucket], Option<Bucket>),
    series: Vec<Series>,
    y_label: String,
    lang: Lang,
    decimals: usize,
) -> Chart {
    let labels = labels((periods, partial), lang);
    // The period still under way is in the table but not drawn: beside
    // whole periods, a partial one looks like a collapse.
    let (drawn_labels, drawn_series) = complete_periods(&labels, &series, periods, partial);
    let draw = |size| line_chart(&title, drawn_labels, &drawn_series, &y_label, size);
    let (svg, svg_narrow) = (draw(Size::Wide), draw(Size::Narrow));
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
        svg_narrow,
        table: Table {
            id: id.to_owned(),
            caption: title,
            columns,
            rows,
        },
    }
}
