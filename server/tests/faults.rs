//! Faults a server meets in production, tried on the real `vigie` binary
//! over the shared Lutece logs (31 repositories, 23,584 commits): a kill
//! or a stop in the middle of a scheduled ingest, a database held by
//! another process, damaged or unreadable files, a full disk, and many
//! readers while the server ingests. Whatever happens, readers get pages
//! or a refused connection (never an error page), commands say what is
//! wrong, and no commit is lost or stored twice.
//!
//! Each test takes well under 90 s; the load test has the machine to
//! itself, the others share it.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock, RwLockReadGuard};
use std::thread::{sleep, JoinHandle};
use std::time::{Duration, Instant};

use common::{dump, logs_source, logs_source_at, vigie, write_config};
use vigie_ingest::testdata::shared_data;
use vigie_ingest::Store;

/// Commits in the shared Lutece logs.
const COMMITS: i64 = 23_584;
/// The pages anyone may read.
const PUBLIC_PAGES: [&str; 4] = ["/", "/community", "/repositories", "/sources"];
/// The smallest Lutece log: 30 commits.
const ONE_REPOSITORY: &str = "lutece-platform+lutece-tech-plugin-liquibase.gitlog.txt.gz";

const IN_USE: &str = "is in use by another process";
const DAMAGED: &str = "is not a Vigie database or is damaged";
const NOTHING_WRITTEN: &str = "nothing was written to it";
const UNREADABLE: &str = "cannot open the database";
const DISK_FULL: &str = "the disk holding the database is full";

/// The load test takes it for writing: it has both cores to itself, so its
/// numbers and its timeouts are not another test's.
static MACHINE: RwLock<()> = RwLock::new(());

fn share_the_machine() -> RwLockReadGuard<'static, ()> {
    MACHINE.read().unwrap_or_else(|e| e.into_inner())
}

/// What `vigie ingest` of every log stores, from a fresh folder.
fn all_logs_reference(data: &Path) -> &'static [String] {
    static REFERENCE: OnceLock<Vec<String>> = OnceLock::new();
    REFERENCE.get_or_init(|| {
        let reference = reference_of(&logs_source(data));
        assert!(reference.len() > 40_000, "{} rows", reference.len());
        reference
    })
}

/// What `vigie ingest` of `sources` stores, from a fresh folder.
fn reference_of(sources: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), sources);
    let out = vigie(&config, &["ingest"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dump(&dir.path().join("vigie.duckdb"))
}

/// `DIR/vigie.toml` with `sources`, served on `port` and read again `every`.
fn serve_config(dir: &Path, sources: &str, port: u16, every: &str) -> PathBuf {
    write_config(
        dir,
        &format!(
            "{sources}\n[server]\naddress = \"127.0.0.1:{port}\"\n\n[schedule]\nevery = \"{every}\"\n"
        ),
    )
}

/// A new folder whose configuration serves every log, read again each
/// second, into `vigie.duckdb` there (not made yet).
fn all_logs_every_second(data: &Path, port: u16) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let config = serve_config(dir.path(), &logs_source(data), port, "1s");
    let database = dir.path().join("vigie.duckdb");
    (dir, config, database)
}

