//! What the browser and the server exchange: each page's data, already
//! worded and formatted in the reader's language. Plain types only (no
//! server code), so the browser build and the server agree on them; the
//! server functions that produce them are in [`crate::api`], the code that
//! builds them in `crate::backend` (server only).
//!
//! - [`DashboardPage`] names the pages with data, as download URLs do.
//! - [`Table`] and [`Chart`] are what pages show and downloads give.
//! - [`pages`] has each page's data; [`ggi`] the GGI scorecard's;
//!   [`federation`] the lake's figures'; [`admin`] the administration
//!   page's.

pub mod admin;
pub mod federation;
pub mod ggi;
pub mod pages;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

pub use admin::{AdminData, BotAccount, Duplicate};
pub use federation::{FederationData, FederationFigures, FederationView};
pub use ggi::{GgiActivity, GgiData, GgiDecision, GgiGoal, GgiHandbook};
pub use pages::{
    CatalogueView, CommunityData, ContributorData, ContributorsData, ContributorsView,
    CriteriaView, CriterionView, Direction, EstateFigure, EstateView, Frame, Headline,
    PubliccodeProblem, PubliccodeView, RepositoriesData, RepositoryData, SourcesData, SummaryData,
    TechnicalDebtData,
};

/// A page of the dashboard with data: its charts and tables can be
/// downloaded (`/download/{page}/...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DashboardPage {
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
    /// `/technical-debt`: the estate.
    TechnicalDebt,
    /// `/ggi`: the GGI scorecard.
    Ggi,
    /// `/federation`: the figures computed over a lake (`run=` in the
    /// download's query).
    Federation,
}

impl DashboardPage {
    const ALL: [DashboardPage; 10] = [
        DashboardPage::Summary,
        DashboardPage::Community,
        DashboardPage::Contributors,
        DashboardPage::Contributor,
        DashboardPage::Repositories,
        DashboardPage::Repository,
        DashboardPage::Sources,
        DashboardPage::TechnicalDebt,
        DashboardPage::Ggi,
        DashboardPage::Federation,
    ];

    /// The page's name in download URLs.
    pub fn key(self) -> &'static str {
        match self {
            DashboardPage::Summary => "summary",
            DashboardPage::Community => "community",
            DashboardPage::Contributors => "contributors",
            DashboardPage::Contributor => "contributor",
            DashboardPage::Repositories => "repositories",
            DashboardPage::Repository => "repository",
            DashboardPage::Sources => "sources",
            DashboardPage::TechnicalDebt => "technical-debt",
            DashboardPage::Ggi => "ggi",
            DashboardPage::Federation => "federation",
        }
    }

    /// Whether the page names people: for signed-in community managers
    /// and administrators only.
    pub fn names_people(self) -> bool {
        matches!(
            self,
            DashboardPage::Contributors | DashboardPage::Contributor
        )
    }

    /// The page of a download URL.
    pub fn parse(key: &str) -> Option<DashboardPage> {
        DashboardPage::ALL.into_iter().find(|p| p.key() == key)
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

impl Column {
    /// Columns headed by messages: (message id, numeric), in order.
    pub fn headed(ids: &[(&str, bool)], lang: Lang) -> Vec<Column> {
        ids.iter()
            .map(|(id, numeric)| Column {
                label: lang.t(id),
                numeric: *numeric,
            })
            .collect()
    }
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
