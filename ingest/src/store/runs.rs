//! What the store says of its ingest runs, read by the dashboard: each
//! source's last update ([`SourceRecord`]), the latest runs
//! ([`RunRecord`]) and errors ([`ErrorRecord`]), the totals `/metrics`
//! reports ([`RunTotals`]), and the short states response caches are keyed
//! by. The runs themselves are written by `begin_run` and `finish_run`.

use chrono::NaiveDateTime;

use super::Store;
use crate::error::{DbContext, StoreError};

/// One source as the sources page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRecord {
    /// The source's name, as its cursors and errors record it.
    pub source: String,
    /// Repositories it has read.
    pub repositories: i64,
    /// When it last read something new.
    pub last_update: Option<NaiveDateTime>,
    /// Activities in the repositories it reads.
    pub activities: i64,
    /// The latest of those activities.
    pub latest_activity: Option<NaiveDateTime>,
    /// Errors it has reported, in every run.
    pub errors: i64,
}

/// One ingest run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRecord {
    /// Its number.
    pub id: i64,
    /// When it started.
    pub started_at: Option<NaiveDateTime>,
    /// When it ended (`None`: running, or killed).
    pub finished_at: Option<NaiveDateTime>,
    /// `running`, `ok`, `partial`, `failed`, `stopped` or `interrupted`.
    pub status: String,
    /// Items it stored.
    pub items_added: i64,
    /// Sources that failed during it.
    pub errors: i64,
}

/// One error a source reported during a run (already redacted).
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorRecord {
    /// The run.
    pub run_id: i64,
    /// When it happened.
    pub occurred_at: Option<NaiveDateTime>,
    /// The source.
    pub source: String,
    /// What went wrong.
    pub message: String,
}

/// Every run's totals, for `/metrics`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunTotals {
    /// Runs by status, in the order of the status.
    pub by_status: Vec<(String, i64)>,
    /// Items added by every run.
    pub items_added: i64,
    /// Errors reported by every run.
    pub errors: i64,
    /// When the latest run finished, Unix seconds.
    pub last_finished: Option<f64>,
    /// Activities stored.
    pub activities: i64,
    /// The latest activity, Unix seconds.
    pub latest_activity: Option<f64>,
}

/// The runs in one string (how many, the latest, how many finished, their
/// errors): it changes with every run and error.
const RUNS_STATE: &str = "format('{} {} {} {}', count(*), coalesce(max(id), 0),
        count(finished_at), coalesce(sum(errors), 0))";

impl Store {
    /// The state of the runs as a cache key: it changes with every run
    /// and error, even a run that stored nothing new.
    pub fn runs_state(&self) -> Result<String, StoreError> {
        self.conn
            .query_row(&format!("SELECT {RUNS_STATE} FROM ingest_runs"), [], |r| {
                r.get(0)
            })
            .during("reading the ingest runs")
    }

