//! What the browser and the server exchange: each page's data, already
//! worded and formatted in the reader's language, and the server functions
//! that produce it. Each function has a fixed endpoint (`/api/summary_page`),
//! so the browser bundle and the server agree on it however each was built. Each function is a thin wrapper over `backend::Dashboard`
//! (server only).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::filter::Filter;
use crate::i18n::Lang;

/// The pages whose charts and tables can be downloaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Page {
    /// `/`: headline figures for elected officials.
    Summary,
    /// `/community`: onboarding, retention and responsiveness.
    Community,
    /// `/contributors`: the contributors and their status.
    Contributors,
    /// `/contributors/{id}`: one contributor (the download names them with
    /// `id=` in its query).
    Contributor,
    /// `/repositories`: the catalogue.
    Repositories,
    /// `/repositories/{name}`: one repository (`name=` in the download's
    /// query).
    Repository,
    /// `/sources`: ingest runs and freshness.
    Sources,
}

impl Page {
    const ALL: [Page; 7] = [
        Page::Summary,
        Page::Community,
        Page::Contributors,
        Page::Contributor,
        Page::Repositories,
        Page::Repository,
        Page::Sources,
    ];

    /// The page's name in download URLs.
    pub fn key(self) -> &'static str {
        match self {
            Page::Summary => "summary",
            Page::Community => "community",
            Page::Contributors => "contributors",
            Page::Contributor => "contributor",
            Page::Repositories => "repositories",
            Page::Repository => "repository",
            Page::Sources => "sources",
        }
    }

    /// Whether the page names people: for signed-in community managers
    /// and administrators only.
    pub fn names_people(self) -> bool {
        matches!(self, Page::Contributors | Page::Contributor)
    }

    /// The page of a download URL.
    pub fn parse(key: &str) -> Option<Page> {
        Page::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// The path of a repository's page: `/repositories/owner/name`, each part
/// percent-encoded.
pub fn repository_path(name: &str) -> String {
    let parts: Vec<String> = name.split('/').map(crate::filter::encode).collect();
    format!("/repositories/{}", parts.join("/"))
}

/// A table, its cells already formatted for the language. Pages render it
/// as HTML and the server as CSV (`/download/{page}/{id}.csv`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Its name in download URLs.
    pub id: String,
    /// The caption.
    pub caption: String,
    /// Column headings.
    pub columns: Vec<Column>,
    /// The rows, one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

/// A column heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// The heading.
    pub label: String,
    /// Numbers: aligned right.
    pub numeric: bool,
}

/// A table cell.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// The text shown, formatted for the reader's language.
    pub text: String,
    /// What a CSV file gets instead, when the text is formatted: the plain
    /// number (`1234.5`) or the ISO date, which spreadsheets read in any
    /// language. Server only: the browser never needs it.
    #[serde(skip)]
    pub raw: Option<String>,
    /// A CSS class (`status-red`...), if any.
    pub class: Option<String>,
    /// A link (the page of a contributor or repository), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
}

impl Cell {
    /// A plain cell.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    /// A cell with a CSS class.
    pub fn classed(text: impl Into<String>, class: &str) -> Self {
        Self {
            text: text.into(),
            class: Some(class.to_owned()),
            ..Self::default()
        }
    }

    /// A formatted value and its plain form for CSV files.
    pub fn formatted(text: impl Into<String>, raw: impl ToString) -> Self {
        Self {
            text: text.into(),
            raw: Some(raw.to_string()),
            ..Self::default()
        }
    }

    /// A whole number, grouped for the language.
    pub fn int(n: i64, lang: Lang) -> Self {
        Self::formatted(lang.int(n), n)
    }

    /// This cell as a link to `href`.
    pub fn with_link(mut self, href: String) -> Self {
        self.href = Some(href);
        self
    }

    /// This cell with a CSS class.
    pub fn with_class(mut self, class: &str) -> Self {
        self.class = Some(class.to_owned());
        self
    }
}

/// A chart drawn on the server and the numbers behind it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    /// Its name in download URLs (`.svg`, `.csv`) and test ids.
    pub id: String,
    /// The title, also its text alternative.
    pub title: String,
    /// One sentence under the chart.
    pub caption: String,
    /// The SVG document (also the download).
    pub svg: String,
    /// The same chart drawn for a phone (narrower, larger text).
    pub svg_narrow: String,
    /// Its numbers.
    pub table: Table,
}