/// The status of every ingest run, in order, and the commits stored.
fn runs_and_commits(database: &Path) -> (Vec<String>, i64) {
    let store = Store::open(database).expect("the database opens");
    let runs = store
        .connection()
        .prepare("SELECT status FROM ingest_runs ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let commits = store
        .connection()
        .query_row("SELECT count(*) FROM commits", [], |r| r.get(0))
        .unwrap();
    (runs, commits)
}

/// [`runs_and_commits`] of a copy of the database files (taken while no
/// process holds them), leaving the originals as the next process finds them.
fn look_at_a_copy(database: &Path, folder: &Path) -> (Vec<String>, i64) {
    std::fs::create_dir_all(folder).unwrap();
    let copy = folder.join("vigie.duckdb");
    for suffix in ["", ".wal"] {
        let from = PathBuf::from(format!("{}{suffix}", database.display()));
        let to = PathBuf::from(format!("{}{suffix}", copy.display()));
        let _ = std::fs::remove_file(&to);
        if from.exists() {
            std::fs::copy(&from, &to).unwrap();
        }
    }
    runs_and_commits(&copy)
}

/// The commits and activities of `got`, grouped by repository, are each
/// a repository of `expected` whole: a repository is stored entirely or
/// not at all. Returns how many repositories `got` holds.
fn assert_whole_repositories(got: &[String], expected: &[String]) -> usize {
    fn by_repository(rows: &[String]) -> BTreeMap<&str, BTreeSet<&str>> {
        let mut grouped: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for row in rows {
            let mut fields = row.splitn(3, '\t');
            if let (Some("commit" | "activity"), Some(repository)) = (fields.next(), fields.next())
            {
                grouped.entry(repository).or_default().insert(row);
            }
        }
        grouped
    }
    let got = by_repository(got);
    let expected = by_repository(expected);
    for (repository, rows) in &got {
        let whole = expected
            .get(repository)
            .unwrap_or_else(|| panic!("{repository} is not in the logs"));
        assert!(
            rows == whole,
            "{repository}: {} rows stored, {} in a complete load",
            rows.len(),
            whole.len()
        );
    }
    got.len()
}

// --- A client on std::net ---------------------------------------------

/// One `GET` with `Connection: close`, as a browser sends it: the status,
/// once the whole response has arrived (a response cut short is an error).
fn get(port: u16, path: &str) -> std::io::Result<u16> {
    use std::io::{Error, ErrorKind};
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Encoding: gzip\r\n\
         Connection: close\r\n\r\n"
    )?;
    // To the end: the server closes first, so the client's ports are not
    // left waiting (TIME_WAIT) and 64 readers do not run out of them.
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let cut = |what: &str| Error::new(ErrorKind::UnexpectedEof, format!("{path}: {what}"));
    let end_of_head = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| cut("no complete head"))?;
    let head = String::from_utf8_lossy(&response[..end_of_head]).to_lowercase();
    let body = &response[end_of_head + 4..];
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| {
            let mut parts = line.split_whitespace();
            parts.next().filter(|v| v.starts_with("http/1."))?;
            parts.next()?.parse::<u16>().ok()
        })
        .ok_or_else(|| Error::new(ErrorKind::InvalidData, format!("{path}: no status line")))?;
    let header = |name: &str| {
        head.lines()
            .skip(1)
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(':').map(str::trim))
    };
    if let Some(length) = header("content-length").and_then(|l| l.parse::<usize>().ok()) {
        if body.len() < length {
            return Err(cut(&format!("{} of {length} bytes", body.len())));
        }
    } else if header("transfer-encoding") == Some("chunked") && !body.ends_with(b"0\r\n\r\n") {
        return Err(cut("the last chunk is missing"));
    }
    Ok(status)
}

/// One request a reader made.
struct Reading {
    started: Instant,
    took: Duration,
    path: &'static str,
    outcome: Result<u16, String>,
}

/// `readers` threads reading `pages` in turn, as fast as they are
/// answered, once `go` is set and until `stop` is; each returns what it saw.
fn read_pages(
    port: u16,
    pages: &'static [&'static str],
    readers: usize,
    go: &Arc<AtomicBool>,
    stop: &Arc<AtomicBool>,
) -> Vec<JoinHandle<Vec<Reading>>> {
    (0..readers)
        .map(|reader| {
            let (go, stop) = (Arc::clone(go), Arc::clone(stop));
            std::thread::spawn(move || {
                while !go.load(Ordering::SeqCst) && !stop.load(Ordering::SeqCst) {
                    sleep(Duration::from_millis(1));
                }
                let mut readings = Vec::new();
                for path in pages.iter().cycle().skip(reader) {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let started = Instant::now();
                    let outcome = get(port, path).map_err(|e| e.to_string());
                    let failed = outcome.is_err();
                    readings.push(Reading {
                        started,
                        took: started.elapsed(),
                        path,
                        outcome,
                    });
                    if failed {
                        // The server is down: try again shortly, as a browser would.
                        sleep(Duration::from_millis(5));
                    }
                }
                readings
            })
        })
        .collect()
}

/// How long requests took, for the report (timings are not pass/fail).
struct Latencies {
    count: usize,
    sorted: Vec<Duration>,
}

