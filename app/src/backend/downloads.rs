//! What downloads ask the dashboard for: a page's table (CSV), a chart
//! (SVG), or a chart with its scope in words (PNG, for slides). Each is
//! computed alone, not with the whole page.

use std::sync::Arc;

use crate::data::{
    CatalogueView, Chart, ContributorsView, DashboardPage, EstateView, FederationView, Table,
};
use crate::filter::Filter;
use crate::i18n::Lang;

use super::{
    community, contributors, federation, ggi, mrl, repositories, repository, scope, sources,
    summary, technical_debt, Dashboard, DashboardError,
};

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
    /// The technical debt table's view.
    pub estate: EstateView,
    /// The contributor (`id=`) or repository (`name=`) of a page about one.
    pub subject: Option<String>,
    /// The lake run of the federation page (`run=`).
    pub federation: FederationView,
    /// The language of texts and numbers.
    pub lang: Lang,
}

impl Dashboard {
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
                estate,
                subject,
                federation: lake,
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
                // Every repository's MRL data points, in the catalogue's scope.
                DashboardPage::Repositories if id == "mrl" => {
                    let snapshot = dashboard.snapshot()?;
                    let (params, _) = scope::apply_filter(dashboard, &snapshot, filter, lang)?;
                    let points = mrl::points(dashboard, &snapshot, &params)?;
                    Some(mrl::catalogue_table(&points, lang))
                }
                DashboardPage::Repositories => {
                    named(repositories::page(dashboard, filter, catalogue, lang)?.table)
                }
                DashboardPage::Repository if id == "mrl" => match subject {
                    Some(name) => {
                        repository::page(dashboard, &name, filter, lang, None)?.and_then(|p| p.mrl)
                    }
                    None => None,
                },
                DashboardPage::TechnicalDebt => {
                    let page = technical_debt::page(dashboard, filter, estate, lang)?;
                    [
                        page.table,
                        page.risks,
                        page.graph.table,
                        page.dependencies,
                        page.external,
                    ]
                    .into_iter()
                    .find(|t| t.id == id)
                }
                DashboardPage::Sources => {
                    let s = sources::page(&dashboard.store(), lang)?;
                    [s.sources, s.runs, s.errors]
                        .into_iter()
                        .find(|t| t.id == id)
                }
                DashboardPage::Federation => {
                    let page = federation::page(&dashboard.store(), &lake, lang, true)?;
                    let shown = page.shown.map(|f| (f.repositories, f.chart));
                    std::iter::once(page.runs)
                        .chain(shown.into_iter().flat_map(|(table, chart)| {
                            std::iter::once(table).chain(chart.map(|c| c.table))
                        }))
                        .find(|t| t.id == id)
                }
                DashboardPage::Ggi => {
                    let page = ggi::page(dashboard, filter, lang, false)?;
                    std::iter::once(page.table)
                        .chain(
                            page.goals
                                .into_iter()
                                .flat_map(|g| g.activities)
                                .flat_map(|a| [a.history, a.detail])
                                .flatten(),
                        )
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
            if page == DashboardPage::Federation {
                return Ok(dashboard
                    .federation_chart(&request.federation, request.lang, &id)?
                    .map(|(chart, _)| chart));
            }
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
                federation,
                lang,
                ..
            } = request;
            // A lake's chart: its scope is the lake and its computation.
            if page == DashboardPage::Federation {
                return dashboard.federation_chart(&federation, lang, &id);
            }
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
            DashboardPage::TechnicalDebt => {
                let page = technical_debt::page(self, filter, EstateView::default(), lang)?;
                Some(page.graph).filter(|c| c.id == id)
            }
            DashboardPage::Contributors
            | DashboardPage::Repositories
            | DashboardPage::Sources
            | DashboardPage::Ggi
            | DashboardPage::Federation => None,
        })
    }

    /// The federation page's chart `id` and what it shows in words (the
    /// lake and its computation).
    fn federation_chart(
        &self,
        view: &FederationView,
        lang: Lang,
        id: &str,
    ) -> Result<Option<(Chart, String)>, DashboardError> {
        let page = federation::page(&self.store(), view, lang, false)?;
        Ok(page
            .shown
            .and_then(|f| f.chart.map(|c| (c, f.about)))
            .filter(|(c, _)| c.id == id))
    }
}
