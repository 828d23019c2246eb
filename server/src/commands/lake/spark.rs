//! The Spark engine of `vigie lake metrics`: the job
//! ([`vigie_metrics::lake::SPARK_JOB`]) and the figures' SQL are written
//! beside the results, then `spark-submit` runs the job on the cluster
//! `--master` names; the job writes each family's figures as Parquet under
//! the results' folder, which the store then loads. The driver runs here
//! (Spark's client mode); the lake and the results' folder must be where
//! every worker reads and writes them at the same path (one machine, or a
//! shared file system).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context};
use vigie_metrics::lake::{FAMILIES, SCOPED_SQL, SPARK_JOB};

use super::figures::MetricsArgs;

/// Lines of Spark's log shown when the job fails.
const LOG_TAIL: usize = 25;

/// Computes the figures of the lake in `lake` (an absolute path) on Spark
/// into `results`.
pub fn compute(args: &MetricsArgs, lake: &Path, results: &Path) -> anyhow::Result<()> {
    let master = args
        .master
        .as_deref()
        .context("--engine spark needs --master spark://HOST:PORT")?;
    if !master.starts_with("spark://") && !master.starts_with("local") {
        bail!("--master {master}: a Spark master's URL starts with spark://");
    }
    let submit = spark_submit(args.spark_submit.as_deref())?;
    let job = results.join("_job");
    let sql = job.join("sql");
    std::fs::create_dir_all(sql.join("views"))
        .with_context(|| format!("cannot create {}", sql.display()))?;
    write(&job.join("lake_metrics.py"), SPARK_JOB)?;
    write(&sql.join("views").join("scoped.sql"), SCOPED_SQL)?;
    for family in &FAMILIES {
        write(&sql.join(format!("{}.sql", family.name)), family.sql)?;
    }
    let log = job.join("spark.log");
    let log_file =
        std::fs::File::create(&log).with_context(|| format!("cannot create {}", log.display()))?;
    let status = Command::new(&submit)
        .arg("--master")
        .arg(master)
        .arg(job.join("lake_metrics.py"))
        .arg("--lake")
        .arg(lake)
        .arg("--sql")
        .arg(&sql)
        .arg("--out")
        .arg(results)
        .stdin(Stdio::null())
        .stdout(log_file.try_clone()?)
        .stderr(log_file)
        .status()
        .with_context(|| format!("cannot run {}", submit.display()))?;
    if !status.success() {
        bail!(
            "the Spark job failed ({status}); the end of its log ({}):\n{}",
            log.display(),
            tail(&log)
        );
    }
    Ok(())
}

/// `spark-submit`: the one given, else the one `scripts/spark/setup.sh`
/// installs, else `$SPARK_HOME`'s, else the PATH's.
fn spark_submit(given: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(path) = given {
        if !path.is_file() {
            bail!("--spark-submit {}: no such file", path.display());
        }
        return Ok(path.to_owned());
    }
    let cache = std::env::var_os("VIGIE_CACHE")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache").join("vigie"))
        });
    let candidates = [
        cache.map(|c| c.join("spark/venv/bin/spark-submit")),
        std::env::var_os("SPARK_HOME").map(|h| PathBuf::from(h).join("bin/spark-submit")),
    ];
    if let Some(found) = candidates.into_iter().flatten().find(|p| p.is_file()) {
        return Ok(found);
    }
    which("spark-submit").context(
        "spark-submit not found: run scripts/spark/setup.sh, set SPARK_HOME, or give --spark-submit",
    )
}

/// A program on the PATH.
fn which(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// The last lines of a log.
fn tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(LOG_TAIL)..].join("\n")
}