impl Latencies {
    fn of<'a>(readings: impl Iterator<Item = &'a Reading>) -> Self {
        let mut sorted: Vec<Duration> = readings.map(|r| r.took).collect();
        sorted.sort();
        Self {
            count: sorted.len(),
            sorted,
        }
    }

    fn percentile(&self, p: usize) -> Duration {
        let at = (self.sorted.len() * p / 100).min(self.sorted.len().saturating_sub(1));
        self.sorted.get(at).copied().unwrap_or_default()
    }
}

impl std::fmt::Display for Latencies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        write!(
            f,
            "p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            ms(self.percentile(50)),
            ms(self.percentile(99)),
            ms(self.sorted.last().copied().unwrap_or_default())
        )
    }
}

fn join_readers(readers: Vec<JoinHandle<Vec<Reading>>>) -> Vec<Reading> {
    readers
        .into_iter()
        .flat_map(|r| r.join().expect("a reader panicked"))
        .collect()
}

// --- A server process ---------------------------------------------------

/// `vigie serve` in a process of its own, its log kept line by line; killed
/// when dropped, so that a failing test leaves no server behind.
struct Server {
    child: Child,
    port: u16,
    log: Arc<Mutex<Vec<(Instant, String)>>>,
}

impl Server {
    fn start(config: &Path, port: u16) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vigie"))
            .arg("--config")
            .arg(config)
            .arg("serve")
            .env("VIGIE_LOG", "warn,vigie::schedule=info,vigie::serve=info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("vigie serve starts");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    log.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((Instant::now(), without_colours(&line)));
                }
            });
        }
        Self { child, port, log }
    }

    fn log(&self) -> Vec<(Instant, String)> {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn log_text(&self) -> String {
        self.log()
            .into_iter()
            .map(|(_, l)| l)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Waits until `/readyz` answers 200; when it did.
    fn wait_ready(&mut self, patience: Duration) -> Instant {
        let deadline = Instant::now() + patience;
        loop {
            if let Ok(200) = get(self.port, "/readyz") {
                return Instant::now();
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!(
                    "vigie serve ended ({status}) before it was ready:\n{}",
                    self.log_text()
                );
            }
            assert!(
                Instant::now() < deadline,
                "vigie serve was not ready within {patience:?}:\n{}",
                self.log_text()
            );
            sleep(Duration::from_millis(10));
        }
    }

    /// Waits for a log line, at `from` or later, holding each of `words`:
    /// its place in the log and when it was read.
    fn wait_for(&self, words: &[&str], from: usize, patience: Duration) -> (usize, Instant) {
        let deadline = Instant::now() + patience;
        loop {
            let found = self
                .log()
                .into_iter()
                .enumerate()
                .skip(from)
                .find(|(_, (_, line))| words.iter().all(|w| line.contains(w)));
            if let Some((at, (when, _))) = found {
                return (at, when);
            }
            assert!(
                Instant::now() < deadline,
                "no log line with {words:?} within {patience:?}:\n{}",
                self.log_text()
            );
            sleep(Duration::from_millis(2));
        }
    }

    /// SIGKILL: the process ends at once, in the middle of whatever it does.
    fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM, as a service manager stops a server; its exit status and
    /// how long it took to end.
    fn terminate(&mut self, patience: Duration) -> (ExitStatus, Duration) {
        let asked = Instant::now();
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "kill -TERM failed");
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status, asked.elapsed());
            }
            assert!(
                asked.elapsed() < patience,
                "vigie serve did not end within {patience:?} of SIGTERM:\n{}",
                self.log_text()
            );
            sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The line without terminal colour codes.
fn without_colours(line: &str) -> String {
    let mut plain = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

/// `vigie ARGS` that is expected to end by itself (a refusal), killed if
/// it has not within `patience`: its exit code and standard error.
fn run_bounded(config: &Path, args: &[&str], patience: Duration) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vigie"))
        .arg("--config")
        .arg(config)
        .args(args)
        .env("VIGIE_LOG", "warn")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("vigie runs");
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > patience {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`vigie {}` still ran after {patience:?}: {}",
                args.join(" "),
                reader.join().unwrap()
            );
        }
        sleep(Duration::from_millis(20));
    };
    (status.code(), reader.join().unwrap())
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let uid = status.lines().find_map(|l| l.strip_prefix("Uid:"))?;
            Some(uid.split_whitespace().next()? == "0")
        })
        .unwrap_or(false)
}

