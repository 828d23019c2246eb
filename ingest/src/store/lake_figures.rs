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

/// One repository's figures from a run, as the federation page compares
/// them: counts over a reference month, or the 12 months to it, factors of
/// a reference year, and its contributors' status at its own latest
/// activity. A figure the run has no row for is zero (rows exist only where
/// a figure is not zero); a factor without a row is unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LakeRepositoryFigures {
    /// The lake's repository name.
    pub repository: String,
    /// Contributions in the 12 months to the reference month.
    pub contributions: i64,
    /// Distinct contributors in the reference month.
    pub active_contributors: i64,
    /// Contributors new to the repository in the 12 months to the
    /// reference month.
    pub new_contributors: i64,
    /// The bus factor of the reference year.
    pub bus_factor: Option<i64>,
    /// The elephant factor of the reference year.
    pub elephant_factor: Option<i64>,
    /// Contributors active at the repository's latest activity.
    pub active: i64,
    /// Contributors drifting then.
    pub drifting: i64,
    /// Contributors away then.
    pub away: i64,
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

    /// The run's figures named `metrics` for all repositories together
    /// (`repository` is `None`; retention's `k` is not among them), by
    /// metric and period.
    pub fn lake_totals(
        &self,
        run_id: i64,
        metrics: &[&str],
    ) -> Result<Vec<LakeFigure>, StoreError> {
        let action = "reading a lake's totals";
        let mut statement = self
            .conn
            .prepare(
                "SELECT metric, period, value FROM lake_figures
                 WHERE run_id = ? AND repository IS NULL AND k = 0
                   AND list_contains(string_split(?, ','), metric)
                 ORDER BY metric, period",
            )
            .during(action)?;
        let rows = statement
            .query_map(params![run_id, metrics.join(",")], |r| {
                Ok(LakeFigure {
                    metric: r.get(0)?,
                    repository: None,
                    period: r.get(1)?,
                    k: 0,
                    value: r.get(2)?,
                })
            })
            .during(action)?;
        rows.map(|row| row.during(action)).collect()
    }

    /// Each repository's figures in the run (see
    /// [`LakeRepositoryFigures`]): counts of `month` (its first day) or of
    /// the 12 months to it, factors of `year` (its first day), by
    /// repository name.
    pub fn lake_repository_figures(
        &self,
        run_id: i64,
        month: NaiveDate,
        year: NaiveDate,
    ) -> Result<Vec<LakeRepositoryFigures>, StoreError> {
        let action = "reading a lake's repositories";
        let mut statement = self
            .conn
            .prepare(
                "WITH f AS (
                     SELECT * FROM lake_figures
                     WHERE run_id = ? AND repository IS NOT NULL AND k = 0),
                 window_of AS (SELECT CAST(? AS DATE) AS m, CAST(? AS DATE) AS y)
                 SELECT repository,
                     coalesce(sum(value) FILTER (metric = 'contributions'
                         AND period > m - INTERVAL 12 MONTH AND period <= m), 0),
                     coalesce(sum(value) FILTER (metric = 'active_contributors'
                         AND period = m), 0),
                     coalesce(sum(value) FILTER (metric = 'new_contributors'
                         AND period > m - INTERVAL 12 MONTH AND period <= m), 0),
                     max(value) FILTER (metric = 'bus_factor' AND period = y),
                     max(value) FILTER (metric = 'elephant_factor' AND period = y),
                     coalesce(max(value) FILTER (metric = 'active'), 0),
                     coalesce(max(value) FILTER (metric = 'drifting'), 0),
                     coalesce(max(value) FILTER (metric = 'away'), 0)
                 FROM f, window_of
                 GROUP BY repository
                 ORDER BY repository",
            )
            .during(action)?;
        let rows = statement
            .query_map(params![run_id, month, year], |r| {
                Ok(LakeRepositoryFigures {
                    repository: r.get(0)?,
                    contributions: r.get(1)?,
                    active_contributors: r.get(2)?,
                    new_contributors: r.get(3)?,
                    bus_factor: r.get(4)?,
                    elephant_factor: r.get(5)?,
                    active: r.get(6)?,
                    drifting: r.get(7)?,
                    away: r.get(8)?,
                })
            })
            .during(action)?;
        rows.map(|row| row.during(action)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lake's repositories and an engine's figures, written as Parquet
    /// where `load_lake_figures` reads them: (metric, repository id,
    /// period as a month index, value); `k` is 0.
    fn engine_wrote(store: &Store, dir: &Path, figures: &[(&str, i32, i32, i64)]) -> LakeRun {
        let lake = dir.join("lake");
        let results = dir.join("results");
        std::fs::create_dir_all(lake.join("repositories")).unwrap();
        std::fs::create_dir_all(results.join("family")).unwrap();
        let values: Vec<String> = figures
            .iter()
            .map(|(m, r, p, v)| format!("('{m}', {r}, {p}, 0, {v})"))
            .collect();
        store
            .conn
            .execute_batch(&format!(
                "COPY (SELECT * FROM (VALUES (1, 'city/site'), (2, 'city/core')) t(id, name))
                     TO '{}/repositories/part.parquet' (FORMAT parquet);
                 COPY (SELECT * FROM (VALUES {}) t(metric, repository_id, period, k, value))
                     TO '{}/family/part.parquet' (FORMAT parquet);",
                lake.display(),
                values.join(", "),
                results.display()
            ))
            .unwrap();
        let computation = LakeComputation {
            lake: &lake,
            engine: "polars",
            master: None,
            seconds: 1.5,
            families: &["family"],
        };
        store.load_lake_figures(&computation, &results).unwrap()
    }

    fn day(y: i32, m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, 1).unwrap()
    }

    #[test]
    fn the_federation_page_reads_a_month_its_twelve_months_and_a_year() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("vigie.duckdb")).unwrap();
        // Month indexes: 2025-11 is 24310, 2026-10 is 24321.
        let run = engine_wrote(
            &store,
            dir.path(),
            &[
                ("contributions", 1, 24309, 1000), // 2025-10: before the window
                ("contributions", 1, 24310, 3),    // 2025-11: its first month
                ("contributions", 1, 24321, 4),    // 2026-10: its last
                ("contributions", 1, 24322, 50),   // 2026-11: after it
                ("active_contributors", 1, 24321, 2),
                ("active_contributors", 1, 24320, 9),
                ("new_contributors", 1, 24315, 5),
                ("new_contributors", 1, 24300, 7),
                ("bus_factor", 1, 2025 * 12, 2),
                ("bus_factor", 1, 2026 * 12, 1),
                ("active", 1, 24322, 3),
                ("away", 1, 24322, 8),
                ("contributions", 2, 24321, 6),
                ("elephant_factor", 2, 2025 * 12, 1),
                ("contributions", 0, 24321, 10),
                ("bus_factor", 0, 2025 * 12, 3),
                ("away", 0, 24322, 8),
            ],
        );
        assert_eq!(run.figures, 17);

        let rows = store
            .lake_repository_figures(run.id, day(2026, 10), day(2025, 1))
            .unwrap();
        let site = LakeRepositoryFigures {
            repository: "city/site".into(),
            contributions: 7,
            active_contributors: 2,
            new_contributors: 5,
            bus_factor: Some(2),
            elephant_factor: None,
            active: 3,
            drifting: 0,
            away: 8,
        };
        let core = LakeRepositoryFigures {
            repository: "city/core".into(),
            contributions: 6,
            active_contributors: 0,
            new_contributors: 0,
            bus_factor: None,
            elephant_factor: Some(1),
            active: 0,
            drifting: 0,
            away: 0,
        };
        assert_eq!(rows, [core, site], "by name, all repositories left out");

        let totals = store
            .lake_totals(run.id, &["contributions", "bus_factor"])
            .unwrap();
        let read: Vec<(&str, NaiveDate, i64)> = totals
            .iter()
            .map(|f| (f.metric.as_str(), f.period, f.value))
            .collect();
        assert_eq!(
            read,
            [
                ("bus_factor", day(2025, 1), 3),
                ("contributions", day(2026, 10), 10)
            ]
        );
        assert!(totals.iter().all(|f| f.repository.is_none()));
    }
}
