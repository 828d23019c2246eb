//! The dashboard's charts, shared by the pages that show them: each is
//! computed (through the result cache) and drawn only when a page or a
//! download asks for it.

mod kinds;
mod lines;
mod onboarding;

use vigie_metrics::activity::Scoped;
use vigie_metrics::elephant_factor::{elephant_factor, ElephantFactor};
use vigie_metrics::{trend, Bucket, MetricsError, Params, Trend};

use crate::data::Chart;
use crate::i18n::Lang;

use super::{Dashboard, DashboardError, Snapshot};
pub(super) use lines::series_chart;
use lines::Partial;

/// Cohorts shown in the retention heatmap: the latest two years.
const COHORTS_SHOWN: usize = 24;
/// Months after the first contribution the heatmap follows.
const RETENTION_MONTHS: u32 = 12;

/// A chart the dashboard can draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ChartKind {
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

impl ChartKind {
    /// Its name in download URLs and test ids.
    pub(super) fn id(self) -> &'static str {
        match self {
            ChartKind::Contributors => "contributors",
            ChartKind::NewDeparted => "new-departed",
            ChartKind::Funnel => "funnel",
            ChartKind::Conversion => "conversion",
            ChartKind::Cohorts => "cohorts",
            ChartKind::Response => "response",
            ChartKind::Factors => "factors",
            ChartKind::Structure => "structure",
            ChartKind::Backlog => "backlog",
            ChartKind::Person(_) => "activity",
        }
    }

    /// The message ids of its title and caption.
    fn messages(self) -> (&'static str, &'static str) {
        match self {
            ChartKind::Contributors => ("chart-contributors-title", "chart-contributors-caption"),
            ChartKind::NewDeparted => ("chart-new-departed-title", "chart-new-departed-caption"),
            ChartKind::Funnel => ("chart-funnel-title", "chart-funnel-caption"),
            ChartKind::Conversion => ("chart-conversion-title", "chart-conversion-caption"),
            ChartKind::Cohorts => ("chart-cohorts-title", "chart-cohorts-caption"),
            ChartKind::Response => ("chart-response-title", "chart-response-caption"),
            ChartKind::Factors => ("chart-factors-title", "chart-factors-caption"),
            ChartKind::Structure => ("chart-structure-title", "chart-structure-caption"),
            ChartKind::Backlog => ("chart-backlog-title", "chart-backlog-caption"),
            ChartKind::Person(_) => ("chart-activity-title", "chart-activity-caption"),
        }
    }

    /// The charts that need issues and pull requests.
    pub(super) fn needs_forge(self) -> bool {
        matches!(self, ChartKind::Response | ChartKind::Backlog)
    }
}

/// What every chart of one request reads.
pub(super) struct Charts<'a> {
    pub dashboard: &'a Dashboard,
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
        kinds: &[ChartKind],
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
        self.dashboard
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
        let latest = super::scope::extent(self.dashboard, self.snapshot, self.params)?.map(|e| e.1);
        Ok(periods
            .last()
            .zip(latest)
            .filter(|(last, latest)| !last.complete_by(*latest))
            .map(|(last, latest)| Partial {
                period: *last,
                latest,
            }))
    }

    fn chart(&self, kind: ChartKind) -> Result<Option<Chart>, DashboardError> {
        let mut chart = self.chart_of_periods(kind)?;
        if let (Some(chart), false) = (
            chart.as_mut(),
            matches!(kind, ChartKind::Funnel | ChartKind::Cohorts),
        ) {
            let periods: Vec<Bucket> = self.trend()?.rows.iter().map(|r| r.period).collect();
            if let Some(partial) = self.partial(&periods)? {
                let note = partial.note(self.lang);
                chart.caption = format!("{} {note}", chart.caption);
            }
        }
        Ok(chart)
    }
}

#[cfg(test)]
mod tests;
