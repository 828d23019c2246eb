//! Pieces every page uses: the filter form, notices, tables with their CSV
//! link, charts with their numbers and downloads.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::web_sys::FormData;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::data::{Chart, DashboardPage, Frame, Table};
use crate::filter::{ChartPeriod, Filter};
use crate::i18n::{Arg, Lang};

/// The page's language (see [`crate::i18n`]).
pub fn use_lang() -> Memo<Lang> {
    expect_context::<Memo<Lang>>()
}

/// A page: its title and heading (the message `title_id`), then what `body`
/// makes of the page's data once loaded, or the error in words.
#[component]
pub fn Page<T>(
    /// The message id of the page's title.
    title_id: &'static str,
    /// The page's data, loading or loaded.
    data: Resource<Result<T, ServerFnError>>,
    /// The page once its data is there.
    body: fn(T) -> AnyView,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
    let lang = use_lang();
    view! {
        // The document head is written after the page: if the reader has
        // gone by then, the page's signals are disposed (try_get, no panic).
        <Title text=move || lang.try_get().map(|l| l.t(title_id)).unwrap_or_default()/>
        <h1>{move || lang.get().t(title_id)}</h1>
        <Transition fallback=move || view! { <p class="loading">{lang.get_untracked().t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => body(page),
                    Err(e) => {
                        // Not a page to keep or index: the data could not be read.
                        error_status();
                        view! { <p class="error" role="alert">{error_text(&e)}</p> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// The sentence of a server function's error, without its prefix.
fn error_text(e: &ServerFnError) -> String {
    match e {
        ServerFnError::ServerError(message) => message.clone(),
        other => other.to_string(),
    }
}

/// The URL's `lang` parameter, if the reader chose one: kept in links.
pub fn chosen_lang() -> Option<String> {
    use_query_map()
        .with_untracked(Lang::of_query)
        .map(|l| l.code().to_owned())
}

/// The query string (with `?`) of a filter and the chosen language.
pub fn query_of(filter: &Filter, lang: Option<&str>) -> String {
    let q = filter.to_query(lang);
    if q.is_empty() {
        String::new()
    } else {
        format!("?{q}")
    }
}

/// A page's own URL parameter, trimmed; `None` when absent, empty or
/// longer than 100 characters (no name or value of ours is).
pub fn text_param(query: &ParamsMap, key: &str) -> Option<String> {
    query
        .get(key)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty() && v.chars().count() <= 100)
}

/// A page's own on/off URL parameter: on when it is `1`.
pub fn flag_param(query: &ParamsMap, key: &str) -> bool {
    query.get(key).is_some_and(|v| v == "1")
}

/// [`query_of`] with more pairs after the filter's (a page's own view).
pub fn query_with(filter: &Filter, lang: Option<&str>, extra: &[(String, String)]) -> String {
    let mut q = filter.to_query(lang);
    for (name, value) in extra {
        if !q.is_empty() {
            q.push('&');
        }
        q.push_str(&format!("{name}={}", crate::filter::encode(value)));
    }
    if q.is_empty() {
        q
    } else {
        format!("?{q}")
    }
}

/// A GET form whose fields make the page's address. Without JavaScript
/// the browser submits it and the server renders the new page; hydrated,
/// the router turns the submission into a client-side navigation, with
/// the address tidied as [`tidy_query`] says.
///
/// Its fields are drawn again in place when the page changes, so each
/// states its value twice: as an attribute (`value`, `selected`,
/// `checked`: the server's HTML, and the form's reset) and as a property
/// (`prop:value`...: what the field shows and sends). Redrawn with
/// type-erased views (`--cfg erase_components`), an element has every
/// attribute taken off and put back: meanwhile a list without `multiple`
/// must have an option chosen, and the browser picks the first; and a
/// field the reader has touched no longer follows its attribute anyway.
#[component]
pub fn QueryForm(children: Children) -> impl IntoView {
    let tidy: Arc<dyn Fn(&FormData)> = Arc::new(tidy_query);
    view! {
        <Form method="GET" action="" noscroll=true on_form_data=tidy>
            {children()}
        </Form>
    }
}

/// Leaves out of a submitted form what would only clutter the address:
/// empty fields (`to=`; the filter reads them as absent anyway) and the
/// nameless entry (`=`) the router adds for a submit button without a
/// name (browsers add a button only when it has one).
fn tidy_query(data: &FormData) {
    let mut names: Vec<String> = data
        .keys()
        .into_iter()
        .filter_map(|name| name.ok()?.as_string())
        .collect();
    names.sort();
    names.dedup();
    for name in names {
        let values: Vec<String> = data
            .get_all(&name)
            .iter()
            .filter_map(|v| v.as_string())
            .collect();
        if name.is_empty() || values.iter().any(String::is_empty) {
            data.delete(&name);
            for value in values.iter().filter(|v| !v.is_empty() && !name.is_empty()) {
                let _ = data.append_with_str(&name, value);
            }
        }
    }
}

/// The GET form that sets the filter in the URL (a [`QueryForm`]).
#[component]
pub fn FilterForm(
    /// The filter as applied, and the choices it offers.
    frame: Frame,
    /// The page's own parameters, kept as hidden fields: (name, value).
    #[prop(optional)]
    extra: Vec<(String, String)>,
    /// The page is about one repository: no repository or group choice.
    #[prop(optional)]
    fixed_scope: bool,
) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let f = frame.filter.clone();
    let from = f.from.map(|m| m.to_string()).unwrap_or_default();
    let to = f.to.map(|m| m.to_string()).unwrap_or_default();
    let chosen = chosen_lang();
    // What the URL had that could not be read (the server reports the
    // names it does not know in `frame.notices`).
    let url_problems = use_query_map().with_untracked(Filter::from_query).1;
    let options = |names: Vec<String>, selected: Vec<String>| {
        names
            .into_iter()
            .map(|name| {
                let is_selected = selected.contains(&name);
                let label = name.clone();
                view! { <option value=name selected=is_selected prop:selected=is_selected>{label}</option> }
            })
            .collect_view()
    };
    let has_groups = !frame.groups.is_empty() && !fixed_scope;
    // How many accounts are left out as bots; which, for those who may
    // see people (on the contributors page, same view).
    let bots = frame.bots_left_out.filter(|n| *n > 0).map(|n| {
        let text = lang.t_args("bots-left-out", &[("count", Arg::Count(n as i64))]);
        let which = crate::auth::may_see_people().then(|| {
            let href = format!("/contributors{}#bots", query_of(&f, chosen.as_deref()));
            view! { " " <a href=href data-testid="bots-left-out-which">{lang.t("bots-left-out-which")}</a> }
        });
        view! { <p class="bots-left-out" data-testid="bots-left-out">{text}{which}</p> }
    });
    view! {
        <QueryForm>
            // Folded on phones, so the figures come first; always open on
            // wider screens (style/main.css).
            <details class="filter-box">
            <summary>{lang.t("filter-legend")}</summary>
            <fieldset class="filter">
                <legend>{lang.t("filter-legend")}</legend>
                {(!fixed_scope).then(|| view! {
                    <div class="field">
                        <label for="filter-repo">{lang.t("filter-repositories")}</label>
                        <select id="filter-repo" name="repo" multiple size="4">
                            {options(frame.repositories.clone(), f.repositories.clone())}
                        </select>
                    </div>
                })}
                {has_groups.then(|| view! {
                    <div class="field">
                        <label for="filter-group">{lang.t("filter-groups")}</label>
                        <select id="filter-group" name="group" multiple size="4">
                            {options(frame.groups.clone(), f.groups.clone())}
                        </select>
                    </div>
                })}
                <div class="field">
                    <label for="filter-from">{lang.t("filter-from")}</label>
                    <input id="filter-from" type="month" name="from" value=from.clone() prop:value=from placeholder="YYYY-MM"/>
                </div>
                <div class="field">
                    <label for="filter-to">{lang.t("filter-to")}</label>
                    <input id="filter-to" type="month" name="to" value=to.clone() prop:value=to placeholder="YYYY-MM"/>
                </div>
                <div class="field">
                    <label for="filter-period">{lang.t("filter-period")}</label>
                    <select id="filter-period" name="period">
                        <option value="" selected=f.period.is_none() prop:selected=f.period.is_none()>{lang.t("period-auto")}</option>
                        {ChartPeriod::ALL
                            .into_iter()
                            .map(|p| {
                                let label = lang.t(p.label_id());
                                let chosen = Some(p) == f.period;
                                view! { <option value=p.key() selected=chosen prop:selected=chosen>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <CheckField id="filter-bots" name="bots" checked=f.bots label_id="filter-bots"/>
                {chosen.clone().map(|l| view! { <input type="hidden" name="lang" value=l/> })}
                {extra
                    .into_iter()
                    .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
                    .collect_view()}
                <button type="submit">{lang.t("filter-apply")}</button>
                <a class="reset" href=format!("?{}", Filter::default().to_query(chosen.as_deref()))>
                    {lang.t("filter-reset")}
                </a>
            </fieldset>
            </details>
        </QueryForm>
        <Notices notices=url_problems
            .iter()
            .map(|p| p.describe(lang))
            .chain(frame.notices.iter().cloned())
            .collect()/>
        <p class="scope">
            {lang.t("scope-label")} " " <strong data-testid="scope">{frame.scope.clone()}</strong>
        </p>
        {bots}
    }
}

/// Sentences about the URL or the data, in a status region.
#[component]
pub fn Notices(
    /// The sentences.
    notices: Vec<String>,
) -> impl IntoView {
    (!notices.is_empty()).then(|| {
        view! {
            <ul class="notices" role="status">
                {notices.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
            </ul>
        }
    })
}

/// The download link of a page's table or chart, with the page's filter.
pub fn download_href(page: DashboardPage, name: &str, extension: &str, query: &str) -> String {
    format!("/download/{}/{name}.{extension}{query}", page.key())
}

/// A table, with its CSV download (`query`: the page's, for the download).
/// Cells that link to a page get `links` (the filter and language) after
/// their path, so the reader keeps their view.
#[component]
pub fn DataTable(
    /// The table.
    table: Table,
    /// The page it is on, for its download.
    page: DashboardPage,
    /// The download's query (filter, view, language).
    query: String,
    /// What links in cells get after their path.
    #[prop(optional)]
    links: String,
) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let csv = download_href(page, &table.id, "csv", &query);
    let test_id = format!("table-{}", table.id);
    view! {
        <div class="table-wrap">
            <table data-testid=test_id>
                <caption>
                    {table.caption.clone()}
                    " "
                    <a class="download" href=csv download>
                        {lang.t("download-csv")}
                    </a>
                </caption>
                <TableBody table links/>
            </table>
        </div>
    }
}

/// The header and rows of a table (inside a `<table>`).
#[component]
pub fn TableBody(
    /// The table.
    table: Table,
    /// What links in cells get after their path.
    #[prop(optional)]
    links: String,
) -> impl IntoView {
    let numeric: Vec<bool> = table.columns.iter().map(|c| c.numeric).collect();
    view! {
        <thead>
            <tr>
                {table
                    .columns
                    .into_iter()
                    .map(|c| view! { <th scope="col" class:num=c.numeric>{c.label}</th> })
                    .collect_view()}
            </tr>
        </thead>
        <tbody>
            {table
                .rows
                .into_iter()
                .map(|row| {
                    let numeric = numeric.clone();
                    let links = links.clone();
                    view! {
                        <tr>
                            {row
                                .into_iter()
                                .enumerate()
                                .map(|(i, cell)| {
                                    let class = format!(
                                        "{}{}",
                                        if numeric.get(i).copied().unwrap_or(false) { "num " } else { "" },
                                        cell.class.unwrap_or_default()
                                    );
                                    let content = match cell.href {
                                        Some(href) => {
                                            let href = format!("{href}{links}");
                                            view! { <a href=href>{cell.text}</a> }.into_any()
                                        }
                                        None => cell.text.into_any(),
                                    };
                                    if i == 0 {
                                        view! { <th scope="row" class=class>{content}</th> }.into_any()
                                    } else {
                                        view! { <td class=class>{content}</td> }.into_any()
                                    }
                                })
                                .collect_view()}
                        </tr>
                    }
                })
                .collect_view()}
        </tbody>
    }
}

/// A chart drawn on the server: its SVG, caption, the numbers behind a
/// toggle (`<details>`, no JavaScript needed) and its downloads.
#[component]
pub fn ChartFigure(
    /// The chart.
    chart: Chart,
    /// The page it is on, for its downloads.
    page: DashboardPage,
    /// The downloads' query (filter, language).
    query: String,
) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let svg = download_href(page, &chart.id, "svg", &query);
    let png = download_href(page, &chart.id, "png", &query);
    let csv = download_href(page, &chart.id, "csv", &query);
    let test_id = format!("chart-{}", chart.id);
    view! {
        <figure class="chart" data-testid=test_id>
            <h2>{chart.title.clone()}</h2>
            // Two drawings; the stylesheet shows the one that fits the screen.
            <div class="chart-svg chart-wide" inner_html=chart.svg.clone()></div>
            <div class="chart-svg chart-narrow" inner_html=chart.svg_narrow.clone()></div>
            <figcaption>
                {chart.caption.clone()}
                <span class="downloads">
                    {lang.t("download-label")} " "
                    <a href=svg download>{lang.t("download-svg")}</a> " "
                    <a href=png download>{lang.t("download-png")}</a> " "
                    <a href=csv download>{lang.t("download-csv")}</a>
                </span>
            </figcaption>
            <details>
                <summary>{lang.t("chart-numbers")}</summary>
                <div class="table-wrap">
                    <table>
                        <caption>{chart.table.caption.clone()}</caption>
                        <TableBody table=chart.table/>
                    </table>
                </div>
            </details>
        </figure>
    }
}

/// Sets the response's HTTP status (`code`) on the server; nothing in the
/// browser, where the page is already there. The one place pages reach
/// the server's response.
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        response.set_status(status);
    }
    // Used on the server only.
    let _ = code;
}

/// Marks the response as 500: the page could not read its data, so no
/// cache may keep it.
pub fn error_status() {
    set_status(500);
}

/// Marks the response as 404 Not Found: for a page about something that
/// does not exist.
pub fn not_found_status() {
    set_status(404);
}

/// A page about something that does not exist (a 404): what is missing,
/// in words (`message_id`), and a link back to the list (`back`, with the
/// reader's language kept; `back_id` its words).
#[component]
pub fn Missing(
    /// The message's test id.
    test_id: &'static str,
    /// The message id of what is missing.
    message_id: &'static str,
    /// The list to go back to.
    back: &'static str,
    /// The message id of the link back.
    back_id: &'static str,
) -> impl IntoView {
    not_found_status();
    let lang = use_lang().get_untracked();
    let href = format!(
        "{back}{}",
        query_of(&Filter::default(), chosen_lang().as_deref())
    );
    view! {
        <p class="notices" role="status" data-testid=test_id>{lang.t(message_id)}</p>
        <p><a href=href>{lang.t(back_id)}</a></p>
    }
}

/// Shown instead of a page when the store is empty.
#[component]
pub fn EmptyStore() -> impl IntoView {
    let lang = use_lang().get_untracked();
    view! {
        <section class="empty" data-testid="empty-store">
            <h2>{lang.t("empty-title")}</h2>
            <p>{lang.t("empty-text")}</p>
        </section>
    }
}

/// A form's checkbox (`name=1` when ticked) with its label (attribute and
/// property: see [`QueryForm`]).
#[component]
pub fn CheckField(
    /// The checkbox's id (its label's `for`).
    id: &'static str,
    /// Its name in the URL.
    name: &'static str,
    /// Ticked.
    checked: bool,
    /// The label's message id.
    label_id: &'static str,
) -> impl IntoView {
    let lang = use_lang().get_untracked();
    view! {
        <div class="field check">
            <input id=id type="checkbox" name=name value="1" checked=checked prop:checked=checked/>
            <label for=id>{lang.t(label_id)}</label>
        </div>
    }
}

/// A form's choice among `options` ((value, label)), `current` selected
/// (attribute and property: see [`QueryForm`]); with `all` (a message
/// id), a first option with no value: no choice.
#[component]
pub fn SelectField(
    /// The list's id (its label's `for`).
    id: &'static str,
    /// Its name in the URL.
    name: &'static str,
    /// The label's message id.
    label_id: &'static str,
    /// The choices: (value, label).
    options: Vec<(String, String)>,
    /// The value chosen, if any.
    current: Option<String>,
    /// The message id of a first choice of none, if there is one.
    #[prop(optional)]
    all: Option<&'static str>,
) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let none = all.map(|all_id| {
        view! { <option value="" selected=current.is_none() prop:selected=current.is_none()>{lang.t(all_id)}</option> }
    });
    view! {
        <div class="field">
            <label for=id>{lang.t(label_id)}</label>
            <select id=id name=name>
                {none}
                {options.into_iter().map(|(value, label)| {
                    let selected = current.as_deref() == Some(value.as_str());
                    view! { <option value=value selected=selected prop:selected=selected>{label}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
