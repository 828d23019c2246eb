//! The GGI scorecard page (`/ggi`), for the OSPO officer: the 25
//! activities of the OSPO Alliance's Good Governance Initiative handbook by
//! goal, each with its status, the evidence Vigie measures for it and how
//! it moved, and the decisions taken on it; an administrator sets a status
//! with notes from the page (a plain form: works without JavaScript).
//! Downloads: the scorecard as CSV, and one Markdown file per activity in
//! the layout of the OSPO Alliance's own board (docs/governance.md).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::ggi_page;
use crate::auth::use_viewer;
use crate::components::{self, chosen_lang, query_with, use_lang, DataTable, FilterForm};
use crate::data::{DashboardPage, GgiActivity, GgiData, GgiHandbook};
use crate::filter::Filter;
use crate::i18n::{Arg, Lang};

/// The page at `/ggi`.
#[component]
pub fn GgiPage() -> impl IntoView {
    let query = use_query_map();
    let lang = use_lang();
    let filter = Memo::new(move |_| query.with(|q| Filter::from_query(q).0));
    let data = Resource::new(
        move || (filter.get(), lang.get()),
        |(filter, lang)| ggi_page(filter, lang),
    );
    view! {
        <components::Page title_id="ggi-title" data body=|page| view! { <Scorecard page/> }.into_any()/>
    }
}

#[component]
fn Scorecard(page: GgiData) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (done, error) = use_query_map().with_untracked(|q| (q.get("done"), q.get("error")));
    let version = match &page.handbook {
        GgiHandbook::Read(version) => version.clone(),
        GgiHandbook::NotConfigured => {
            return view! { <p class="notice" data-testid="ggi-not-configured">{lang.t("ggi-not-configured")}</p> }
                .into_any()
        }
        GgiHandbook::Unreadable(why) => {
            return view! {
                <p class="error" role="alert" data-testid="ggi-unreadable">
                    {lang.t_args("ggi-unreadable", &[("why", Arg::Text(why.clone()))])}
                </p>
            }
            .into_any()
        }
    };
    let chosen = chosen_lang();
    let query = query_with(&page.frame.filter, chosen.as_deref(), &[]);
    let [done_count, progress_count, open_count] = page.counts.map(|c| Arg::Count(c as i64));
    let board = format!("/download/ggi/board.zip{query}");
    view! {
        <FilterForm frame=page.frame.clone()/>
        {done.filter(|d| d == "decision").map(|_| view! {
            <p class="notices" role="status" data-testid="ggi-done">{lang.t("ggi-done-decision")}</p>
        })}
        {error.and_then(|e| refused_id(&e)).map(|id| view! {
            <p class="error" role="alert" data-testid="ggi-error">{lang.t(id)}</p>
        })}
        <p data-testid="ggi-intro">{lang.t_args("ggi-intro", &[("version", Arg::Text(version))])}</p>
        <p class="shown" data-testid="ggi-counts">
            {lang.t_args("ggi-counts", &[("done", done_count), ("progress", progress_count), ("open", open_count)])}
        </p>
        <p><a href=board download data-testid="ggi-board">{lang.t("ggi-board")}</a></p>
        {page.goals.into_iter().map(|goal| {
            let heading = format!("ggi-goal-{}", goal.name.split(' ').next().unwrap_or_default().to_lowercase());
            let labelled_by = heading.clone();
            view! {
                <section class="ggi-goal" aria-labelledby=labelled_by>
                    <h2 id=heading>{goal.name}</h2>
                    {goal.activities.into_iter().map(|a| view! { <Activity activity=a query=query.clone() lang/> }).collect_view()}
                </section>
            }
        }).collect_view()}
        <DataTable table=page.table page=DashboardPage::Ggi query=query.clone()/>
    }
    .into_any()
}

/// The message for a refused decision the server named in the address
/// (only known ones: the address is the reader's to type).
fn refused_id(key: &str) -> Option<&'static str> {
    const KNOWN: [&str; 4] = [
        "ggi-error-handbook",
        "ggi-error-activity",
        "ggi-error-status",
        "ggi-error-notes",
    ];
    let id = format!("ggi-error-{key}");
    KNOWN.into_iter().find(|k| *k == id)
}

