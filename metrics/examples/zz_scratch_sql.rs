//! Scratch SQL experiments (to be deleted).
use std::time::Instant;

use duckdb::Connection;
use vigie_metrics::synthetic::{generate, Spec};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map_or(1_000_000, |s| s.parse().unwrap());
    let conn = Connection::open_in_memory().unwrap();
    generate(&Spec::new(n)).write_duckdb(&conn).unwrap();
    let h = "h AS (SELECT repository_id, contributor_id, occurred_at, organisation,
           (year(occurred_at) * 12 + month(occurred_at) - 1)::INTEGER AS m
    FROM synthetic_activities WHERE NOT is_bot)";
    let months = "months AS (SELECT unnest(range(min(m), max(m) + 1))::INTEGER AS p FROM h)";
    let ranked = "ranked AS (SELECT p, n, count(*) OVER top AS k, sum(n) OVER top AS running, sum(n) OVER (PARTITION BY p) AS total FROM counts WINDOW top AS (PARTITION BY p ORDER BY n DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)),
      factors AS (SELECT p, min(k) FILTER (WHERE running * 100 >= total * 50)::BIGINT AS factor, count(*)::BIGINT AS contributors, sum(n)::BIGINT AS contributions FROM ranked GROUP BY p)";
    let variants = [
        ("range join", format!("WITH {h}, {months}, mc AS (SELECT m, contributor_id, count(*) AS n FROM h GROUP BY ALL),
            counts AS (SELECT p, contributor_id, sum(n) AS n FROM months JOIN mc ON mc.m BETWEEN p - 11 AND p GROUP BY ALL), {ranked}
            SELECT p, factor, contributors, contributions FROM months LEFT JOIN factors USING (p) ORDER BY p")),
        ("unnest 12 months", format!("WITH {h}, {months}, mc AS (SELECT m, contributor_id, count(*) AS n FROM h GROUP BY ALL),
            counts AS (SELECT p, contributor_id, sum(n) AS n FROM (SELECT unnest(range(m, m + 12))::INTEGER AS p, contributor_id, n FROM mc) WHERE p <= (SELECT max(p) FROM months) GROUP BY ALL), {ranked}
            SELECT p, factor, contributors, contributions FROM months LEFT JOIN factors USING (p) ORDER BY p")),
        ("counts only, range join", format!("WITH {h}, {months}, mc AS (SELECT m, contributor_id, count(*) AS n FROM h GROUP BY ALL)
            SELECT p, contributor_id, sum(n) AS n FROM months JOIN mc ON mc.m BETWEEN p - 11 AND p GROUP BY ALL")),
        ("mc only", format!("WITH {h} SELECT m, contributor_id, count(*) AS n FROM h GROUP BY ALL")),
        ("month of every row", format!("WITH {h} SELECT max(m) FROM h")),
    ];
    for (name, sql) in &variants {
        let mut times = Vec::new();
        let mut rows = 0;
        for _ in 0..4 {
            let t = Instant::now();
            let mut stmt = conn.prepare(sql).unwrap();
            rows = stmt
                .query_arrow([])
                .unwrap()
                .map(|b| b.num_rows())
                .sum::<usize>();
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "{name}: {rows} rows, best {:.1?} median {:.1?}",
            times[0], times[1]
        );
    }
    let mut stmt = conn
        .prepare(&format!("EXPLAIN ANALYZE {}", variants[0].1))
        .unwrap();
    let mut rows = stmt.query([]).unwrap();
    while let Some(r) = rows.next().unwrap() {
        let s: String = r.get(1).unwrap();
        println!("{s}");
    }
}
