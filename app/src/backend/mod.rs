//! Server-only parts of the app: the [`Dashboard`] that server functions
//! and downloads call, the page builders and the plotters charts. Never
//! compiled for the browser.

mod chart;
pub mod csv;
mod repositories;
mod scope;
mod sources;
mod summary;
mod words;

use std::path::Path;
use std::sync::{Arc, Mutex};

use leptos::prelude::ServerFnError;
use vigie_ingest::affiliation::{Affiliation, Affiliations};
use vigie_ingest::{Store, StoreError};
use vigie_metrics::polars::prelude::DataFrame;
use vigie_metrics::repository_health::{self, RepositoryInfo};
use vigie_metrics::{activity, items, MetricsError, RepositoryGroup, ResultCache, Thresholds};

use crate::api::{CatalogueView, Chart, Page, RepositoriesData, SourcesData, SummaryData, Table};
use crate::filter::Filter;
use crate::i18n::Lang;

/// Why a page could not be computed. Details go to the log; the browser
/// only gets a sentence in its language.
#[derive(Debug, thiserror::Error)]
pub enum DashboardError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A metric failed.
    #[error(transparent)]
    Metrics(#[from] MetricsError),
    /// A query of the store's ingest records failed.
    #[error("database error while reading the ingest records: {0}")]
    Query(#[from] duckdb::Error),
    /// The blocking task panicked or was cancelled.
    #[error("the computation was interrupted: {0}")]
    Interrupted(String),
}

impl From<vigie_metrics::polars::prelude::PolarsError> for DashboardError {
    fn from(e: vigie_metrics::polars::prelude::PolarsError) -> Self {
        DashboardError::Metrics(e.into())
    }
}

impl DashboardError {
    /// Logs the details and returns `shown`, the message for the page.
    pub fn log_and(&self, shown: ServerFnError) -> ServerFnError {
        tracing::error!(error = %self, "dashboard request failed");
        shown
    }
}

/// The frames and repository list of one data version.
struct Snapshot {
    version: i64,
    activities: Arc<DataFrame>,
    items: Arc<DataFrame>,
    repositories: Arc<Vec<RepositoryInfo>>,
}

/// The dashboard's view of the store: it reloads the frames only when the
/// store's data version changes, and keeps metric results by (metric,
/// parameters, data version), so pages never recompute what has not
/// changed.
pub struct Dashboard {
    store: Mutex<Store>,
    affiliations: Affiliations,
    thresholds: Thresholds,
    groups: Vec<RepositoryGroup>,
    snapshot: Mutex<Option<Arc<Snapshot>>>,
    cache: ResultCache,
}

/// Metric results kept between requests (each is small: a few kilobytes).
const CACHED_RESULTS: usize = 1024;

impl Dashboard {
    /// Opens (or creates, empty) the database; `affiliations` say which
    /// organisation each address stood for, `thresholds` are the metrics',
    /// `groups` the configured repository groups.
    pub fn open(
        database: &Path,
        affiliations: Affiliations,
        thresholds: Thresholds,
        groups: Vec<RepositoryGroup>,
    ) -> Result<Self, StoreError> {
        Ok(Self {
            store: Mutex::new(Store::open(database)?),
            affiliations,
            thresholds,
            groups,
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
        let fresh = Arc::new(Snapshot {
            version,
            activities: Arc::new(activity::load(store.connection(), &organisation_of)?),
            items: Arc::new(items::load(store.connection())?),
            repositories: Arc::new(repository_health::repositories(store.connection())?),
        });
        *cached = Some(Arc::clone(&fresh));
        Ok(fresh)
    }

    /// Runs `work` on a blocking thread (metrics are CPU work).
    async fn blocking<T: Send + 'static>(
        self: Arc<Self>,
        work: impl FnOnce(&Self) -> Result<T, DashboardError> + Send + 'static,
    ) -> Result<T, DashboardError> {
        tokio::task::spawn_blocking(move || work(&self))
            .await
            .map_err(|e| DashboardError::Interrupted(e.to_string()))?
    }

    /// The summary page.
    pub async fn summary_page(
        self: Arc<Self>,
        filter: Filter,
        lang: Lang,
    ) -> Result<SummaryData, DashboardError> {
        self.blocking(move |d| summary::page(d, filter, lang)).await
    }

    /// The repositories page.
    pub async fn repositories_page(
        self: Arc<Self>,
        filter: Filter,
        view: CatalogueView,
        lang: Lang,
    ) -> Result<RepositoriesData, DashboardError> {
        self.blocking(move |d| repositories::page(d, filter, view, lang))
            .await
    }

    /// The sources page.
    pub async fn sources_page(self: Arc<Self>, lang: Lang) -> Result<SourcesData, DashboardError> {
        self.blocking(move |d| {
            let store = d.store.lock().unwrap_or_else(|e| e.into_inner());
            sources::page(store.connection(), lang)
        })
        .await
    }

    /// A page's table, for its CSV download (a chart's numbers are a
    /// table of its page); `None` when the page has no table of that name.
    pub async fn table(
        self: Arc<Self>,
        page: Page,
        id: String,
        filter: Filter,
        view: CatalogueView,
        lang: Lang,
    ) -> Result<Option<Table>, DashboardError> {
        self.blocking(move |d| {
            Ok(match page {
                Page::Summary => summary::chart(d, filter, lang, &id)?.map(|c| c.table),
                Page::Repositories => {
                    Some(repositories::page(d, filter, view, lang)?.table).filter(|t| t.id == id)
                }
                Page::Sources => {
                    let store = d.store.lock().unwrap_or_else(|e| e.into_inner());
                    let s = sources::page(store.connection(), lang)?;
                    [s.sources, s.runs, s.errors]
                        .into_iter()
                        .find(|t| t.id == id)
                }
            })
        })
        .await
    }

    /// A summary chart, for its SVG download (the other pages have none).
    pub async fn chart(
        self: Arc<Self>,
        id: String,
        filter: Filter,
        lang: Lang,
    ) -> Result<Option<Chart>, DashboardError> {
        self.blocking(move |d| summary::chart(d, filter, lang, &id))
            .await
    }
}
