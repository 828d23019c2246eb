//! The metrics benchmark: one dashboard refresh (every metric, for all
//! repositories) on synthetic activity, with the crate's polars metrics and
//! with the same definitions in DuckDB SQL, in the same run.
//!
//! ```text
//! cargo run --release -p vigie-metrics --example bench_metrics -- \
//!     [--sizes 1000000,10000000] [--runs 3] [--engine polars|sql|both] [--no-loop]
//! ```
//!
//! For each size it generates the activity ([`vigie_metrics::synthetic`]),
//! builds the polars frame and an in-memory DuckDB table (outside the
//! timing), runs one warm-up refresh per engine and checks that both give
//! the same results, then times `--runs` refreshes per engine and prints
//! the best and median time of each metric and their ratio. With `--engine
//! both`, it then measures the peak memory of each engine and size in a
//! fresh process of its own (`--memory`). `--no-loop` skips timing the
//! per-repository bus factor computed with one crate call per repository.
//! `--scale [--lakes DIR]` measures the refresh and the lake's figures read
//! from synthetic lakes instead (`scale.rs`, docs/scale.md).

mod headlines;
mod memory;
mod polars_side;
mod report;
mod scale;
mod sql_side;

use std::time::{Duration, Instant};

use duckdb::Connection;
use vigie_metrics::polars::prelude::DataFrame;
use vigie_metrics::synthetic::{generate, Spec};

/// The metrics of one refresh, in the order both engines compute them.
pub const METRICS: [&str; 11] = [
    "the scope (bots out), filtered once for the refresh (SQL filters in each query)",
    "active and new contributors per month (trend)",
    "cohort retention, k ≤ 12",
    "contributor status (and inactive contributors)",
    "bus factor, all time",
    "bus factor, trailing 12 months, each month",
    "elephant factor, all time",
    "elephant factor, trailing 12 months, each month",
    "community structure (onion)",
    "newcomer conversion",
    "bus factor of every repository",
];

/// Times the steps of a refresh: each [`Clock::lap`] records the time
/// since the previous one and, when asked, the peak memory of the step.
pub struct Clock {
    start: Instant,
    laps: Vec<Duration>,
    /// Peak RSS of each step (KiB), when measured.
    peaks: Option<Vec<u64>>,
}

impl Clock {
    fn new() -> Self {
        Self {
            start: Instant::now(),
            laps: Vec::new(),
            peaks: None,
        }
    }

    /// A clock that also records each step's peak RSS, resetting the
    /// kernel's high-water mark before each; `None` where the kernel does
    /// not allow it.
    fn with_memory() -> Option<Self> {
        memory::reset_peak().then(|| Self {
            peaks: Some(Vec::new()),
            ..Self::new()
        })
    }

    /// Ends a step.
    pub fn lap(&mut self) {
        let now = Instant::now();
        self.laps.push(now - self.start);
        if let Some(peaks) = &mut self.peaks {
            peaks.push(memory::status_kib("VmHWM"));
            memory::reset_peak();
        }
        self.start = Instant::now();
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Engine {
    Polars,
    Sql,
    Both,
}

struct Args {
    sizes: Vec<usize>,
    runs: usize,
    engine: Engine,
    one_call_each: bool,
    memory: bool,
    /// `--scale`: read from synthetic lakes (scale.rs).
    scale: bool,
    /// `--scale-measure ENGINE`: one engine at one size, in this process.
    scale_measure: Option<String>,
    lakes: std::path::PathBuf,
}

fn args() -> Args {
    let mut args = Args {
        sizes: vec![1_000_000, 10_000_000],
        runs: 3,
        engine: Engine::Both,
        one_call_each: true,
        memory: false,
        scale: false,
        scale_measure: None,
        lakes: scale::default_lakes(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--sizes" => {
                args.sizes = value()
                    .split(',')
                    .map(|n| n.replace('_', "").parse().expect("--sizes: numbers"))
                    .collect()
            }
            "--runs" => args.runs = value().parse().expect("--runs: a number"),
            "--engine" => {
                args.engine = match value().as_str() {
                    "polars" => Engine::Polars,
                    "sql" => Engine::Sql,
                    "both" => Engine::Both,
                    other => panic!("--engine {other}: use polars, sql or both"),
                }
            }
            "--no-loop" => args.one_call_each = false,
            "--memory" => args.memory = true,
            "--scale" => args.scale = true,
            "--scale-measure" => args.scale_measure = Some(value()),
            "--lakes" => args.lakes = value().into(),
            other => panic!("unknown argument {other}; see the header of bench_metrics/main.rs"),
        }
    }
    args.runs = args.runs.max(1);
    args
}

/// The activity, ready for each engine asked for.
struct Prepared {
    activities: Option<DataFrame>,
    conn: Option<Connection>,
    repositories: Vec<i32>,
}

fn prepare(spec: &Spec, engine: Engine) -> Prepared {
    let t = Instant::now();
    let synthetic = generate(spec);
    eprintln!(
        "{} activities, {} repositories, {} contributors: generated in {:.1?}",
        synthetic.len(),
        spec.repositories,
        spec.contributors,
        t.elapsed()
    );
    let t = Instant::now();
    let activities = (engine != Engine::Sql).then(|| synthetic.frame());
    let framed = t.elapsed();
    let t = Instant::now();
    let conn = (engine != Engine::Polars).then(|| {
        let conn = Connection::open_in_memory().expect("an in-memory DuckDB");
        synthetic.write_duckdb(&conn).expect("the synthetic table");
        conn
    });
    eprintln!(
        "polars frame built in {framed:.1?}, DuckDB table written in {:.1?} (not timed)",
        t.elapsed()
    );
    Prepared {
        activities,
        conn,
        repositories: (1..=spec.repositories as i32).collect(),
    }
}

/// The times of one engine, `[run][metric]`.
type Runs = Vec<Vec<Duration>>;

fn main() {
    let args = args();
    if let Some(engine) = &args.scale_measure {
        for &n in &args.sizes {
            scale::measure(n, &args.lakes, engine);
        }
        return;
    }
    if args.scale {
        scale::scale(&args.sizes, &args.lakes);
        return;
    }
    if args.memory {
        for &n in &args.sizes {
            memory::memory(n, args.engine);
        }
        return;
    }
    let threads = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "{threads} cores; polars threads: {}; runs: {} after one warm-up\n",
        std::env::var("POLARS_MAX_THREADS").unwrap_or_else(|_| format!("default ({threads})")),
        args.runs
    );
    for &n in &args.sizes {
        bench(n, &args);
    }
    if args.engine == Engine::Both {
        for &n in &args.sizes {
            memory::memory_table(n);
        }
    }
}

