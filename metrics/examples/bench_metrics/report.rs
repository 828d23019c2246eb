//! The markdown tables of the timings.

use std::time::Duration;

use crate::{Runs, METRICS};

/// Best and median of some durations.
fn best_median(times: &[Duration]) -> Option<(Duration, Duration)> {
    let mut sorted = times.to_vec();
    sorted.sort();
    let mid = sorted.len() / 2;
    let median = if sorted.len() % 2 == 0 {
        (*sorted.get(mid.wrapping_sub(1))? + sorted[mid]) / 2
    } else {
        sorted[mid]
    };
    Some((*sorted.first()?, median))
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

fn cells(times: &[Duration]) -> (String, String, Option<Duration>) {
    match best_median(times) {
        Some((best, median)) => (ms(best), ms(median), Some(median)),
        None => ("–".into(), "–".into(), None),
    }
}

fn ratio(polars: Option<Duration>, sql: Option<Duration>) -> String {
    match (polars, sql) {
        (Some(p), Some(s)) if !s.is_zero() => format!("{:.2}", p.as_secs_f64() / s.as_secs_f64()),
        _ => "–".into(),
    }
}

pub fn report(n: usize, repositories: usize, polars: &Runs, sql: &Runs, each: &[Duration]) {
    let column = |runs: &Runs, i: usize| -> Vec<Duration> { runs.iter().map(|r| r[i]).collect() };
    let total = |runs: &Runs| -> Vec<Duration> { runs.iter().map(|r| r.iter().sum()).collect() };
    println!(
        "\n{n} activities ({repositories} repositories), {} run(s) per engine:\n",
        polars.len().max(sql.len())
    );
    println!(
        "| metric | polars best | polars median | SQL best | SQL median | polars / SQL (medians) |"
    );
    println!("|---|---|---|---|---|---|");
    let row = |name: &str, p: Vec<Duration>, s: Vec<Duration>| {
        let (pb, pm, p_median) = cells(&p);
        let (sb, sm, s_median) = cells(&s);
        println!(
            "| {name} | {pb} | {pm} | {sb} | {sm} | {} |",
            ratio(p_median, s_median)
        );
    };
    for (i, name) in METRICS.iter().enumerate() {
        // SQL has no step of its own for the scope (its first lap is empty).
        let sql_times = if i == 0 { Vec::new() } else { column(sql, i) };
        row(name, column(polars, i), sql_times);
    }
    row("**whole refresh**", total(polars), total(sql));
    if !each.is_empty() {
        let (b, m, _) = cells(each);
        println!(
            "| bus factor of every repository, one crate call per repository (not in the refresh) | {b} | {m} | | | |"
        );
    }
}