/// What every page with a filter has.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Frame {
    /// Every stored repository, for the filter.
    pub repositories: Vec<String>,
    /// Every configured repository group, for the filter.
    pub groups: Vec<String>,
    /// The filter as applied (unknown names dropped).
    pub filter: Filter,
    /// Sentences about parts of the filter that could not be applied.
    pub notices: Vec<String>,
    /// What is shown, in words ("all 31 repositories, May 2019 to …").
    pub scope: String,
    /// How many accounts with activity in the view are left out as bots
    /// (`None`: bots are counted). A count only: community managers see
    /// which on the contributors page ([`ContributorsData::bots`]).
    #[serde(default)]
    pub bots_left_out: Option<usize>,
}

/// Which way a headline figure moved since a year earlier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    /// Better than a year earlier.
    Better,
    /// Worse than a year earlier.
    Worse,
    /// The same, or nothing to compare with.
    Level,
}

/// One headline figure of the summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    /// A stable name (test ids).
    pub id: String,
    /// What it is.
    pub label: String,
    /// The figure for the period, formatted ("–" when unknown).
    pub value: String,
    /// The same a year earlier, formatted.
    pub year_before: String,
    /// One plain sentence saying what changed.
    pub sentence: String,
    /// Better, worse or level.
    pub direction: Direction,
}

/// The summary page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryData {
    /// Filter and scope.
    pub frame: Frame,
    /// The period the figures are for ("the third quarter of 2026"), or
    /// `None` when nothing is in scope.
    pub period: Option<String>,
    /// The headline figures.
    pub headlines: Vec<Headline>,
    /// The trend charts.
    pub charts: Vec<Chart>,
}

/// How the catalogue is narrowed and sorted (its own URL parameters:
/// `status`, `language`, `hide_archived`, `sort`, `desc`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
// Defaults for absent fields: the URL encoding of server functions leaves
// empty lists out.
#[serde(default)]
pub struct CatalogueView {
    /// Only this status (`green`, `amber`, `red`, `archived`).
    pub status: Option<String>,
    /// Only this language.
    pub language: Option<String>,
    /// Leave archived repositories out.
    pub hide_archived: bool,
    /// The column key to sort by (`name` by default).
    pub sort: Option<String>,
    /// Sort descending.
    pub desc: bool,
}

/// The repositories page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepositoriesData {
    /// Filter and scope.
    pub frame: Frame,
    /// The catalogue view as applied.
    pub view: CatalogueView,
    /// The languages present, for the filter.
    pub languages: Vec<String>,
    /// How many repositories have each status: (key, label, count).
    pub counts: Vec<(String, String, usize)>,
    /// The sortable columns: (key, label), in table order.
    pub sort_keys: Vec<(String, String)>,
    /// The catalogue.
    pub table: Table,
}

/// The community page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommunityData {
    /// Filter and scope.
    pub frame: Frame,
    /// The charts, in the page's order.
    pub charts: Vec<Chart>,
    /// Issues and pull requests are not in the store: the charts that
    /// need them are left out, and the page says why.
    pub no_forge_data: bool,
}

/// How the contributors table is narrowed, sorted and paged (its own URL
/// parameters: `q`, `status`, `min`, `sort`, `desc`, `page`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct ContributorsView {
    /// Words to find in a name, e-mail address or organisation.
    pub q: Option<String>,
    /// Only this status: `new`, `active`, `drifting`, `away`, or
    /// `inactive` (drifting or away, with enough contributions to matter).
    pub status: Option<String>,
    /// Only contributors with at least this many contributions.
    pub min: Option<u32>,
    /// The column key to sort by (`last` by default).
    pub sort: Option<String>,
    /// Reverse the column's usual order (names A to Z, dates and counts
    /// latest or largest first).
    pub reverse: bool,
    /// The page of the table, from 1.
    pub page: Option<u32>,
}

