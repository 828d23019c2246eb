//! Peak memory, read from /proc/self/status, each engine and size in a
//! fresh process of its own (this example with `--memory`), so that one
//! engine's freed memory does not count against the other.

use std::process::Command;

use crate::polars_side;
use crate::sql_side;
use crate::{prepare, Clock, Engine, METRICS};
use vigie_metrics::synthetic::Spec;

/// Measures the memory of each engine at `n` activities in a fresh
/// process of its own (this example with `--memory`) and prints it.
pub fn memory_table(n: usize) {
    let mut rows = Vec::new();
    let mut per_metric: Vec<[String; 2]> = vec![Default::default(); METRICS.len()];
    for (e, engine) in ["polars", "sql"].into_iter().enumerate() {
        let exe = std::env::current_exe().expect("this example's path");
        let out = Command::new(exe)
            .args(["--memory", "--engine", engine, "--sizes", &n.to_string()])
            .output()
            .expect("the memory run");
        let stdout = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            panic!(
                "the memory run of {engine} at {n} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        for line in stdout.lines() {
            if line.starts_with('|') {
                rows.push(line.to_owned());
            } else if let Some(["peak", i, kib]) = line.split('\t').collect::<Vec<_>>().get(..3) {
                let (i, kib): (usize, u64) = (i.parse().expect("index"), kib.parse().expect("KiB"));
                per_metric[i][e] = mib(kib);
            }
        }
    }
    println!("\nMemory at {n} activities, each engine in a fresh process:\n");
    println!(
        "| activities | engine | RSS with the data loaded | peak RSS during the refresh | peak RSS of the whole process |"
    );
    println!("|---|---|---|---|---|");
    for row in rows {
        println!("{row}");
    }
    println!("\n| metric | polars: peak RSS during it | SQL: peak RSS during it |");
    println!("|---|---|---|");
    for (name, [p, s]) in METRICS.iter().zip(per_metric) {
        println!("| {name} | {p} | {s} |");
    }
}

/// Prints what one refresh of `engine` takes in memory at `n` activities,
/// read from /proc/self/status: a table row with the RSS once the data is
/// loaded (the generator's vectors dropped), the peak during the refresh
/// and the peak of the whole process, generation included; then a
/// `peak\t<metric index>\t<KiB>` line per metric.
pub fn memory(n: usize, engine: Engine) {
    let prepared = prepare(&Spec::new(n), engine);
    if let Some(df) = &prepared.activities {
        eprintln!(
            "the polars frame: {:.0} MiB (estimated by polars)",
            df.estimated_size() as f64 / 1048576.0
        );
    }
    let whole_before = status_kib("VmHWM");
    let loaded = status_kib("VmRSS");
    let mut clock = Clock::with_memory();
    let mut plain = Clock::new();
    let name = match engine {
        Engine::Polars => {
            let df = prepared.activities.as_ref().expect("a frame");
            polars_side::refresh(df, clock.as_mut().unwrap_or(&mut plain))
                .expect("the polars refresh");
            "polars"
        }
        Engine::Sql => {
            let conn = prepared.conn.as_ref().expect("a connection");
            sql_side::refresh(
                conn,
                &sql_side::queries(),
                clock.as_mut().unwrap_or(&mut plain),
            )
            .expect("the SQL refresh");
            "DuckDB SQL"
        }
        Engine::Both => panic!("--memory measures one engine at a time"),
    };
    let peaks = clock.and_then(|c| c.peaks).unwrap_or_default();
    let peak = peaks.iter().copied().max();
    let whole = whole_before.max(peak.unwrap_or(0)).max(status_kib("VmHWM"));
    println!(
        "| {n} | {name} | {} | {} | {} |",
        mib(loaded),
        peak.map_or("(no clear_refs)".into(), mib),
        mib(whole)
    );
    for (i, kib) in peaks.iter().enumerate() {
        println!("peak\t{i}\t{kib}");
    }
}

fn mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

/// Resets the kernel's record of the peak RSS to the current RSS.
pub fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// A `kB` field of /proc/self/status.
pub fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("{field} in /proc/self/status"))
}
