//! The community page (`/community`), for the OSPO officer: new and
//! departed contributors, onboarding, cohort retention, time to first
//! response, bus and elephant factors, structure and backlog.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::community_page;
use crate::components::{
    self, chosen_lang, query_of, use_lang, ChartFigure, EmptyStore, FilterForm,
};
use crate::data::{CommunityData, DashboardPage};
use crate::filter::Filter;

/// The page at `/community`.
#[component]
pub fn CommunityPage() -> impl IntoView {
    let query = use_query_map();
    let lang = use_lang();
    let filter = Memo::new(move |_| query.with(Filter::from_query).0);
    let data = Resource::new(
        move || (filter.get(), lang.get()),
        |(filter, lang)| community_page(filter, lang),
    );
    view! {
        <components::Page title_id="community-title" data body=|page| view! { <Community page/> }.into_any()/>
    }
}

#[component]
fn Community(page: CommunityData) -> impl IntoView {
    let lang = use_lang().get_untracked();
    if page.frame.repositories.is_empty() {
        return view! { <EmptyStore/> }.into_any();
    }
    let query = query_of(&page.frame.filter, chosen_lang().as_deref());
    view! {
        <FilterForm frame=page.frame.clone()/>
        {page.no_forge_data.then(|| view! {
            <p class="note" data-testid="no-forge-data">{lang.t("community-no-forge-data")}</p>
        })}
        <div class="charts">
            {page
                .charts
                .into_iter()
                .map(|chart| view! { <ChartFigure chart page=DashboardPage::Community query=query.clone()/> })
                .collect_view()}
        </div>
    }
    .into_any()
}
