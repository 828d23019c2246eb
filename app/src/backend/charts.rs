//! The dashboard's charts, shared by the pages that show them: each is
//! computed (through the result cache) and drawn only when a page or a
//! download asks for it.

use vigie_metrics::activity::{Scoped, KINDS};
use vigie_metrics::change_request_closure::change_request_closure;
use vigie_metrics::cohort_retention::cohort_retention;
use vigie_metrics::community_structure::community_structure_by_period;
use vigie_metrics::contributor_absence_factor::contributor_absence_factor_over_time;
use vigie_metrics::contributors::departed;
use vigie_metrics::elephant_factor::{elephant_factor, elephant_factor_over_time, ElephantFactor};
use vigie_metrics::items::ForgeData;
use vigie_metrics::newcomer_conversion::newcomer_conversion;
use vigie_metrics::time_to_first_response::{time_to_first_response, ResponseStats};
use vigie_metrics::{trend, Bucket, MetricsError, Month, Params, Period, Trend};

use crate::data::{Cell, Chart, Column, Table};
use crate::i18n::{Arg, Lang};

use super::chart::{bar_chart, heatmap, line_chart, Series, Size};
use super::{words, Dashboard, DashboardError, Snapshot};

/// Cohorts shown in the retention heatmap: the latest two years.
const COHORTS_SHOWN: usize = 24;
/// Months after the first contribution the heatmap follows.
const RETENTION_MONTHS: u32 = 12;

/// A chart the dashboard can draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Active and new contributors per period.
    Contributors,
    /// New and departed contributors per period.
    NewDeparted,
    /// Newcomers, those who came back, those who became regular.
    Funnel,
    /// The shares of newcomers who came back or became regular, per period.
    Conversion,
    /// Monthly cohorts' retention.
    Cohorts,
    /// Median time to first response, all items and newcomers'.
    Response,
    /// Bus and elephant factors over a trailing window.
    Factors,
    /// Core, regular and casual contributors per period.
    Structure,
    /// Open issues and pull requests at the end of each period.
    Backlog,
    /// One contributor's contributions per period, by kind.
    Person(i64),
}

impl Kind {
    /// Its name in download URLs and test ids.
    pub(super) fn id(self) -> &'static str {
        match self {
            Kind::Contributors => "contributors",
            Kind::NewDeparted => "new-departed",
            Kind::Funnel => "funnel",
            Kind::Conversion => "conversion",
            Kind::Cohorts => "cohorts",
            Kind::Response => "response",
            Kind::Factors => "factors",
            Kind::Structure => "structure",
            Kind::Backlog => "backlog",
            Kind::Person(_) => "activity",
        }
    }

    /// The message ids of its title and caption.
    fn messages(self) -> (&'static str, &'static str) {
        match self {
            Kind::Contributors => ("chart-contributors-title", "chart-contributors-caption"),
            Kind::NewDeparted => ("chart-new-departed-title", "chart-new-departed-caption"),
            Kind::Funnel => ("chart-funnel-title", "chart-funnel-caption"),
            Kind::Conversion => ("chart-conversion-title", "chart-conversion-caption"),
            Kind::Cohorts => ("chart-cohorts-title", "chart-cohorts-caption"),
            Kind::Response => ("chart-response-title", "chart-response-caption"),
            Kind::Factors => ("chart-factors-title", "chart-factors-caption"),
            Kind::Structure => ("chart-structure-title", "chart-structure-caption"),
            Kind::Backlog => ("chart-backlog-title", "chart-backlog-caption"),
            Kind::Person(_) => ("chart-activity-title", "chart-activity-caption"),
        }
    }

    /// The charts that need issues and pull requests.
    pub(super) fn needs_forge(self) -> bool {
        matches!(self, Kind::Response | Kind::Backlog)
    }
}

/// What every chart of one request reads.
pub(super) struct Charts<'a> {
    pub d: &'a Dashboard,
    pub snapshot: &'a Snapshot,
    pub scoped: &'a Scoped<'a>,
    pub params: &'a Params,
    pub lang: Lang,
}

