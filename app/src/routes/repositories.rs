//! The repositories page (`/repositories`): the catalogue with each
//! repository's health and the reason in words, narrowed and sorted through
//! the URL (works without JavaScript).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::api::repositories_page;
use crate::components::{
    self, chosen_lang, flag_param, query_with, text_param, use_lang, CheckField, DataTable,
    EmptyStore, FilterForm, QueryForm, SelectField,
};
use crate::data::{CatalogueView, DashboardPage, RepositoriesData};
use crate::filter::Filter;
use crate::i18n::Arg;

/// Reads the catalogue's own URL parameters.
pub fn view_from_query(q: &ParamsMap) -> CatalogueView {
    CatalogueView {
        status: text_param(q, "status"),
        language: text_param(q, "language"),
        hide_archived: flag_param(q, "hide_archived"),
        code_gouv: text_param(q, "code_gouv").and_then(|n| n.parse().ok()),
        sort: text_param(q, "sort"),
        desc: flag_param(q, "desc"),
    }
}

/// The catalogue view as query pairs.
fn view_pairs(v: &CatalogueView) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    if let Some(s) = &v.status {
        pairs.push(("status".to_owned(), s.clone()));
    }
    if let Some(l) = &v.language {
        pairs.push(("language".to_owned(), l.clone()));
    }
    if v.hide_archived {
        pairs.push(("hide_archived".to_owned(), "1".to_owned()));
    }
    if let Some(n) = v.code_gouv {
        pairs.push(("code_gouv".to_owned(), n.to_string()));
    }
    if let Some(s) = &v.sort {
        pairs.push(("sort".to_owned(), s.clone()));
    }
    if v.desc {
        pairs.push(("desc".to_owned(), "1".to_owned()));
    }
    pairs
}

/// The page at `/repositories`.
#[component]
pub fn RepositoriesPage() -> impl IntoView {
    let query = use_query_map();
    let lang = use_lang();
    let request = Memo::new(move |_| query.with(|q| (Filter::from_query(q).0, view_from_query(q))));
    let data = Resource::new(
        move || (request.get(), lang.get()),
        |((filter, view), lang)| repositories_page(filter, view, lang),
    );
    view! {
        <components::Page title_id="repositories-title" data body=|page| view! { <Catalogue page/> }.into_any()/>
    }
}

#[component]
fn Catalogue(page: RepositoriesData) -> impl IntoView {
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
    let filter_hidden = page.frame.filter.pairs(chosen.as_deref());
    let v = page.view.clone();
    let shown = page.table.rows.len() as i64;
    view! {
        <FilterForm frame=page.frame.clone() extra=view_pairs(&page.view)/>
        <ul class="status-counts" aria-label=lang.t("catalogue-counts")>
            {page
                .counts
                .iter()
                .map(|(key, label, n)| {
                    let class = format!("status status-{key}");
                    let test_id = format!("count-{key}");
                    view! { <li class=class data-testid=test_id>{label.clone()} {lang.colon()} {lang.int(*n as i64)}</li> }
                })
                .collect_view()}
        </ul>
        <QueryForm>
            <fieldset class="filter catalogue">
                <legend>{lang.t("catalogue-sort")}</legend>
                {filter_hidden
                    .into_iter()
                    .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
                    .collect_view()}
                <SelectField id="catalogue-status" name="status" label_id="catalogue-status"
                    all="catalogue-all-statuses" current=v.status.clone()
                    options=page.counts.iter().map(|(key, label, _)| (key.clone(), label.clone())).collect()/>
                <SelectField id="catalogue-language" name="language" label_id="catalogue-language"
                    all="catalogue-all-languages" current=v.language.clone()
                    options=page.languages.iter().map(|l| (l.clone(), l.clone())).collect()/>
                {page.code_gouv_judged.then(|| view! {
                    <SelectField id="catalogue-code-gouv" name="code_gouv" label_id="catalogue-code-gouv"
                        all="catalogue-code-gouv-any" current=v.code_gouv.map(|n| n.to_string())
                        options=(1..=10).rev().map(|n| (n.to_string(), lang.t_args("catalogue-code-gouv-at-least", &[("count", Arg::Count(n))]))).collect()/>
                })}
                <SelectField id="catalogue-sort" name="sort" label_id="catalogue-sort"
                    options=page.sort_keys.clone() current=Some(v.sort.clone().unwrap_or_else(|| "name".to_owned()))/>
                <CheckField id="catalogue-desc" name="desc" checked=v.desc label_id="catalogue-desc"/>
                <CheckField id="catalogue-archived" name="hide_archived" checked=v.hide_archived
                    label_id="catalogue-hide-archived"/>
                <button type="submit">{lang.t("filter-apply")}</button>
            </fieldset>
        </QueryForm>
        <p class="shown" data-testid="shown">
            {lang.t_args("repositories-shown", &[("count", Arg::Count(shown))])}
        </p>
        {page.code_gouv_judged.then(|| {
            let href = components::download_href(DashboardPage::Repositories, "publiccode", "zip", &query);
            view! {
                <p class="publiccode-archive">
                    <a href=href download data-testid="publiccode-archive">{lang.t("publiccode-archive")}</a>
                </p>
            }
        })}
        <p class="mrl-archive">
            <a href=components::download_href(DashboardPage::Repositories, "mrl", "csv", &query) download data-testid="mrl-archive">
                {lang.t("mrl-archive")}
            </a>
        </p>
        <DataTable table=page.table page=DashboardPage::Repositories query/>
    }
    .into_any()
}