fn bench(n: usize, args: &Args) {
    let spec = Spec::new(n);
    let prepared = prepare(&spec, args.engine);
    let queries = sql_side::queries();
    if let Some(conn) = &prepared.conn {
        let threads: String = conn
            .query_row("SELECT current_setting('threads')::VARCHAR", [], |r| {
                r.get(0)
            })
            .expect("DuckDB's settings");
        let version: String = conn
            .query_row("SELECT version()", [], |r| r.get(0))
            .expect("DuckDB's version");
        eprintln!("DuckDB {version}, threads: {threads} (its default)");
    }

    // The warm-up refresh, whose results must agree.
    let polars_run = |clock: &mut Clock| {
        let df = prepared.activities.as_ref().expect("a frame");
        polars_side::refresh(df, clock).expect("the polars refresh")
    };
    let sql_run = |clock: &mut Clock| {
        let conn = prepared.conn.as_ref().expect("a connection");
        sql_side::refresh(conn, &queries, clock).expect("the SQL refresh")
    };
    let polars_on = prepared.activities.is_some();
    let sql_on = prepared.conn.is_some();
    let polars_warm = polars_on
        .then(|| polars_side::headlines(&polars_run(&mut Clock::new())).expect("polars headlines"));
    let sql_warm = sql_on.then(|| sql_side::headlines(&sql_run(&mut Clock::new())));
    match (&polars_warm, &sql_warm) {
        (Some(p), Some(s)) => {
            p.assert_agree(s, n);
            println!(
                "{n} activities: polars and SQL agree on every metric: {}",
                p.summary()
            );
        }
        (Some(h), None) | (None, Some(h)) => println!("{n} activities: {}", h.summary()),
        (None, None) => {}
    }
    let one_call_each = polars_on && args.one_call_each;
    if let (true, Some(p)) = (one_call_each, &polars_warm) {
        let df = prepared.activities.as_ref().expect("a frame");
        let each = polars_side::by_repository_one_call_each(df, &prepared.repositories)
            .expect("one call per repository");
        let each: Vec<_> = each
            .iter()
            .filter(|(_, f)| f.contributors > 0)
            .map(|(id, f)| (*id, (f.factor, f.contributors, f.contributions)))
            .collect();
        headlines::same(
            &format!("{n} activities"),
            "bus factor per repository, one call each against one group-by",
            &each,
            &p.by_repository,
        );
    }

    // Timed runs, the engines taking turns so that both see the same noise.
    let (mut polars_times, mut sql_times, mut each_times): (Runs, Runs, Vec<Duration>) =
        Default::default();
    for _ in 0..args.runs {
        if polars_on {
            let mut clock = Clock::new();
            polars_run(&mut clock);
            polars_times.push(clock.laps);
        }
        if sql_on {
            let mut clock = Clock::new();
            sql_run(&mut clock);
            sql_times.push(clock.laps);
        }
        if one_call_each {
            let df = prepared.activities.as_ref().expect("a frame");
            let t = Instant::now();
            polars_side::by_repository_one_call_each(df, &prepared.repositories)
                .expect("one call per repository");
            each_times.push(t.elapsed());
        }
    }
    report::report(n, spec.repositories, &polars_times, &sql_times, &each_times);
}
