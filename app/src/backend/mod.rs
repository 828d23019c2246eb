//! Server-only parts of the app: the [`Dashboard`] that server functions
//! and downloads call, the page builders and the plotters charts. Never
//! compiled for the browser.

mod admin;
mod charts;
mod community;
mod contributors;
pub mod csv;
mod drawing;
mod people;
pub mod png;
mod repositories;
mod repository;
mod scope;
mod sources;
mod summary;
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
    CatalogueView, Chart, CommunityData, ContributorData, ContributorsData, ContributorsView,
    DashboardPage, RepositoriesData, RepositoryData, SourcesData, SummaryData, Table,
};
use crate::filter::Filter;
use crate::i18n::Lang;

pub use admin::{AdminSettings, AdminSettingsSource};

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

/// What a download names besides its page and file: the page's filter and
/// its own view of it.
#[derive(Debug, Clone, Default)]
pub struct DownloadRequest {
    /// The page filter.
    pub filter: Filter,
    /// The catalogue's view (repositories page).
    pub catalogue: CatalogueView,
    /// The contributors table's view.
    pub contributors: ContributorsView,
    /// The contributor (`id=`) or repository (`name=`) of a page about one.
    pub subject: Option<String>,
    /// The language of texts and numbers.
    pub lang: Lang,
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
            .map(|dashboard| dashboard.as_secs_f64())
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

    /// A page's table, for its CSV download (a chart's numbers are a table
    /// of its page); `None` when the page has no table of that name.
    pub async fn table(
        self: Arc<Self>,
        page: DashboardPage,
        id: String,
        request: DownloadRequest,
    ) -> Result<Option<Table>, DashboardError> {
        self.blocking(move |dashboard| {
            let DownloadRequest {
                filter,
                catalogue,
                contributors: view,
                subject,
                lang,
            } = request;
            let named = |t: Table| Some(t).filter(|t| t.id == id);
            Ok(match page {
                DashboardPage::Contributors => {
                    contributors::table_of_all(dashboard, filter, view, lang, &id)?
                }
                DashboardPage::Contributor => {
                    let Some(who) = subject.and_then(|s| s.parse().ok()) else {
                        return Ok(None);
                    };
                    contributors::person(dashboard, who, filter, lang, Some(&id))?.and_then(|p| {
                        [p.repositories, p.identities, p.chart.table]
                            .into_iter()
                            .find(|t| t.id == id)
                    })
                }
                DashboardPage::Repositories => {
                    named(repositories::page(dashboard, filter, catalogue, lang)?.table)
                }
                DashboardPage::Sources => {
                    let s = sources::page(&dashboard.store(), lang)?;
                    [s.sources, s.runs, s.errors]
                        .into_iter()
                        .find(|t| t.id == id)
                }
                DashboardPage::Summary | DashboardPage::Community | DashboardPage::Repository => {
                    dashboard
                        .chart_of(page, &id, filter, subject, lang)?
                        .map(|c| c.table)
                }
            })
        })
        .await
    }

    /// A chart, for its SVG download; `None` when the page has no chart of
    /// that name.
    pub async fn chart(
        self: Arc<Self>,
        page: DashboardPage,
        id: String,
        request: DownloadRequest,
    ) -> Result<Option<Chart>, DashboardError> {
        self.blocking(move |dashboard| {
            dashboard.chart_of(page, &id, request.filter, request.subject, request.lang)
        })
        .await
    }

    /// A chart for a slide (its PNG download), with what it shows in words
    /// (the page's scope, and how recent the data is) for its heading.
    pub async fn chart_with_scope(
        self: Arc<Self>,
        page: DashboardPage,
        id: String,
        request: DownloadRequest,
    ) -> Result<Option<(Chart, String)>, DashboardError> {
        self.blocking(move |dashboard| {
            let DownloadRequest {
                mut filter,
                subject,
                lang,
                ..
            } = request;
            let Some(chart) =
                dashboard.chart_of(page, &id, filter.clone(), subject.clone(), lang)?
            else {
                return Ok(None);
            };
            // A repository's charts are of that repository alone.
            if let (DashboardPage::Repository, Some(name)) = (page, subject) {
                filter.repositories = vec![name];
                filter.groups.clear();
            }
            let snapshot = dashboard.snapshot()?;
            let (_, frame) = scope::apply_filter(dashboard, &snapshot, filter, lang)?;
            Ok(Some((chart, frame.scope)))
        })
        .await
    }