/// The contributors page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContributorsData {
    /// Filter and scope.
    pub frame: Frame,
    /// The view as applied.
    pub view: ContributorsView,
    /// How many contributors have each status: (key, label, count);
    /// `inactive` last.
    pub counts: Vec<(String, String, usize)>,
    /// The sortable columns: (key, label).
    pub sort_keys: Vec<(String, String)>,
    /// Contributors matching the view, on every page of the table.
    pub matching: usize,
    /// This page of the table, and how many pages there are.
    pub page: u32,
    /// See [`ContributorsData::page`].
    pub pages: u32,
    /// The rows of this page.
    pub table: Table,
    /// The accounts left out as bots, with why (empty when bots are
    /// counted, or none is in the view).
    pub bots: Table,
}

/// One contributor's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContributorData {
    /// Filter and scope.
    pub frame: Frame,
    /// Their id in the store.
    pub id: i64,
    /// Their name.
    pub name: String,
    /// Their e-mail address, if known.
    pub email: Option<String>,
    /// What kind of account this is, in words, when it is not one
    /// person's (a generic account, a bot and why).
    pub kind: Option<String>,
    /// Facts about them: (label, value), in order.
    pub facts: Vec<(String, String)>,
    /// Their status (key for the CSS class, label).
    pub status: Option<(String, String)>,
    /// Their contributions over time.
    pub chart: Chart,
    /// Where they contributed.
    pub repositories: Table,
    /// Every identity merged into them: source, name, e-mail, login, the
    /// rule that merged it, its activities.
    pub identities: Table,
}

/// One repository's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepositoryData {
    /// Filter and scope (narrowed to the repository).
    pub frame: Frame,
    /// The repository's name.
    pub name: String,
    /// Its status (key, label) and the reasons in words.
    pub status: (String, String),
    /// See [`RepositoryData::status`].
    pub reasons: Vec<String>,
    /// Its health indicators: (label, value).
    pub facts: Vec<(String, String)>,
    /// Its charts.
    pub charts: Vec<Chart>,
}

/// The sources page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourcesData {
    /// Each source: repositories, items, last update, freshness.
    pub sources: Table,
    /// The latest ingest runs.
    pub runs: Table,
    /// The latest errors.
    pub errors: Table,
}

/// Why a page could not be shown, in the reader's language.
#[cfg(feature = "ssr")]
fn failed(lang: Lang) -> ServerFnError {
    ServerFnError::new(lang.t("error-data"))
}

/// Computes the summary page.
#[server(prefix = "/api", endpoint = "summary_page")]
pub async fn summary_page(filter: Filter, lang: Lang) -> Result<SummaryData, ServerFnError> {
    let dashboard = expect_context::<std::sync::Arc<crate::backend::Dashboard>>();
    dashboard
        .summary_page(filter, lang)
        .await
        .map_err(|e| e.log_and(failed(lang)))
}

/// Computes the repositories page.
#[server(prefix = "/api", endpoint = "repositories_page")]
pub async fn repositories_page(
    filter: Filter,
    view: CatalogueView,
    lang: Lang,
) -> Result<RepositoriesData, ServerFnError> {
    let dashboard = expect_context::<std::sync::Arc<crate::backend::Dashboard>>();
    dashboard
        .repositories_page(filter, view, lang)
        .await
        .map_err(|e| e.log_and(failed(lang)))
}

/// Computes the community page.
#[server(prefix = "/api", endpoint = "community_page")]
pub async fn community_page(filter: Filter, lang: Lang) -> Result<CommunityData, ServerFnError> {
    let dashboard = expect_context::<std::sync::Arc<crate::backend::Dashboard>>();
    dashboard
        .community_page(filter, lang)
        .await
        .map_err(|e| e.log_and(failed(lang)))
}

/// Computes the contributors page.
#[server(prefix = "/api", endpoint = "contributors_page")]
pub async fn contributors_page(
    filter: Filter,
    view: ContributorsView,
    lang: Lang,
) -> Result<ContributorsData, ServerFnError> {
    crate::auth::require_people()?;
    let dashboard = expect_context::<std::sync::Arc<crate::backend::Dashboard>>();
    dashboard
        .contributors_page(filter, view, lang)
        .await
        .map_err(|e| e.log_and(failed(lang)))
}

