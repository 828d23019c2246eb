//! One machine's ceiling (docs/scale.md): the dashboard's refresh and the
//! lake's figures ([`vigie_metrics::lake`]) read from a synthetic lake, at
//! sizes past what a frame in memory holds. Each size and engine runs in a
//! fresh process of its own (this example with `--scale-measure`), for its
//! time and peak memory; the baseline is DuckDB's SQL of the same refresh
//! over the same Parquet files, in the same run.
//!
//! ```text
//! cargo run --release -p vigie-metrics --example bench_metrics -- \
//!     --scale [--sizes 1000000,10000000,30000000,100000000] [--lakes DIR]
//! ```
//!
//! Lakes are written once per size into `DIR/synthetic-N` (default
//! `$VIGIE_CACHE/lakes`), and reused.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use duckdb::Connection;
use vigie_metrics::activity::LakeActivities;
use vigie_metrics::lake::{counted, FAMILIES};
use vigie_metrics::synthetic::{generate, Spec};

use crate::memory::{reset_peak, status_kib};
use crate::{polars_side, sql_side, Clock};

/// Where the lakes are kept between runs.
pub fn default_lakes() -> PathBuf {
    let cache = std::env::var_os("VIGIE_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_default();
            home.join(".cache").join("vigie")
        });
    cache.join("lakes")
}

/// The lake of `n` synthetic activities, written if it is not there yet.
pub fn lake(n: usize, lakes: &Path) -> PathBuf {
    let path = lakes.join(format!("synthetic-{n}"));
    if path.join("manifest.json").exists() {
        return path;
    }
    let t = Instant::now();
    let synthetic = generate(&Spec::new(n));
    let generated = t.elapsed();
    let t = Instant::now();
    synthetic.write_lake(&path).expect("the synthetic lake");
    eprintln!(
        "{n} activities: generated in {generated:.1?}, lake written in {:.1?} ({:.0} MiB)",
        t.elapsed(),
        folder_bytes(&path) as f64 / 1048576.0
    );
    path
}

/// Every size with each engine, each in a fresh process; prints the table
/// of docs/scale.md.
pub fn scale(sizes: &[usize], lakes: &Path) {
    let mut rows = Vec::new();
    for &n in sizes {
        let path = lake(n, lakes);
        let mib = folder_bytes(&path) as f64 / 1048576.0;
        let mut cells = vec![format!("{n}"), format!("{mib:.0} MiB")];
        for engine in ["duckdb", "polars"] {
            cells.extend(child(n, lakes, engine));
        }
        rows.push(cells);
    }
    println!(
        "\n| activities | lake on disk | DuckDB SQL refresh (baseline) | its peak RSS | polars refresh, scanning per metric | its peak RSS | polars refresh, scope read once | its peak RSS | best ratio | polars figures | their peak RSS |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for c in rows {
        let seconds = |s: &str| s.trim_end_matches(" s").parse::<f64>().unwrap_or(f64::NAN);
        let ratio = seconds(&c[2]) / seconds(&c[4]).min(seconds(&c[6]));
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {ratio:.2}× | {} | {} |",
            c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9]
        );
    }
}

/// Runs one engine at one size in a fresh process and returns its cells:
/// refresh time and peak, then (polars) the figures' time and peak.
fn child(n: usize, lakes: &Path, engine: &str) -> Vec<String> {
    let exe = std::env::current_exe().expect("this example's path");
    let out = Command::new(exe)
        .args([
            "--scale-measure",
            engine,
            "--sizes",
            &n.to_string(),
            "--lakes",
        ])
        .arg(lakes)
        .output()
        .expect("the measuring run");
    if !out.status.success() {
        panic!(
            "the {engine} run at {n} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("cells\t"))
        .flat_map(|l| l.split('\t').map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

/// Measures one engine on the lake of `n` activities (in this process) and
/// prints its cells as one `cells\t...` line.
pub fn measure(n: usize, lakes: &Path, engine: &str) {
    let path = lake(n, lakes);
    let mut cells = Vec::new();
    match engine {
        "polars" => {
            let activities = LakeActivities::open(&path).expect("the lake");
            cells.extend(timed(|| {
                let mut clock = Clock::new();
                polars_side::refresh_scanning(&activities, &mut clock).expect("the polars refresh");
                for (metric, lap) in crate::METRICS.iter().zip(&clock.laps) {
                    eprintln!("{n}: refresh, scanning: {metric}: {lap:.2?}");
                }
            }));
            cells.extend(timed(|| {
                let mut clock = Clock::new();
                polars_side::refresh(&activities, &mut clock).expect("the polars refresh");
                for (metric, lap) in crate::METRICS.iter().zip(&clock.laps) {
                    eprintln!("{n}: refresh, scope read once: {metric}: {lap:.2?}");
                }
            }));
            cells.extend(timed(|| {
                let t = Instant::now();
                let counted = counted(&activities).expect("the lake's activities");
                eprintln!(
                    "{n}: figures: the activities read once: {:.2?}",
                    t.elapsed()
                );
                for family in &FAMILIES {
                    let t = Instant::now();
                    (family.compute)(&counted).expect("the lake's figures");
                    eprintln!("{n}: figures {}: {:.2?}", family.name, t.elapsed());
                }
            }));
        }
        "duckdb" => {
            let conn = Connection::open_in_memory().expect("DuckDB in memory");
            conn.execute_batch(&over_lake(&path))
                .expect("the lake's view");
            let queries = sql_side::queries();
            cells.extend(timed(|| {
                sql_side::refresh(&conn, &queries, &mut Clock::new()).expect("the SQL refresh");
            }));
        }
        other => panic!("--scale-measure {other}: polars or duckdb"),
    }
    println!("cells\t{}", cells.join("\t"));
}

/// The view the SQL refresh reads (`synthetic_activities`), over the
/// lake's Parquet files.
fn over_lake(path: &Path) -> String {
    let files =
        |table: &str| format!("'{}/{table}/**/*.parquet'", path.display()).replace('\\', "/");
    format!(
        "CREATE VIEW synthetic_activities AS
         SELECT a.repository_id, a.contributor_id, a.kind, a.occurred_at,
                coalesce(i.is_bot, false) AS is_bot, a.organisation
         FROM read_parquet({}) a
         LEFT JOIN read_parquet({}) i ON i.id = a.identity_id",
        files("activities"),
        files("identities")
    )
}

/// Runs `work` and gives its time and the peak RSS while it ran.
fn timed(work: impl FnOnce()) -> [String; 2] {
    reset_peak();
    let t = Instant::now();
    work();
    let seconds = t.elapsed().as_secs_f64();
    [
        format!("{seconds:.2} s"),
        format!("{:.0} MiB", status_kib("VmHWM") as f64 / 1024.0),
    ]
}

/// The bytes of every file under `path`.
fn folder_bytes(path: &Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.file_type() {
                    Ok(t) if t.is_dir() => folder_bytes(&e.path()),
                    _ => e.metadata().map_or(0, |m| m.len()),
                })
                .sum()
        })
        .unwrap_or(0)
}
