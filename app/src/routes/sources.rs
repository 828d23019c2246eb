//! The sources page (`/sources`): each source's last update, what it
//! brought, its errors, and the latest ingest runs.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{sources_page, Page};
use crate::components::{chosen_lang, query_of, use_lang, DataTable};
use crate::filter::Filter;
use crate::routes::summary::error_text;

/// The page at `/sources`.
#[component]
pub fn SourcesPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(move || lang.get(), sources_page);
    view! {
        <Title text=move || lang.get().t("sources-title")/>
        <h1>{move || lang.get().t("sources-title")}</h1>
        <Transition fallback=move || view! { <p class="loading">{lang.get_untracked().t("loading")}</p> }>
            {move || Suspend::new(async move {
                let query = query_of(&Filter::default(), chosen_lang().as_deref());
                match data.await {
                    Ok(page) if page.sources.rows.is_empty() => view! {
                        <p data-testid="sources-none">{lang.get_untracked().t("sources-none")}</p>
                    }.into_any(),
                    Ok(page) => view! {
                        <DataTable table=page.sources page=Page::Sources query=query.clone()/>
                        <DataTable table=page.runs page=Page::Sources query=query.clone()/>
                        {(!page.errors.rows.is_empty()).then(|| view! {
                            <DataTable table=page.errors page=Page::Sources query=query.clone()/>
                        })}
                    }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{error_text(&e)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}
