//! Server-only parts of the app: the [`Dashboard`] that server functions
//! and downloads call, the page builders and the plotters charts. Never
//! compiled for the browser.
//!
//! One module per page (`summary`, `community`, `contributors`,
//! `repositories`, `repository`, `sources`, `federation`, `admin`) turns the store's rows
//! and the metrics' frames into [`crate::data`]; `scope` applies the
//! filter, `charts/` chooses and computes the charts and `drawing` draws
//! them; `downloads` serves a page's single table or chart; [`csv`] and
//! [`png`] write the files.

mod admin;
mod charts;
mod code_gouv;
mod community;
mod contributors;
pub mod csv;
mod downloads;
mod drawing;
mod federation;
pub mod ggi;
mod mrl;
mod people;
pub mod png;
mod publiccode;
mod repositories;
mod repository;
mod scope;
mod sources;
mod summary;
mod technical_debt;
mod words;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use leptos::prelude::ServerFnError;
use vigie_ingest::affiliation::{Affiliation, Affiliations};
use vigie_ingest::{Store, StoreError};
use vigie_metrics::polars::prelude::DataFrame;
use vigie_metrics::repository_health::{self, RepositoryInfo};
use vigie_metrics::{
    activity, items, MetricsError, Params, RepositoryGroup, ResultCache, Thresholds,
};

use crate::data::{
    CatalogueView, CommunityData, ContributorData, ContributorsData, ContributorsView, EstateView,
    FederationData, FederationView, RepositoriesData, RepositoryData, SourcesData, SummaryData,
    TechnicalDebtData,
};
use crate::filter::Filter;
use crate::i18n::Lang;

pub use admin::{AdminSettings, AdminSettingsSource};
pub use downloads::DownloadRequest;

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
    /// The server could not say how it is configured (administration
    /// page).
    #[error("the settings could not be read: {0}")]
    Settings(String),
    /// An archive could not be written.
    #[error("the archive could not be written: {0}")]
    Archive(String),
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

/// The frames, repository list and people of one data version.
struct Snapshot {
    version: i64,
    activities: Arc<DataFrame>,
    items: Arc<DataFrame>,
    repositories: Arc<Vec<RepositoryInfo>>,
    people: HashMap<i64, people::Person>,
}

/// A contributor's pseudonym (“Contributor 3f9a2c41d0”): the same for the same
/// contributor on every page and after every restart, and telling nothing
/// of them. It is derived from the contributor's number, which page
/// addresses carry already.
pub fn pseudonym(id: i64) -> String {
    // SplitMix64's finaliser: consecutive numbers look unrelated.
    let mut z = (id as u64).wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    // 40 bits: among 100,000 contributors, two share one with a chance
    // of about 1 in 200.
    format!("Contributor {:010x}", z >> 24)
}

/// Held while an ingest run inside the process writes (see
/// [`Dashboard::writer`]); dropping it lets pages see the new data.
pub struct IngestGuard<'a>(&'a Dashboard);

impl Drop for IngestGuard<'_> {
    fn drop(&mut self) {
        self.0
            .ingesting
            .store(false, std::sync::atomic::Ordering::SeqCst);
    }
}

/// What the store says of its ingest runs, for `/metrics`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IngestStats {
    /// Runs by status (`running`, `ok`, `partial`, `failed`).
    pub runs: Vec<(String, i64)>,
    /// Items added by every run.
    pub items_added: i64,
    /// Errors reported by every run.
    pub errors: i64,
    /// Activities stored.
    pub activities: i64,
    /// When the latest run finished, Unix seconds.
    pub last_finished: Option<f64>,
    /// The latest activity, Unix seconds.
    pub latest_activity: Option<f64>,
    /// The store's data version.
    pub data_version: i64,
}

