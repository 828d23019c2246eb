//! The same dashboard refresh written in DuckDB SQL over the
//! `synthetic_activities` table ([`vigie_metrics::synthetic`]), each result
//! fetched whole as Arrow batches.

use duckdb::arrow::array::{Array, AsArray};
use duckdb::arrow::datatypes::Int64Type;
use duckdb::arrow::record_batch::RecordBatch;
use duckdb::Connection;
use vigie_metrics::Thresholds;

use crate::headlines::{Factor, Headlines};
use crate::Clock;

/// Human activity with its month (`year * 12 + month - 1`, as
/// [`vigie_metrics::period::Month`]).
const HUMANS: &str = "h AS (
    SELECT repository_id, contributor_id, occurred_at, organisation,
           (year(occurred_at) * 12 + month(occurred_at) - 1)::INTEGER AS m
    FROM synthetic_activities WHERE NOT is_bot)";

/// The month of every period of the window, quiet ones included.
const MONTHS: &str = "months AS (SELECT unnest(range(min(m), max(m) + 1))::INTEGER AS p FROM h)";

/// The queries, in [`crate::METRICS`] order.
pub fn queries() -> Vec<String> {
    let t = Thresholds::default();
    vec![
        format!(
            "WITH {HUMANS}, {MONTHS},
             active AS (SELECT m AS p, count(DISTINCT contributor_id) AS active FROM h GROUP BY m),
             firsts AS (SELECT contributor_id, min(m) AS p FROM h GROUP BY contributor_id),
             new AS (SELECT p, count(*) AS new FROM firsts GROUP BY p)
             SELECT p::BIGINT, coalesce(active, 0)::BIGINT, coalesce(new, 0)::BIGINT,
                    (SELECT count(DISTINCT contributor_id) FROM h)::BIGINT,
                    (SELECT count(*) FROM firsts)::BIGINT
             FROM months LEFT JOIN active USING (p) LEFT JOIN new USING (p)
             ORDER BY p"
        ),
        format!(
            "WITH {HUMANS},
             am AS (SELECT DISTINCT contributor_id, m FROM h),
             c AS (SELECT contributor_id, min(m) AS cohort FROM am GROUP BY contributor_id),
             sizes AS (SELECT cohort, count(*) AS size FROM c GROUP BY cohort),
             kept AS (SELECT cohort, m - cohort AS k, count(*) AS retained
                      FROM am JOIN c USING (contributor_id)
                      WHERE m - cohort <= 12 GROUP BY ALL),
             ks AS (SELECT unnest(range(13))::INTEGER AS k),
             last AS (SELECT max(m) AS last FROM am)
             SELECT s.cohort::BIGINT, ks.k::BIGINT, s.size::BIGINT,
                    coalesce(kept.retained, 0)::BIGINT,
                    coalesce(kept.retained, 0) / s.size AS share
             FROM sizes s CROSS JOIN ks CROSS JOIN last
             LEFT JOIN kept ON kept.cohort = s.cohort AND kept.k = ks.k
             WHERE s.cohort + ks.k <= last.last
             ORDER BY s.cohort, ks.k"
        ),
        format!(
            "WITH {HUMANS},
             t AS (SELECT max(occurred_at) AS t FROM h),
             per AS (SELECT contributor_id, min(occurred_at) AS first_at,
                            max(occurred_at) AS last_at, count(*) AS contributions
                     FROM h, t WHERE occurred_at <= t.t GROUP BY contributor_id),
             s AS (SELECT per.*,
                          CASE WHEN last_at >= t - INTERVAL {drifting} MONTH THEN 'active'
                               WHEN last_at >= t - INTERVAL {away} MONTH THEN 'drifting'
                               ELSE 'away' END AS status,
                          first_at >= t - INTERVAL {new} DAY AS is_new
                   FROM per, t)
             SELECT contributor_id, contributions::BIGINT, status, is_new,
                    status <> 'active' AND contributions >= {min} AS inactive,
                    first_at, last_at
             FROM s ORDER BY last_at DESC, contributor_id",
            drifting = t.drifting_after_months,
            away = t.away_after_months,
            new = t.new_within_days,
            min = t.min_contributions,
        ),
        format!(
            "WITH {HUMANS},
             counts AS (SELECT contributor_id, count(*) AS n FROM h GROUP BY contributor_id),
             {}
             SELECT factor, contributors, contributions FROM factors",
            factors("", t.absence_percent)
        ),
        // Every month against the trailing months' per-month counts: a
        // range join, then the factor per month.
        format!(
            "WITH {HUMANS}, {MONTHS},
             mc AS (SELECT m, contributor_id, count(*) AS n FROM h GROUP BY ALL),
             counts AS (SELECT p, contributor_id, sum(n) AS n
                        FROM months JOIN mc ON mc.m BETWEEN p - {back} AND p GROUP BY ALL),
             {}
             SELECT p::BIGINT, factor, coalesce(contributors, 0), coalesce(contributions, 0)
             FROM months LEFT JOIN factors USING (p) ORDER BY p",
            factors("p", t.absence_percent),
            back = t.trailing_months - 1,
        ),
        format!(
            "WITH {HUMANS},
             o AS (SELECT organisation, count(*) AS n FROM h GROUP BY organisation),
             counts AS (SELECT organisation, n FROM o WHERE organisation IS NOT NULL),
             {}
             SELECT organisation, n::BIGINT, (SELECT factor FROM factors),
                    (SELECT coalesce(sum(n), 0) FROM o WHERE organisation IS NULL)::BIGINT
             FROM counts ORDER BY n DESC, organisation",
            factors("", t.absence_percent)
        ),
        format!(
            "WITH {HUMANS}, {MONTHS},
             mc AS (SELECT m, organisation, count(*) AS n FROM h
                    WHERE organisation IS NOT NULL GROUP BY ALL),
             counts AS (SELECT p, organisation, sum(n) AS n
                        FROM months JOIN mc ON mc.m BETWEEN p - {back} AND p GROUP BY ALL),
             {}
             SELECT p::BIGINT, factor FROM months LEFT JOIN factors USING (p) ORDER BY p",
            factors("p", t.absence_percent),
            back = t.trailing_months - 1,
        ),
        format!(
            "WITH {HUMANS},
             counts AS (SELECT contributor_id, count(*) AS n FROM h GROUP BY contributor_id),
             ranked AS ({})
             SELECT core, core_regular - core, contributors - core_regular
             FROM (SELECT coalesce(min(k) FILTER (WHERE running * 100 >= total * {core}), 0)
                              AS core,
                          coalesce(min(k) FILTER (WHERE running * 100 >= total * {regular}), 0)
                              AS core_regular,
                          count(*) AS contributors
                   FROM ranked)",
            ranked(""),
            core = t.core_percent,
            regular = t.regular_percent.max(t.core_percent),
        ),
        format!(
            "WITH {HUMANS},
             f AS (SELECT contributor_id, min(occurred_at) AS first_at FROM h
                   GROUP BY contributor_id),
             per AS (SELECT f.first_at,
                            count(*) FILTER (WHERE h.occurred_at
                                             <= f.first_at + INTERVAL {early} DAY) >= 2
                                AS returned,
                            count(*) FILTER (WHERE h.occurred_at
                                             < f.first_at + INTERVAL {months} MONTH) >= {min}
                                AS regular
                     FROM h JOIN f USING (contributor_id)
                     GROUP BY f.contributor_id, f.first_at)
             SELECT p::BIGINT, newcomers, returned, became_regular,
                    returned / newcomers, became_regular / newcomers
             FROM (SELECT (year(first_at) * 12 + month(first_at) - 1) AS p,
                          count(*) AS newcomers,
                          count(*) FILTER (WHERE returned) AS returned,
                          count(*) FILTER (WHERE regular) AS became_regular
                   FROM per GROUP BY p)
             ORDER BY p",
            early = t.return_within_days,
            months = t.regular_months,
            min = t.regular_min,
        ),
        format!(
            "WITH {HUMANS},
             counts AS (SELECT repository_id, contributor_id, count(*) AS n FROM h
                        GROUP BY ALL),
             {}
             SELECT repository_id::BIGINT, factor, contributors, contributions
             FROM factors ORDER BY repository_id",
            factors("repository_id", t.absence_percent)
        ),
    ]
}

