//! The sources page: each source's last update, repositories, activities,
//! errors and data freshness, and the latest ingest runs.

use chrono::NaiveDateTime;
use duckdb::Connection;

use crate::api::{Cell, Column, SourcesData, Table};
use crate::i18n::{Arg, Lang};

use super::DashboardError;

/// The ingest runs and errors shown.
const LATEST: usize = 20;

pub(super) fn page(conn: &Connection, lang: Lang) -> Result<SourcesData, DashboardError> {
    let when = |t: Option<NaiveDateTime>| match t {
        None => Cell::text("–"),
        Some(t) => Cell::formatted(
            format!("{} {}", lang.date(t.date()), t.format("%H:%M")),
            t.format("%Y-%m-%dT%H:%M:%S"),
        ),
    };
    let columns = |ids: &[(&str, bool)]| -> Vec<Column> {
        ids.iter()
            .map(|(id, numeric)| Column {
                label: lang.t(id),
                numeric: *numeric,
            })
            .collect()
    };

    let mut stmt = conn.prepare(
        "WITH names AS (SELECT source FROM ingest_cursors UNION SELECT source FROM ingest_errors),
              per AS (SELECT source, count(DISTINCT repository_id) AS repositories,
                             max(updated_at) AS last_update
                      FROM ingest_cursors GROUP BY source),
              act AS (SELECT k.source, count(*) AS activities, max(a.occurred_at) AS latest
                      FROM (SELECT DISTINCT source, repository_id FROM ingest_cursors) k
                      JOIN activities a USING (repository_id) GROUP BY k.source),
              err AS (SELECT source, count(*) AS errors FROM ingest_errors GROUP BY source)
         SELECT n.source, coalesce(per.repositories, 0), per.last_update,
                coalesce(act.activities, 0), act.latest, coalesce(err.errors, 0)
         FROM names n LEFT JOIN per USING (source) LEFT JOIN act USING (source)
              LEFT JOIN err USING (source)
         ORDER BY n.source",
    )?;
    let sources = stmt
        .query_map([], |r| {
            Ok(vec![
                Cell::text(r.get::<_, String>(0)?),
                Cell::int(r.get(1)?, lang),
                when(r.get(2)?),
                Cell::int(r.get(3)?, lang),
                when(r.get(4)?),
                match r.get::<_, i64>(5)? {
                    0 => Cell::int(0, lang),
                    n => Cell::int(n, lang).with_class("status status-red"),
                },
            ])
        })?
        .collect::<Result<Vec<_>, _>>()?;

    let mut stmt = conn.prepare(&format!(
        "SELECT id, started_at, finished_at, status, items_added, errors
         FROM ingest_runs ORDER BY id DESC LIMIT {LATEST}"
    ))?;
    let runs = stmt
        .query_map([], |r| {
            let status: String = r.get(3)?;
            let (key, class) = match status.as_str() {
                "ok" => ("run-ok", "status status-green"),
                "partial" => ("run-partial", "status status-amber"),
                "running" => ("run-running", "status"),
                "stopped" => ("run-stopped", "status status-amber"),
                "interrupted" => ("run-interrupted", "status status-amber"),
                _ => ("run-failed", "status status-red"),
            };
            Ok(vec![
                Cell::int(r.get(0)?, lang),
                when(r.get(1)?),
                when(r.get(2)?),
                Cell::classed(lang.t(key), class),
                Cell::int(r.get(4)?, lang),
                Cell::int(r.get(5)?, lang),
            ])
        })?
        .collect::<Result<Vec<_>, _>>()?;

    let mut stmt = conn.prepare(&format!(
        "SELECT run_id, occurred_at, source, message FROM ingest_errors
         ORDER BY occurred_at DESC, run_id DESC LIMIT {LATEST}"
    ))?;
    let errors = stmt
        .query_map([], |r| {
            Ok(vec![
                Cell::int(r.get(0)?, lang),
                when(r.get(1)?),
                Cell::text(r.get::<_, String>(2)?),
                Cell::text(r.get::<_, String>(3)?),
            ])
        })?
        .collect::<Result<Vec<_>, _>>()?;

    Ok(SourcesData {
        sources: Table {
            id: "sources".into(),
            caption: lang.t("sources-caption"),
            columns: columns(&[
                ("column-source", false),
                ("column-repositories", true),
                ("column-last-update", false),
                ("column-activities", true),
                ("column-latest-activity", false),
                ("column-errors", true),
            ]),
            rows: sources,
        },
        runs: Table {
            id: "runs".into(),
            caption: lang.t_args("runs-caption", &[("count", Arg::Count(LATEST as i64))]),
            columns: columns(&[
                ("column-run", true),
                ("column-started", false),
                ("column-finished", false),
                ("column-status", false),
                ("column-items-added", true),
                ("column-errors", true),
            ]),
            rows: runs,
        },
        errors: Table {
            id: "errors".into(),
            caption: lang.t_args("errors-caption", &[("count", Arg::Count(LATEST as i64))]),
            columns: columns(&[
                ("column-run", true),
                ("column-when", false),
                ("column-source", false),
                ("column-message", false),
            ]),
            rows: errors,
        },
    })
}
