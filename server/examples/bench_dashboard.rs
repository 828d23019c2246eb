//! The dashboard benchmark (issue 6): response times of every page with 32
//! concurrent clients on a store of one million activities, and the
//! summary's first paint in a cold browser.
//!
//! ```text
//! scripts/bench-dashboard.sh [--activities N] [--seconds S] [--connections C]
//! ```
//!
//! 1. Writes a store of synthetic activity ([`vigie_metrics::synthetic`]:
//!    invented people in `synthetic/repo-NNNN` repositories, never real
//!    data) into a temporary folder, then ingests the 31 Lutece
//!    repositories of `../shared/data` with their recorded tips, so that
//!    the technical debt page has an estate to show.
//! 2. Starts the release `vigie serve` on it, as its own process.
//! 3. For each page, times its first request (nothing computed yet: the
//!    page as readers get it just after an ingest), warms it up, then runs
//!    `wrk` (another process, on loopback) with 32 connections, asking for
//!    gzip as browsers do, and reads its latency distribution. A file of
//!    the browser bundle (`/pkg/vigie.css`, served from disk) is measured
//!    the same way as the baseline of the same run.
//! 4. Measures the summary's first contentful paint in a cold Chromium
//!    (end2end/bench/first-paint.mjs), five times.
//!
//! Prints a Markdown table for docs/benchmarks.md.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use vigie_ingest::Store;
use vigie_metrics::synthetic::{generate, Spec};

const ADDRESS: &str = "127.0.0.1:3427";

struct Options {
    activities: usize,
    seconds: u32,
    connections: u32,
}

fn options() -> Options {
    let mut o = Options {
        activities: 1_000_000,
        seconds: 10,
        connections: 32,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let value = it
            .next()
            .unwrap_or_else(|| panic!("{arg} needs a value"))
            .replace('_', "");
        match arg.as_str() {
            "--activities" => o.activities = value.parse().expect("--activities: a number"),
            "--seconds" => o.seconds = value.parse().expect("--seconds: a number"),
            "--connections" => o.connections = value.parse().expect("--connections: a number"),
            other => panic!("unknown option {other} (--activities, --seconds, --connections)"),
        }
    }
    o
}

