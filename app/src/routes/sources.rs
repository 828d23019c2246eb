//! The sources page (`/sources`): each source's last update, what it
//! brought, its errors, and the latest ingest runs.

use leptos::prelude::*;

use crate::api::{sources_page, Page, SourcesData};
use crate::components::{self, chosen_lang, query_of, use_lang, DataTable};
use crate::filter::Filter;

/// The page at `/sources`.
#[component]
pub fn SourcesPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(move || lang.get(), sources_page);
    view! {
        <components::Page title_id="sources-title" data body=|page| view! { <Sources page/> }.into_any()/>
    }
}

#[component]
fn Sources(page: SourcesData) -> impl IntoView {
    if page.sources.rows.is_empty() {
        let lang = use_lang().get_untracked();
        return view! { <p data-testid="sources-none">{lang.t("sources-none")}</p> }.into_any();
    }
    let query = query_of(&Filter::default(), chosen_lang().as_deref());
    view! {
        <DataTable table=page.sources page=Page::Sources query=query.clone()/>
        <DataTable table=page.runs page=Page::Sources query=query.clone()/>
        {(!page.errors.rows.is_empty()).then(|| view! {
            <DataTable table=page.errors page=Page::Sources query=query.clone()/>
        })}
    }
    .into_any()
}
