//! The repositories page: the catalogue of every tracked repository with
//! its health (DESIGN.md definition 11), narrowed and sorted on the server
//! so that it works without JavaScript.

use std::collections::HashMap;
use std::sync::Arc;
use vigie_metrics::activity::Scoped;
use vigie_metrics::repository_health::{repository_health, Reason, RepositoryHealth, Status};

use vigie_metrics::{MetricsError, Params};

use crate::data::{repository_path, CatalogueView, Cell, Column, RepositoriesData, Table};
use crate::filter::Filter;
use crate::i18n::{Arg, Lang};

use super::{code_gouv, scope, Dashboard, DashboardError, Snapshot};

/// The sortable columns, in table order: (key, message id, numeric).
const COLUMNS: [(&str, &str, bool); 10] = [
    ("name", "column-repository", false),
    ("status", "column-status", false),
    ("last", "column-last-activity", false),
    ("active", "column-active-90", true),
    ("bus", "column-bus-factor", true),
    ("issues", "column-open-issues", true),
    ("prs", "column-open-prs", true),
    ("response", "column-median-response", true),
    ("language", "column-language", false),
    ("code_gouv", "column-code-gouv", true),
];

/// The health of every repository in the scope of `params` (cached): the
/// catalogue, and what a repository's page reads its row from.
pub(super) fn catalogue(
    dashboard: &Dashboard,
    snapshot: &Snapshot,
    scoped: &Scoped<'_>,
    params: &Params,
) -> Result<Arc<Vec<RepositoryHealth>>, DashboardError> {
    Ok(dashboard
        .cache
        .get_or_compute("repository_health", params, snapshot.version, || {
            repository_health(scoped, &snapshot.items, &snapshot.repositories, params)
                .map(|c| c.value)
                .map_err(MetricsError::from)
        })?)
}

pub(super) fn page(
    dashboard: &Dashboard,
    filter: Filter,
    mut view: CatalogueView,
    lang: Lang,
) -> Result<RepositoriesData, DashboardError> {
    let snapshot = dashboard.snapshot()?;
    let (params, frame) = scope::apply_filter(dashboard, &snapshot, filter, lang)?;
    let scoped = Scoped::new(snapshot.activities.as_ref(), &params);
    let all = catalogue(dashboard, &snapshot, &scoped, &params)?;
    let cards = code_gouv::scorecards(dashboard, &snapshot, &scoped, &params)?;
    let scores: HashMap<&str, usize> = cards.iter().map(|(n, c)| (n.as_str(), c.score())).collect();
    let score = |r: &RepositoryHealth| scores.get(r.info.name.as_str()).copied();
    let mut languages: Vec<String> = all.iter().filter_map(|r| r.info.language.clone()).collect();
    languages.sort();
    languages.dedup();
    let counts = [Status::Green, Status::Amber, Status::Red, Status::Archived]
        .into_iter()
        .map(|s| {
            let n = all.iter().filter(|r| r.status == s).count();
            (status_key(s).to_owned(), status_label(s, lang), n)
        })
        .collect();

    // Values that match nothing are dropped, not kept as a filter that
    // silently shows nothing.
    view.status = view
        .status
        .filter(|s| ["green", "amber", "red", "archived"].contains(&s.as_str()));
    view.language = view.language.filter(|l| languages.contains(l));
    view.sort = view.sort.filter(|k| COLUMNS.iter().any(|(c, _, _)| c == k));
    view.code_gouv = view.code_gouv.filter(|n| *n <= 10);
    let mut rows: Vec<&RepositoryHealth> = all
        .iter()
        .filter(|r| {
            view.status
                .as_deref()
                .is_none_or(|s| status_key(r.status) == s)
        })
        .filter(|r| {
            view.language
                .as_deref()
                .is_none_or(|l| r.info.language.as_deref() == Some(l))
        })
        .filter(|r| !(view.hide_archived && r.status == Status::Archived))
        .filter(|r| {
            view.code_gouv
                .is_none_or(|n| score(r).is_some_and(|s| s >= usize::from(n)))
        })
        .collect();
    sort(
        &mut rows,
        view.sort.as_deref().unwrap_or("name"),
        view.desc,
        &score,
    );

    // A column that no repository of the catalogue has a value for (forge
    // figures without a forge source) is left out, and the caption says why.
    let shown = shown_columns(&all, !scores.is_empty());
    let mut caption = lang.t("repositories-caption");
    if shown.len() < COLUMNS.len() {
        caption = format!("{caption}. {}", lang.t("repositories-no-forge-columns"));
    }
    let table = Table {
        id: "repositories".into(),
        caption,
        columns: shown
            .iter()
            .map(|&i| {
                let (_, id, numeric) = COLUMNS[i];
                Column {
                    label: lang.t(id),
                    numeric,
                }
            })
            .chain(std::iter::once(Column {
                label: lang.t("column-reasons"),
                numeric: false,
            }))
            .collect(),
        rows: rows
            .iter()
            .map(|r| {
                let mut cells = row(r, score(r), lang);
                let reasons = cells.pop();
                let mut kept: Vec<Cell> = shown.iter().map(|&i| cells[i].clone()).collect();
                kept.extend(reasons);
                kept
            })
            .collect(),
    };
    Ok(RepositoriesData {
        frame,
        view,
        languages,
        counts,
        code_gouv_judged: !scores.is_empty(),
        sort_keys: shown
            .iter()
            .map(|&i| (COLUMNS[i].0.to_owned(), lang.t(COLUMNS[i].1)))
            .collect(),
        table,
    })
}

