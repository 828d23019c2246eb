//! The sources page (`/sources`): each source's last update, what it
//! brought, its errors, and the latest ingest runs.

use leptos::prelude::*;

use crate::api::sources_page;
use crate::components::{self, chosen_lang, query_of, use_lang, DataTable};
use crate::data::{DashboardPage, SourcesData};
use crate::filter::Filter;

/// The page at `/sources`.
#[component]
pub fn SourcesPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(move || lang.get(), sources_page);
    view! {
        <RefreshNow/>
        <components::Page title_id="sources-title" data body=|page| view! { <Sources page/> }.into_any()/>
    }
}

/// For administrators: a button that reads every source now, and what the
/// last press did (`?refresh=started|running|stopping`).
#[component]
pub fn RefreshNow() -> impl IntoView {
    let lang = use_lang().get_untracked();
    let viewer = crate::auth::use_viewer().filter(|v| v.is_admin())?;
    let said = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("refresh"))
        .and_then(|r| match r.as_str() {
            "started" => Some("refresh-started"),
            "running" => Some("refresh-running"),
            "stopping" => Some("refresh-stopping"),
            "nothing" => Some("refresh-nothing"),
            _ => None,
        });
    Some(view! {
        <form class="refresh" method="post" action="/admin/refresh">
            <input type="hidden" name="csrf" value=viewer.csrf/>
            <button type="submit" data-testid="refresh-now">{lang.t("refresh-now")}</button>
            {said.map(|id| view! { <span role="status" data-testid="refresh-said">{lang.t(id)}</span> })}
        </form>
    })
}

#[component]
fn Sources(page: SourcesData) -> impl IntoView {
    if page.sources.rows.is_empty() {
        let lang = use_lang().get_untracked();
        return view! { <p data-testid="sources-none">{lang.t("sources-none")}</p> }.into_any();
    }
    let query = query_of(&Filter::default(), chosen_lang().as_deref());
    view! {
        <DataTable table=page.sources page=DashboardPage::Sources query=query.clone()/>
        <DataTable table=page.runs page=DashboardPage::Sources query=query.clone()/>
        {(!page.errors.rows.is_empty()).then(|| view! {
            <DataTable table=page.errors page=DashboardPage::Sources query=query.clone()/>
        })}
    }
    .into_any()
}