/// Computes one contributor's page; `None` when there is no such
/// contributor in scope.
#[server(prefix = "/api", endpoint = "contributor_page")]
pub async fn contributor_page(
    id: i64,
    filter: Filter,
    lang: Lang,
) -> Result<Option<ContributorData>, ServerFnError> {
    crate::auth::require_people()?;
    let dashboard = expect_context::<std::sync::Arc<crate::backend::Dashboard>>();
    dashboard
        .contributor_page(id, filter, lang)
        .await
        .map_err(|e| e.log_and(failed(lang)))
}

/// Computes one repository's page; `None` when there is no such repository.
#[server(prefix = "/api", endpoint = "repository_page")]
pub async fn repository_page(
    name: String,
    filter: Filter,
    lang: Lang,
) -> Result<Option<RepositoryData>, ServerFnError> {
    let dashboard = expect_context::<std::sync::Arc<crate::backend::Dashboard>>();
    dashboard
        .repository_page(name, filter, lang)
        .await
        .map_err(|e| e.log_and(failed(lang)))
}

/// Computes the sources page.
#[server(prefix = "/api", endpoint = "sources_page")]
pub async fn sources_page(lang: Lang) -> Result<SourcesData, ServerFnError> {
    let dashboard = expect_context::<std::sync::Arc<crate::backend::Dashboard>>();
    dashboard
        .sources_page(lang)
        .await
        .map_err(|e| e.log_and(failed(lang)))
}

/// The administration page's data: the configured sources, likely
/// duplicate identities and the affiliation rules, with what is unknown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AdminData {
    /// The configuration file the page edits.
    pub config_file: String,
    /// Each configured source: what, how often, its last update.
    pub sources: Table,
    /// Likely duplicates to confirm or reject.
    pub duplicates: Vec<Duplicate>,
    /// Accounts counted as bots, most active first: "not a bot" undoes it.
    pub bots: Vec<BotAccount>,
    /// Accounts that behave like bots, not decided yet.
    pub bot_suggestions: Vec<BotAccount>,
    /// The affiliation rules in force.
    pub rules: Table,
    /// E-mail domains without a rule, most contributions first:
    /// (domain, contributions formatted).
    pub unknown_domains: Vec<(String, String)>,
    /// An ingest run is in progress.
    pub running: bool,
}

/// A likely duplicate: identities that may be one person.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Duplicate {
    /// Why they look alike, in words.
    pub why: String,
    /// The evidence, in words (names and addresses as written).
    #[serde(default)]
    pub evidence: String,
    /// The address they share, when that is why (the decisions are then
    /// "one person" or "a shared address").
    pub address: Option<String>,
    /// The identities: (name, e-mail, contributions formatted).
    pub identities: Vec<(String, String, String)>,
}

/// An account that is, or may be, a bot (administration page).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BotAccount {
    /// Its name.
    pub name: String,
    /// Its e-mail addresses: the decision names them.
    pub emails: Vec<String>,
    /// Why it is (or looks like) a bot, in words.
    pub why: String,
    /// Its activities, formatted.
    pub contributions: String,
}

/// What the server gives the administration page (the server holds the
/// configuration, which the app does not know).
#[cfg(feature = "ssr")]
pub trait AdminSource: Send + Sync {
    /// The page's data, in `lang`.
    fn admin_page(&self, lang: Lang) -> Result<AdminData, String>;
}

/// Computes the administration page (administrators only).
#[server(prefix = "/api", endpoint = "admin_page")]
pub async fn admin_page(lang: Lang) -> Result<AdminData, ServerFnError> {
    match crate::auth::request_viewer() {
        Some(v) if v.is_admin() => {}
        Some(_) => {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(http::StatusCode::FORBIDDEN);
            }
            return Err(ServerFnError::ServerError(
                crate::auth::ADMIN_REQUIRED.to_owned(),
            ));
        }
        None => {
            crate::auth::require_people()?;
            return Err(failed(lang));
        }
    }
    let source = expect_context::<std::sync::Arc<dyn AdminSource>>();
    tokio::task::spawn_blocking(move || source.admin_page(lang))
        .await
        .map_err(|e| ServerFnError::new(e.to_string()))?
        .map_err(|e| {
            tracing::error!(error = %e, "the administration page failed");
            failed(lang)
        })
}