/// The indexes in [`COLUMNS`] of the columns some repository of `all` has
/// a value for: the forge's (issues, pull requests, first response,
/// language) only when some repository has forge data, code.gouv.fr's
/// criteria only when some repository's contents were read.
fn shown_columns(all: &[RepositoryHealth], judged: bool) -> Vec<usize> {
    let known = |key: &str| match key {
        "code_gouv" => judged,
        "issues" => all.iter().any(|r| r.open_issues.is_some()),
        "prs" => all.iter().any(|r| r.open_pull_requests.is_some()),
        "response" => all.iter().any(|r| r.median_response_hours.is_some()),
        "language" => all.iter().any(|r| r.info.language.is_some()),
        _ => true,
    };
    COLUMNS
        .iter()
        .enumerate()
        .filter(|(_, (key, _, _))| known(key))
        .map(|(i, _)| i)
        .collect()
}

fn sort(
    rows: &mut [&RepositoryHealth],
    key: &str,
    desc: bool,
    score: &dyn Fn(&RepositoryHealth) -> Option<usize>,
) {
    let severity = |s: Status| match s {
        Status::Red => 0,
        Status::Amber => 1,
        Status::Green => 2,
        Status::Archived => 3,
    };
    // Missing values sort last whichever the direction.
    fn opt<T: PartialOrd>(a: Option<T>, b: Option<T>, desc: bool) -> std::cmp::Ordering {
        use std::cmp::Ordering::*;
        match (a, b) {
            (Some(a), Some(b)) => {
                let o = a.partial_cmp(&b).unwrap_or(Equal);
                if desc {
                    o.reverse()
                } else {
                    o
                }
            }
            (Some(_), None) => Less,
            (None, Some(_)) => Greater,
            (None, None) => Equal,
        }
    }
    rows.sort_by(|a, b| {
        let by = match key {
            "status" => opt(Some(severity(a.status)), Some(severity(b.status)), desc),
            "last" => opt(a.last_activity, b.last_activity, desc),
            "active" => opt(Some(a.active_90_days), Some(b.active_90_days), desc),
            "bus" => opt(a.bus_factor, b.bus_factor, desc),
            "issues" => opt(a.open_issues, b.open_issues, desc),
            "prs" => opt(a.open_pull_requests, b.open_pull_requests, desc),
            "response" => opt(a.median_response_hours, b.median_response_hours, desc),
            "language" => opt(a.info.language.as_ref(), b.info.language.as_ref(), desc),
            "code_gouv" => opt(score(a), score(b), desc),
            _ => opt(Some(&a.info.name), Some(&b.info.name), desc),
        };
        by.then_with(|| a.info.name.cmp(&b.info.name))
    });
}

fn row(r: &RepositoryHealth, code_gouv: Option<usize>, lang: Lang) -> Vec<Cell> {
    let count = |v: Option<u32>| v.map_or_else(|| Cell::text("–"), |n| Cell::int(n.into(), lang));
    vec![
        Cell::text(r.info.name.clone()).with_link(repository_path(&r.info.name)),
        Cell::classed(
            status_label(r.status, lang),
            &format!("status status-{}", status_key(r.status)),
        ),
        r.last_activity.map_or_else(
            || Cell::text("–"),
            |t| Cell::formatted(lang.date(t.date()), t.date()),
        ),
        Cell::int(r.active_90_days.into(), lang),
        count(r.bus_factor),
        count(r.open_issues),
        count(r.open_pull_requests),
        r.median_response_hours.map_or_else(
            || Cell::text("–"),
            |h| {
                let days = h / 24.0;
                Cell::formatted(
                    lang.t_args(
                        "duration-days-decimal",
                        &[("days", Arg::Text(lang.decimal(days, 1)))],
                    ),
                    format!("{days:.1}"),
                )
            },
        ),
        Cell::text(r.info.language.clone().unwrap_or_default()),
        code_gouv.map_or_else(
            || Cell::text("–"),
            |n| Cell::formatted(format!("{n}/10"), n),
        ),
        Cell::text(
            r.reasons
                .iter()
                .map(|(_, reason)| reason_text(reason, lang))
                .collect::<Vec<_>>()
                .join(" "),
        ),
    ]
}

/// The status's key in URLs and CSS classes.
pub(super) fn status_key(status: Status) -> &'static str {
    match status {
        Status::Green => "green",
        Status::Amber => "amber",
        Status::Red => "red",
        Status::Archived => "archived",
    }
}

pub(super) fn status_label(status: Status, lang: Lang) -> String {
    lang.t(match status {
        Status::Green => "status-green",
        Status::Amber => "status-amber",
        Status::Red => "status-red",
        Status::Archived => "status-archived",
    })
}

/// Why a repository is not green, as a sentence.
pub(super) fn reason_text(reason: &Reason, lang: Lang) -> String {
    match reason {
        Reason::NoActivity => lang.t("reason-no-activity"),
        Reason::Quiet { months } => {
            lang.t_args("reason-quiet", &[("count", Arg::Count(i64::from(*months)))])
        }
        Reason::SinglePointOfFailure => lang.t("reason-single-person"),
        Reason::SlowResponse { median_days } => lang.t_args(
            "reason-slow-response",
            &[("days", Arg::Text(lang.decimal(*median_days, 1)))],
        ),
        Reason::NoRecentRelease { months } => lang.t_args(
            "reason-no-release",
            &[("count", Arg::Count(i64::from(*months)))],
        ),
    }
}
