//! How newcomers arrive and stay: the onboarding funnel
//! ([`funnel_chart`]), the monthly cohorts' retention ([`cohort_chart`]),
//! and the shares that are worth drawing ([`shares_of_enough`]).

use vigie_metrics::{MetricsError, Month, Params, Period};

use crate::data::{Cell, Chart, Column, Table};
use crate::i18n::{Arg, Lang};

use super::{ChartKind, COHORTS_SHOWN, RETENTION_MONTHS};
use crate::backend::drawing::{bar_chart, heatmap, Size};
use crate::backend::words;

/// A share over fewer newcomers than this is not drawn: one newcomer out
/// of one is "100 %", which says nothing.
pub(super) const MIN_NEWCOMERS: f64 = 5.0;

/// The shares (0 to 1) as percentages, only where they are over at least
/// [`MIN_NEWCOMERS`] newcomers.
pub(super) fn shares_of_enough(
    shares: &[Option<f64>],
    newcomers: &[Option<f64>],
) -> Vec<Option<f64>> {
    shares
        .iter()
        .zip(newcomers)
        .map(|(share, n)| {
            share
                .filter(|_| n.unwrap_or(0.0) >= MIN_NEWCOMERS)
                .map(|s| s * 100.0)
        })
        .collect()
}

/// The onboarding funnel over the window: newcomers, those who came back
/// within the return window, those who became regular.
pub(super) fn funnel_chart(steps: &[(&str, f64)], params: &Params, lang: Lang) -> Chart {
    let t = &params.thresholds;
    let (title, caption) = ChartKind::Funnel.messages();
    let title = lang.t(title);
    let names: Vec<String> = steps
        .iter()
        .map(|(id, _)| {
            lang.t_args(
                id,
                &[
                    ("days", Arg::Count(i64::from(t.return_within_days))),
                    ("count", Arg::Count(i64::from(t.regular_min))),
                    ("months", Arg::Count(i64::from(t.regular_months))),
                ],
            )
        })
        .collect();
    let values: Vec<f64> = steps.iter().map(|(_, v)| *v).collect();
    let first = values.first().copied().unwrap_or(0.0);
    let bars = |size| bar_chart(&title, &names, &values, &lang.t("axis-contributors"), size);
    let (svg, svg_narrow) = (bars(Size::Wide), bars(Size::Narrow));
    let rows = names
        .iter()
        .zip(&values)
        .map(|(name, v)| {
            let share = (first > 0.0).then(|| v / first);
            vec![
                Cell::text(name.clone()),
                Cell::int(*v as i64, lang),
                share.map_or_else(
                    || Cell::text("–"),
                    |s| Cell::formatted(lang.percent(s), format!("{s:.4}")),
                ),
            ]
        })
        .collect();
    Chart {
        id: ChartKind::Funnel.id().into(),
        title: title.clone(),
        caption: lang.t(caption),
        svg,
        svg_narrow,
        table: Table {
            id: ChartKind::Funnel.id().into(),
            caption: title,
            columns: vec![
                Column {
                    label: lang.t("column-step"),
                    numeric: false,
                },
                Column {
                    label: lang.t("axis-contributors"),
                    numeric: true,
                },
                Column {
                    label: lang.t("column-share-of-newcomers"),
                    numeric: true,
                },
            ],
            rows,
        },
    }
}