/// Bytes that look like no file format (xorshift).
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect()
}

// --- The faults -----------------------------------------------------------

/// SIGKILL in the middle of a scheduled run while four readers read the
/// public pages, then a restart on the same database: readers get pages
/// (connections are refused only while no server runs), the killed run is
/// recorded interrupted, and the store ends up as an uninterrupted ingest.
#[test]
fn a_server_killed_during_a_scheduled_run_restarts_and_loses_nothing() {
    const PORT: u16 = 3431;
    let Some(data) = shared_data() else { return };
    let _machine = share_the_machine();
    let began = Instant::now();
    let expected = all_logs_reference(&data);
    // Sooner or later after the run starts, until a kill lands when some
    // repositories are stored and not all.
    let mut delay = Duration::from_millis(60);
    for attempt in 1..=15 {
        let (dir, config, database) = all_logs_every_second(&data, PORT);
        let mut server = Server::start(&config, PORT);
        server.wait_ready(Duration::from_secs(30));
        let (go, stop) = (
            Arc::new(AtomicBool::new(true)),
            Arc::new(AtomicBool::new(false)),
        );
        let readers = read_pages(PORT, &PUBLIC_PAGES, 4, &go, &stop);
        server.wait_for(&["an ingest run starts"], 0, Duration::from_secs(20));
        sleep(delay);
        let killed_at = Instant::now();
        server.kill();
        let (runs, commits) = look_at_a_copy(&database, &dir.path().join("at-the-kill"));
        if !(runs.iter().any(|s| s == "running") && (1..COMMITS).contains(&commits)) {
            eprintln!(
                "attempt {attempt}: killed {delay:?} after the run started: {commits} commits, \
                 runs {runs:?}; again"
            );
            stop.store(true, Ordering::SeqCst);
            join_readers(readers);
            delay = if commits == 0 {
                delay + Duration::from_millis(40)
            } else {
                (delay * 2 / 3).max(Duration::from_millis(5))
            };
            continue;
        }
        eprintln!(
            "killed {delay:?} after the run started, with {commits} of {COMMITS} commits stored"
        );

        let mut server = Server::start(&config, PORT);
        let ready_at = server.wait_ready(Duration::from_secs(30));
        eprintln!(
            "the restarted server was ready {:?} after the kill",
            ready_at - killed_at
        );
        server.wait_for(
            &["the ingest run ended", "errors=0", "stopped=false"],
            0,
            Duration::from_secs(60),
        );
        // Readers go on reading from the restarted server a while.
        sleep(Duration::from_millis(500));
        stop.store(true, Ordering::SeqCst);
        let readings = join_readers(readers);
        let (status, _) = server.terminate(Duration::from_secs(30));
        assert!(status.success(), "{status}:\n{}", server.log_text());

        let mut refused = 0;
        let mut after_restart = 0;
        let mut during_the_killed_run = 0;
        for r in &readings {
            match &r.outcome {
                Ok(200) => {
                    after_restart += usize::from(r.started > ready_at);
                    during_the_killed_run += usize::from(r.started + r.took < killed_at);
                }
                Ok(status) => panic!("{} answered {status}", r.path),
                Err(e) => {
                    // In flight at the kill, or sent while no server ran.
                    let ended = r.started + r.took;
                    assert!(
                        ended >= killed_at && r.started <= ready_at,
                        "{} failed outside the restart ({e}), {:?} after the kill",
                        r.path,
                        r.started.saturating_duration_since(killed_at)
                    );
                    refused += 1;
                }
            }
        }
        assert!(during_the_killed_run > 0, "no page was read during the run");
        assert!(after_restart > 0, "no page was read after the restart");
        eprintln!(
            "{} requests: {during_the_killed_run} answered 200 before the kill, {refused} \
             refused between the kill and the restart, {after_restart} answered 200 after it",
            readings.len()
        );

        let (runs, commits) = runs_and_commits(&database);
        assert_eq!(commits, COMMITS);
        assert_eq!(runs[0], "interrupted", "{runs:?}");
        assert!(runs[1..].iter().any(|s| s == "ok"), "{runs:?}");
        assert!(!runs.iter().any(|s| s == "running"), "{runs:?}");
        assert_equals_reference(&database, expected);
        eprintln!("done in {:?}", began.elapsed());
        return;
    }
    panic!("no kill landed in the middle of a run");
}