impl Charts<'_> {
    /// The charts of `kinds` (only the one named `only`, if given), in that
    /// order. A chart that needs forge data is left out without it.
    pub(super) fn draw(
        &self,
        kinds: &[Kind],
        only: Option<&str>,
    ) -> Result<Vec<Chart>, DashboardError> {
        let mut charts = Vec::new();
        // Without any activity in the window there is nothing to draw:
        // the page says so rather than showing empty axes.
        if self.trend()?.active_in_window == 0 {
            return Ok(charts);
        }
        for kind in kinds.iter().filter(|k| only.is_none_or(|o| o == k.id())) {
            if let Some(chart) = self.chart(*kind)? {
                charts.push(chart);
            }
        }
        Ok(charts)
    }

    fn cached<T: Send + Sync + 'static>(
        &self,
        name: &str,
        compute: impl FnOnce() -> Result<T, MetricsError>,
    ) -> Result<std::sync::Arc<T>, MetricsError> {
        self.d
            .cache
            .get_or_compute(name, self.params, self.snapshot.version, compute)
    }

    fn trend(&self) -> Result<std::sync::Arc<Trend>, MetricsError> {
        self.cached("trend", || trend(self.scoped, self.params))
    }

    /// The elephant factor over the whole window: how much of it has a
    /// known organisation.
    pub(super) fn elephant(&self) -> Result<std::sync::Arc<ElephantFactor>, MetricsError> {
        self.cached("elephant_factor", || {
            elephant_factor(self.scoped, self.params)
                .map(|c| c.value)
                .map_err(MetricsError::from)
        })
    }

    /// The window's last period when the data stops inside it (still under
    /// way: its figures are partial), with the day the data stops.
    fn partial(&self, periods: &[Bucket]) -> Result<Option<Partial>, DashboardError> {
        let latest = super::scope::extent(self.d, self.snapshot, self.params)?.map(|e| e.1);
        Ok(periods
            .last()
            .zip(latest)
            .filter(|(last, latest)| !last.complete_by(*latest))
            .map(|(last, latest)| Partial {
                period: *last,
                latest,
            }))
    }

    fn chart(&self, kind: Kind) -> Result<Option<Chart>, DashboardError> {
        let mut chart = self.chart_of_periods(kind)?;
        if let (Some(chart), false) = (chart.as_mut(), matches!(kind, Kind::Funnel | Kind::Cohorts))
        {
            let periods: Vec<Bucket> = self.trend()?.rows.iter().map(|r| r.period).collect();
            if let Some(partial) = self.partial(&periods)? {
                let note = partial.note(self.lang);
                chart.caption = format!("{} {note}", chart.caption);
            }
        }
        Ok(chart)
    }

    fn chart_of_periods(&self, kind: Kind) -> Result<Option<Chart>, DashboardError> {
        let (lang, params, scoped) = (self.lang, self.params, self.scoped);
        let items = self.snapshot.items.as_ref();
        let trend = self.trend()?;
        let periods: Vec<Bucket> = trend.rows.iter().map(|r| r.period).collect();
        let partial = self.partial(&periods)?.map(|p| p.period);
        let series = |label: &str, values: Vec<Option<f64>>| Series {
            label: lang.t(label),
            values,
        };
        let titled_line = |title: String, series: Vec<Series>, axis: &str, decimals| {
            series_chart(
                kind.id(),
                title,
                lang.t(kind.messages().1),
                (&periods, partial),
                series,
                lang.t(axis),
                lang,
                decimals,
            )
        };
        let line = |series: Vec<Series>, axis: &str, decimals| {
            titled_line(lang.t(kind.messages().0), series, axis, decimals)
        };
        Ok(Some(match kind {
            Kind::Contributors => line(
                vec![
                    series(
                        "series-active",
                        trend
                            .rows
                            .iter()
                            .map(|r| Some(r.active_contributors as f64))
                            .collect(),
                    ),
                    series(
                        "series-new",
                        trend
                            .rows
                            .iter()
                            .map(|r| Some(r.new_contributors as f64))
                            .collect(),
                    ),
                ],
                "axis-contributors",
                0,
            ),
            Kind::NewDeparted => {
                let gone = self.cached("departed", || {
                    departed(scoped, params, &periods).map_err(MetricsError::from)
                })?;
                line(
                    vec![
                        series(
                            "series-new",
                            trend
                                .rows
                                .iter()
                                .map(|r| Some(r.new_contributors as f64))
                                .collect(),
                        ),
                        series(
                            "series-departed",
                            gone.iter().map(|(_, n)| n.map(f64::from)).collect(),
                        ),
                    ],
                    "axis-contributors",
                    0,
                )
            }
            Kind::Funnel | Kind::Conversion => {
                let conversion = self.cached("newcomer_conversion", || {
                    newcomer_conversion(scoped, params)
                        .map(|c| c.value)
                        .map_err(MetricsError::from)
                })?;
                let column = |name: &str| -> Result<Vec<(i32, f64)>, MetricsError> {
                    let p = conversion.column("period")?.i32()?;
                    let v = conversion.column(name)?.cast(&polars_f64())?;
                    let v = v.f64()?;
                    Ok(p.iter()
                        .zip(v.iter())
                        .filter_map(|(p, v)| Some((p?, v?)))
                        .collect())
                };
                let by_period = |name: &str| -> Result<Vec<Option<f64>>, MetricsError> {
                    let values = column(name)?;
                    Ok(periods
                        .iter()
                        .map(|p| values.iter().find(|(i, _)| *i == p.index).map(|(_, v)| *v))
                        .collect())
                };
                if kind == Kind::Funnel {
                    let total = |name: &str| -> Result<f64, MetricsError> {
                        Ok(column(name)?.iter().map(|(_, v)| v).sum())
                    };
                    let steps = [
                        ("funnel-newcomers", total("newcomers")?),
                        ("funnel-returned", total("returned")?),
                        ("funnel-regular", total("became_regular")?),
                    ];
                    funnel_chart(&steps, params, lang)
                } else {
                    let newcomers = by_period("newcomers")?;
                    let share = |name: &str| -> Result<Vec<Option<f64>>, MetricsError> {
                        Ok(shares_of_enough(&by_period(name)?, &newcomers))
                    };
                    let mut chart = line(
                        vec![
                            series("series-returned", share("returned_share")?),
                            series("series-regular", share("regular_share")?),
                        ],
                        "axis-percent",
                        1,
                    );
                    // The counts the shares are of, in the table.
                    chart.table.columns.push(Column {
                        label: lang.t("funnel-newcomers"),
                        numeric: true,
                    });
                    for (row, n) in chart.table.rows.iter_mut().zip(&newcomers) {
                        row.push(Cell::int(n.unwrap_or(0.0) as i64, lang));
                    }
                    chart.caption = format!(
                        "{} {}",
                        chart.caption,
                        lang.t_args(
                            "chart-conversion-few",
                            &[("count", Arg::Count(MIN_NEWCOMERS as i64))]
                        )
                    );
                    chart
                }
            }
            Kind::Cohorts => {
                let retention = self.cached("cohort_retention", || {
                    cohort_retention(scoped, params, RETENTION_MONTHS)
                        .map(|c| c.value)
                        .map_err(MetricsError::from)
                })?;
                cohort_chart(&retention, lang)?
            }
            Kind::Response => {
                let response = self.cached("time_to_first_response", || {
                    time_to_first_response(items, scoped, params).map_err(MetricsError::from)
                })?;
                // Without forge data there is no chart rather than an empty one.
                let ForgeData::Available(times) = &response.value else {
                    return Ok(None);
                };
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
                line(
                    vec![
                        series("series-all-items", by(&times.by_period)),
                        series("series-newcomers-items", by(&times.newcomers_by_period)),
                    ],
                    "axis-days",
                    1,
                )
            }
            Kind::Factors => {
                let bus = self.cached("bus_factor_over_time", || {
                    contributor_absence_factor_over_time(scoped, params, &periods)
                        .map_err(MetricsError::from)
                })?;
                let elephant = self.cached("elephant_factor_over_time", || {
                    elephant_factor_over_time(scoped, params, &periods).map_err(MetricsError::from)
                })?;
                // The title says over how many months.
                let months = Arg::Count(i64::from(params.thresholds.trailing_months));
                let mut chart = titled_line(
                    lang.t_args("chart-factors-title", &[("count", months)]),
                    vec![
                        series(
                            "series-bus-factor",
                            bus.iter().map(|(_, f)| f.factor.map(f64::from)).collect(),
                        ),
                        series(
                            "series-elephant-factor",
                            elephant.iter().map(|(_, f)| f.map(f64::from)).collect(),
                        ),
                    ],
                    "axis-people-or-organisations",
                    0,
                );
                // Why the elephant factor is missing, or what it leaves out.
                if let Some(why) = elephant_note(self.elephant()?.as_ref(), lang) {
                    chart.caption = format!("{} {why}", chart.caption);
                }
                chart
            }
            Kind::Structure => {
                let onions = self.cached("community_structure_by_period", || {
                    community_structure_by_period(scoped, params, &periods)
                        .map_err(MetricsError::from)
                })?;
                let layer = |f: fn(&vigie_metrics::community_structure::Onion) -> u32| {
                    onions.iter().map(|(_, o)| Some(f64::from(f(o)))).collect()
                };
                line(
                    vec![
                        series("series-core", layer(|o| o.core)),
                        series("series-regular-layer", layer(|o| o.regular)),
                        series("series-casual", layer(|o| o.casual)),
                    ],
                    "axis-contributors",
                    0,
                )
            }
            Kind::Backlog => {
                let closure = self.cached("change_request_closure", || {
                    change_request_closure(items, params, &periods).map_err(MetricsError::from)
                })?;
                let ForgeData::Available(rows) = &closure.value else {
                    return Ok(None);
                };
                let values = |f: fn(&vigie_metrics::change_request_closure::ClosureRow) -> u32| {
                    rows.iter().map(|r| Some(f64::from(f(r)))).collect()
                };
                line(
                    vec![
                        series("series-open-issues", values(|r| r.open_issues)),
                        series("series-open-prs", values(|r| r.open_pull_requests)),
                    ],
                    "axis-items",
                    0,
                )
            }
            Kind::Person(id) => {
                let activity = self.cached(&format!("activity_of/{id}"), || {
                    vigie_metrics::contributors::activity_of(scoped, params, id)
                        .map(|c| c.value)
                        .map_err(MetricsError::from)
                })?;
                person_chart(&activity, (&periods, partial), lang)?
            }
        }))
    }
}

