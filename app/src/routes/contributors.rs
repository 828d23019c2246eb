//! The contributors page (`/contributors`), for community managers: who
//! contributes, their status (new, active, drifting, away), where and for
//! whom; searched, sorted, narrowed by status and contributions, paged; the
//! inactive contributors one click away; the accounts left out as bots,
//! and why. Works without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::api::contributors_page;
use crate::components::{
    self, chosen_lang, flag_param, query_of, query_with, text_param, use_lang, CheckField,
    DataTable, EmptyStore, FilterForm, QueryForm, SelectField,
};
use crate::data::{ContributorsData, ContributorsView, DashboardPage};
use crate::filter::Filter;
use crate::i18n::Arg;

/// Reads the table's own URL parameters.
pub fn view_from_query(q: &ParamsMap) -> ContributorsView {
    let number = |key: &str| text_param(q, key).and_then(|v| v.parse::<u32>().ok());
    ContributorsView {
        q: text_param(q, "q"),
        status: text_param(q, "status"),
        min: number("min").filter(|m| *m > 0),
        sort: text_param(q, "sort"),
        reverse: flag_param(q, "reverse"),
        page: number("page").filter(|p| *p > 1),
    }
}

/// The view as query pairs (without the page unless given).
pub fn view_pairs(v: &ContributorsView) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut push = |k: &str, v: String| pairs.push((k.to_owned(), v));
    if let Some(q) = &v.q {
        push("q", q.clone());
    }
    if let Some(s) = &v.status {
        push("status", s.clone());
    }
    if let Some(m) = v.min {
        push("min", m.to_string());
    }
    if let Some(s) = &v.sort {
        push("sort", s.clone());
    }
    if v.reverse {
        push("reverse", "1".to_owned());
    }
    if let Some(p) = v.page {
        push("page", p.to_string());
    }
    pairs
}

/// The page at `/contributors`.
#[component]
pub fn ContributorsPage() -> impl IntoView {
    if !crate::auth::may_see_people() {
        return view! { <crate::auth::SignInRequired title_id="contributors-title"/> }.into_any();
    }
    let query = use_query_map();
    let lang = use_lang();
    let request = Memo::new(move |_| query.with(|q| (Filter::from_query(q).0, view_from_query(q))));
    let data = Resource::new(
        move || (request.get(), lang.get()),
        |((filter, view), lang)| contributors_page(filter, view, lang),
    );
    view! {
        <components::Page title_id="contributors-title" data body=|page| view! { <Contributors page/> }.into_any()/>
    }
    .into_any()
}

#[component]
fn Contributors(page: ContributorsData) -> impl IntoView {
    let lang = use_lang().get_untracked();
    if page.frame.repositories.is_empty() {
        return view! { <EmptyStore/> }.into_any();
    }
    let chosen = chosen_lang();
    let filter = page.frame.filter.clone();
    let v = page.view.clone();
    // Links to the same view with something changed (the page back to 1).
    let with = |change: &dyn Fn(&mut ContributorsView)| {
        let mut view = ContributorsView {
            page: None,
            ..v.clone()
        };
        change(&mut view);
        format!(
            "/contributors{}",
            query_with(&filter, chosen.as_deref(), &view_pairs(&view))
        )
    };
    let all_pages = ContributorsView {
        page: None,
        ..v.clone()
    };
    let download_query = query_with(&filter, chosen.as_deref(), &view_pairs(&all_pages));
    let links = query_of(&filter, chosen.as_deref());
    let filter_hidden = filter.pairs(chosen.as_deref());
    let q = v.q.clone().unwrap_or_default();
    let min = v.min.map(|m| m.to_string()).unwrap_or_default();
    let status_links = page
        .counts
        .iter()
        .map(|(key, label, n)| {
            let selected = v.status.as_deref() == Some(key.as_str());
            let href = with(&|view| view.status = Some(key.clone()));
            let class = format!("status contributor-{key}");
            let test_id = format!("count-{key}");
            view! {
                <li class=class data-testid=test_id>
                    <a href=href aria-current=selected.then_some("true")>{label.clone()} {lang.colon()} {lang.int(*n as i64)}</a>
                </li>
            }
        })
        .collect_view();
    let everyone = with(&|view| view.status = None);
    let page_link = |n: u32| {
        let mut view = v.clone();
        view.page = Some(n).filter(|n| *n > 1);
        format!(
            "/contributors{}",
            query_with(&filter, chosen.as_deref(), &view_pairs(&view))
        )
    };
    let previous = (page.page > 1).then(|| page_link(page.page - 1));
    let next = (page.page < page.pages).then(|| page_link(page.page + 1));
    view! {
        <FilterForm frame=page.frame.clone() extra=view_pairs(&all_pages)/>
        <nav class="status-counts" aria-label=lang.t("contributors-by-status")>
            <ul>
                <li><a href=everyone aria-current=v.status.is_none().then_some("true")>{lang.t("contributors-everyone")}</a></li>
                {status_links}
            </ul>
        </nav>
        <QueryForm>
            <fieldset class="filter catalogue">
                <legend>{lang.t("contributors-find")}</legend>
                {filter_hidden
                    .into_iter()
                    .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
                    .collect_view()}
                <div class="field">
                    <label for="contributors-q">{lang.t("contributors-search")}</label>
                    <input id="contributors-q" type="search" name="q" value=q.clone() prop:value=q/>
                </div>
                <SelectField id="contributors-status" name="status" label_id="column-status"
                    all="contributors-everyone" current=v.status.clone()
                    options=page.counts.iter().map(|(key, label, _)| (key.clone(), label.clone())).collect()/>
                <div class="field">
                    <label for="contributors-min">{lang.t("contributors-min")}</label>
                    <input id="contributors-min" type="number" name="min" min="1" inputmode="numeric"
                        value=min.clone() prop:value=min/>
                </div>
                <SelectField id="contributors-sort" name="sort" label_id="catalogue-sort"
                    options=page.sort_keys.clone() current=Some(v.sort.clone().unwrap_or_else(|| "last".to_owned()))/>
                <CheckField id="contributors-reverse" name="reverse" checked=v.reverse label_id="contributors-reverse"/>
                <button type="submit">{lang.t("filter-apply")}</button>
            </fieldset>
        </QueryForm>
        <p class="shown" data-testid="shown">
            {lang.t_args("contributors-shown", &[("count", Arg::Count(page.matching as i64))])}
        </p>
        <DataTable table=page.table page=DashboardPage::Contributors query=download_query.clone() links/>
        {(page.pages > 1).then(|| view! {
            <nav class="pages" aria-label=lang.t("pages-label")>
                {previous.map(|href| view! { <a href=href rel="prev">{lang.t("pages-previous")}</a> })}
                <span data-testid="page-of">
                    {lang.t_args("pages-of", &[
                        ("page", Arg::Text(lang.int(i64::from(page.page)))),
                        ("pages", Arg::Text(lang.int(i64::from(page.pages)))),
                    ])}
                </span>
                {next.map(|href| view! { <a href=href rel="next">{lang.t("pages-next")}</a> })}
            </nav>
        })}
        {(!page.bots.rows.is_empty()).then(|| view! {
            <section id="bots" class="bots" aria-labelledby="bots-title">
                <h2 id="bots-title">{lang.t("contributors-bots-title")}</h2>
                <p>{lang.t("contributors-bots-why")}</p>
                <DataTable table=page.bots page=DashboardPage::Contributors query=download_query/>
            </section>
        })}
    }
    .into_any()
}
