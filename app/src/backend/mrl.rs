//! OW2's Market Readiness Levels' data points (docs/governance.md) for the
//! repositories in scope: a repository page's section and the catalogue's
//! CSV (`/download/repositories/mrl.csv`). Values, never a level: OW2 does
//! not publish how it weighs them.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use vigie_ingest::estate::roles::Role;
use vigie_ingest::store::LicenceHeaders;
use vigie_metrics::activity::{self, Scoped};
use vigie_metrics::governance::mrl::{
    bug_tracker, committers, discussion, newcomer_issues, read_issues, BugTracker, Committers,
    Discussion,
};
use vigie_metrics::{MetricsError, Params};

use crate::data::{Cell, Column, Table};
use crate::i18n::{Arg, Lang};

use super::{scope, summary, Dashboard, DashboardError, Snapshot};

/// One repository's data points.
#[derive(Debug, Clone)]
pub(super) struct Points {
    /// OW2's bug-tracker data points; `None` without any issue stored.
    tracker: Option<BugTracker>,
    /// CTY-5: open issues with a newcomer label; `None` without issues.
    newcomers: Option<Vec<i64>>,
    /// Its source files' licence headers; `None` when its contents were
    /// not read.
    headers: Option<LicenceHeaders>,
    /// The distinct SPDX identifiers of its licence files and headers;
    /// `None` when its contents were not read.
    licences: Option<BTreeSet<String>>,
    /// CTY-1.
    committers: Committers,
    /// CTY-2; `None` without forge data (commits are no discussion).
    discussion: Option<Discussion>,
}

/// Each repository's data points in the scope of `params`, by name
/// (cached per scope and data version).
pub(super) fn points(
    dashboard: &Dashboard,
    snapshot: &Snapshot,
    params: &Params,
) -> Result<Arc<BTreeMap<String, Points>>, DashboardError> {
    dashboard
        .cache
        .get_or_compute("mrl", params, snapshot.version, || {
            let (issues, headers, files, read) = {
                let store = dashboard.store();
                let read: HashSet<String> =
                    store.tips()?.into_iter().map(|t| t.repository).collect();
                (
                    read_issues(store.connection())?,
                    store.licence_headers()?,
                    store.tip_files()?,
                    read,
                )
            };
            let scoped = Scoped::new(snapshot.activities.as_ref(), params);
            let t = activity::reference(&scoped, params)
                .map_err(MetricsError::from)?
                .unwrap_or_default();
            let in_scope = scope::repository_names(snapshot, params);
            let with_forge: HashSet<i32> = snapshot
                .items
                .column(vigie_metrics::items::columns::REPOSITORY)
                .and_then(|c| c.i32().map(|ids| ids.iter().flatten().collect()))
                .map_err(MetricsError::from)?;
            let mut all = BTreeMap::new();
            for r in snapshot.repositories.iter() {
                if !in_scope.contains(&r.name.as_str()) {
                    continue;
                }
                let own = issues.get(&r.id).map(Vec::as_slice).unwrap_or_default();
                let header = headers.iter().find(|h| h.repository == r.name).cloned();
                let licences = read.contains(&r.name).then(|| {
                    let from_files = files
                        .iter()
                        .filter(|f| f.repository == r.name && f.role == Role::Licence)
                        .filter_map(|f| f.licence.as_ref().map(|(id, _)| id.clone()));
                    let from_headers = header.iter().flat_map(|h| h.identifiers.iter().cloned());
                    from_files.chain(from_headers).collect()
                });
                let points = Points {
                    tracker: bug_tracker(own),
                    newcomers: (!own.is_empty()).then(|| newcomer_issues(own)),
                    headers: header.filter(|_| read.contains(&r.name)),
                    licences,
                    committers: committers(snapshot.activities.as_ref(), r.id, t)?,
                    discussion: if with_forge.contains(&r.id) {
                        Some(discussion(snapshot.activities.as_ref(), r.id, t)?)
                    } else {
                        None
                    },
                };
                all.insert(r.name.clone(), points);
            }
            Ok::<_, DashboardError>(all)
        })
}