/// A share over fewer newcomers than this is not drawn: one newcomer out
/// of one is "100 %", which says nothing.
const MIN_NEWCOMERS: f64 = 5.0;

/// The shares (0 to 1) as percentages, only where they are over at least
/// [`MIN_NEWCOMERS`] newcomers.
fn shares_of_enough(shares: &[Option<f64>], newcomers: &[Option<f64>]) -> Vec<Option<f64>> {
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

fn polars_f64() -> vigie_metrics::polars::prelude::DataType {
    vigie_metrics::polars::prelude::DataType::Float64
}

/// The window's last period while the data stops inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Partial {
    period: Bucket,
    /// The day of the latest activity.
    latest: chrono::NaiveDate,
}

impl Partial {
    /// What a caption says of it.
    fn note(self, lang: Lang) -> String {
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
fn person_chart(
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
        Kind::Person(0).id(),
        lang.t(Kind::Person(0).messages().0),
        lang.t(Kind::Person(0).messages().1),
        (periods, partial),
        series,
        lang.t("axis-contributions"),
        lang,
        0,
    ))
}

/// The onboarding funnel over the window: newcomers, those who came back
/// within the return window, those who became regular.
fn funnel_chart(steps: &[(&str, f64)], params: &Params, lang: Lang) -> Chart {
    let t = &params.thresholds;
    let (title, caption) = Kind::Funnel.messages();
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
        id: Kind::Funnel.id().into(),
        title: title.clone(),
        caption: lang.t(caption),
        svg,
        svg_narrow,
        table: Table {
            id: Kind::Funnel.id().into(),
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
fn cohort_chart(
    retention: &vigie_metrics::polars::prelude::DataFrame,
    lang: Lang,
) -> Result<Chart, MetricsError> {
    let cohort = retention.column("cohort")?.i32()?;
    let k = retention.column("k")?.i32()?;
    let size = retention.column("cohort_size")?.i64()?;
    let share = retention.column("share")?.f64()?;
    // (cohort, size, share per k)
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
    let cohorts = every_month(cohorts);
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
    let (title, caption) = Kind::Cohorts.messages();
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
        id: Kind::Cohorts.id().into(),
        title: title.clone(),
        caption: lang.t(caption),
        svg,
        svg_narrow,
        table: Table {
            id: Kind::Cohorts.id().into(),
            caption: title,
            columns,
            rows,
        },
    })
}

