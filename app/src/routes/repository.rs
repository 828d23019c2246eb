//! One repository's page (`/repositories/{owner/name}`): its status with
//! the reasons, its health indicators and its own charts.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::repository_page;
use crate::components::{
    self, chosen_lang, query_of, query_with, use_lang, ChartFigure, DataTable, FilterForm, Missing,
};
use crate::data::{DashboardPage, RepositoryData};
use crate::filter::Filter;

/// The page at `/repositories/{name}`.
#[component]
pub fn RepositoryPage() -> impl IntoView {
    let query = use_query_map();
    let params = use_params_map();
    let lang = use_lang();
    let request = Memo::new(move |_| {
        let name = params.with(|p| p.get("name")).unwrap_or_default();
        (name, query.with(Filter::from_query).0)
    });
    let data = Resource::new(
        move || (request.get(), lang.get()),
        |((name, filter), lang)| repository_page(name, filter, lang),
    );
    view! {
        <components::Page title_id="repository-title" data body=|page| match page {
            Some(page) => view! { <Repository page/> }.into_any(),
            None => view! {
                <Missing test_id="repository-missing" message_id="repository-missing"
                    back="/repositories" back_id="repository-back"/>
            }.into_any(),
        }/>
    }
}

#[component]
fn Repository(page: RepositoryData) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let chosen = chosen_lang();
    // The page's own repository is in its path, not in the filter.
    let mut filter = page.frame.filter.clone();
    filter.repositories.clear();
    let back = format!("/repositories{}", query_of(&filter, chosen.as_deref()));
    let downloads = query_with(
        &filter,
        chosen.as_deref(),
        &[("name".to_owned(), page.name.clone())],
    );
    let (status_key, status_label) = page.status.clone();
    let status_class = format!("status status-{status_key}");
    let mut frame = page.frame.clone();
    frame.filter = filter;
    view! {
        <Title text=page.name.clone()/>
        <p class="back"><a href=back>{lang.t("repository-back")}</a></p>
        <h2 class="subject" data-testid="repository-name">
            {page.name.clone()} " "
            <span class=status_class data-testid="repository-status">{status_label}</span>
        </h2>
        {(!page.reasons.is_empty()).then(|| view! {
            <ul class="reasons" data-testid="repository-reasons">
                {page.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}
            </ul>
        })}
        <dl class="facts" data-testid="repository-facts">
            {page
                .facts
                .into_iter()
                .map(|(label, value)| view! { <div><dt>{label}</dt><dd>{value}</dd></div> })
                .collect_view()}
        </dl>
        <section class="repository-estate" data-testid="repository-estate">
            <h3>{lang.t("repository-estate")}</h3>
            {match page.estate {
                Some(facts) => view! {
                    <dl class="facts">
                        {facts
                            .into_iter()
                            .map(|(label, value)| view! { <div><dt>{label}</dt><dd>{value}</dd></div> })
                            .collect_view()}
                    </dl>
                    <p><a href="/technical-debt">{lang.t("repository-estate-more")}</a></p>
                }
                .into_any(),
                None => view! { <p class="note">{lang.t("repository-estate-unread")}</p> }.into_any(),
            }}
        </section>
        <section class="repository-code-gouv" data-testid="repository-code-gouv">
            <h3>{lang.t("code-gouv-title")}</h3>
            {match page.code_gouv {
                Some(view) => view! {
                    <p>{view.score}</p>
                    <div class="table-wrap">
                        <table class="criteria">
                            <thead>
                                <tr>
                                    <th scope="col">{lang.t("code-gouv-criterion")}</th>
                                    <th scope="col">{lang.t("code-gouv-state")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {view
                                    .criteria
                                    .into_iter()
                                    .map(|c| {
                                        let (class, word) = if c.met {
                                            ("status status-green", lang.t("code-gouv-met"))
                                        } else {
                                            ("status status-red", lang.t("code-gouv-not-met"))
                                        };
                                        view! {
                                            <tr>
                                                <th scope="row">
                                                    {c.name}
                                                    <span class="criterion-evidence">{c.evidence}</span>
                                                </th>
                                                <td><span class=class>{word}</span></td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any(),
                None => view! { <p class="note">{lang.t("code-gouv-unread")}</p> }.into_any(),
            }}
        </section>
        {page.publiccode.map(|pc| {
            let draft = format!(
                "/download/repository/publiccode.yml?name={}",
                crate::filter::encode(&page.name)
            );
            view! {
                <section class="repository-publiccode" data-testid="repository-publiccode">
                    <h3>{lang.t("publiccode-title")}</h3>
                    <p>{pc.summary}</p>
                    {pc.path.is_none().then(|| view! {
                        <p>
                            <a href=draft.clone() download>{lang.t("publiccode-draft")}</a>
                            " " <span class="note-inline">{lang.t("publiccode-draft-contacts")}</span>
                        </p>
                    })}
                    {(!pc.problems.is_empty()).then(|| view! {
                        <div class="table-wrap">
                            <table class="publiccode-problems">
                                <caption>{lang.t("publiccode-problems")}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col" class="num">{lang.t("column-line")}</th>
                                        <th scope="col">{lang.t("column-key")}</th>
                                        <th scope="col">{lang.t("column-problem")}</th>
                                        <th scope="col">{lang.t("column-fix")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {pc.problems.into_iter().map(|p| {
                                        let (class, word) = if p.error {
                                            ("status status-red", lang.t("publiccode-error"))
                                        } else {
                                            ("status status-amber", lang.t("publiccode-warning"))
                                        };
                                        view! {
                                            <tr>
                                                <td class="num">{p.line}</td>
                                                <td><code>{p.key}</code></td>
                                                <td><span class=class>{word}</span> " " {p.message}</td>
                                                <td>{p.fix}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    })}
                </section>
            }
        })}
        {page.mrl.map(|table| view! {
            <section class="repository-mrl" data-testid="repository-mrl">
                <h3>{lang.t("mrl-title")}</h3>
                <p class="note">{lang.t("mrl-intro")}</p>
                <DataTable table page=DashboardPage::Repository query=downloads.clone()/>
            </section>
        })}
        <FilterForm frame fixed_scope=true/>
        <div class="charts">
            {page
                .charts
                .into_iter()
                .map(|chart| view! { <ChartFigure chart page=DashboardPage::Repository query=downloads.clone()/> })
                .collect_view()}
        </div>
    }
}