    /// The data version, the state of the runs and how many GGI decisions
    /// and measures are recorded, in one string: asked on every request,
    /// so one statement, prepared once.
    pub fn data_and_runs_state(&self) -> Result<String, StoreError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT format('{{}} {{}} {{}} {{}}', (SELECT version FROM data_version),
                     {RUNS_STATE}, (SELECT count(*) FROM ggi_decisions),
                     (SELECT count(*) FROM ggi_evidence))
                 FROM ingest_runs"
            ))
            .and_then(|mut statement| statement.query_row([], |r| r.get(0)))
            .during("reading the ingest runs")
    }

    /// When the latest run finished, Unix seconds (`None`: none has).
    pub fn last_run_finished(&self) -> Result<Option<f64>, StoreError> {
        self.conn
            .query_row("SELECT epoch(max(finished_at)) FROM ingest_runs", [], |r| {
                r.get(0)
            })
            .during("reading the ingest runs")
    }

    /// Every run's totals, and the activities stored.
    pub fn run_totals(&self) -> Result<RunTotals, StoreError> {
        let action = "reading the ingest runs";
        let by_status = self
            .conn
            .prepare("SELECT status, count(*) FROM ingest_runs GROUP BY status ORDER BY status")
            .and_then(|mut s| {
                s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<Result<_, _>>()
            })
            .during(action)?;
        let (items_added, errors, last_finished) = self
            .conn
            .query_row(
                "SELECT coalesce(sum(items_added), 0)::BIGINT, coalesce(sum(errors), 0)::BIGINT,
                        epoch(max(finished_at))
                 FROM ingest_runs",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .during(action)?;
        let (activities, latest_activity) = self
            .conn
            .query_row(
                "SELECT count(*), epoch(max(occurred_at)) FROM activities",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .during(action)?;
        Ok(RunTotals {
            by_status,
            items_added,
            errors,
            last_finished,
            activities,
            latest_activity,
        })
    }

    /// Every source that has read something or failed, by name.
    pub fn source_records(&self) -> Result<Vec<SourceRecord>, StoreError> {
        self.conn
            .prepare(
                "WITH names AS (SELECT source FROM ingest_cursors
                                UNION SELECT source FROM ingest_errors),
                      per AS (SELECT source, count(DISTINCT repository_id) AS repositories,
                                     max(updated_at) AS last_update
                              FROM ingest_cursors GROUP BY source),
                      act AS (SELECT k.source, count(*) AS activities,
                                     max(a.occurred_at) AS latest
                              FROM (SELECT DISTINCT source, repository_id FROM ingest_cursors) k
                              JOIN activities a USING (repository_id) GROUP BY k.source),
                      err AS (SELECT source, count(*) AS errors
                              FROM ingest_errors GROUP BY source)
                 SELECT n.source, coalesce(per.repositories, 0), per.last_update,
                        coalesce(act.activities, 0), act.latest, coalesce(err.errors, 0)
                 FROM names n LEFT JOIN per USING (source) LEFT JOIN act USING (source)
                      LEFT JOIN err USING (source)
                 ORDER BY n.source",
            )
            .and_then(|mut s| {
                s.query_map([], |r| {
                    Ok(SourceRecord {
                        source: r.get(0)?,
                        repositories: r.get(1)?,
                        last_update: r.get(2)?,
                        activities: r.get(3)?,
                        latest_activity: r.get(4)?,
                        errors: r.get(5)?,
                    })
                })?
                .collect()
            })
            .during("reading the sources")
    }

    /// The `limit` latest runs, latest first.
    pub fn latest_runs(&self, limit: usize) -> Result<Vec<RunRecord>, StoreError> {
        self.conn
            .prepare(
                "SELECT id, started_at, finished_at, status, items_added, errors
                 FROM ingest_runs ORDER BY id DESC LIMIT ?",
            )
            .and_then(|mut s| {
                s.query_map([limit as i64], |r| {
                    Ok(RunRecord {
                        id: r.get(0)?,
                        started_at: r.get(1)?,
                        finished_at: r.get(2)?,
                        status: r.get(3)?,
                        items_added: r.get(4)?,
                        errors: r.get(5)?,
                    })
                })?
                .collect()
            })
            .during("reading the ingest runs")
    }

    /// The `limit` latest errors, latest first.
    pub fn latest_errors(&self, limit: usize) -> Result<Vec<ErrorRecord>, StoreError> {
        self.conn
            .prepare(
                "SELECT run_id, occurred_at, source, message FROM ingest_errors
                 ORDER BY occurred_at DESC, run_id DESC LIMIT ?",
            )
            .and_then(|mut s| {
                s.query_map([limit as i64], |r| {
                    Ok(ErrorRecord {
                        run_id: r.get(0)?,
                        occurred_at: r.get(1)?,
                        source: r.get(2)?,
                        message: r.get(3)?,
                    })
                })?
                .collect()
            })
            .during("reading the ingest errors")
    }
}