/// Writes the synthetic store.
fn write_store(database: &Path, activities: usize) -> anyhow::Result<()> {
    let started = Instant::now();
    let synthetic = generate(&Spec::new(activities));
    let store = Store::open(database)?;
    let conn = store.connection();
    synthetic.write_duckdb(conn)?;
    conn.execute_batch(
        "BEGIN;
         INSERT INTO repositories (id, name, first_seen, platform)
           SELECT DISTINCT repository_id,
                  'synthetic/repo-' || lpad(CAST(repository_id AS VARCHAR), 4, '0'),
                  TIMESTAMP '2015-01-01', 'git'
           FROM synthetic_activities;
         INSERT INTO contributors (id, display_name, primary_email, is_bot, organisation)
           SELECT contributor_id, 'Synthetic person ' || contributor_id,
                  'person-' || contributor_id || '@synthetic.invalid',
                  bool_or(is_bot), min(organisation)
           FROM synthetic_activities GROUP BY contributor_id;
         INSERT INTO identities (id, source, email, name, contributor_id)
           SELECT id, 'synthetic', primary_email, display_name, id FROM contributors;
         INSERT INTO activities (repository_id, identity_id, kind, occurred_at, reference)
           SELECT repository_id, contributor_id, kind, occurred_at,
                  'synthetic-' || row_number() OVER ()
           FROM synthetic_activities;
         DROP TABLE synthetic_activities;
         UPDATE data_version SET version = version + 1;
         COMMIT;",
    )?;
    eprintln!(
        "bench: {} synthetic activities stored in {:.1} s",
        synthetic.len(),
        started.elapsed().as_secs_f64()
    );
    // What every ingest run now pays first: reading the whole store once
    // (Store::verify), from a new connection (the file in the OS cache).
    drop(store);
    let store = Store::open(database)?;
    let started = Instant::now();
    store.verify()?;
    eprintln!(
        "bench: the whole-store check before a run took {:.2} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The release binary beside this example (`target/release/vigie`).
fn vigie_binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("VIGIE_BIN") {
        return PathBuf::from(bin);
    }
    let exe = std::env::current_exe().expect("the example's path");
    exe.parent()
        .and_then(Path::parent)
        .map(|release| release.join("vigie"))
        .expect("target/release")
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_server(dir: &Path, database: &Path) -> anyhow::Result<Server> {
    let config = dir.join("vigie.toml");
    std::fs::write(
        &config,
        format!(
            "[store]\ndatabase = \"{}\"\n\n[server]\naddress = \"{ADDRESS}\"\n\n\
             [auth]\nusers = \"users.toml\"\n",
            database.display()
        ),
    )?;
    // A community manager's account: the contributor pages are theirs.
    let added = Command::new(vigie_binary())
        .args([
            "--config",
            &config.display().to_string(),
            "users",
            "add",
            "bench",
        ])
        .args(["--role", "manager"])
        .env("VIGIE_PASSWORD", PASSWORD)
        .stdout(Stdio::null())
        .status()?;
    anyhow::ensure!(added.success(), "cannot make the benchmark's account");
    let child = Command::new(vigie_binary())
        .args(["--config", &config.display().to_string(), "serve"])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()?;
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(ADDRESS).is_ok() {
            return Ok(server);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    anyhow::bail!("vigie serve did not listen on {ADDRESS} within 60 s")
}

/// The benchmark account's password.
const PASSWORD: &str = "benchmark-password";

/// Signs the benchmark's account in: the `Cookie` header its requests to
/// contributor pages carry.
fn sign_in() -> anyhow::Result<String> {
    use std::io::{Read, Write};
    let body = format!("name=bench&password={PASSWORD}&next=%2F");
    let mut stream = std::net::TcpStream::connect(ADDRESS)?;
    write!(
        stream,
        "POST /auth/login HTTP/1.1\r\nHost: {ADDRESS}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    response
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .map(str::to_owned)
        .ok_or_else(|| {
            anyhow::anyhow!(
                "signing in failed: {}",
                response.lines().next().unwrap_or_default()
            )
        })
}

/// What wrk measured.
struct Measured {
    p50_ms: f64,
    p90_ms: f64,
    p99_ms: f64,
    requests_per_s: f64,
    errors: u64,
}

fn wrk(
    path: &str,
    cookie: Option<&str>,
    seconds: u32,
    connections: u32,
) -> anyhow::Result<Measured> {
    let mut command = Command::new("wrk");
    command.args([
        "--latency",
        "-t2",
        &format!("-c{connections}"),
        &format!("-d{seconds}s"),
        "-H",
        "Accept-Encoding: gzip",
    ]);
    if let Some(cookie) = cookie {
        command.args(["-H", &format!("Cookie: {cookie}")]);
    }
    let output = command
        .arg(format!("http://{ADDRESS}{path}"))
        .output()
        .map_err(|e| {
            anyhow::anyhow!("cannot run wrk ({e}): install it with scripts/setup-bench.sh")
        })?;
    let text = String::from_utf8_lossy(&output.stdout);
    let millis = |value: &str| -> Option<f64> {
        let (number, unit) = value.split_at(value.find(|c: char| c.is_ascii_alphabetic())?);
        let n: f64 = number.parse().ok()?;
        Some(match unit {
            "us" => n / 1000.0,
            "ms" => n,
            "s" => n * 1000.0,
            "m" => n * 60_000.0,
            _ => return None,
        })
    };
    let percentile = |p: &str| {
        text.lines()
            .map(str::split_whitespace)
            .find_map(|mut words| (words.next() == Some(p)).then(|| words.next()).flatten())
            .and_then(millis)
            .ok_or_else(|| anyhow::anyhow!("wrk gave no {p} latency for {path}:\n{text}"))
    };
    let after = |label: &str| -> u64 {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(label))
            .map(|rest| {
                rest.split(|c: char| !c.is_ascii_digit())
                    .filter_map(|n| n.parse::<u64>().ok())
                    .sum()
            })
            .unwrap_or(0)
    };
    Ok(Measured {
        p50_ms: percentile("50%")?,
        p90_ms: percentile("90%")?,
        p99_ms: percentile("99%")?,
        requests_per_s: text
            .lines()
            .find_map(|l| l.strip_prefix("Requests/sec:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0.0),
        errors: after("Non-2xx or 3xx responses:") + after("Socket errors:"),
    })
}

/// The time of one whole `GET` (a new connection, the body read to its end).
fn one_request(path: &str, cookie: Option<&str>) -> anyhow::Result<Duration> {
    use std::io::{Read, Write};
    let started = Instant::now();
    let mut stream = std::net::TcpStream::connect(ADDRESS)?;
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {ADDRESS}\r\nAccept-Encoding: gzip\r\n{cookie}Connection: close\r\n\r\n"
    )?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let elapsed = started.elapsed();
    if !response.starts_with(b"HTTP/1.1 200") {
        anyhow::bail!(
            "{path}: {}",
            String::from_utf8_lossy(&response[..response.len().min(80)])
        );
    }
    Ok(elapsed)
}

/// Median first contentful paint of the summary in a cold browser, in ms.
fn first_paint() -> anyhow::Result<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end/bench/first-paint.mjs");
    let output = Command::new("node")
        .arg(&script)
        .arg(format!("http://{ADDRESS}/"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end"))
        .output()?;
    if !output.status.success() {
        anyhow::bail!(
            "first-paint.mjs failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// The 31 Lutece logs with their tips and refs, ingested beside the
/// synthetic activity (offline: no Maven repository is asked); returns
/// the busiest contributor's id.
fn add_lutece_estate(database: &Path, clones: &Path) -> anyhow::Result<i64> {
    let data = vigie_ingest::testdata::shared_data()
        .ok_or_else(|| anyhow::anyhow!("../shared/data is needed for the estate"))?;
    let started = Instant::now();
    let mut store = Store::open(database)?;
    let source = vigie_ingest::SourceConfig::GitLog {
        path: data.join("lutece-gitlog"),
        heads: Some(data.join("lutece-heads")),
        refs: Some(data.join("lutece-refs.csv.gz")),
    };
    let report = vigie_ingest::ingest(
        &mut store,
        &[source],
        clones,
        &vigie_ingest::identity::Rules::default(),
        |_| {},
    )?;
    anyhow::ensure!(report.failures.is_empty(), "{:?}", report.failures);
    eprintln!(
        "bench: 31 Lutece repositories and {} tips ingested in {:.1} s",
        report.estate.read,
        started.elapsed().as_secs_f64()
    );
    Ok(store.connection().query_row(
        "SELECT i.contributor_id FROM activities a JOIN identities i ON i.id = a.identity_id
         GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
        [],
        |r| r.get(0),
    )?)
}

fn main() -> anyhow::Result<()> {
    let o = options();
    let dir = tempfile::tempdir()?;
    let database = dir.path().join("bench.duckdb");
    write_store(&database, o.activities)?;
    // The run resolves contributors anew: the busiest is asked for after it.
    let busiest = add_lutece_estate(&database, &dir.path().join("clones"))?;
    let _server = start_server(dir.path(), &database)?;
    let cookie = sign_in()?;
    // Pages that name people are read signed in (and so never come from
    // the response cache, which keeps anonymous answers only).
    let signed_in = |path: &str| path.starts_with("/contributors").then_some(cookie.as_str());
    let pages = [
        ("Static file (baseline)", "/pkg/vigie.css".to_owned()),
        ("Summary", "/".to_owned()),
        ("Community", "/community".to_owned()),
        ("Contributors", "/contributors".to_owned()),
        (
            "Inactive contributors",
            "/contributors?status=inactive".to_owned(),
        ),
        ("One contributor", format!("/contributors/{busiest}")),
        ("Repositories", "/repositories".to_owned()),
        (
            "One repository",
            "/repositories/synthetic/repo-0001".to_owned(),
        ),
        (
            "One Lutece repository, with its estate",
            "/repositories/lutece-platform/lutece-core".to_owned(),
        ),
        ("Technical debt", "/technical-debt".to_owned()),
        ("Sources", "/sources".to_owned()),
        (
            "Summary, quarterly, 2020-2023",
            "/?period=quarter&from=2020-01&to=2023-12".to_owned(),
        ),
    ];
    // The first request of each page computes its metrics and draws it;
    // the warm-up also lets the server's caches and the allocator settle.
    let mut first = Vec::new();
    for (_, path) in &pages {
        first.push(one_request(path, signed_in(path))?);
        wrk(path, signed_in(path), 2, o.connections)?;
    }
    println!(
        "| page | first request | p50 | p90 | p99 | requests/s | p99 / baseline p99 | errors |\n|---|---|---|---|---|---|---|---|"
    );
    let mut baseline = None;
    for ((name, path), first) in pages.iter().zip(&first) {
        let m = wrk(path, signed_in(path), o.seconds, o.connections)?;
        let base = *baseline.get_or_insert(m.p99_ms);
        println!(
            "| {name} (`{path}`) | {:.0} ms | {:.1} ms | {:.1} ms | {:.1} ms | {:.0} | {:.1} | {} |",
            first.as_secs_f64() * 1000.0,
            m.p50_ms,
            m.p90_ms,
            m.p99_ms,
            m.requests_per_s,
            m.p99_ms / base,
            m.errors
        );
    }
    match first_paint() {
        Ok(line) => println!("\nSummary, first contentful paint in a cold Chromium: {line}"),
        Err(e) => eprintln!("bench: the first paint was not measured: {e}"),
    }
    Ok(())
}
