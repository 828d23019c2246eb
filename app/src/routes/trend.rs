//! The contributor trend: active and new contributors per month, for all
//! repositories or one, over a window of months.
//!
//! The filter is a plain GET form: without JavaScript the browser submits it
//! and the server renders the new page; once hydrated, the router turns the
//! submission into a client-side navigation and only the data is fetched.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::{trend_page, MonthRow, TrendPageData};
use crate::filter::Filter;

/// The page at `/`.
#[component]
pub fn TrendPage() -> impl IntoView {
    let query = use_query_map();
    let parsed = Memo::new(move |_| query.with(Filter::from_query));
    let data = Resource::new(move || parsed.get().0, trend_page);

    view! {
        <Title text="Contributor trend"/>
        <h1>"Contributor trend"</h1>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (_, problems) = parsed.get();
                match data.await {
                    Ok(page) => view! { <TrendContent page problems/> }.into_any(),
                    Err(e) => view! {
                        <p class="error" role="alert">{e.to_string()}</p>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

/// The filter, headline figures, chart and table for computed data.
#[component]
fn TrendContent(page: TrendPageData, problems: Vec<String>) -> impl IntoView {
    let scope = page
        .filter
        .repository
        .clone()
        .unwrap_or_else(|| format!("all {} repositories", page.repositories.len()));
    let window = match (page.months.first(), page.months.last()) {
        (Some(first), Some(last)) => format!("{} to {}", first.month, last.month),
        _ => "no activity".to_owned(),
    };
    let notices: Vec<String> = problems
        .into_iter()
        .chain(page.notices.iter().cloned())
        .collect();
    let peak = page
        .months
        .iter()
        .map(|m| m.active_contributors)
        .max()
        .unwrap_or(0);
    if page.repositories.is_empty() {
        return view! {
            <section class="empty" data-testid="empty-store">
                <h2>"Nothing has been ingested yet"</h2>
                <p>
                    "The database holds no repository. Run " <code>"vigie ingest"</code>
                    " and read its summary: a source that could not be reached is named there. "
                    "Without internet access, point the configuration at local repositories or "
                    "git-log files (README, Configuration)."
                </p>
            </section>
        }
        .into_any();
    }
    view! {
        <FilterForm page=page.clone()/>
        {(!notices.is_empty()).then(|| view! {
            <ul class="notices" role="status">
                {notices.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
            </ul>
        })}
        <p class="scope">
            "Showing " <strong data-testid="scope">{scope}</strong> ", "
            <span data-testid="window">{window}</span> "."
        </p>
        <section class="figures" aria-label="Headline figures">
            <Figure label="Active contributors" value=page.active_in_window.to_string() test_id="active-total"
                note="distinct people with at least one commit in the window"/>
            <Figure label="New contributors" value=page.new_in_window.to_string() test_id="new-total"
                note="first commit in this scope falls in the window"/>
            <Figure label="Bus factor" value=page.bus_factor.map_or("–".to_owned(), |f| f.to_string())
                test_id="bus-factor"
                note="fewest people who made half of the window's contributions"/>
            <Figure label="Busiest month" value=peak.to_string() test_id="peak"
                note="most active contributors in one month"/>
        </section>
        <figure class="chart" data-testid="trend-chart">
            <div class="chart-svg" inner_html=page.chart_svg.clone()></div>
            <figcaption>"Active and new contributors per month (bots excluded)."</figcaption>
        </figure>
        <MonthTable months=page.months/>
    }
    .into_any()
}

/// The GET form that sets `repo`, `from` and `to` in the URL.
#[component]
fn FilterForm(page: TrendPageData) -> impl IntoView {
    let selected = page.filter.repository.clone().unwrap_or_default();
    let from = page.filter.from.map(|m| m.to_string()).unwrap_or_default();
    let to = page.filter.to.map(|m| m.to_string()).unwrap_or_default();
    view! {
        <Form method="GET" action="" noscroll=true>
            <div class="filter">
                <div class="field">
                    <label for="filter-repo">"Repository"</label>
                    <select id="filter-repo" name="repo">
                        <option value="" selected=selected.is_empty()>"All repositories"</option>
                        {page
                            .repositories
                            .into_iter()
                            .map(|r| {
                                let is_selected = r == selected;
                                let label = r.clone();
                                view! { <option value=r selected=is_selected>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-from">"From"</label>
                    <input id="filter-from" type="month" name="from" value=from placeholder="YYYY-MM"/>
                </div>
                <div class="field">
                    <label for="filter-to">"To"</label>
                    <input id="filter-to" type="month" name="to" value=to placeholder="YYYY-MM"/>
                </div>
                <button type="submit">"Apply"</button>
                <a class="reset" href="/">"Reset"</a>
            </div>
        </Form>
    }
}

/// One headline number.
#[component]
fn Figure(
    label: &'static str,
    value: String,
    test_id: &'static str,
    note: &'static str,
) -> impl IntoView {
    view! {
        <div class="figure">
            <span class="figure-value" data-testid=test_id>{value}</span>
            <span class="figure-label">{label}</span>
            <span class="figure-note">{note}</span>
        </div>
    }
}

/// Every month of the window, newest first.
#[component]
fn MonthTable(months: Vec<MonthRow>) -> impl IntoView {
    view! {
        <table class="months" data-testid="months">
            <caption>"Contributors per month"</caption>
            <thead>
                <tr>
                    <th scope="col">"Month"</th>
                    <th scope="col" class="num">"Active"</th>
                    <th scope="col" class="num">"New"</th>
                </tr>
            </thead>
            <tbody>
                {months
                    .into_iter()
                    .rev()
                    .map(|m| {
                        let label = m.month.clone();
                        view! {
                        <tr data-month=m.month>
                            <th scope="row">{label}</th>
                            <td class="num">{m.active_contributors}</td>
                            <td class="num">{m.new_contributors}</td>
                        </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
