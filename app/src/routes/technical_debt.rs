//! The technical debt page (`/technical-debt`), for the OSPO officer: what
//! the repositories in scope are made of — the move to the new core,
//! internal libyears, community files and licences, who depends on whom,
//! and the repositories others depend on while few people keep them
//! (docs/estate.md). Sorted through the URL: works without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::api::technical_debt_page;
use crate::components::{
    self, chosen_lang, flag_param, query_with, text_param, use_lang, ChartFigure, CheckField,
    DataTable, EmptyStore, FilterForm, QueryForm, SelectField,
};
use crate::data::{DashboardPage, EstateView, TechnicalDebtData};
use crate::filter::Filter;
use crate::i18n::Arg;

/// Reads the table's own URL parameters.
pub fn view_from_query(q: &ParamsMap) -> EstateView {
    EstateView {
        sort: text_param(q, "sort"),
        desc: flag_param(q, "desc"),
    }
}

/// The table's view as query pairs.
fn view_pairs(v: &EstateView) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    if let Some(s) = &v.sort {
        pairs.push(("sort".to_owned(), s.clone()));
    }
    if v.desc {
        pairs.push(("desc".to_owned(), "1".to_owned()));
    }
    pairs
}

/// The page at `/technical-debt`.
#[component]
pub fn TechnicalDebtPage() -> impl IntoView {
    let query = use_query_map();
    let lang = use_lang();
    let request = Memo::new(move |_| query.with(|q| (Filter::from_query(q).0, view_from_query(q))));
    let data = Resource::new(
        move || (request.get(), lang.get()),
        |((filter, view), lang)| technical_debt_page(filter, view, lang),
    );
    view! {
        <components::Page title_id="technical-debt-title" data body=|page| view! { <Estate page/> }.into_any()/>
    }
}

#[component]
fn Estate(page: TechnicalDebtData) -> impl IntoView {
    let lang = use_lang().get_untracked();
    if page.frame.repositories.is_empty() {
        return view! { <EmptyStore/> }.into_any();
    }
    let chosen = chosen_lang();
    let query = query_with(
        &page.frame.filter,
        chosen.as_deref(),
        &view_pairs(&page.view),
    );
    let (read, in_scope) = page.read;
    let filter_hidden = page.frame.filter.pairs(chosen.as_deref());
    let v = page.view.clone();
    view! {
        <FilterForm frame=page.frame.clone() extra=view_pairs(&page.view)/>
        <p class="shown" data-testid="estate-read">
            {lang.t_args("estate-read", &[("read", Arg::Count(read as i64)), ("total", Arg::Count(in_scope as i64))])}
        </p>
        {(read == 0).then(|| view! { <p class="notice" data-testid="estate-none">{lang.t("estate-none")}</p> })}
        <ul class="figures estate-figures" aria-label=lang.t("estate-figures")>
            {page.figures.iter().map(|f| {
                let test_id = format!("estate-{}", f.key);
                view! {
                    <li class="figure" data-testid=test_id>
                        <span class="figure-label">{f.label.clone()}</span>
                        <span class="figure-value">{f.value.clone()}</span>
                        <span class="figure-note">{f.sentence.clone()}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
        {(read > 0).then(|| view! {
            <QueryForm>
                <fieldset class="filter catalogue">
                    <legend>{lang.t("catalogue-sort")}</legend>
                    {filter_hidden
                        .into_iter()
                        .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
                        .collect_view()}
                    <SelectField id="estate-sort" name="sort" label_id="catalogue-sort"
                        options=page.sort_keys.clone() current=Some(v.sort.clone().unwrap_or_else(|| "name".to_owned()))/>
                    <CheckField id="estate-desc" name="desc" checked=v.desc label_id="catalogue-desc"/>
                    <button type="submit">{lang.t("filter-apply")}</button>
                </fieldset>
            </QueryForm>
            <DataTable table=page.table page=DashboardPage::TechnicalDebt query=query.clone()/>
            <DataTable table=page.risks page=DashboardPage::TechnicalDebt query=query.clone()/>
            <ChartFigure chart=page.graph page=DashboardPage::TechnicalDebt query=query.clone()/>
            // Long lists, folded so that the page stays short on a phone.
            <details class="estate-more">
                <summary>{lang.t("internal-dependencies-caption")}</summary>
                <DataTable table=page.dependencies page=DashboardPage::TechnicalDebt query=query.clone()/>
            </details>
            <details class="estate-more">
                <summary>{lang.t("external-dependencies-caption")}</summary>
                {(!page.external_note.is_empty())
                    .then(|| view! { <p class="note">{page.external_note.clone()}</p> })}
                <DataTable table=page.external page=DashboardPage::TechnicalDebt query=query.clone()/>
            </details>
        })}
    }
    .into_any()
}