#[component]
fn Activity(activity: GgiActivity, query: String, lang: Lang) -> impl IntoView {
    let GgiActivity {
        id,
        name,
        roles,
        summary,
        status,
        status_label,
        points,
        definition,
        evidence,
        history,
        decisions,
        detail,
    } = activity;
    let latest = decisions
        .first()
        .map(|d| d.notes.clone())
        .filter(|n| !n.is_empty());
    let status_class = format!("ggi-status ggi-status-{status}");
    let (anchor, test_id, title) = (id.clone(), id.clone(), format!("{id} · {name}"));
    view! {
        <article class="ggi-activity" id=anchor data-testid=test_id>
            <h3>{title}</h3>
            <p><span class=status_class data-testid="ggi-status">{status_label}</span>" "<span class="ggi-roles">{roles}</span></p>
            <p>{summary}</p>
            {latest.map(|notes| view! { <p class="ggi-notes" data-testid="ggi-notes">{notes}</p> })}
            <details class="ggi-points">
                <summary>{lang.t_args("ggi-points", &[("count", Arg::Count(points.len() as i64))])}</summary>
                <ul>{points.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </details>
            {definition.map(|d| view! {
                <div class="ggi-evidence" data-testid="ggi-evidence">
                    <h4>{lang.t("ggi-evidence")}</h4>
                    <p class="note">{d}</p>
                    <ul>{evidence.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                </div>
            })}
            {history.map(|table| view! { <DataTable table page=DashboardPage::Ggi query=query.clone()/> })}
            {detail.map(|table| view! {
                <details class="ggi-detail" data-testid="ggi-detail">
                    <summary>{table.caption.clone()}</summary>
                    <DataTable table page=DashboardPage::Ggi query=query.clone()/>
                </details>
            })}
            {(!decisions.is_empty()).then(|| view! {
                <details class="ggi-decisions" data-testid="ggi-decisions">
                    <summary>{lang.t_args("ggi-decisions", &[("count", Arg::Count(decisions.len() as i64))])}</summary>
                    <ol>
                        {decisions.into_iter().map(|d| {
                            let who = d.by.map(|by| format!(" · {by}")).unwrap_or_default();
                            view! {
                                <li>
                                    <span class="ggi-decided">{format!("{} · {}{who}", d.at, d.status)}</span>
                                    {(!d.notes.is_empty()).then(|| view! { <p>{d.notes}</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </details>
            })}
            <DecisionForm activity=id status lang/>
        </article>
    }
}

/// An administrator's form to set the activity's status, with notes.
#[component]
fn DecisionForm(activity: String, status: String, lang: Lang) -> impl IntoView {
    let viewer = use_viewer().filter(|v| v.is_admin())?;
    let select_id = format!("ggi-status-{activity}");
    let notes_id = format!("ggi-notes-{activity}");
    let options = [
        ("not_started", "ggi-status-not-started"),
        ("in_progress", "ggi-status-in-progress"),
        ("done", "ggi-status-done"),
    ];
    Some(view! {
        <form class="ggi-decide" method="post" action="/admin/ggi" data-testid="ggi-decide">
            <input type="hidden" name="csrf" value=viewer.csrf/>
            <input type="hidden" name="activity" value=activity.clone()/>
            <label for=select_id.clone()>{lang.t("ggi-decide-status")}</label>
            <select id=select_id name="status">
                {options.into_iter().map(|(key, label)| view! {
                    <option value=key selected=key == status>{lang.t(label)}</option>
                }).collect_view()}
            </select>
            <label for=notes_id.clone()>{lang.t("ggi-decide-notes")}</label>
            <textarea id=notes_id name="notes" rows="3" maxlength="4000"></textarea>
            <button type="submit">{lang.t("ggi-decide")}</button>
        </form>
    })
}
