//! The federation page (`/federation`), for the OSPO officer comparing
//! communities larger than one store: the figures `vigie lake metrics`
//! computed over a lake (by polars, or by Apache Spark on a cluster), all
//! repositories together and each one, and the computations kept
//! (`?run=N` shows another one; works without JavaScript).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::api::federation_page;
use crate::components::{self, chosen_lang, query_with, use_lang, ChartFigure, DataTable, Notices};
use crate::data::{DashboardPage, FederationData, FederationFigures, FederationView};
use crate::filter::Filter;

use super::summary::HeadlineCard;

/// Reads the page's own URL parameter (`run`).
pub fn view_from_query(q: &ParamsMap) -> FederationView {
    FederationView {
        run: q.get("run").and_then(|r| r.trim().parse().ok()),
    }
}

/// The page at `/federation`.
#[component]
pub fn FederationPage() -> impl IntoView {
    let query = use_query_map();
    let lang = use_lang();
    let view = Memo::new(move |_| query.with(view_from_query));
    let data = Resource::new(
        move || (view.get(), lang.get()),
        |(view, lang)| federation_page(view, lang),
    );
    view! {
        <components::Page title_id="federation-title" data body=|page| view! { <Federation page/> }.into_any()/>
    }
}

#[component]
fn Federation(page: FederationData) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let chosen = chosen_lang();
    // Links to another computation keep the chosen language.
    let links = chosen
        .as_deref()
        .map(|l| format!("&lang={l}"))
        .unwrap_or_default();
    let run = page.shown.as_ref().map(|f| f.run);
    let query = query_with(
        &Filter::default(),
        chosen.as_deref(),
        &run.map(|r| ("run".to_owned(), r.to_string()))
            .into_iter()
            .collect::<Vec<_>>(),
    );
    view! {
        <p class="scope" data-testid="federation-intro">{lang.t("federation-intro")}</p>
        <Notices notices=page.notice.into_iter().collect()/>
        {match page.shown {
            None => view! {
                <section class="empty" data-testid="federation-none">
                    <p>{lang.t("federation-none")}</p>
                    <pre><code>"vigie lake export LAKE\nvigie lake metrics LAKE\nvigie lake metrics LAKE --engine spark --master spark://HOST:7077"</code></pre>
                </section>
            }.into_any(),
            Some(figures) => view! { <Figures figures query=query.clone()/> }.into_any(),
        }}
        {(!page.runs.rows.is_empty()).then(|| view! {
            <DataTable table=page.runs page=DashboardPage::Federation query=query.clone() links/>
        })}
    }
}

/// One computation's figures.
#[component]
fn Figures(figures: FederationFigures, query: String) -> impl IntoView {
    view! {
        <p class="period" data-testid="federation-about">{figures.about}</p>
        <p class="period" data-testid="federation-period">{figures.period}</p>
        <section class="figures" aria-label=use_lang().get_untracked().t("federation-figures-label")>
            {figures.headlines.into_iter().map(|h| view! { <HeadlineCard headline=h/> }).collect_view()}
        </section>
        {figures.chart.map(|chart| view! {
            <div class="charts">
                <ChartFigure chart page=DashboardPage::Federation query=query.clone()/>
            </div>
        })}
        {figures.more.map(|more| view! { <p class="shown" data-testid="federation-more">{more}</p> })}
        <DataTable table=figures.repositories page=DashboardPage::Federation query=query.clone()/>
    }
}
