//! Each page's data: [`SummaryData`], [`CommunityData`],
//! [`ContributorsData`] and [`ContributorData`], [`RepositoriesData`] and
//! [`RepositoryData`], [`SourcesData`], [`TechnicalDebtData`], with the [`Frame`] every filtered
//! page has and the views ([`CatalogueView`], [`ContributorsView`]) that
//! narrow the tables.

use serde::{Deserialize, Serialize};

use super::{Chart, Table};
use crate::filter::Filter;

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
    /// One sentence on the move to the new core ("6 of 31 components have
    /// moved to the new core"), when the contents of repositories in scope
    /// were read.
    pub estate: Option<String>,
    /// One sentence on code.gouv.fr's criteria ("0 of 31 components meet
    /// at least 7 of the 10 code.gouv.fr criteria"), when they were judged.
    pub code_gouv: Option<String>,
    /// The trend charts.
    pub charts: Vec<Chart>,
}

/// How the catalogue is narrowed and sorted (its own URL parameters:
/// `status`, `language`, `hide_archived`, `code_gouv`, `sort`, `desc`).
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
    /// Only repositories meeting at least this many of code.gouv.fr's ten
    /// criteria (`code_gouv=7`).
    pub code_gouv: Option<u8>,
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
    /// Some repository was judged on code.gouv.fr's criteria (its contents
    /// were read): the filter on them is offered.
    pub code_gouv_judged: bool,
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
    /// What it is made of (docs/estate.md): (label, value); `None` when
    /// its contents were not read.
    pub estate: Option<Vec<(String, String)>>,
    /// code.gouv.fr's criteria; `None` when its contents were not read.
    pub code_gouv: Option<CriteriaView>,
    /// Its publiccode.yml checked, or a draft offered; `None` when its
    /// contents were not read.
    pub publiccode: Option<PubliccodeView>,
    /// OW2's MRL data points (docs/governance.md); `None` for a chart's
    /// download.
    pub mrl: Option<Table>,
    /// Its charts.
    pub charts: Vec<Chart>,
}

/// code.gouv.fr's criteria for one repository, in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriteriaView {
    /// The score, in a sentence.
    pub score: String,
    /// Each criterion, in order.
    pub criteria: Vec<CriterionView>,
}

/// One criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionView {
    /// Its name.
    pub name: String,
    /// Met or not.
    pub met: bool,
    /// What it was judged on.
    pub evidence: String,
}

/// A repository's publiccode.yml, as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PubliccodeView {
    /// In one sentence: valid for its version, how many problems, or none
    /// and a draft offered.
    pub summary: String,
    /// The file's path, when it has one (no path: a draft is offered).
    pub path: Option<String>,
    /// Its problems (the first 20), in file order.
    pub problems: Vec<PubliccodeProblem>,
}

/// One problem of a publiccode.yml.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PubliccodeProblem {
    /// An error (catalogues may refuse the file), else a warning.
    pub error: bool,
    /// The line, from 1.
    pub line: usize,
    /// The key path (`description.en.shortDescription`).
    pub key: String,
    /// What is wrong.
    pub message: String,
    /// How to put it right.
    pub fix: String,
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

/// How the technical debt table is sorted (its own URL parameters: `sort`,
/// `desc`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct EstateView {
    /// The column key to sort by (`name` by default).
    pub sort: Option<String>,
    /// Sort descending.
    pub desc: bool,
}

/// One headline figure of the technical debt page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EstateFigure {
    /// Its key, for tests and styles.
    pub key: String,
    /// What it counts, in words.
    pub label: String,
    /// The figure, formatted.
    pub value: String,
    /// What it means, in one sentence.
    pub sentence: String,
}

/// The technical debt page: the estate of the repositories in scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TechnicalDebtData {
    /// Filter and scope.
    pub frame: Frame,
    /// The table's view as applied.
    pub view: EstateView,
    /// Repositories in scope whose contents were read, and all in scope.
    pub read: (usize, usize),
    /// The headline figures (empty when no contents were read).
    pub figures: Vec<EstateFigure>,
    /// The sortable columns: (key, label), in table order.
    pub sort_keys: Vec<(String, String)>,
    /// One row per repository with its indicators and reasons.
    pub table: Table,
    /// Repositories others depend on while few people keep them.
    pub risks: Table,
    /// Who depends on whom among the repositories in scope, drawn.
    pub graph: Chart,
    /// Who depends on whom inside the estate, with the drift.
    pub dependencies: Table,
    /// Dependencies on artifacts outside the estate, as declared, with
    /// their freshness.
    pub external: Table,
    /// What is known of the external dependencies' freshness, and why not
    /// more, in one sentence.
    pub external_note: String,
}