/// A duration given in minutes, in words.
fn minutes(value: f64, lang: Lang) -> String {
    summary::duration(value / 60.0, lang)
}

/// A number with one decimal, for days.
fn days(value: f64, lang: Lang) -> String {
    lang.t_args("mrl-days", &[("days", Arg::Text(lang.decimal(value, 1)))])
}

fn yes_no(met: bool, lang: Lang) -> String {
    lang.t(if met { "mrl-yes" } else { "mrl-no" })
}

/// The repository's data points as the page's table: data point, value.
pub(super) fn table(points: &Points, lang: Lang) -> Table {
    let no_forge = || lang.t("mrl-no-forge-data");
    let unread = || lang.t("mrl-unread");
    let tracker = points.tracker.as_ref();
    let mut rows = vec![
        (
            "mrl-active-users",
            tracker.map_or_else(no_forge, |t| {
                lang.t_args(
                    "mrl-people",
                    &[("count", Arg::Count(t.active_users as i64))],
                )
            }),
        ),
        (
            "mrl-response",
            tracker.map_or_else(no_forge, |t| {
                t.average_response_minutes
                    .map_or_else(|| lang.t("mrl-unknown"), |m| minutes(m, lang))
            }),
        ),
        (
            "mrl-open-time",
            tracker.map_or_else(no_forge, |t| {
                match (t.bug_open_days, t.bug_open_days_median) {
                    (Some(mean), Some(median)) => lang.t_args(
                        "mrl-open-time-value",
                        &[
                            ("mean", Arg::Text(days(mean, lang))),
                            ("median", Arg::Text(days(median, lang))),
                        ],
                    ),
                    _ => lang.t("mrl-no-closed"),
                }
            }),
        ),
        (
            "mrl-unanswered",
            tracker.map_or_else(no_forge, |t| match t.unanswered {
                Some(n) => lang.t_args(
                    "mrl-unanswered-value",
                    &[
                        ("count", Arg::Count(n as i64)),
                        ("sampled", Arg::Count(t.open_sampled as i64)),
                    ],
                ),
                None => lang.t("mrl-unknown"),
            }),
        ),
        (
            "mrl-without-header",
            points.headers.as_ref().map_or_else(unread, |h| {
                let without = h.examined - h.with_header;
                lang.t_args(
                    "mrl-without-header-value",
                    &[
                        ("count", Arg::Count(i64::from(without))),
                        ("files", Arg::Count(i64::from(h.examined))),
                        (
                            "share",
                            Arg::Text(lang.percent(if h.examined == 0 {
                                0.0
                            } else {
                                f64::from(without) / f64::from(h.examined)
                            })),
                        ),
                    ],
                )
            }),
        ),
        (
            "mrl-licences",
            points.licences.as_ref().map_or_else(unread, |l| {
                let names: Vec<&str> = l.iter().map(String::as_str).collect();
                lang.t_args(
                    "mrl-licences-value",
                    &[
                        ("count", Arg::Count(l.len() as i64)),
                        ("names", Arg::Text(names.join(", "))),
                    ],
                )
            }),
        ),
    ];
    let c = &points.committers;
    let organisations: Vec<&str> = c.organisations.iter().map(String::as_str).collect();
    rows.push((
        "mrl-cty-1",
        format!(
            "{}{}{}",
            yes_no(c.met(), lang),
            lang.colon(),
            lang.t_args(
                "mrl-cty-1-value",
                &[
                    ("people", Arg::Count(c.people as i64)),
                    ("unknown", Arg::Count((c.people - c.affiliated) as i64)),
                    ("organisations", Arg::Text(organisations.join(", "))),
                ],
            )
        ),
    ));
    rows.push((
        "mrl-cty-2",
        match points.discussion {
            None => no_forge(),
            Some(d) if d.met() => {
                format!(
                    "{}{}{}",
                    yes_no(true, lang),
                    lang.colon(),
                    lang.t_args(
                        "mrl-cty-2-value",
                        &[
                            ("events", Arg::Count(d.events as i64)),
                            ("people", Arg::Count(d.people as i64)),
                        ],
                    )
                )
            }
            Some(_) => lang.t("mrl-cty-2-none"),
        },
    ));
    rows.push((
        "mrl-cty-5",
        match &points.newcomers {
            None => no_forge(),
            Some(numbers) if numbers.is_empty() => lang.t("mrl-cty-5-none"),
            Some(numbers) => {
                let listed: Vec<String> = numbers.iter().map(|n| format!("#{n}")).collect();
                format!(
                    "{}{}{}",
                    yes_no(true, lang),
                    lang.colon(),
                    listed.join(", ")
                )
            }
        },
    ));
    Table {
        id: "mrl".into(),
        caption: lang.t("mrl-caption"),
        columns: vec![
            Column {
                label: lang.t("column-data-point"),
                numeric: false,
            },
            Column {
                label: lang.t("column-value"),
                numeric: false,
            },
        ],
        rows: rows
            .into_iter()
            .map(|(id, value)| vec![Cell::text(lang.t(id)), Cell::text(value)])
            .collect(),
    }
}

