//! The summary (`/`), for elected officials: headline figures against a
//! year earlier, each with one plain sentence, and large trend charts.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::summary_page;
use crate::components::{
    self, chosen_lang, query_of, use_lang, ChartFigure, EmptyStore, FilterForm,
};
use crate::data::{DashboardPage, Direction, Headline, SummaryData};
use crate::filter::Filter;

/// The page at `/`.
#[component]
pub fn SummaryPage() -> impl IntoView {
    let query = use_query_map();
    let lang = use_lang();
    let filter = Memo::new(move |_| query.with(Filter::from_query).0);
    let data = Resource::new(
        move || (filter.get(), lang.get()),
        |(filter, lang)| summary_page(filter, lang),
    );
    view! {
        <components::Page title_id="summary-title" data body=|page| view! { <SummaryContent page/> }.into_any()/>
    }
}

#[component]
fn SummaryContent(page: SummaryData) -> impl IntoView {
    let lang = use_lang().get_untracked();
    if page.frame.repositories.is_empty() {
        return view! { <EmptyStore/> }.into_any();
    }
    let query = query_of(&page.frame.filter, chosen_lang().as_deref());
    let period = page.period.clone();
    view! {
        <FilterForm frame=page.frame.clone()/>
        {match period {
            Some(p) => view! {
                <p class="period" data-testid="summary-period">
                    {lang.t_args("summary-period", &[("period", crate::i18n::Arg::Text(p))])}
                </p>
            }.into_any(),
            None => view! { <p class="period">{lang.t("summary-no-activity")}</p> }.into_any(),
        }}
        <section class="figures" aria-label=lang.t("summary-title")>
            {page.headlines.into_iter().map(|h| view! { <HeadlineCard headline=h/> }).collect_view()}
        </section>
        {page.estate.map(|sentence| view! { <p class="estate-sentence" data-testid="summary-estate">{sentence}</p> })}
        {page.code_gouv.map(|sentence| view! { <p class="estate-sentence" data-testid="summary-code-gouv">{sentence}</p> })}
        <div class="charts">
            {page
                .charts
                .into_iter()
                .map(|chart| view! { <ChartFigure chart page=DashboardPage::Summary query=query.clone()/> })
                .collect_view()}
        </div>
    }
    .into_any()
}

/// A headline figure: its value, a year earlier, and its sentence.
#[component]
pub fn HeadlineCard(
    /// The figure.
    headline: Headline,
) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (arrow, class) = match headline.direction {
        Direction::Better => ("▲", "figure better"),
        Direction::Worse => ("▼", "figure worse"),
        Direction::Level => ("", "figure"),
    };
    let test_id = format!("headline-{}", headline.id);
    view! {
        <div class=class data-testid=test_id>
            <span class="figure-label">{headline.label}</span>
            <span class="figure-value">{headline.value}</span>
            <span class="figure-before">
                <span aria-hidden="true">{arrow}" "</span>
                {lang.t_args("year-before", &[("value", crate::i18n::Arg::Text(headline.year_before))])}
            </span>
            <span class="figure-note">{headline.sentence}</span>
        </div>
    }
}
