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
    let spark = find_spark(args.spark_submit.as_deref())?;
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
    let mut command = Command::new(&spark.submit);
    if let Some((home, python)) = &spark.home_and_python {
        command
            .env("SPARK_HOME", home)
            .env("PYSPARK_PYTHON", python)
            .env("PYSPARK_DRIVER_PYTHON", python);
    }
    command.arg("--master").arg(master);
    for setting in &args.spark_conf {
        if !setting.contains('=') {
            bail!("--spark-conf {setting}: give KEY=VALUE");
        }
        command.arg("--conf").arg(setting);
    }
    let status = command
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
        .with_context(|| format!("cannot run {}", spark.submit.display()))?;
    if !status.success() {
        bail!(
            "the Spark job failed ({status}); the end of its log ({}):\n{}",
            log.display(),
            tail(&log)
        );
    }
    Ok(())
}

/// Where Spark is: its `spark-submit` and what its environment needs.
struct Spark {
    submit: PathBuf,
    /// SPARK_HOME and the Python the job runs with, for Spark installed by
    /// scripts/spark/setup.sh (PyPI's pyspark in a virtualenv).
    home_and_python: Option<(PathBuf, PathBuf)>,
}

/// Spark: the `spark-submit` given, else `$SPARK_HOME`'s, else the one
/// `scripts/spark/setup.sh` installs, else the PATH's.
fn find_spark(given: Option<&Path>) -> anyhow::Result<Spark> {
    let plain = |submit: PathBuf| Spark {
        submit,
        home_and_python: None,
    };
    if let Some(path) = given {
        if !path.is_file() {
            bail!("--spark-submit {}: no such file", path.display());
        }
        return Ok(plain(path.to_owned()));
    }
    if let Some(home) = std::env::var_os("SPARK_HOME") {
        let submit = PathBuf::from(home).join("bin/spark-submit");
        if submit.is_file() {
            return Ok(plain(submit));
        }
    }
    if let Some(found) = installed_by_setup() {
        return Ok(found);
    }
    which("spark-submit").map(plain).context(
        "spark-submit not found: run scripts/spark/setup.sh, set SPARK_HOME, or give --spark-submit",
    )
}

/// The pyspark package scripts/spark/setup.sh installs under
/// `$VIGIE_CACHE/spark/venv`: its folder is SPARK_HOME.
fn installed_by_setup() -> Option<Spark> {
    let cache = std::env::var_os("VIGIE_CACHE")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache").join("vigie"))
        })?;
    let venv = cache.join("spark").join("venv");
    let home = std::fs::read_dir(venv.join("lib"))
        .ok()?
        .flatten()
        .map(|python| python.path().join("site-packages").join("pyspark"))
        .find(|home| home.join("bin").join("spark-submit").is_file())?;
    Some(Spark {
        submit: home.join("bin").join("spark-submit"),
        home_and_python: Some((home, venv.join("bin").join("python"))),
    })
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
