//! The server functions: what the browser asks the server for, one per
//! page. Each has a fixed endpoint (`/api/summary_page`), so the browser
//! bundle and the server agree on it however each was built, and each is
//! thin: who may ask, the [`Dashboard`](crate::backend::Dashboard) from the
//! request's context, one call, and a sentence in the reader's language
//! when it fails (the details go to the log). The data they return is in
//! [`crate::data`].

use leptos::prelude::*;

use crate::data::{
    AdminData, CatalogueView, CommunityData, ContributorData, ContributorsData, ContributorsView,
    EstateView, FederationData, FederationView, GgiData, RepositoriesData, RepositoryData,
    SourcesData, SummaryData, TechnicalDebtData,
};
use crate::filter::Filter;
use crate::i18n::Lang;

/// What every server function needs on the server.
#[cfg(feature = "ssr")]
mod server_side {
    use std::sync::Arc;

    use leptos::prelude::{expect_context, ServerFnError};

    use crate::backend::Dashboard;
    use crate::i18n::Lang;

    /// The dashboard the server put in every request's context.
    pub fn dashboard() -> Arc<Dashboard> {
        expect_context::<Arc<Dashboard>>()
    }

    /// Why a page could not be shown, in the reader's language.
    pub fn failed(lang: Lang) -> ServerFnError {
        ServerFnError::new(lang.t("error-data"))
    }
}

/// Computes the summary page.
#[server(prefix = "/api", endpoint = "summary_page")]
pub async fn summary_page(
    /// The page filter.
    filter: Filter,
    /// The reader's language.
    lang: Lang,
) -> Result<SummaryData, ServerFnError> {
    server_side::dashboard()
        .summary_page(filter, lang)
        .await
        .map_err(|e| e.log_and(server_side::failed(lang)))
}

/// Computes the repositories page.
#[server(prefix = "/api", endpoint = "repositories_page")]
pub async fn repositories_page(
    /// The page filter.
    filter: Filter,
    /// The table's own view of it.
    view: CatalogueView,
    /// The reader's language.
    lang: Lang,
) -> Result<RepositoriesData, ServerFnError> {
    server_side::dashboard()
        .repositories_page(filter, view, lang)
        .await
        .map_err(|e| e.log_and(server_side::failed(lang)))
}

/// Computes the technical debt page.
#[server(prefix = "/api", endpoint = "technical_debt_page")]
pub async fn technical_debt_page(
    /// The page filter.
    filter: Filter,
    /// The table's own view.
    view: EstateView,
    /// The reader's language.
    lang: Lang,
) -> Result<TechnicalDebtData, ServerFnError> {
    server_side::dashboard()
        .technical_debt_page(filter, view, lang)
        .await
        .map_err(|e| e.log_and(server_side::failed(lang)))
}

/// Computes the GGI scorecard page; who took each decision is shown to
/// readers who see people.
#[server(prefix = "/api", endpoint = "ggi_page")]
pub async fn ggi_page(
    /// The page filter.
    filter: Filter,
    /// The reader's language.
    lang: Lang,
) -> Result<GgiData, ServerFnError> {
    let sees_people = crate::auth::request_viewer().is_some_and(|v| v.sees_people());
    server_side::dashboard()
        .ggi_page(filter, lang, sees_people)
        .await
        .map_err(|e| e.log_and(server_side::failed(lang)))
}

/// Computes the community page.
#[server(prefix = "/api", endpoint = "community_page")]
pub async fn community_page(
    /// The page filter.
    filter: Filter,
    /// The reader's language.
    lang: Lang,
) -> Result<CommunityData, ServerFnError> {
    server_side::dashboard()
        .community_page(filter, lang)
        .await
        .map_err(|e| e.log_and(server_side::failed(lang)))
}

/// Computes the contributors page.
#[server(prefix = "/api", endpoint = "contributors_page")]
pub async fn contributors_page(
    /// The page filter.
    filter: Filter,
    /// The table's own view of it.
    view: ContributorsView,
    /// The reader's language.
    lang: Lang,
) -> Result<ContributorsData, ServerFnError> {
    crate::auth::require_people()?;
    server_side::dashboard()
        .contributors_page(filter, view, lang)
        .await
        .map_err(|e| e.log_and(server_side::failed(lang)))
}

/// Computes one contributor's page; `None` when there is no such
/// contributor in scope.
#[server(prefix = "/api", endpoint = "contributor_page")]
pub async fn contributor_page(
    /// The contributor.
    id: i64,
    /// The page filter.
    filter: Filter,
    /// The reader's language.
    lang: Lang,
) -> Result<Option<ContributorData>, ServerFnError> {
    crate::auth::require_people()?;
    server_side::dashboard()
        .contributor_page(id, filter, lang)
        .await
        .map_err(|e| e.log_and(server_side::failed(lang)))
}

/// Computes one repository's page; `None` when there is no such repository.
#[server(prefix = "/api", endpoint = "repository_page")]
pub async fn repository_page(
    /// The repository, `owner/name`.
    name: String,
    /// The page filter.
    filter: Filter,
    /// The reader's language.
    lang: Lang,
) -> Result<Option<RepositoryData>, ServerFnError> {
    server_side::dashboard()
        .repository_page(name, filter, lang)
        .await
        .map_err(|e| e.log_and(server_side::failed(lang)))
}

/// Computes the sources page.
#[server(prefix = "/api", endpoint = "sources_page")]
pub async fn sources_page(
    /// The reader's language.
    lang: Lang,
) -> Result<SourcesData, ServerFnError> {
    server_side::dashboard()
        .sources_page(lang)
        .await
        .map_err(|e| e.log_and(server_side::failed(lang)))
}

/// Computes the federation page: a lake's figures.
#[server(prefix = "/api", endpoint = "federation_page")]
pub async fn federation_page(
    /// Which computation.
    view: FederationView,
    /// The reader's language.
    lang: Lang,
) -> Result<FederationData, ServerFnError> {
    server_side::dashboard()
        .federation_page(view, lang)
        .await
        .map_err(|e| e.log_and(server_side::failed(lang)))
}

/// Computes the administration page (administrators only): a signed-in
/// reader who is not one gets 403, a visitor the sign-in answer.
#[server(prefix = "/api", endpoint = "admin_page")]
pub async fn admin_page(
    /// The reader's language.
    lang: Lang,
) -> Result<AdminData, ServerFnError> {
    match crate::auth::request_viewer() {
        Some(v) if v.is_admin() => {}
        Some(_) => {
            crate::components::set_status(403);
            return Err(ServerFnError::ServerError(
                crate::auth::ADMIN_REQUIRED.to_owned(),
            ));
        }
        None => return Err(crate::auth::sign_in_required()),
    }
    let settings = expect_context::<std::sync::Arc<dyn crate::backend::AdminSettingsSource>>();
    server_side::dashboard()
        .admin_page(settings, lang)
        .await
        .map_err(|e| e.log_and(server_side::failed(lang)))
}