    /// Computes and draws only the chart `id` of `page`.
    fn chart_of(
        &self,
        page: DashboardPage,
        id: &str,
        filter: Filter,
        subject: Option<String>,
        lang: Lang,
    ) -> Result<Option<Chart>, DashboardError> {
        let first = |charts: Vec<Chart>| charts.into_iter().find(|c| c.id == id);
        Ok(match page {
            DashboardPage::Summary => summary::chart(self, filter, lang, id)?,
            DashboardPage::Community => {
                first(community::page(self, filter, lang, Some(id))?.charts)
            }
            DashboardPage::Repository => match subject {
                Some(name) => repository::page(self, &name, filter, lang, Some(id))?
                    .and_then(|p| first(p.charts)),
                None => None,
            },
            DashboardPage::Contributor => match subject.and_then(|s| s.parse().ok()) {
                Some(who) => contributors::person(self, who, filter, lang, Some(id))?
                    .map(|p| p.chart)
                    .filter(|c| c.id == id),
                None => None,
            },
            DashboardPage::Contributors | DashboardPage::Repositories | DashboardPage::Sources => {
                None
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::ContributorsView;
    use vigie_ingest::identity::Rules;
    use vigie_ingest::{ingest, SourceConfig};

    /// lutece-tech-plugin-liquibase's history in a store of its own.
    fn store_with_liquibase(dir: &Path) -> Option<std::path::PathBuf> {
        let data = vigie_ingest::testdata::shared_data()?;
        let path = dir.join("v.duckdb");
        let mut store = Store::open(&path).unwrap();
        let sources = [SourceConfig::GitLog {
            path: data
                .join("lutece-gitlog/lutece-platform+lutece-tech-plugin-liquibase.gitlog.txt.gz"),
        }];
        ingest(&mut store, &sources, dir, &Rules::default(), |_| {}).unwrap();
        Some(path)
    }

    fn contributors_of(dashboard: Dashboard) -> (ContributorsData, Option<ContributorData>) {
        let dashboard = Arc::new(dashboard);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            let page = Arc::clone(&dashboard)
                .contributors_page(Filter::default(), ContributorsView::default(), Lang::En)
                .await
                .unwrap();
            let one = Arc::clone(&dashboard)
                .contributor_page(1, Filter::default(), Lang::En)
                .await
                .unwrap();
            (page, one)
        })
    }

    #[test]
    fn readers_keep_the_data_of_before_while_a_run_writes() {
        let dir = tempfile::tempdir().unwrap();
        let Some(path) = store_with_liquibase(dir.path()) else {
            return;
        };
        let data = vigie_ingest::testdata::shared_data().unwrap();
        let dashboard =
            Dashboard::open(&path, Affiliations::new(&[]), Thresholds::default(), vec![]).unwrap();
        let (before, _) = contributors_of_shared(&dashboard);
        {
            let (mut writer, _guard) = dashboard.writer().unwrap();
            let sources = [SourceConfig::GitLog {
                path: data
                    .join("lutece-gitlog/lutece-platform+lutece-tech-plugin-rest.gitlog.txt.gz"),
            }];
            ingest(&mut writer, &sources, dir.path(), &Rules::default(), |_| {}).unwrap();
            // Committed, but the run is not over for readers.
            let (during, _) = contributors_of_shared(&dashboard);
            assert_eq!(during.matching, before.matching);
            assert_eq!(format!("{:?}", during.table), format!("{:?}", before.table));
        }
        let (after, _) = contributors_of_shared(&dashboard);
        assert!(
            after.matching > before.matching,
            "{} then {}",
            before.matching,
            after.matching
        );
    }

    /// The contributors page of a dashboard that stays open, as its
    /// readers get it (through the page cache).
    fn contributors_of_shared(
        dashboard: &Dashboard,
    ) -> (ContributorsData, Option<ContributorData>) {
        let page = dashboard
            .page("test contributors".to_owned(), |dashboard| {
                contributors::page(
                    dashboard,
                    Filter::default(),
                    ContributorsView::default(),
                    Lang::En,
                )
            })
            .unwrap();
        (page, None)
    }

    #[test]
    fn rows_show_every_address_and_a_person_page_every_identity() {
        let dir = tempfile::tempdir().unwrap();
        let Some(path) = store_with_liquibase(dir.path()) else {
            return;
        };
        let dashboard = Arc::new(
            Dashboard::open(&path, Affiliations::new(&[]), Thresholds::default(), vec![]).unwrap(),
        );
        let (page, _) = contributors_of_shared(&dashboard);
        let column = |label: &str| {
            page.table
                .columns
                .iter()
                .position(|c| c.label == label)
                .unwrap_or_else(|| panic!("no column {label}"))
        };
        let emails = column("E-mail addresses");
        column("Forge accounts");
        assert!(
            page.table.rows.iter().all(|r| !r[emails].text.is_empty()),
            "every git contributor has an address"
        );
        let csv = csv::to_csv(&page.table);
        assert!(csv
            .lines()
            .next()
            .unwrap()
            .ends_with(",E-mail addresses,Forge accounts"));

        let id: i64 = page.table.rows[0][0]
            .href
            .as_deref()
            .and_then(|h| h.strip_prefix("/contributors/"))
            .and_then(|id| id.parse().ok())
            .unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let one = runtime
            .block_on(Arc::clone(&dashboard).contributor_page(id, Filter::default(), Lang::Fr))
            .unwrap()
            .unwrap();
        let identities = &one.identities;
        assert_eq!(identities.columns[0].label, "Source");
        assert!(!identities.rows.is_empty());
        for row in &identities.rows {
            assert_eq!(row[0].text, "git");
            assert!(!row[2].text.is_empty(), "{row:?}");
        }
        // Every activity of theirs is under one of their identities.
        let recorded: i64 = identities
            .rows
            .iter()
            .map(|r| r[5].raw.as_deref().unwrap().parse::<i64>().unwrap())
            .sum();
        let contributions = &one
            .facts
            .iter()
            .find(|(l, _)| l == "Contributions")
            .unwrap()
            .1;
        let contributions: i64 = contributions.replace('\u{202f}', "").parse().unwrap();
        assert!(recorded >= contributions, "{recorded} < {contributions}");
    }

    #[test]
    fn organisations_are_unknown_without_affiliation_data_and_counted_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let Some(path) = store_with_liquibase(dir.path()) else {
            return;
        };
        let summary = |rules: &[vigie_ingest::affiliation::AffiliationRule]| {
            let dashboard = Dashboard::open(
                &path,
                Affiliations::new(rules),
                Thresholds::default(),
                vec![],
            )
            .unwrap();
            let page = summary::page(&dashboard, Filter::default(), Lang::En).unwrap();
            let organisations = page
                .headlines
                .into_iter()
                .find(|h| h.id == "organisations")
                .unwrap();
            let factors = page.charts.into_iter().find(|c| c.id == "factors").unwrap();
            (organisations, factors.caption)
        };
        let (unknown, caption) = summary(&[]);
        assert_eq!(unknown.value, "unknown");
        assert!(
            unknown.sentence.contains("affiliation rule"),
            "{}",
            unknown.sentence
        );
        assert!(caption.contains("Unknown: no contribution"), "{caption}");

        let (known, caption) = summary(&[vigie_ingest::affiliation::AffiliationRule {
            domain: "paris.fr".into(),
            organisation: "Ville de Paris".into(),
            from: None,
            to: None,
        }]);
        assert_ne!(known.value, "unknown");
        assert!(
            caption.contains("left out of the elephant factor"),
            "{caption}"
        );
    }

    #[test]
    fn a_window_without_activity_says_where_the_data_is_and_gives_no_figures() {
        let dir = tempfile::tempdir().unwrap();
        let Some(path) = store_with_liquibase(dir.path()) else {
            return;
        };
        let dashboard =
            Dashboard::open(&path, Affiliations::new(&[]), Thresholds::default(), vec![]).unwrap();
        let month = |year, month| Some(crate::filter::YearMonth { year, month });
        let before = Filter {
            from: month(2001, 1),
            to: month(2002, 12),
            ..Filter::default()
        };
        let page = summary::page(&dashboard, before, Lang::En).unwrap();
        assert_eq!(page.period, None);
        assert!(page.headlines.is_empty() && page.charts.is_empty());
        assert!(
            page.frame
                .notices
                .iter()
                .any(|n| n
                    .starts_with("No activity in this window: the data of this scope runs from ")),
            "{:?}",
            page.frame.notices
        );
        // Over all time: figures, a scope that says how recent the data is,
        // and a period suited to the history's length.
        let all = summary::page(&dashboard, Filter::default(), Lang::En).unwrap();
        assert!(all.period.is_some() && !all.headlines.is_empty());
        assert!(
            all.frame.scope.contains(" · data up to "),
            "{}",
            all.frame.scope
        );
        assert!(all.frame.filter.period.is_none(), "the reader chose none");
    }

    #[test]
    fn pseudonymised_people_have_no_name_or_address_anywhere() {
        let dir = tempfile::tempdir().unwrap();
        let Some(path) = store_with_liquibase(dir.path()) else {
            return;
        };
        let open = || {
            Dashboard::open(&path, Affiliations::new(&[]), Thresholds::default(), vec![]).unwrap()
        };
        let (named, _) = contributors_of(open());
        let named_text = format!("{:?}", named.table);
        assert!(named_text.contains("ThomasDumont"), "{named_text}");

        let (page, one) = contributors_of(open().pseudonymised(true));
        let text = format!("{:?} {:?} {:?}", page.table, page.bots, one);
        for real in ["ThomasDumont", "thomas.dumont", "paris.fr", "Pablo", "@"] {
            assert!(!text.contains(real), "{real} shown: {text}");
        }
        assert!(text.contains("Contributor "), "{text}");
        assert_eq!(page.matching, named.matching, "the same people, renamed");
        // The same person keeps the same pseudonym; different people differ.
        assert_eq!(pseudonym(7), pseudonym(7));
        let names: std::collections::HashSet<String> = (1..=500).map(pseudonym).collect();
        assert_eq!(names.len(), 500);
    }
}
