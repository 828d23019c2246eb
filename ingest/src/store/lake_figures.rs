//! The figures an engine computed over a lake (016_lake_figures.sql): read
//! back from the Parquet files the engine wrote, one folder per family of
//! figures, and kept per run, so that the dashboard shows a federation's
//! figures. `vigie_metrics::lake` defines them.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use duckdb::params;

use super::Store;
use crate::error::{DbContext, StoreError};

/// A computation of a lake's figures, as the store records it.
#[derive(Debug, Clone, PartialEq)]
pub struct LakeRun {
    /// Its id.
    pub id: i64,
    /// The lake's folder, as given.
    pub lake: String,
    /// `polars` or `spark`.
    pub engine: String,
    /// The Spark master's URL, for Spark.
    pub master: Option<String>,
    /// When its figures were loaded (UTC).
    pub finished_at: NaiveDateTime,
    /// Reading the lake and computing, in seconds.
    pub seconds: f64,
    /// How many figures it gave.
    pub figures: i64,
}

/// One figure (see `vigie_metrics::lake`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LakeFigure {
    /// `active_contributors`, `bus_factor`, ...
    pub metric: String,
    /// The lake's repository name; `None` for all repositories together.
    pub repository: Option<String>,
    /// The first day of its month or year.
    pub period: NaiveDate,
    /// Months after the cohort's (retention); 0 otherwise.
    pub k: i32,
    /// The figure.
    pub value: i64,
}

/// What an engine's computation was, to record with its figures.
#[derive(Debug, Clone)]
pub struct LakeComputation<'a> {
    /// The lake's folder (its `repositories` name the figures' repositories).
    pub lake: &'a Path,
    /// `polars` or `spark`.
    pub engine: &'a str,
    /// The Spark master's URL.
    pub master: Option<&'a str>,
    /// Reading and computing, in seconds.
    pub seconds: f64,
    /// The families of figures the engine had to write, each a folder of
    /// Parquet files under the results' folder.
    pub families: &'a [&'a str],
}

/// `path` inside a SQL string literal.
fn quoted(path: &Path) -> Result<String, StoreError> {
    let text = path
        .to_str()
        .ok_or_else(|| StoreError::Lake(format!("{} is not UTF-8", path.display())))?;
    Ok(text.replace('\'', "''"))
}

impl Store {
    /// Loads the figures `computation` wrote into `results` (a folder of
    /// Parquet files per family, with the columns `metric`, `repository_id`,
    /// `period`, `k`, `value`) as a new run, in one transaction, and removes
    /// the lake's earlier runs by the same engine. A family without figures
    /// is refused, naming it: nothing is loaded.
    pub fn load_lake_figures(
        &self,
        computation: &LakeComputation<'_>,
        results: &Path,
    ) -> Result<LakeRun, StoreError> {
        let mut files = Vec::new();
        for family in computation.families {
            let folder = results.join(family);
            let has_parquet = std::fs::read_dir(&folder)
                .map(|entries| {
                    entries
                        .flatten()
                        .any(|e| e.path().extension().is_some_and(|x| x == "parquet"))
                })
                .unwrap_or(false);
            if !has_parquet {
                return Err(StoreError::Lake(format!(
                    "the {} engine wrote no figures for `{family}` in {}",
                    computation.engine,
                    folder.display()
                )));
            }
            files.push(format!("'{}/*.parquet'", quoted(&folder)?));
        }
        let repositories = quoted(&computation.lake.join("repositories"))?;
        let tx = self
            .conn
            .unchecked_transaction()
            .during("loading lake figures")?;
        let id: i64 = tx
            .query_row("SELECT coalesce(max(id), 0) + 1 FROM lake_runs", [], |r| {
                r.get(0)
            })
            .during("numbering a lake run")?;
        let figures = tx
            .execute(
                &format!(
                    "INSERT INTO lake_figures
                     SELECT ?, f.metric,
                            CASE WHEN f.repository_id = 0 THEN NULL
                                 ELSE coalesce(r.name, '#' || f.repository_id) END,
                            make_date(CAST(f.period // 12 AS INTEGER),
                                      CAST(f.period % 12 + 1 AS INTEGER), 1),
                            f.k, f.value
                     FROM read_parquet([{}], union_by_name = true) f
                     LEFT JOIN (SELECT id, min(name) AS name
                                FROM read_parquet('{repositories}/**/*.parquet')
                                GROUP BY id) r
                            ON r.id = f.repository_id",
                    files.join(", ")
                ),
                params![id],
            )
            .during("reading an engine's figures")?;
        let lake = computation.lake.display().to_string();
        tx.execute(
            "DELETE FROM lake_figures WHERE run_id IN
                 (SELECT id FROM lake_runs WHERE lake = ? AND engine = ?)",
            params![lake, computation.engine],
        )
        .during("removing a lake's earlier figures")?;
        tx.execute(
            "DELETE FROM lake_runs WHERE lake = ? AND engine = ?",
            params![lake, computation.engine],
        )
        .during("removing a lake's earlier runs")?;
        let now = chrono::Utc::now().naive_utc();
        tx.execute(
            "INSERT INTO lake_runs VALUES (?, ?, ?, ?, ?, ?, ?)",
            params![
                id,
                lake,
                computation.engine,
                computation.master,
                now,
                computation.seconds,
                figures as i64
            ],
        )
        .during("recording a lake run")?;
        tx.commit().during("loading lake figures")?;
        Ok(LakeRun {
            id,
            lake,
            engine: computation.engine.to_owned(),
            master: computation.master.map(str::to_owned),
            finished_at: now,
            seconds: computation.seconds,
            figures: figures as i64,
        })
    }

    /// Every lake run kept, the latest first.
    pub fn lake_runs(&self) -> Result<Vec<LakeRun>, StoreError> {
        let action = "reading lake runs";
        let mut statement = self
            .conn
            .prepare(
                "SELECT id, lake, engine, master, finished_at, seconds, figures
                 FROM lake_runs ORDER BY finished_at DESC, id DESC",
            )
            .during(action)?;
        let rows = statement
            .query_map([], |r| {
                Ok(LakeRun {
                    id: r.get(0)?,
                    lake: r.get(1)?,
                    engine: r.get(2)?,
                    master: r.get(3)?,
                    finished_at: r.get(4)?,
                    seconds: r.get(5)?,
                    figures: r.get(6)?,
                })
            })
            .during(action)?;
        rows.map(|row| row.during(action)).collect()
    }

    /// A run's figures, sorted by every field.
    pub fn lake_figures(&self, run_id: i64) -> Result<Vec<LakeFigure>, StoreError> {
        let action = "reading lake figures";
        let mut statement = self
            .conn
            .prepare(
                "SELECT metric, repository, period, k, value FROM lake_figures
                 WHERE run_id = ? ORDER BY ALL",
            )
            .during(action)?;
        let rows = statement
            .query_map(params![run_id], |r| {
                Ok(LakeFigure {
                    metric: r.get(0)?,
                    repository: r.get(1)?,
                    period: r.get(2)?,
                    k: r.get(3)?,
                    value: r.get(4)?,
                })
            })
            .during(action)?;
        rows.map(|row| row.during(action)).collect()
    }
}