/// SIGTERM in the middle of a scheduled run: the server ends with status 0
/// within seconds, the run stops after the batch it was writing and is
/// recorded stopped, and the next `vigie ingest` reads the rest.
#[test]
fn sigterm_stops_a_scheduled_run_after_its_batch_and_the_next_run_completes_it() {
    const PORT: u16 = 3432;
    let Some(data) = shared_data() else { return };
    let _machine = share_the_machine();
    let began = Instant::now();
    let expected = all_logs_reference(&data);
    let mut delay = Duration::from_millis(60);
    for attempt in 1..=15 {
        let (_dir, config, database) = all_logs_every_second(&data, PORT);
        let mut server = Server::start(&config, PORT);
        server.wait_for(&["an ingest run starts"], 0, Duration::from_secs(30));
        sleep(delay);
        let (status, took) = server.terminate(Duration::from_secs(60));
        assert_eq!(status.code(), Some(0), "{status}:\n{}", server.log_text());
        assert!(
            took < Duration::from_secs(10),
            "{took:?} to stop:\n{}",
            server.log_text()
        );
        let (runs, commits) = runs_and_commits(&database);
        let stopped_mid_run = runs == ["stopped"] && (1..COMMITS).contains(&commits);
        if !stopped_mid_run {
            eprintln!(
                "attempt {attempt}: SIGTERM {delay:?} after the run started: {commits} commits, \
                 runs {runs:?}; again"
            );
            assert!(runs == ["ok"] || runs == ["stopped"], "{runs:?}");
            delay = if commits == 0 {
                delay + Duration::from_millis(40)
            } else {
                (delay * 2 / 3).max(Duration::from_millis(5))
            };
            continue;
        }
        server.wait_for(
            &["the ingest run ended", "stopped=true"],
            0,
            Duration::from_secs(5),
        );
        let repositories = assert_whole_repositories(&dump(&database), expected);
        eprintln!(
            "SIGTERM {delay:?} after the run started: ended in {took:?}, with {commits} commits \
             of {repositories} whole repositories stored"
        );

        let out = vigie(&config, &["ingest"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (runs, _) = runs_and_commits(&database);
        assert_eq!(runs, ["stopped", "ok"]);
        assert_equals_reference(&database, expected);
        eprintln!("done in {:?}", began.elapsed());
        return;
    }
    panic!("no SIGTERM landed in the middle of a run");
}

/// While `vigie serve` holds the database, `vigie ingest` and a second
/// server are refused with the reason and what to do; the first server
/// keeps serving and ingesting, and the data is as it was.
#[test]
fn a_held_database_is_refused_clearly_and_its_server_keeps_serving() {
    const PORT: u16 = 3433;
    const OTHER_PORT: u16 = 3434;
    let Some(data) = shared_data() else { return };
    let _machine = share_the_machine();
    let began = Instant::now();
    let (_dir, config, database) = all_logs_every_second(&data, PORT);
    let out = vigie(&config, &["ingest"]);
    assert!(out.status.success());
    let before = dump(&database);
    assert!(before == all_logs_reference(&data));

    let mut server = Server::start(&config, PORT);
    server.wait_ready(Duration::from_secs(30));

    let out = vigie(&config, &["ingest"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(IN_USE) && stderr.contains("Refresh now"),
        "{stderr}"
    );
    let other = format!("127.0.0.1:{OTHER_PORT}");
    let (code, stderr) = run_bounded(
        &config,
        &["serve", "--address", &other],
        Duration::from_secs(30),
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains(IN_USE), "{stderr}");
    assert!(
        get(OTHER_PORT, "/healthz").is_err(),
        "the refused server listens"
    );

    for page in PUBLIC_PAGES.iter().chain(&["/readyz", "/healthz"]) {
        assert_eq!(get(PORT, page).unwrap(), 200, "{page}");
    }
    // It goes on ingesting on its schedule.
    let from = server.log().len();
    server.wait_for(
        &["the ingest run ended", "errors=0"],
        from,
        Duration::from_secs(20),
    );
    let (status, _) = server.terminate(Duration::from_secs(30));
    assert!(status.success(), "{status}:\n{}", server.log_text());
    assert!(dump(&database) == before, "the data changed");
    eprintln!("done in {:?}", began.elapsed());
}

/// A file of random bytes where the database should be, and a folder in
/// its place: `vigie ingest` and `vigie serve` end with status 1 and say
/// what is wrong, and leave what they found as it was.
#[test]
fn a_damaged_or_unreadable_database_is_refused_and_left_as_it_was() {
    const PORT: u16 = 3435;
    let _machine = share_the_machine();
    let began = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    // Logs that are never read: the database is opened first.
    let logs = logs_source_at(&dir.path().join("logs"));
    let config = serve_config(dir.path(), &logs, PORT, "1s");
    let database = dir.path().join("vigie.duckdb");
    let wal = dir.path().join("vigie.duckdb.wal");

    let garbage = noise(512 * 1024, 0x9e37_79b9_7f4a_7c15);
    std::fs::write(&database, &garbage).unwrap();
    let out = vigie(&config, &["ingest"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(DAMAGED) && stderr.contains(NOTHING_WRITTEN),
        "{stderr}"
    );
    assert!(std::fs::read(&database).unwrap() == garbage, "ingest wrote");
    assert!(!wal.exists(), "ingest wrote a journal");
    let (code, stderr) = run_bounded(&config, &["serve"], Duration::from_secs(30));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(DAMAGED) && stderr.contains(NOTHING_WRITTEN),
        "{stderr}"
    );
    assert!(std::fs::read(&database).unwrap() == garbage, "serve wrote");
    assert!(!wal.exists(), "serve wrote a journal");

    std::fs::remove_file(&database).unwrap();
    std::fs::create_dir(&database).unwrap();
    std::fs::write(database.join("notes.txt"), "mine").unwrap();
    let out = vigie(&config, &["ingest"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(UNREADABLE) && stderr.contains(NOTHING_WRITTEN),
        "{stderr}"
    );
    let (code, stderr) = run_bounded(&config, &["serve"], Duration::from_secs(30));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains(UNREADABLE), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(database.join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(std::fs::read_dir(&database).unwrap().count(), 1);

    if is_root() {
        eprintln!(
            "run as root: permissions do not stop reading a file, so the folder stands for \
             an unreadable database"
        );
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::remove_dir_all(&database).unwrap();
        drop(Store::open(&database).expect("a new database"));
        std::fs::set_permissions(&database, std::fs::Permissions::from_mode(0o000)).unwrap();
        let out = vigie(&config, &["ingest"]);
        std::fs::set_permissions(&database, std::fs::Permissions::from_mode(0o644)).unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(UNREADABLE), "{stderr}");
    }
    eprintln!("done in {:?}", began.elapsed());
}

/// A database whose header is sound but one of whose blocks is damaged
/// (a bad sector, a torn copy) should be refused like a damaged file, and
/// left as it is.
#[test]
fn a_damaged_block_is_refused_and_left_as_it_was() {
    let Some(data) = shared_data() else { return };
    let _machine = share_the_machine();
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &logs_source(&data));
    let database = dir.path().join("vigie.duckdb");
    assert!(vigie(&config, &["ingest"]).status.success());
    let sound = std::fs::read(&database).unwrap();
    // 100 KiB of noise where the next run reads data blocks (identities,
    // activities) but opening does not: where the file's own metadata lies
    // depends on what was written, so a few places are tried, each on a
    // fresh copy. Damage that opening finds is refused too, and is the
    // other test's case: here the blocks must be found by the check a run
    // makes before writing.
    let mut found = None;
    for offset in (1_000_000..sound.len().saturating_sub(100_000)).step_by(700_000) {
        let mut bytes = sound.clone();
        bytes[offset..offset + 100_000].copy_from_slice(&noise(100_000, 7));
        std::fs::write(&database, &bytes).unwrap();
        let out = vigie(&config, &["ingest"]);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(std::fs::read(&database).unwrap() == bytes, "ingest wrote");
        if stderr.contains("the database is damaged") {
            found = Some(stderr);
            break;
        }
    }
    let stderr = found.expect("some damage that opening does not find");
    assert!(
        stderr.contains("the database is damaged")
            && stderr.contains("before writing anything")
            && stderr.contains("vigie import"),
        "{stderr}"
    );
}

/// `vigie` run with writes beyond `bytes` in any one file refused (and
/// SIGXFSZ ignored, so that the write fails rather than the process).
fn with_file_size_limit(config: &Path, args: &[&str], bytes: u64) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {}; vigie=\"$0\"; config=\"$1\"; shift; \
             exec \"$vigie\" --config \"$config\" \"$@\"",
            bytes / 512
        ))
        .arg(env!("CARGO_BIN_EXE_vigie"))
        .arg(config)
        .args(args)
        .env("VIGIE_LOG", "warn")
        .output()
        .expect("vigie runs")
}

