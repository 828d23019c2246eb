-- Contributor status (DESIGN.md definition 4) per scope at its own T, just
-- after its latest contribution: active (last contribution within 6 months
-- of T), drifting (within 12), away (longer ago), new (first contribution
-- within 90 days of T, 7,776,000,000,000 us), in the month of T (`period`).
-- metrics/src/lake/status.rs computes the same with polars.
WITH people AS (
    SELECT repository_id, contributor_id, min(at) AS first_at, max(at) AS last_at
    FROM scoped
    GROUP BY repository_id, contributor_id
),
scopes AS (
    SELECT repository_id, timestamp_micros(max(unix_micros(last_at)) + 1) AS t
    FROM people
    GROUP BY repository_id
),
per_scope AS (
    SELECT p.repository_id, year(s.t) * 12 + month(s.t) - 1 AS period,
           count_if(p.last_at >= s.t - INTERVAL 6 MONTHS) AS active,
           count_if(p.last_at < s.t - INTERVAL 6 MONTHS
                    AND p.last_at >= s.t - INTERVAL 12 MONTHS) AS drifting,
           count_if(p.last_at < s.t - INTERVAL 12 MONTHS) AS away,
           count_if(unix_micros(s.t) - unix_micros(p.first_at) <= 7776000000000) AS is_new
    FROM people p
    JOIN scopes s ON s.repository_id = p.repository_id
    GROUP BY p.repository_id, year(s.t) * 12 + month(s.t) - 1
)
SELECT 'active' AS metric, repository_id, period, 0 AS k, active AS value
FROM per_scope WHERE active > 0
UNION ALL
SELECT 'drifting', repository_id, period, 0, drifting FROM per_scope WHERE drifting > 0
UNION ALL
SELECT 'away', repository_id, period, 0, away FROM per_scope WHERE away > 0
UNION ALL
SELECT 'new', repository_id, period, 0, is_new FROM per_scope WHERE is_new > 0
