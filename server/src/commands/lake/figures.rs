//! `vigie lake metrics FOLDER [--engine polars|spark]`: the lake's figures
//! ([`vigie_metrics::lake`]) computed by polars here, or by Apache Spark on
//! a cluster (`spark.rs`), each family written as Parquet under the lake's
//! `_figures/ENGINE/` folder (where a cluster's workers can write too), then
//! loaded into the store as one run.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use vigie_ingest::store::lake_figures::{LakeComputation, LakeRun};
use vigie_ingest::Store;
use vigie_metrics::activity::LakeActivities;
use vigie_metrics::lake::{self as figures_of, FAMILIES};
use vigie_metrics::polars::prelude::ParquetWriter;

use crate::config::Config;

/// Which engine computes the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    /// polars on this machine, reading the lake lazily.
    Polars,
    /// Apache Spark, on the cluster `--master` names.
    Spark,
}

impl Engine {
    fn name(self) -> &'static str {
        match self {
            Engine::Polars => "polars",
            Engine::Spark => "spark",
        }
    }
}

/// The arguments of `vigie lake metrics`.
#[derive(Debug, clap::Args)]
pub struct MetricsArgs {
    /// The lake's folder (written by `vigie lake export`).
    pub folder: PathBuf,
    /// Who computes the figures.
    #[arg(long, value_enum, default_value = "polars")]
    pub engine: Engine,
    /// The Spark master, `spark://HOST:PORT` (Spark only).
    #[arg(long, required_if_eq("engine", "spark"))]
    pub master: Option<String>,
    /// Spark's `spark-submit` (default: the one `scripts/spark/setup.sh`
    /// installed, else `$SPARK_HOME/bin/spark-submit`, else the PATH's).
    #[arg(long)]
    pub spark_submit: Option<PathBuf>,
    /// A Spark setting for the job, `KEY=VALUE` (repeatable): executors'
    /// memory, shuffle partitions, ...
    #[arg(long = "spark-conf", value_name = "KEY=VALUE")]
    pub spark_conf: Vec<String>,
    /// Print JSON on standard output, for scripts.
    #[arg(long)]
    pub json: bool,
}

/// Runs `vigie lake metrics`.
pub fn run(config: &Config, args: &MetricsArgs) -> anyhow::Result<ExitCode> {
    let store = Store::open(&config.store.database)
        .with_context(|| format!("cannot open {}", config.store.database.display()))?;
    let lake = args
        .folder
        .canonicalize()
        .with_context(|| format!("no lake at {}", args.folder.display()))?;
    let results = lake.join("_figures").join(args.engine.name());
    if results.exists() {
        std::fs::remove_dir_all(&results)
            .with_context(|| format!("cannot empty {}", results.display()))?;
    }
    let started = Instant::now();
    match args.engine {
        Engine::Polars => compute_with_polars(&lake, &results)?,
        Engine::Spark => super::spark::compute(args, &lake, &results)?,
    }
    let seconds = started.elapsed().as_secs_f64();
    let families: Vec<&str> = FAMILIES.iter().map(|f| f.name).collect();
    let run = store
        .load_lake_figures(
            &LakeComputation {
                lake: &lake,
                engine: args.engine.name(),
                master: args.master.as_deref(),
                seconds,
                families: &families,
            },
            &results,
        )
        .with_context(|| format!("cannot load the figures of {}", results.display()))?;
    report(&run, args.json)?;
    Ok(ExitCode::SUCCESS)
}

/// Computes every family with polars over the lake's scan and writes each
/// as `RESULTS/FAMILY/part.parquet`.
fn compute_with_polars(lake: &Path, results: &Path) -> anyhow::Result<()> {
    let activities = LakeActivities::open(lake)?;
    for (name, mut figures) in figures_of::compute_all(&activities)? {
        let folder = results.join(name);
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
        let path = folder.join("part.parquet");
        let file = std::fs::File::create(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        ParquetWriter::new(file)
            .finish(&mut figures)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn report(run: &LakeRun, json: bool) -> anyhow::Result<()> {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "run": run.id,
                "lake": run.lake,
                "engine": run.engine,
                "master": run.master,
                "seconds": run.seconds,
                "figures": run.figures,
            }))?
        );
    } else {
        let on = run
            .master
            .as_deref()
            .map(|m| format!(" on {m}"))
            .unwrap_or_default();
        eprintln!(
            "{} figures of the lake in {} computed by {}{on} in {:.1} s, loaded into the store \
             (lake run {}).",
            run.figures, run.lake, run.engine, run.seconds, run.id
        );
    }
    Ok(())
}