/// A tmpfs mounted for a test, unmounted when dropped.
struct SmallDisk(PathBuf);

impl SmallDisk {
    /// Mounts `size` of memory at `at`; `None` (the test is skipped) when
    /// this is not allowed here, except on CI as root.
    fn mount(at: &Path, size: &str) -> Option<Self> {
        if !is_root() {
            eprintln!("mounting a small disk needs root: a file size limit stands in");
            return None;
        }
        std::fs::create_dir_all(at).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .output();
        let refused = match out {
            Ok(out) if out.status.success() => return Some(Self(at.to_owned())),
            Ok(out) => String::from_utf8_lossy(&out.stderr).trim().to_owned(),
            Err(e) => e.to_string(),
        };
        eprintln!("mounting a small disk was refused ({refused}): a file size limit stands in");
        None
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// The disk fills up during a run: `vigie ingest` ends with status 1 and
/// says so; the store, moved to a disk with room, holds everything stored
/// before, each repository whole; the next run there completes.
#[test]
fn a_full_disk_fails_the_run_cleanly_and_the_next_run_completes_it() {
    let Some(data) = shared_data() else { return };
    let _machine = share_the_machine();
    let began = Instant::now();
    let expected = all_logs_reference(&data);
    let one = data.join("lutece-gitlog").join(ONE_REPOSITORY);
    let one_reference = reference_of(&logs_source_at(&one));
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small-disk");
    // A 6 MB disk; where mounting one is not allowed, the same room as a
    // limit on the size of any file the process writes (`ulimit -f`),
    // which makes writes fail the same way, with another error number.
    let disk = SmallDisk::mount(&small, "6m");
    std::fs::create_dir_all(&small).unwrap();
    let limited = disk.is_none().then_some(6 << 20);
    let in_room = |config: &Path, args: &[&str]| match limited {
        None => vigie(config, args),
        Some(bytes) => with_file_size_limit(config, args, bytes),
    };
    // Room for one repository…
    let config = write_config(&small, &logs_source_at(&one));
    let out = in_room(&config, &["ingest"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // …not for all of them.
    write_config(&small, &logs_source(&data));
    let out = in_room(&config, &["ingest"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(DISK_FULL), "{stderr}");

    let moved = dir.path().join("moved");
    copy_folder(&small, &moved);
    drop(disk);
    let database = moved.join("vigie.duckdb");
    let (runs, commits) = runs_and_commits(&database);
    let after = dump(&database);
    // Every commit and activity of the first ingest is kept, and every
    // identity (who belongs to which contributor is worked out again from
    // all that is stored, so contributors themselves may change).
    let identity = |row: &String| -> Option<String> {
        let fields: Vec<&str> = row.split('\t').collect();
        (fields[0] == "member").then(|| format!("{}\t{}", fields[1], fields[2]))
    };
    let kept: BTreeSet<&String> = after.iter().collect();
    let identities: BTreeSet<String> = after.iter().filter_map(identity).collect();
    let lost: Vec<&String> = one_reference
        .iter()
        .filter(|row| match identity(row) {
            Some(who) => !identities.contains(&who),
            None => !kept.contains(row),
        })
        .collect();
    assert!(lost.is_empty(), "lost: {:?}", &lost[..lost.len().min(5)]);
    let repositories = assert_whole_repositories(&after, expected);
    eprintln!(
        "the full disk stopped the run with {commits} commits of {repositories} whole \
         repositories stored; runs {runs:?}"
    );
    // The failed run could not record its end on the full disk: the next
    // run closes it.
    assert!(
        runs == ["ok", "running"] || runs == ["ok", "failed"],
        "{runs:?}"
    );

    let out = vigie(&moved.join("vigie.toml"), &["ingest"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (runs, _) = runs_and_commits(&database);
    assert!(
        runs.len() == 3 && runs[1] != "running" && runs[2] == "ok",
        "{runs:?}"
    );
    eprintln!("after the next run: {runs:?}");
    assert_equals_reference(&database, expected);
    eprintln!("done in {:?}", began.elapsed());
}

/// 64 readers for 30 s while the server ingests (from an empty database,
/// so its first run writes all 31 repositories during the load; later
/// runs read every log again each second): every request is answered
/// 200, none refused.
#[test]
fn pages_stay_up_under_load_while_the_server_ingests() {
    const PORT: u16 = 3436;
    const READERS: usize = 64;
    const LOAD: Duration = Duration::from_secs(30);
    const PAGES: [&str; 6] = [
        "/",
        "/community",
        "/repositories",
        "/sources",
        "/repositories/lutece-platform/lutece-core",
        "/download/summary/contributors.csv",
    ];
    let Some(data) = shared_data() else { return };
    let _machine = MACHINE.write().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let config = serve_config(dir.path(), &logs_source(&data), PORT, "1s");
    let (go, stop) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicBool::new(false)),
    );
    let readers = read_pages(PORT, &PAGES, READERS, &go, &stop);
    let mut server = Server::start(&config, PORT);
    server.wait_ready(Duration::from_secs(30));
    let load_began = Instant::now();
    go.store(true, Ordering::SeqCst);
    sleep(LOAD);
    stop.store(true, Ordering::SeqCst);
    let readings = join_readers(readers);
    let load_ended = Instant::now();
    let (status, _) = server.terminate(Duration::from_secs(30));
    assert!(status.success(), "{status}:\n{}", server.log_text());

    let log = server.log();
    let (_, loaded_at) = server.wait_for(
        &["the ingest run ended", &format!("commits_added={COMMITS}")],
        0,
        Duration::from_secs(5),
    );
    assert!(
        loaded_at > load_began,
        "the first run ended before the load began"
    );
    let runs = log
        .iter()
        .filter(|(at, line)| {
            *at > load_began && *at < load_ended && line.contains("the ingest run ended")
        })
        .count();
    // Until the first run has ended, the pages show the empty store, where
    // lutece-core is unknown (404, as for any unknown repository).
    let mut not_yet = 0;
    let mut failures = Vec::new();
    for r in &readings {
        match &r.outcome {
            Ok(200) => {}
            // Before the first run's data is in, lutece-core is unknown and
            // an empty store has no charts to download.
            Ok(404)
                if (r.path.starts_with("/repositories/") || r.path.starts_with("/download/"))
                    && r.started < loaded_at =>
            {
                not_yet += 1;
            }
            Ok(status) => failures.push(format!(
                "{} answered {status}, {:?} after the first run ended",
                r.path,
                r.started.saturating_duration_since(loaded_at)
            )),
            Err(e) => failures.push(format!("{}: {e}", r.path)),
        }
    }
    let all = Latencies::of(readings.iter());
    let first_run = Latencies::of(readings.iter().filter(|r| r.started < loaded_at));
    eprintln!(
        "{READERS} readers for {LOAD:?}: {} requests ({:.0}/s), {all}; during the first run \
         (all {COMMITS} commits, ended {:?} into the load): {} requests, {first_run}; {runs} \
         runs during the load; {not_yet} early 404s (lutece-core, downloads) before the data was in",
        all.count,
        all.count as f64 / LOAD.as_secs_f64(),
        loaded_at - load_began,
        first_run.count,
    );
    assert!(
        failures.is_empty(),
        "{} of {} requests failed, such as {:?}",
        failures.len(),
        readings.len(),
        &failures[..failures.len().min(10)]
    );
}

/// The store holds exactly what an uninterrupted ingest stores: nothing
/// lost, nothing twice.
fn assert_equals_reference(database: &Path, expected: &[String]) {
    let got = dump(database);
    assert_eq!(got.len(), expected.len());
    assert!(
        got == expected,
        "the store differs from an uninterrupted ingest"
    );
}