/// The dashboard's view of the store: it reloads the frames only when the
/// store's data version changes, and keeps metric results by (metric,
/// parameters, data version), so pages never recompute what has not
/// changed.
pub struct Dashboard {
    store: Mutex<Store>,
    affiliations: std::sync::RwLock<Affiliations>,
    /// Moves when the affiliation rules change: part of every cache key,
    /// as the data version is.
    generation: std::sync::atomic::AtomicI64,
    thresholds: Thresholds,
    groups: Vec<RepositoryGroup>,
    /// Show people as pseudonyms, without e-mail.
    pseudonymise: bool,
    /// What the GGI scorecard reads (`[governance]`).
    governance: vigie_ingest::config::GovernanceConfig,
    /// An ingest run inside this process is writing: pages keep the
    /// snapshot they have until it ends, so no reader sees half a run.
    ingesting: std::sync::atomic::AtomicBool,
    snapshot: Mutex<Option<Arc<Snapshot>>>,
    cache: ResultCache,
    /// Whole pages (charts drawn, tables formatted), by page, filter, view
    /// and language: a page asked again on the same data is only rendered.
    pages: ResultCache,
}

/// Metric results kept between requests (each is small: a few kilobytes).
const CACHED_RESULTS: usize = 1024;
/// Pages kept between requests (up to about 500 KB each: some 30 MB).
const CACHED_PAGES: usize = 64;

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
            affiliations: std::sync::RwLock::new(affiliations),
            generation: std::sync::atomic::AtomicI64::new(0),
            thresholds,
            groups,
            pseudonymise: false,
            governance: Default::default(),
            ingesting: std::sync::atomic::AtomicBool::new(false),
            snapshot: Mutex::new(None),
            cache: ResultCache::new(CACHED_RESULTS),
            pages: ResultCache::new(CACHED_PAGES),
        })
    }

    /// Shows every person as a pseudonym, without e-mail, on every page and
    /// download (`[privacy] pseudonymise`).
    pub fn pseudonymised(mut self, yes: bool) -> Self {
        self.pseudonymise = yes;
        self
    }

    /// The GGI scorecard's handbook, organisation and upstream
    /// repositories (`[governance]`).
    pub fn governance(mut self, governance: vigie_ingest::config::GovernanceConfig) -> Self {
        self.governance = governance;
        self
    }

    /// What the ingest runs are (how many, the latest, how many finished,
    /// their errors), as a cache key: it changes with every run and error.
    fn runs_state(&self) -> Result<String, DashboardError> {
        Ok(self.store().runs_state()?)
    }

    /// Ingest runs, items, errors and freshness, for `/metrics`.
    pub fn ingest_stats(&self) -> Result<IngestStats, DashboardError> {
        let store = self.store();
        let totals = store.run_totals()?;
        Ok(IngestStats {
            runs: totals.by_status,
            items_added: totals.items_added,
            errors: totals.errors,
            activities: totals.activities,
            last_finished: totals.last_finished,
            latest_activity: totals.latest_activity,
            data_version: store.data_version()?,
        })
    }

    /// The data version and the state of the ingest runs, in one string
    /// that changes whenever any page could: whole responses are kept
    /// under it.
    pub fn freshness(&self) -> Result<String, DashboardError> {
        let state = self.store().data_and_runs_state()?;
        let generation = self.generation.load(std::sync::atomic::Ordering::SeqCst);
        // While a run writes, pages come from the snapshot of before it:
        // they must not be kept under a state the run has reached (the
        // run's end is committed before the pages may show it).
        let writing = self.ingesting.load(std::sync::atomic::Ordering::SeqCst);
        Ok(format!("{state} {generation} {writing}"))
    }

    /// A second connection to the store, for an ingest run inside this
    /// process; while the returned guard lives, pages keep showing the data
    /// as it was before the run ([`Dashboard::snapshot`]).
    pub fn writer(&self) -> Result<(Store, IngestGuard<'_>), DashboardError> {
        // Loaded first, so that there is a whole snapshot to keep showing.
        self.snapshot()?;
        let store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        let writer = store.try_clone()?;
        self.ingesting
            .store(true, std::sync::atomic::Ordering::SeqCst);
        Ok((writer, IngestGuard(self)))
    }

    /// Seconds since the latest ingest run finished (`None`: none has).
    pub fn seconds_since_last_run(&self) -> Result<Option<f64>, DashboardError> {
        let last = self.store().last_run_finished()?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs_f64())
            .unwrap_or_default();
        Ok(last.map(|at| now - at))
    }

    /// The store, for one read (a poisoned lock still guards a whole
    /// connection: DuckDB's transactions are all or nothing).
    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The data version and the affiliation rules' generation in one
    /// number: what caches are keyed by.
    fn cache_version(&self, data_version: i64) -> i64 {
        let generation = self.generation.load(std::sync::atomic::Ordering::SeqCst);
        data_version + (generation << 40)
    }

    /// Replaces the affiliation rules (an administrator added one): pages
    /// are computed again with them.
    pub fn set_affiliations(&self, affiliations: Affiliations) {
        *self.affiliations.write().unwrap_or_else(|e| e.into_inner()) = affiliations;
        // The snapshot is loaded again with them at the next request (or,
        // while a run writes, once it ends).
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// Runs `read` on a connection of its own (reads only: the
    /// administration page's lists), so that pages do not wait for it.
    pub fn read_store<T>(
        &self,
        read: impl FnOnce(&Store) -> Result<T, StoreError>,
    ) -> Result<T, DashboardError> {
        let reader = self
            .store
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .try_clone()?;
        Ok(read(&reader)?)
    }

    /// Loads the data now rather than on the first request.
    pub fn warm(&self) -> Result<(), DashboardError> {
        self.snapshot().map(|_| ())
    }

    fn snapshot(&self) -> Result<Arc<Snapshot>, DashboardError> {
        let store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        let mut cached = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        if self.ingesting.load(std::sync::atomic::Ordering::SeqCst) {
            if let Some(s) = cached.as_ref() {
                return Ok(Arc::clone(s));
            }
        }
        let version = self.cache_version(store.data_version()?);
        if let Some(s) = cached.as_ref().filter(|s| s.version == version) {
            return Ok(Arc::clone(s));
        }
        let affiliations = self.affiliations.read().unwrap_or_else(|e| e.into_inner());
        let organisation_of = |email: &str, day| match affiliations.of(email, Some(day)) {
            Affiliation::Organisation(o) => Some(o),
            Affiliation::Unaffiliated | Affiliation::Unknown(_) => None,
        };
        let fresh = Arc::new(Snapshot {
            version,
            activities: Arc::new(activity::load(store.connection(), &organisation_of)?),
            items: Arc::new(items::load(store.connection())?),
            repositories: Arc::new(repository_health::repositories(store.connection())?),
            people: people::people(&store, self.pseudonymise)?,
        });
        *cached = Some(Arc::clone(&fresh));
        Ok(fresh)
    }

    /// A page from the page cache, or built by `build` and kept; `key`
    /// names the page and everything it depends on besides the data.
    fn page<T: Clone + Send + Sync + 'static>(
        &self,
        key: String,
        build: impl FnOnce(&Self) -> Result<T, DashboardError>,
    ) -> Result<T, DashboardError> {
        let version = self.snapshot()?.version;
        let page = self
            .pages
            .get_or_compute(&key, &Params::default(), version, || build(self))?;
        Ok(T::clone(&page))
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
        self.blocking(move |dashboard| {
            dashboard.page(format!("summary {lang:?} {filter:?}"), |dashboard| {
                summary::page(dashboard, filter, lang)
            })
        })
        .await
    }

    /// The repositories page.
    pub async fn repositories_page(
        self: Arc<Self>,
        filter: Filter,
        view: CatalogueView,
        lang: Lang,
    ) -> Result<RepositoriesData, DashboardError> {
        self.blocking(move |dashboard| {
            dashboard.page(
                format!("repositories {lang:?} {filter:?} {view:?}"),
                |dashboard| repositories::page(dashboard, filter, view, lang),
            )
        })
        .await
    }

    /// The technical debt page.
    pub async fn technical_debt_page(
        self: Arc<Self>,
        filter: Filter,
        view: EstateView,
        lang: Lang,
    ) -> Result<TechnicalDebtData, DashboardError> {
        self.blocking(move |dashboard| {
            dashboard.page(
                format!("technical-debt {lang:?} {filter:?} {view:?}"),
                |dashboard| technical_debt::page(dashboard, filter, view, lang),
            )
        })
        .await
    }

    /// The sources page.
    pub async fn sources_page(self: Arc<Self>, lang: Lang) -> Result<SourcesData, DashboardError> {
        self.blocking(move |dashboard| {
            // Runs change the page without changing the data (a run that
            // found nothing new): they are part of the key.
            let runs = dashboard.runs_state()?;
            dashboard.page(format!("sources {lang:?} {runs}"), |dashboard| {
                sources::page(&dashboard.store(), lang)
            })
        })
        .await
    }

    /// The federation page: a lake's figures, as `vigie lake metrics`
    /// loaded them.
    pub async fn federation_page(
        self: Arc<Self>,
        view: FederationView,
        lang: Lang,
    ) -> Result<FederationData, DashboardError> {
        self.blocking(move |dashboard| {
            // Loading a lake's figures changes no activity: the runs kept
            // are part of the key.
            let runs = dashboard.lake_state()?;
            dashboard.page(
                format!("federation {lang:?} {view:?} {runs}"),
                |dashboard| federation::page(&dashboard.store(), &view, lang, false),
            )
        })
        .await
    }

    /// The lake runs kept, as a cache key: it changes with every run loaded.
    fn lake_state(&self) -> Result<String, DashboardError> {
        let runs = self.store().lake_runs()?;
        Ok(runs
            .iter()
            .map(|r| format!("{}:{}", r.id, r.finished_at))
            .collect::<Vec<_>>()
            .join(","))
    }

    /// The community page.
    pub async fn community_page(
        self: Arc<Self>,
        filter: Filter,
        lang: Lang,
    ) -> Result<CommunityData, DashboardError> {
        self.blocking(move |dashboard| {
            dashboard.page(format!("community {lang:?} {filter:?}"), |dashboard| {
                community::page(dashboard, filter, lang, None)
            })
        })
        .await
    }

    /// The contributors page.
    pub async fn contributors_page(
        self: Arc<Self>,
        filter: Filter,
        view: ContributorsView,
        lang: Lang,
    ) -> Result<ContributorsData, DashboardError> {
        self.blocking(move |dashboard| {
            dashboard.page(
                format!("contributors {lang:?} {filter:?} {view:?}"),
                |dashboard| contributors::page(dashboard, filter, view, lang),
            )
        })
        .await
    }

    /// One contributor's page (`None`: no such contributor in scope).
    pub async fn contributor_page(
        self: Arc<Self>,
        id: i64,
        filter: Filter,
        lang: Lang,
    ) -> Result<Option<ContributorData>, DashboardError> {
        self.blocking(move |dashboard| {
            dashboard.page(
                format!("contributor {id} {lang:?} {filter:?}"),
                |dashboard| contributors::person(dashboard, id, filter, lang, None),
            )
        })
        .await
    }

    /// One repository's page (`None`: no such repository).
    pub async fn repository_page(
        self: Arc<Self>,
        name: String,
        filter: Filter,
        lang: Lang,
    ) -> Result<Option<RepositoryData>, DashboardError> {
        self.blocking(move |dashboard| {
            dashboard.page(
                format!("repository {name:?} {lang:?} {filter:?}"),
                |dashboard| repository::page(dashboard, &name, filter, lang, None),
            )
        })
        .await
    }
}

#[cfg(test)]
mod tests;
