//! One method per chart the dashboard draws ([`ChartKind`]): each asks the
//! result cache for its metric and hands the numbers to a shape
//! ([`lines`](super::lines), [`onboarding`](super::onboarding)).

use std::sync::Arc;

use vigie_metrics::change_request_closure::{change_request_closure, ClosureRow};
use vigie_metrics::cohort_retention::cohort_retention;
use vigie_metrics::community_structure::{community_structure_by_period, Onion};
use vigie_metrics::contributor_absence_factor::contributor_absence_factor_over_time;
use vigie_metrics::contributors::{activity_of, departed};
use vigie_metrics::elephant_factor::elephant_factor_over_time;
use vigie_metrics::items::ForgeData;
use vigie_metrics::newcomer_conversion::newcomer_conversion;
use vigie_metrics::polars::prelude::{DataFrame, DataType};
use vigie_metrics::time_to_first_response::{time_to_first_response, ResponseStats};
use vigie_metrics::{Bucket, MetricsError};

use crate::data::{Cell, Chart, Column};
use crate::i18n::Arg;

use super::lines::{elephant_note, person_chart, series_chart};
use super::onboarding::{cohort_chart, funnel_chart, shares_of_enough, MIN_NEWCOMERS};
use super::{ChartKind, Charts, RETENTION_MONTHS};
use crate::backend::drawing::Series;
use crate::backend::DashboardError;

/// The window's periods, and the one still under way (if any).
type Periods = (Vec<Bucket>, Option<Bucket>);