/// Ranks the rows of `counts(keys…, n)` by `n`, most first, within each
/// group of `keys` (comma-separated; empty for one group): `k` is the rank
/// and `running` the sum of the first k, both over the same frame so that
/// ties cannot split them.
fn ranked(keys: &str) -> String {
    let (partition, select) = if keys.is_empty() {
        (String::new(), String::new())
    } else {
        (format!("PARTITION BY {keys}"), format!("{keys}, "))
    };
    format!(
        "SELECT {select}n, count(*) OVER top AS k, sum(n) OVER top AS running,
                sum(n) OVER ({partition}) AS total
         FROM counts
         WINDOW top AS ({partition} ORDER BY n DESC
                        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
    )
}

/// The CTEs `ranked` and `factors(keys…, factor, contributors,
/// contributions)`: DESIGN.md's absence factor of each group of `keys`.
fn factors(keys: &str, percent: u32) -> String {
    let (group, select) = if keys.is_empty() {
        (String::new(), String::new())
    } else {
        (format!("GROUP BY {keys}"), format!("{keys}, "))
    };
    format!(
        "ranked AS ({}),
         factors AS (SELECT {select}
                            min(k) FILTER (WHERE running * 100 >= total * {percent})::BIGINT
                                AS factor,
                            count(*)::BIGINT AS contributors,
                            coalesce(sum(n), 0)::BIGINT AS contributions
                     FROM ranked {group})",
        ranked(keys)
    )
}

/// Runs every query, fetching each result whole; `clock` takes a lap
/// after each.
pub fn refresh(
    conn: &Connection,
    queries: &[String],
    clock: &mut Clock,
) -> duckdb::Result<Vec<Vec<RecordBatch>>> {
    let mut results = Vec::with_capacity(queries.len());
    // SQL has no separate scope step: each query filters.
    clock.lap();
    for sql in queries {
        let mut stmt = conn.prepare(sql)?;
        results.push(stmt.query_arrow([])?.collect());
        clock.lap();
    }
    Ok(results)
}

/// A column of every batch, as `i64`s (nulls as `None`).
fn ints(batches: &[RecordBatch], column: usize) -> Vec<Option<i64>> {
    batches
        .iter()
        .flat_map(|b| {
            let array = b.column(column).as_primitive::<Int64Type>();
            (0..array.len())
                .map(|i| array.is_valid(i).then(|| array.value(i)))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn int(batches: &[RecordBatch], column: usize) -> Vec<i64> {
    ints(batches, column)
        .into_iter()
        .map(|v| v.expect("not null"))
        .collect()
}

fn strings(batches: &[RecordBatch], column: usize) -> Vec<Option<String>> {
    batches
        .iter()
        .flat_map(|b| {
            let array = b.column(column).as_string::<i32>();
            array
                .iter()
                .map(|s| s.map(str::to_owned))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn bools(batches: &[RecordBatch], column: usize) -> Vec<bool> {
    batches
        .iter()
        .flat_map(|b| b.column(column).as_boolean().iter().flatten())
        .collect()
}

fn factor_at(batches: &[RecordBatch], first: usize) -> Vec<Factor> {
    let f = ints(batches, first);
    let n = int(batches, first + 1);
    let total = int(batches, first + 2);
    f.into_iter()
        .zip(n.into_iter().zip(total))
        .map(|(f, (n, total))| (f.map(|f| f as u32), n as u32, total as u64))
        .collect()
}

/// The numbers the engines must agree on (read outside the timing).
pub fn headlines(r: &[Vec<RecordBatch>]) -> Headlines {
    // The first column: a month, a cohort or a repository.
    let keys =
        |b: &[RecordBatch]| -> Vec<i32> { int(b, 0).into_iter().map(|m| m as i32).collect() };
    let trend = &r[0];
    let in_window = match (int(trend, 3).first(), int(trend, 4).first()) {
        (Some(&a), Some(&n)) => (a, n),
        _ => (0, 0),
    };
    let cohorts = &r[1];
    let status = &r[2];
    let elephant = &r[5];
    let organisations: Vec<(String, u64)> = strings(elephant, 0)
        .into_iter()
        .map(Option::unwrap_or_default)
        .zip(int(elephant, 1).into_iter().map(|n| n as u64))
        .collect();
    let affiliated = organisations.iter().map(|o| o.1).sum();
    let onion = int(&r[7], 0)
        .into_iter()
        .zip(int(&r[7], 1))
        .zip(int(&r[7], 2))
        .map(|((c, r), k)| (c as u32, r as u32, k as u32))
        .next()
        .unwrap_or_default();
    let conversion = &r[8];
    Headlines {
        trend: keys(trend)
            .into_iter()
            .zip(int(trend, 1).into_iter().zip(int(trend, 2)))
            .map(|(m, (a, n))| (m, a, n))
            .collect(),
        in_window,
        cohorts: keys(cohorts)
            .into_iter()
            .zip(int(cohorts, 1))
            .zip(int(cohorts, 2).into_iter().zip(int(cohorts, 3)))
            .map(|((c, k), (s, n))| (c, k as i32, s, n))
            .collect(),
        status: int(status, 0)
            .into_iter()
            .zip(int(status, 1))
            .zip(strings(status, 2))
            .zip(bools(status, 3).into_iter().zip(bools(status, 4)))
            .map(|(((id, n), s), (new, inactive))| (id, n, s.unwrap_or_default(), new, inactive))
            .collect(),
        bus_factor: factor_at(&r[3], 0).first().copied().unwrap_or_default(),
        bus_factor_over_time: keys(&r[4]).into_iter().zip(factor_at(&r[4], 1)).collect(),
        elephant: (
            ints(elephant, 2)
                .first()
                .copied()
                .flatten()
                .map(|f| f as u32),
            affiliated,
            int(elephant, 3).first().map_or(0, |&n| n as u64),
            organisations,
        ),
        elephant_over_time: keys(&r[6])
            .into_iter()
            .zip(ints(&r[6], 1).into_iter().map(|f| f.map(|f| f as u32)))
            .collect(),
        onion,
        conversion: keys(conversion)
            .into_iter()
            .zip(int(conversion, 1))
            .zip(int(conversion, 2).into_iter().zip(int(conversion, 3)))
            .map(|((p, n), (r, g))| (p, n, r, g))
            .collect(),
        by_repository: keys(&r[9]).into_iter().zip(factor_at(&r[9], 1)).collect(),
    }
}
