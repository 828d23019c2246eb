//! The GH Archive benchmark (docs/benchmarks.md): the real hour
//! `../shared/data/gharchive/gharchive-2015-01-01-15.json.gz` read into a
//! fresh store by the `kind = "gharchive"` source (decompress, parse,
//! filter, store: an ingest run over the folder), against DuckDB's own
//! `read_ndjson` of the same file loaded into a table of a fresh DuckDB
//! file, alternately in the same run. Opening each database is left out of
//! both timings.
//!
//! ```text
//! cargo run --release -p vigie-ingest --example bench_gharchive -- [--rounds 5] [--organisation NAME]...
//! ```

use std::path::Path;
use std::time::{Duration, Instant};

use vigie_ingest::identity::Rules;
use vigie_ingest::{ingest, GharchiveSource, SourceConfig, Store};

fn main() {
    let mut rounds = 5;
    let mut organisations = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--rounds" => {
                rounds = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--rounds N")
            }
            "--organisation" => organisations.push(args.next().expect("--organisation NAME")),
            other => panic!("unknown argument {other}"),
        }
    }
    let data = vigie_ingest::testdata::shared_data().expect("../shared/data beside the checkout");
    let folder = data.join("gharchive");
    let file = folder.join("gharchive-2015-01-01-15.json.gz");
    let (mut vigie, mut duck) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        let (took, stored) = vigie_round(&folder, &organisations);
        vigie.push(took);
        let (took_duck, rows) = duckdb_round(&file);
        duck.push(took_duck);
        println!(
            "round {}: Vigie {:.3} s ({stored}), DuckDB read_ndjson {:.3} s ({rows} rows)",
            round + 1,
            took.as_secs_f64(),
            took_duck.as_secs_f64()
        );
    }
    let (v, d) = (median(&mut vigie), median(&mut duck));
    println!(
        "median of {rounds}: Vigie {:.3} s, DuckDB {:.3} s; DuckDB's time / Vigie's = {:.2}x",
        v.as_secs_f64(),
        d.as_secs_f64(),
        d.as_secs_f64() / v.as_secs_f64()
    );
}

fn vigie_round(folder: &Path, organisations: &[String]) -> (Duration, String) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = Store::open(&dir.path().join("v.duckdb")).expect("a fresh store");
    let source = SourceConfig::Gharchive(GharchiveSource::folder(folder, organisations.to_vec()));
    let started = Instant::now();
    let report = ingest(&mut store, &[source], dir.path(), &Rules::default(), |_| {})
        .expect("an ingest run");
    let took = started.elapsed();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let count = |table: &str| -> i64 {
        store
            .connection()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .expect("a count")
    };
    let stored = format!(
        "{} repositories, {} issues and pull requests, {} comments, {} issue events, {} releases, {} commits, {} activities",
        count("repositories"),
        count("issues"),
        count("comments"),
        count("issue_events"),
        count("releases"),
        count("commits"),
        count("activities")
    );
    (took, stored)
}

fn duckdb_round(file: &Path) -> (Duration, i64) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let conn = duckdb::Connection::open(dir.path().join("e.duckdb")).expect("a fresh DuckDB file");
    let sql = format!(
        "CREATE TABLE e AS SELECT * FROM read_ndjson('{}')",
        file.display().to_string().replace('\'', "''")
    );
    let started = Instant::now();
    conn.execute_batch(&sql).expect("read_ndjson");
    let took = started.elapsed();
    let rows = conn
        .query_row("SELECT count(*) FROM e", [], |r| r.get(0))
        .expect("a count");
    (took, rows)
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}