impl Charts<'_> {
    /// The chart of `kind` over the window's periods (`None`: it needs
    /// forge data the store does not have).
    pub(super) fn chart_of_periods(
        &self,
        kind: ChartKind,
    ) -> Result<Option<Chart>, DashboardError> {
        Ok(Some(match kind {
            ChartKind::Contributors => self.contributors()?,
            ChartKind::NewDeparted => self.new_departed()?,
            ChartKind::Funnel => self.funnel()?,
            ChartKind::Conversion => self.conversion()?,
            ChartKind::Cohorts => self.cohorts()?,
            ChartKind::Response => return self.response(),
            ChartKind::Factors => self.factors()?,
            ChartKind::Structure => self.structure()?,
            ChartKind::Backlog => return self.backlog(),
            ChartKind::Person(id) => self.person(id)?,
        }))
    }

    fn periods(&self) -> Result<Periods, DashboardError> {
        let periods: Vec<Bucket> = self.trend()?.rows.iter().map(|r| r.period).collect();
        let partial = self.partial(&periods)?.map(|p| p.period);
        Ok((periods, partial))
    }

    /// A series named by the message `label`.
    fn series(&self, label: &str, values: Vec<Option<f64>>) -> Series {
        Series {
            label: self.lang.t(label),
            values,
        }
    }

    /// The line chart of `kind`, titled `title` (its usual title if
    /// `None`), its table's numbers with `decimals`.
    fn line(
        &self,
        kind: ChartKind,
        title: Option<String>,
        series: Vec<Series>,
        axis: &str,
        decimals: usize,
    ) -> Result<Chart, DashboardError> {
        let lang = self.lang;
        let (periods, partial) = self.periods()?;
        let (title_id, caption_id) = kind.messages();
        Ok(series_chart(
            kind.id(),
            title.unwrap_or_else(|| lang.t(title_id)),
            lang.t(caption_id),
            (&periods, partial),
            series,
            lang.t(axis),
            lang,
            decimals,
        ))
    }

    fn contributors(&self) -> Result<Chart, DashboardError> {
        let trend = self.trend()?;
        let active = trend
            .rows
            .iter()
            .map(|r| Some(r.active_contributors as f64));
        let new = trend.rows.iter().map(|r| Some(r.new_contributors as f64));
        let series = vec![
            self.series("series-active", active.collect()),
            self.series("series-new", new.collect()),
        ];
        self.line(
            ChartKind::Contributors,
            None,
            series,
            "axis-contributors",
            0,
        )
    }

    fn new_departed(&self) -> Result<Chart, DashboardError> {
        let (periods, _) = self.periods()?;
        let gone = self.cached("departed", || {
            departed(self.scoped, self.params, &periods).map_err(MetricsError::from)
        })?;
        let trend = self.trend()?;
        let new = trend.rows.iter().map(|r| Some(r.new_contributors as f64));
        let series = vec![
            self.series("series-new", new.collect()),
            self.series(
                "series-departed",
                gone.iter().map(|(_, n)| n.map(f64::from)).collect(),
            ),
        ];
        self.line(ChartKind::NewDeparted, None, series, "axis-contributors", 0)
    }

    fn newcomer_conversion(&self) -> Result<Arc<DataFrame>, MetricsError> {
        self.cached("newcomer_conversion", || {
            newcomer_conversion(self.scoped, self.params)
                .map(|c| c.value)
                .map_err(MetricsError::from)
        })
    }

    fn funnel(&self) -> Result<Chart, DashboardError> {
        let conversion = self.newcomer_conversion()?;
        let total = |name: &str| -> Result<f64, MetricsError> {
            Ok(conversion_column(&conversion, name)?
                .iter()
                .map(|(_, v)| v)
                .sum())
        };
        let steps = [
            ("funnel-newcomers", total("newcomers")?),
            ("funnel-returned", total("returned")?),
            ("funnel-regular", total("became_regular")?),
        ];
        Ok(funnel_chart(&steps, self.params, self.lang))
    }

    fn conversion(&self) -> Result<Chart, DashboardError> {
        let lang = self.lang;
        let conversion = self.newcomer_conversion()?;
        let (periods, _) = self.periods()?;
        let by_period = |name: &str| -> Result<Vec<Option<f64>>, MetricsError> {
            let values = conversion_column(&conversion, name)?;
            Ok(periods
                .iter()
                .map(|p| values.iter().find(|(i, _)| *i == p.index).map(|(_, v)| *v))
                .collect())
        };
        let newcomers = by_period("newcomers")?;
        let share = |name: &str| -> Result<Vec<Option<f64>>, MetricsError> {
            Ok(shares_of_enough(&by_period(name)?, &newcomers))
        };
        let series = vec![
            self.series("series-returned", share("returned_share")?),
            self.series("series-regular", share("regular_share")?),
        ];
        let mut chart = self.line(ChartKind::Conversion, None, series, "axis-percent", 1)?;
        // The counts the shares are of, in the table.
        chart.table.columns.push(Column {
            label: lang.t("funnel-newcomers"),
            numeric: true,
        });
        for (row, n) in chart.table.rows.iter_mut().zip(&newcomers) {
            row.push(Cell::int(n.unwrap_or(0.0) as i64, lang));
        }
        let few = lang.t_args(
            "chart-conversion-few",
            &[("count", Arg::Count(MIN_NEWCOMERS as i64))],
        );
        chart.caption = format!("{} {few}", chart.caption);
        Ok(chart)
    }

    fn cohorts(&self) -> Result<Chart, DashboardError> {
        let retention = self.cached("cohort_retention", || {
            cohort_retention(self.scoped, self.params, RETENTION_MONTHS)
                .map(|c| c.value)
                .map_err(MetricsError::from)
        })?;
        Ok(cohort_chart(&retention, self.lang)?)
    }

    /// Without forge data there is no chart rather than an empty one.
    fn response(&self) -> Result<Option<Chart>, DashboardError> {
        let response = self.cached("time_to_first_response", || {
            time_to_first_response(self.snapshot.items.as_ref(), self.scoped, self.params)
                .map_err(MetricsError::from)
        })?;
        let ForgeData::Available(times) = &response.value else {
            return Ok(None);
        };
        let (periods, _) = self.periods()?;
        let median_days = |rows: &[(Bucket, ResponseStats)]| {
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
        let series = vec![
            self.series("series-all-items", median_days(&times.by_period)),
            self.series(
                "series-newcomers-items",
                median_days(&times.newcomers_by_period),
            ),
        ];
        self.line(ChartKind::Response, None, series, "axis-days", 1)
            .map(Some)
    }

    fn factors(&self) -> Result<Chart, DashboardError> {
        let (scoped, params) = (self.scoped, self.params);
        let (periods, _) = self.periods()?;
        let bus = self.cached("bus_factor_over_time", || {
            contributor_absence_factor_over_time(scoped, params, &periods)
                .map_err(MetricsError::from)
        })?;
        let elephant = self.cached("elephant_factor_over_time", || {
            elephant_factor_over_time(scoped, params, &periods).map_err(MetricsError::from)
        })?;
        // The title says over how many months.
        let months = Arg::Count(i64::from(params.thresholds.trailing_months));
        let title = self
            .lang
            .t_args("chart-factors-title", &[("count", months)]);
        let series = vec![
            self.series(
                "series-bus-factor",
                bus.iter().map(|(_, f)| f.factor.map(f64::from)).collect(),
            ),
            self.series(
                "series-elephant-factor",
                elephant.iter().map(|(_, f)| f.map(f64::from)).collect(),
            ),
        ];
        let axis = "axis-people-or-organisations";
        let mut chart = self.line(ChartKind::Factors, Some(title), series, axis, 0)?;
        // Why the elephant factor is missing, or what it leaves out.
        if let Some(why) = elephant_note(self.elephant()?.as_ref(), self.lang) {
            chart.caption = format!("{} {why}", chart.caption);
        }
        Ok(chart)
    }

    fn structure(&self) -> Result<Chart, DashboardError> {
        let (periods, _) = self.periods()?;
        let onions = self.cached("community_structure_by_period", || {
            community_structure_by_period(self.scoped, self.params, &periods)
                .map_err(MetricsError::from)
        })?;
        let layer = |f: fn(&Onion) -> u32| -> Vec<Option<f64>> {
            onions.iter().map(|(_, o)| Some(f64::from(f(o)))).collect()
        };
        let series = vec![
            self.series("series-core", layer(|o| o.core)),
            self.series("series-regular-layer", layer(|o| o.regular)),
            self.series("series-casual", layer(|o| o.casual)),
        ];
        self.line(ChartKind::Structure, None, series, "axis-contributors", 0)
    }

    /// Without forge data there is no chart rather than an empty one.
    fn backlog(&self) -> Result<Option<Chart>, DashboardError> {
        let (periods, _) = self.periods()?;
        let closure = self.cached("change_request_closure", || {
            change_request_closure(self.snapshot.items.as_ref(), self.params, &periods)
                .map_err(MetricsError::from)
        })?;
        let ForgeData::Available(rows) = &closure.value else {
            return Ok(None);
        };
        let values = |f: fn(&ClosureRow) -> u32| -> Vec<Option<f64>> {
            rows.iter().map(|r| Some(f64::from(f(r)))).collect()
        };
        let series = vec![
            self.series("series-open-issues", values(|r| r.open_issues)),
            self.series("series-open-prs", values(|r| r.open_pull_requests)),
        ];
        self.line(ChartKind::Backlog, None, series, "axis-items", 0)
            .map(Some)
    }

    fn person(&self, id: i64) -> Result<Chart, DashboardError> {
        let activity = self.cached(&format!("activity_of/{id}"), || {
            activity_of(self.scoped, self.params, id)
                .map(|c| c.value)
                .map_err(MetricsError::from)
        })?;
        let (periods, partial) = self.periods()?;
        Ok(person_chart(&activity, (&periods, partial), self.lang)?)
    }
}

/// A column of the newcomer conversion frame by period: (period, value).
fn conversion_column(conversion: &DataFrame, name: &str) -> Result<Vec<(i32, f64)>, MetricsError> {
    let p = conversion.column("period")?.i32()?;
    let v = conversion.column(name)?.cast(&DataType::Float64)?;
    let v = v.f64()?;
    Ok(p.iter()
        .zip(v.iter())
        .filter_map(|(p, v)| Some((p?, v?)))
        .collect())
}
