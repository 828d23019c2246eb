//! The forge-ingest benchmark (docs/benchmarks.md): collect the same
//! GitHub repositories from a local server replaying recorded answers with
//! 50 ms of added latency per request, with Vigie and with GrimoireLab
//! Perceval's GitHub backend (`--enterprise-url`), a first run and a re-run
//! with nothing new; requests counted by the server, wall time measured.
//!
//! ```text
//! cargo run --release -p vigie-ingest --example bench_forge -- [--latency-ms 50]
//! ```
//! Needs `perceval` (pip install perceval==1.6.1) on the PATH.

#[path = "../tests/support/mod.rs"]
mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use support::forge::MockForge;
use support::recordings::Recordings;
use vigie_ingest::identity::Rules;
use vigie_ingest::{ingest, SourceConfig, Store};

/// Repositories Perceval can read to the end from the recordings: octokit's
/// paginated issues in full, PyGithub's issues from 2024 on (its 2012
/// answers lack fields Perceval requires).
const REPOSITORIES: [(&str, &str, Option<&str>); 2] = [
    ("octokit-fixture-org", "paginate-issues", None),
    ("PyGithub", "PyGithub", Some("2024-01-01")),
];

fn main() {
    let mut latency = 50;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--latency-ms" => {
                latency = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--latency-ms N")
            }
            other => panic!("unknown argument {other}"),
        }
    }
    let data = vigie_ingest::testdata::shared_data().expect("../shared/data beside the checkout");
    let forge = MockForge::start();
    let recordings = Recordings::github(&data);
    recordings.serve_on(&forge);
    // Perceval asks more than Vigie: per issue, per pull request, per user.
    recordings.serve_item_by_item_on(&forge);
    forge.set_latency(Duration::from_millis(latency));
    let url = forge.url();
    println!("Replay server {url}, {latency} ms added per request.\n");

    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = Store::open(&dir.path().join("bench.duckdb")).expect("a store");
    let sources = [SourceConfig::Github {
        organisations: vec![],
        repositories: REPOSITORIES
            .iter()
            .map(|(o, r, _)| format!("{o}/{r}"))
            .collect(),
        api: url.clone(),
        token_env: vec![],
        forks: false,
        concurrency: std::env::var("BENCH_CONCURRENCY")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(4),
        git: false,
    }];
    let mut vigie = |label: &str| {
        let before = forge.request_count();
        let started = Instant::now();
        let report = ingest(
            &mut store,
            &sources,
            &dir.path().join("c"),
            &Rules::default(),
            |_| {},
        )
        .expect("the store works");
        let took = started.elapsed();
        let issues: u64 = report.forge.iter().map(|(_, s)| s.issues).sum();
        (
            label.to_owned(),
            took,
            forge.request_count() - before,
            issues,
        )
    };
    let first = vigie("Vigie, first run");
    let again = vigie("Vigie, re-run with nothing new");

    let perceval = |label: &str, from: &dyn Fn(Option<&str>) -> Option<String>| {
        let before = forge.request_count();
        let started = Instant::now();
        let mut items = 0;
        for (owner, repo, since) in REPOSITORIES {
            for category in ["issue", "pull_request", "repository"] {
                let mut cmd = Command::new("perceval");
                cmd.args(["github", owner, repo, "--enterprise-url", &url])
                    .args(["-t", "x", "--no-archive", "--category", category]);
                if let Some(date) = from(since) {
                    cmd.args(["--from-date", &date]);
                }
                let out = cmd
                    .output()
                    .expect("perceval runs (pip install perceval==1.6.1)");
                let stdout = String::from_utf8_lossy(&out.stdout);
                items += stdout.matches("\n{").count() + usize::from(stdout.starts_with('{'));
            }
        }
        (
            label.to_owned(),
            started.elapsed(),
            forge.request_count() - before,
            items as u64,
        )
    };
    let p_first = perceval("Perceval, first run", &|since| since.map(str::to_owned));
    // Perceval's incremental mode: from the latest update it has seen.
    let p_again = perceval("Perceval, re-run from the last update", &|_| {
        Some("2025-09-01".to_owned())
    });

    println!("| run | wall time | requests | items | speed-up over Perceval's same run |");
    println!("|---|---|---|---|---|");
    for ((label, took, requests, items), base) in [
        (&p_first, &p_first),
        (&first, &p_first),
        (&p_again, &p_again),
        (&again, &p_again),
    ] {
        println!(
            "| {label} | {:.2} s | {requests} | {items} | {:.1}× |",
            took.as_secs_f64(),
            base.1.as_secs_f64() / took.as_secs_f64()
        );
    }
    println!(
        "\nRepositories: {}; Vigie's re-run: {:.1} requests per repository.",
        REPOSITORIES.len(),
        again.2 as f64 / REPOSITORIES.len() as f64
    );
}
