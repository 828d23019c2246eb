//! The sources page: each source's last update, repositories, activities,
//! errors and data freshness, and the latest ingest runs.

use chrono::NaiveDateTime;
use vigie_ingest::Store;

use crate::data::{Cell, Column, SourcesData, Table};
use crate::i18n::{Arg, Lang};

use super::DashboardError;

/// The ingest runs and errors shown.
const LATEST: usize = 20;

/// The sources page, from the store's record of its runs.
pub(super) fn page(store: &Store, lang: Lang) -> Result<SourcesData, DashboardError> {
    Ok(SourcesData {
        sources: sources_table(store, lang)?,
        runs: runs_table(store, lang)?,
        errors: errors_table(store, lang)?,
    })
}

/// A moment as the reader writes it (`–` when unknown); CSV files get it
/// in ISO 8601.
pub(super) fn when(t: Option<NaiveDateTime>, lang: Lang) -> Cell {
    match t {
        None => Cell::text("–"),
        Some(t) => Cell::formatted(
            format!("{} {}", lang.date(t.date()), t.format("%H:%M")),
            t.format("%Y-%m-%dT%H:%M:%S"),
        ),
    }
}

/// Each source: repositories, activities, last update, errors.
fn sources_table(store: &Store, lang: Lang) -> Result<Table, DashboardError> {
    let rows = store
        .source_records()?
        .into_iter()
        .map(|s| {
            vec![
                Cell::text(s.source),
                Cell::int(s.repositories, lang),
                when(s.last_update, lang),
                Cell::int(s.activities, lang),
                when(s.latest_activity, lang),
                match s.errors {
                    0 => Cell::int(0, lang),
                    n => Cell::int(n, lang).with_class("status status-red"),
                },
            ]
        })
        .collect();
    Ok(Table {
        id: "sources".into(),
        caption: lang.t("sources-caption"),
        columns: Column::headed(
            &[
                ("column-source", false),
                ("column-repositories", true),
                ("column-last-update", false),
                ("column-activities", true),
                ("column-latest-activity", false),
                ("column-errors", true),
            ],
            lang,
        ),
        rows,
    })
}

/// The latest runs, latest first.
fn runs_table(store: &Store, lang: Lang) -> Result<Table, DashboardError> {
    let rows = store
        .latest_runs(LATEST)?
        .into_iter()
        .map(|run| {
            let (key, class) = run_status(&run.status);
            vec![
                Cell::int(run.id, lang),
                when(run.started_at, lang),
                when(run.finished_at, lang),
                Cell::classed(lang.t(key), class),
                Cell::int(run.items_added, lang),
                Cell::int(run.errors, lang),
            ]
        })
        .collect();
    Ok(Table {
        id: "runs".into(),
        caption: lang.t_args("runs-caption", &[("count", Arg::Count(LATEST as i64))]),
        columns: Column::headed(
            &[
                ("column-run", true),
                ("column-started", false),
                ("column-finished", false),
                ("column-status", false),
                ("column-items-added", true),
                ("column-errors", true),
            ],
            lang,
        ),
        rows,
    })
}

/// The latest errors, latest first.
fn errors_table(store: &Store, lang: Lang) -> Result<Table, DashboardError> {
    let rows = store
        .latest_errors(LATEST)?
        .into_iter()
        .map(|e| {
            vec![
                Cell::int(e.run_id, lang),
                when(e.occurred_at, lang),
                Cell::text(e.source),
                Cell::text(e.message),
            ]
        })
        .collect();
    Ok(Table {
        id: "errors".into(),
        caption: lang.t_args("errors-caption", &[("count", Arg::Count(LATEST as i64))]),
        columns: Column::headed(
            &[
                ("column-run", true),
                ("column-when", false),
                ("column-source", false),
                ("column-message", false),
            ],
            lang,
        ),
        rows,
    })
}

/// A run's status: its message id and CSS class.
fn run_status(status: &str) -> (&'static str, &'static str) {
    match status {
        "ok" => ("run-ok", "status status-green"),
        "partial" => ("run-partial", "status status-amber"),
        "running" => ("run-running", "status"),
        "stopped" => ("run-stopped", "status status-amber"),
        "interrupted" => ("run-interrupted", "status status-amber"),
        _ => ("run-failed", "status status-red"),
    }
}