/// A monthly cohort: its month, its size and its share per month after.
type Cohort = (i32, i64, Vec<Option<f64>>);

/// The cohorts of every month from the first to the last, a month without
/// newcomers as an empty cohort (size 0, no shares), so a gap shows.
fn every_month(cohorts: Vec<Cohort>) -> Vec<Cohort> {
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
pub(super) fn series_chart(
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use vigie_metrics::activity::frame;
    use vigie_metrics::items::{self, Items};

    use super::*;
    use crate::backend::Snapshot;

    fn us(day: &str) -> i64 {
        chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp_micros()
    }

    /// Three months of commits by two people in repository 1, and three
    /// issues: one opened in January and closed in March (answered after
    /// two days), one opened in February still open (never answered), one
    /// pull request opened and merged in February (answered within a day).
    fn charts_of(kinds: &[Kind]) -> Vec<Chart> {
        let dir = tempfile::tempdir().unwrap();
        let dashboard = Dashboard::open(
            &dir.path().join("store.duckdb"),
            vigie_ingest::affiliation::Affiliations::new(&[]),
            Default::default(),
            vec![],
        )
        .unwrap();
        let days = ["2024-01-10", "2024-02-10", "2024-03-10"];
        let activities = frame(
            vec![1; 6],
            vec![1, 2, 1, 2, 1, 2],
            vec!["commit".into(); 6],
            days.iter().flat_map(|d| [us(d), us(d)]).collect(),
            vec![false; 6],
        )
        .unwrap();
        let items = items::frame(Items {
            repository: vec![1, 1, 1],
            number: vec![1, 2, 3],
            is_pr: vec![false, false, true],
            author: vec![Some(1), Some(2), Some(1)],
            is_bot: vec![false; 3],
            created: vec![us("2024-01-05"), us("2024-02-01"), us("2024-02-03")],
            closed: vec![
                Some(us("2024-03-01")),
                None,
                Some(us("2024-02-03") + 3_600_000_000),
            ],
            merged: vec![None, None, Some(us("2024-02-03") + 3_600_000_000)],
            first_response: vec![
                Some(us("2024-01-07")),
                None,
                Some(us("2024-02-03") + 3_600_000_000),
            ],
        })
        .unwrap();
        let snapshot = Snapshot {
            version: 1,
            activities: Arc::new(activities),
            items: Arc::new(items),
            repositories: Arc::new(Vec::new()),
            people: Default::default(),
        };
        let params = Params::default();
        let scoped = Scoped::new(snapshot.activities.as_ref(), &params);
        Charts {
            d: &dashboard,
            snapshot: &snapshot,
            scoped: &scoped,
            params: &params,
            lang: Lang::En,
        }
        .draw(kinds, None)
        .unwrap()
    }

    fn rows(chart: &Chart) -> Vec<Vec<String>> {
        chart
            .table
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.clone()).collect())
            .collect()
    }

    #[test]
    fn the_backlog_and_response_charts_read_the_forge_items() {
        let charts = charts_of(&[Kind::Backlog, Kind::Response]);
        assert_eq!(charts.len(), 2, "both are drawn when items exist");
        let backlog = &charts[0];
        assert_eq!(backlog.id, "backlog");
        assert!(backlog.svg.contains("<title>Backlog</title>"));
        // Open at the end of each month: issues, pull requests.
        assert_eq!(
            rows(backlog),
            [
                ["Jan 2024", "1", "0"],
                ["Feb 2024", "2", "0"],
                ["Mar 2024 (partial)", "1", "0"],
            ]
        );
        let response = &charts[1];
        assert_eq!(response.id, "response");
        // Median days to a first response by month opened: January's issue
        // waited two days (less its opening's hours), February's answered
        // item one hour (the unanswered one has no time).
        assert_eq!(
            rows(response)[0][..2],
            ["Jan 2024".to_owned(), "2.0".to_owned()]
        );
        assert_eq!(
            rows(response)[1][..2],
            ["Feb 2024".to_owned(), "0.0".to_owned()]
        );
    }

    #[test]
    fn shares_over_too_few_newcomers_are_left_out() {
        let shares = [Some(1.0), Some(0.5), None, Some(0.2)];
        let newcomers = [Some(1.0), Some(6.0), Some(0.0), Some(5.0)];
        assert_eq!(
            shares_of_enough(&shares, &newcomers),
            [None, Some(50.0), None, Some(20.0)]
        );
    }

    #[test]
    fn months_without_newcomers_are_empty_cohorts() {
        let shares = |s: f64| {
            let mut v = vec![None; RETENTION_MONTHS as usize + 1];
            v[0] = Some(s);
            v
        };
        // January 2024 (3 newcomers) and April 2024 (1).
        let (jan, apr) = (2024 * 12, 2024 * 12 + 3);
        let filled = every_month(vec![(jan, 3, shares(1.0)), (apr, 1, shares(1.0))]);
        let sizes: Vec<(i32, i64)> = filled.iter().map(|(c, n, _)| (*c, *n)).collect();
        assert_eq!(sizes, [(jan, 3), (jan + 1, 0), (jan + 2, 0), (apr, 1)]);
        assert!(filled[1].2.iter().all(Option::is_none));
        assert_eq!(every_month(Vec::new()), Vec::<Cohort>::new());
    }

    #[test]
    fn the_heatmap_rows_give_each_cohort_s_size_and_partial_periods_are_marked() {
        let charts = charts_of(&[Kind::Cohorts, Kind::Contributors]);
        let cohorts = &charts[0];
        // Both people first contributed in January 2024.
        assert!(cohorts.svg.contains("Jan 2024 (2)"), "{}", cohorts.svg);
        assert_eq!(
            rows(cohorts)[0][..2],
            ["Jan 2024".to_owned(), "2".to_owned()]
        );
        // The data stops on 10 March 2024: March is still under way, in the
        // table and not drawn.
        let contributors = &charts[1];
        assert_eq!(rows(contributors)[2][0], "Mar 2024 (partial)");
        let line = "stroke=\"#0072B2\" stroke-width=\"2\" points=\"";
        let at = contributors
            .svg
            .find(line)
            .expect("the active contributors");
        let points = contributors.svg[at + line.len()..]
            .split('"')
            .next()
            .unwrap();
        assert_eq!(points.split_whitespace().count(), 2, "January and February");
        assert!(
            contributors
                .caption
                .ends_with("March 2024 is still under way (figures up to 10 March 2024): it is in the table, not drawn."),
            "{}",
            contributors.caption
        );
    }

    #[test]
    fn without_forge_items_the_forge_charts_are_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let dashboard = Dashboard::open(
            &dir.path().join("store.duckdb"),
            vigie_ingest::affiliation::Affiliations::new(&[]),
            Default::default(),
            vec![],
        )
        .unwrap();
        let snapshot = Snapshot {
            version: 1,
            activities: Arc::new(
                frame(
                    vec![1],
                    vec![1],
                    vec!["commit".into()],
                    vec![us("2024-01-10")],
                    vec![false],
                )
                .unwrap(),
            ),
            items: Arc::new(items::frame(Items::default()).unwrap()),
            repositories: Arc::new(Vec::new()),
            people: Default::default(),
        };
        let params = Params::default();
        let scoped = Scoped::new(snapshot.activities.as_ref(), &params);
        let charts = Charts {
            d: &dashboard,
            snapshot: &snapshot,
            scoped: &scoped,
            params: &params,
            lang: Lang::En,
        }
        .draw(&[Kind::Contributors, Kind::Backlog, Kind::Response], None)
        .unwrap();
        let ids: Vec<&str> = charts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["contributors"]);
    }
}
