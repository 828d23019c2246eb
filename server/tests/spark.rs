//! The lake's figures computed by Apache Spark on a standalone cluster of
//! one master and two workers, each its own process (scripts/spark/
//! cluster.sh), equal polars' row for row, on synthetic lakes of one and ten
//! million activities (`VIGIE_SPARK_TEST_SIZES` sets others).
//!
//! It needs Spark (scripts/spark/setup.sh installs it from PyPI) and starts
//! and stops its own cluster, so a plain `cargo test` lists it as ignored;
//! scripts/test.sh installs Spark and runs it by name, under a time limit.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use common::{vigie, write_config};
use vigie_ingest::Store;
use vigie_metrics::synthetic::{generate, Spec};

/// The cluster this test started; stopped when dropped, whatever happened.
struct Cluster {
    master: String,
}

fn cluster_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/spark/cluster.sh")
}

impl Cluster {
    fn start() -> Self {
        let out = Command::new("bash")
            .arg(cluster_script())
            .args(["start", "--workers", "2"])
            .output()
            .expect("bash runs scripts/spark/cluster.sh");
        assert!(
            out.status.success(),
            "the Spark cluster did not start (run scripts/spark/setup.sh first):\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let master = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        assert!(master.starts_with("spark://"), "{master}");
        Self { master }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(cluster_script())
            .arg("stop")
            .status();
    }
}

fn sizes() -> Vec<usize> {
    std::env::var("VIGIE_SPARK_TEST_SIZES")
        .unwrap_or_else(|_| "1000000,10000000".into())
        .split(',')
        .map(|n| {
            n.trim()
                .replace('_', "")
                .parse()
                .expect("VIGIE_SPARK_TEST_SIZES: numbers")
        })
        .collect()
}

/// Runs `vigie lake metrics` with `engine_args` and says how long it took.
fn figures(config: &Path, lake: &Path, engine_args: &[&str]) -> f64 {
    let started = Instant::now();
    let mut args = vec!["lake", "metrics", lake.to_str().unwrap()];
    args.extend_from_slice(engine_args);
    let out = vigie(config, &args);
    assert!(
        out.status.success(),
        "vigie {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    started.elapsed().as_secs_f64()
}

#[test]
#[ignore = "needs Spark (scripts/spark/setup.sh) and starts a cluster: scripts/test.sh runs it"]
fn spark_s_figures_equal_polars_on_a_real_cluster() {
    let cluster = Cluster::start();
    for n in sizes() {
        let dir = tempfile::tempdir().unwrap();
        let config = write_config(dir.path(), "");
        let lake = dir.path().join("lake");
        generate(&Spec::new(n)).write_lake(&lake).unwrap();
        let polars = figures(&config, &lake, &["--engine", "polars"]);
        // A few shuffle partitions rather than Spark's 200: two workers of
        // one core each.
        let spark = figures(
            &config,
            &lake,
            &[
                "--engine",
                "spark",
                "--master",
                &cluster.master,
                "--spark-conf",
                "spark.sql.shuffle.partitions=8",
            ],
        );
        eprintln!("{n} activities: polars {polars:.1} s, Spark {spark:.1} s (both with loading)");

        let store = Store::open(&dir.path().join("vigie.duckdb")).unwrap();
        let runs = store.lake_runs().unwrap();
        let run_of = |engine: &str| runs.iter().find(|r| r.engine == engine).unwrap().id;
        let (by_polars, by_spark) = (
            store.lake_figures(run_of("polars")).unwrap(),
            store.lake_figures(run_of("spark")).unwrap(),
        );
        for metric in [
            "contributions",
            "active_contributors",
            "new_contributors",
            "returned",
            "became_regular",
            "retained",
            "bus_factor",
            "core",
            "regular",
            "casual",
            "elephant_factor",
            "unaffiliated",
            "active",
            "drifting",
            "away",
            "new",
        ] {
            let of = |figures: &[vigie_ingest::store::lake_figures::LakeFigure]| {
                figures
                    .iter()
                    .filter(|f| f.metric == metric)
                    .cloned()
                    .collect::<Vec<_>>()
            };
            let (p, s) = (of(&by_polars), of(&by_spark));
            assert!(!p.is_empty(), "{n}: polars gave no {metric}");
            assert_eq!(p.len(), s.len(), "{n}: {metric}: as many figures");
            if let Some((a, b)) = p.iter().zip(&s).find(|(a, b)| a != b) {
                panic!("{n}: {metric}: polars {a:?}, Spark {b:?}");
            }
        }
        assert_eq!(by_polars, by_spark, "{n}: every figure");
    }
    drop(cluster);
}