/// Every repository's data points in one table, a row each, with plain
/// values for the CSV (`/download/repositories/mrl.csv`).
pub(super) fn catalogue_table(all: &BTreeMap<String, Points>, lang: Lang) -> Table {
    let headings = [
        "column-repository",
        "mrl-csv-open-sampled",
        "mrl-csv-closed-sampled",
        "mrl-csv-active-users",
        "mrl-csv-response-minutes",
        "mrl-csv-open-days",
        "mrl-csv-open-days-median",
        "mrl-csv-unanswered",
        "mrl-csv-source-files",
        "mrl-csv-without-header",
        "mrl-csv-licences",
        "mrl-csv-cty-1",
        "mrl-csv-cty-2",
        "mrl-csv-cty-5",
    ];
    let number = |v: Option<f64>| match v {
        Some(v) => Cell::formatted(lang.decimal(v, 1), format!("{v:.1}")),
        None => Cell::text("–"),
    };
    let count = |v: Option<usize>| match v {
        Some(v) => Cell::int(v as i64, lang),
        None => Cell::text("–"),
    };
    let rows = all
        .iter()
        .map(|(name, p)| {
            let t = p.tracker.as_ref();
            let h = p.headers.as_ref();
            vec![
                Cell::text(name.clone()),
                count(t.map(|t| t.open_sampled)),
                count(t.map(|t| t.closed_sampled)),
                count(t.map(|t| t.active_users)),
                number(t.and_then(|t| t.average_response_minutes)),
                number(t.and_then(|t| t.bug_open_days)),
                number(t.and_then(|t| t.bug_open_days_median)),
                count(t.and_then(|t| t.unanswered)),
                count(h.map(|h| h.examined as usize)),
                count(h.map(|h| (h.examined - h.with_header) as usize)),
                p.licences.as_ref().map_or_else(
                    || Cell::text("–"),
                    |l| Cell::text(l.iter().cloned().collect::<Vec<_>>().join(" ")),
                ),
                Cell::text(yes_no(p.committers.met(), lang)),
                p.discussion
                    .map_or_else(|| Cell::text("–"), |d| Cell::text(yes_no(d.met(), lang))),
                count(p.newcomers.as_ref().map(Vec::len)),
            ]
        })
        .collect();
    Table {
        id: "mrl".into(),
        caption: lang.t("mrl-caption"),
        columns: headings
            .iter()
            .enumerate()
            .map(|(i, id)| Column {
                label: lang.t(id),
                numeric: (1..=9).contains(&i) || i == 13,
            })
            .collect(),
        rows,
    }
}
