//! Server-only parts of the app: the [`Dashboard`] that server functions
//! call, and the plotters charts. Never compiled for the browser.

mod chart;

use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use leptos::prelude::ServerFnError;
use vigie_ingest::affiliation::{Affiliation, Affiliations};
use vigie_ingest::{Store, StoreError};
use vigie_metrics::contributor_absence_factor::contributor_absence_factor;
use vigie_metrics::polars::prelude::DataFrame;
use vigie_metrics::{activity, trend, MetricsError, Params, ResultCache, Thresholds};

use crate::api::{MonthRow, TrendPageData};
use crate::filter::{Filter, YearMonth};

/// Why a page could not be computed. Details go to the log; the browser
/// only gets [`DashboardError::for_browser`].
#[derive(Debug, thiserror::Error)]
pub enum DashboardError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A metric failed.
    #[error(transparent)]
    Metrics(#[from] MetricsError),
    /// The blocking task panicked or was cancelled.
    #[error("the computation was interrupted: {0}")]
    Interrupted(String),
}

impl DashboardError {
    /// Logs the details and returns a message fit for a page.
    pub fn for_browser(&self) -> ServerFnError {
        tracing::error!(error = %self, "dashboard request failed");
        ServerFnError::new("The dashboard could not read its data. The server log has the details.")
    }
}

/// The activity frame and repository list of one data version.
struct Snapshot {
    version: i64,
    activities: Arc<DataFrame>,
    repositories: Arc<Vec<(i32, String)>>,
}

/// The dashboard's view of the store: it reloads the activity frame only
/// when the store's data version changes, so pages never re-read what has
/// not changed.
pub struct Dashboard {
    store: Mutex<Store>,
    affiliations: Affiliations,
    thresholds: Thresholds,
    snapshot: Mutex<Option<Arc<Snapshot>>>,
    /// Metric results by (metric, parameters, data version).
    cache: ResultCache,
}

/// Metric results kept between requests (each is small: a few kilobytes).
const CACHED_RESULTS: usize = 512;

impl Dashboard {
    /// Opens (or creates, empty) the database; `affiliations` say which
    /// organisation each address stood for, `thresholds` are the metrics'.
    pub fn open(
        database: &Path,
        affiliations: Affiliations,
        thresholds: Thresholds,
    ) -> Result<Self, StoreError> {
        Ok(Self {
            store: Mutex::new(Store::open(database)?),
            affiliations,
            thresholds,
            snapshot: Mutex::new(None),
            cache: ResultCache::new(CACHED_RESULTS),
        })
    }

    fn snapshot(&self) -> Result<Arc<Snapshot>, DashboardError> {
        let store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        let version = store.data_version()?;
        let mut cached = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = cached.as_ref().filter(|s| s.version == version) {
            return Ok(Arc::clone(s));
        }
        let organisation_of = |email: &str, day| match self.affiliations.of(email, Some(day)) {
            Affiliation::Organisation(o) => Some(o),
            Affiliation::Unaffiliated | Affiliation::Unknown(_) => None,
        };
        let activities = activity::load(store.connection(), &organisation_of)?;
        let repositories = activity::repositories(store.connection())?;
        let fresh = Arc::new(Snapshot {
            version,
            activities: Arc::new(activities),
            repositories: Arc::new(repositories),
        });
        *cached = Some(Arc::clone(&fresh));
        Ok(fresh)
    }

    /// The trend page for a filter (runs on a blocking thread).
    pub async fn trend_page(
        self: Arc<Self>,
        filter: Filter,
    ) -> Result<TrendPageData, DashboardError> {
        tokio::task::spawn_blocking(move || self.trend_page_blocking(filter))
            .await
            .map_err(|e| DashboardError::Interrupted(e.to_string()))?
    }

    fn trend_page_blocking(&self, mut filter: Filter) -> Result<TrendPageData, DashboardError> {
        let snapshot = self.snapshot()?;
        let mut notices = Vec::new();
        let repository_id = match &filter.repository {
            None => None,
            Some(name) => {
                let found = snapshot
                    .repositories
                    .iter()
                    .find(|(_, n)| n == name)
                    .map(|(id, _)| *id);
                if found.is_none() {
                    notices.push(format!(
                        "No repository named “{name}” is stored; showing all repositories."
                    ));
                    filter.repository = None;
                }
                found
            }
        };
        let params = Params {
            repositories: repository_id.map(|id| vec![id]),
            from: filter.from.map(first_day),
            to: filter.to.map(last_day),
            thresholds: self.thresholds.clone(),
            ..Params::default()
        };
        let (version, activities) = (snapshot.version, snapshot.activities.as_ref());
        let trend = self
            .cache
            .get_or_compute("trend", &params, version, || trend(activities, &params))?;
        let bus_factor = self
            .cache
            .get_or_compute("contributor_absence_factor", &params, version, || {
                contributor_absence_factor(activities, &params).map_err(MetricsError::from)
            })?
            .factor;
        let months: Vec<MonthRow> = trend
            .rows
            .iter()
            .map(|r| MonthRow {
                month: r.period.to_string(),
                active_contributors: r.active_contributors,
                new_contributors: r.new_contributors,
            })
            .collect();
        let chart_svg = chart::trend_chart(&months);
        Ok(TrendPageData {
            repositories: snapshot
                .repositories
                .iter()
                .map(|(_, n)| n.clone())
                .collect(),
            filter,
            notices,
            active_in_window: trend.active_in_window,
            new_in_window: trend.new_in_window,
            bus_factor,
            months,
            chart_svg,
        })
    }
}

fn first_day(m: YearMonth) -> NaiveDate {
    NaiveDate::from_ymd_opt(m.year, m.month, 1).expect("YearMonth is a valid month")
}

fn last_day(m: YearMonth) -> NaiveDate {
    let (y, mo) = if m.month == 12 {
        (m.year + 1, 1)
    } else {
        (m.year, m.month + 1)
    };
    NaiveDate::from_ymd_opt(y, mo, 1)
        .and_then(|d| d.pred_opt())
        .expect("YearMonth is a valid month")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_bounds() {
        let feb = YearMonth {
            year: 2024,
            month: 2,
        };
        assert_eq!(first_day(feb).to_string(), "2024-02-01");
        assert_eq!(last_day(feb).to_string(), "2024-02-29");
        assert_eq!(
            last_day(YearMonth {
                year: 2023,
                month: 12
            })
            .to_string(),
            "2023-12-31"
        );
    }
}