/// The latest monthly cohorts' retention as a heatmap and a table.
pub(super) fn cohort_chart(
    retention: &vigie_metrics::polars::prelude::DataFrame,
    lang: Lang,
) -> Result<Chart, MetricsError> {
    let cohorts = every_month(cohorts_of(retention)?);
    let keep_from = cohorts.len().saturating_sub(COHORTS_SHOWN);
    let cohorts = &cohorts[keep_from..];
    let month_label = |c: i32| {
        let bucket = Period::Month.bucket(Month(c).0);
        words::bucket_label(bucket, lang)
    };
    // Each row says how many it is a share of: 100 % of 1 is not 100 % of 40.
    let row_labels: Vec<String> = cohorts
        .iter()
        .map(|(c, n, _)| format!("{} ({})", month_label(*c), lang.int(*n)))
        .collect();
    let column_labels: Vec<String> = (0..=RETENTION_MONTHS).map(|k| format!("+{k}")).collect();
    let cells: Vec<Vec<Option<f64>>> = cohorts.iter().map(|(_, _, s)| s.clone()).collect();
    let (title, caption) = ChartKind::Cohorts.messages();
    let title = lang.t(title);
    let (x_label, y_label) = (lang.t("axis-months-after-first"), lang.t("axis-cohort"));
    let scale = [0.0, 0.25, 0.5, 0.75, 1.0].map(|share| lang.percent(share));
    let draw = |size| {
        heatmap(
            &title,
            &row_labels,
            &column_labels,
            &cells,
            (&x_label, &y_label),
            &scale,
            size,
        )
    };
    let (svg, svg_narrow) = (draw(Size::Wide), draw(Size::Narrow));
    let mut columns = vec![
        Column {
            label: lang.t("axis-cohort"),
            numeric: false,
        },
        Column {
            label: lang.t("column-cohort-size"),
            numeric: true,
        },
    ];
    columns.extend(column_labels.iter().map(|l| Column {
        label: l.clone(),
        numeric: true,
    }));
    let rows = cohorts
        .iter()
        .map(|(c, n, shares)| {
            let mut row = vec![
                Cell::formatted(month_label(*c), Period::Month.bucket(*c)),
                Cell::int(*n, lang),
            ];
            row.extend(shares.iter().map(|s| {
                s.map_or_else(
                    || Cell::text("–"),
                    |s| Cell::formatted(lang.percent(s), format!("{s:.4}")),
                )
            }));
            row
        })
        .collect();
    Ok(Chart {
        id: ChartKind::Cohorts.id().into(),
        title: title.clone(),
        caption: lang.t(caption),
        svg,
        svg_narrow,
        table: Table {
            id: ChartKind::Cohorts.id().into(),
            caption: title,
            columns,
            rows,
        },
    })
}

/// The monthly cohorts of the retention frame, in its order.
fn cohorts_of(
    retention: &vigie_metrics::polars::prelude::DataFrame,
) -> Result<Vec<Cohort>, MetricsError> {
    let cohort = retention.column("cohort")?.i32()?;
    let k = retention.column("k")?.i32()?;
    let size = retention.column("cohort_size")?.i64()?;
    let share = retention.column("share")?.f64()?;
    let mut cohorts: Vec<Cohort> = Vec::new();
    for i in 0..retention.height() {
        let (Some(c), Some(k), Some(n)) = (cohort.get(i), k.get(i), size.get(i)) else {
            continue;
        };
        if cohorts.last().is_none_or(|(last, _, _)| *last != c) {
            cohorts.push((c, n, vec![None; RETENTION_MONTHS as usize + 1]));
        }
        if let Some(slot) = cohorts
            .last_mut()
            .and_then(|(_, _, s)| s.get_mut(k as usize))
        {
            *slot = share.get(i);
        }
    }
    Ok(cohorts)
}

/// A monthly cohort: its month, its size and its share per month after.
pub(super) type Cohort = (i32, i64, Vec<Option<f64>>);

/// The cohorts of every month from the first to the last, a month without
/// newcomers as an empty cohort (size 0, no shares), so a gap shows.
pub(super) fn every_month(cohorts: Vec<Cohort>) -> Vec<Cohort> {
    let (Some(first), Some(last)) = (cohorts.first(), cohorts.last()) else {
        return cohorts;
    };
    let (first, last) = (first.0, last.0);
    let mut given = cohorts.into_iter().peekable();
    (first..=last)
        .map(|month| match given.next_if(|(c, _, _)| *c == month) {
            Some(cohort) => cohort,
            None => (month, 0, vec![None; RETENTION_MONTHS as usize + 1]),
        })
        .collect()
}
