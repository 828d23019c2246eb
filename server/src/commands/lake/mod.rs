//! `vigie lake export FOLDER`: the store's activities, items, identities
//! and repositories as a Parquet lake, Hive-partitioned by source, year and
//! month (docs/scale.md), for engines beyond one machine. Exporting again
//! into the same folder writes only the partitions that changed. The store
//! does the work ([`vigie_ingest::store::lake`]).
//!
//! `vigie lake metrics FOLDER`: the lake's figures per repository and period
//! ([`vigie_metrics::lake`]) computed by polars on this machine or by Apache
//! Spark on a cluster (`figures.rs`, `spark.rs`), and loaded into the store.

mod figures;
mod spark;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use vigie_ingest::Store;

use crate::config::Config;

/// What `vigie lake` does.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Write the lake into FOLDER, or bring the one there up to date.
    Export {
        /// The lake's folder (created if needed).
        folder: PathBuf,
        /// Print JSON on standard output, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Compute the lake's figures per repository and period and load them
    /// into the store.
    Metrics(figures::MetricsArgs),
}

/// Runs a `vigie lake` action.
pub fn run(config: &Config, action: Action) -> anyhow::Result<ExitCode> {
    match action {
        Action::Export { folder, json } => export(config, &folder, json),
        Action::Metrics(args) => figures::run(config, &args),
    }
}

/// `vigie lake export`.
fn export(config: &Config, folder: &std::path::Path, json: bool) -> anyhow::Result<ExitCode> {
    let store = Store::open(&config.store.database)
        .with_context(|| format!("cannot open {}", config.store.database.display()))?;
    let started = Instant::now();
    let report = store
        .export_lake(
            folder,
            &vigie_ingest::affiliation::Affiliations::new(&config.affiliations),
        )
        .with_context(|| format!("cannot write the lake in {}", folder.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "folder": folder,
                "written": report.written,
                "unchanged": report.unchanged,
                "removed": report.removed,
                "rows": report.rows,
                "seconds": seconds,
            }))?
        );
    } else {
        let rows: Vec<String> = report
            .rows
            .iter()
            .map(|(table, rows)| format!("{table} {rows}"))
            .collect();
        eprintln!(
            "Lake in {} brought up to date in {seconds:.1} s: {} partitions written, {} unchanged, \
             {} removed; rows: {}.",
            folder.display(),
            report.written.len(),
            report.unchanged,
            report.removed.len(),
            rows.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}
