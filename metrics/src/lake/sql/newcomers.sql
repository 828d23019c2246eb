-- New contributors (DESIGN.md definition 2) and newcomer conversion
-- (definition 8) per scope and month of first contribution: returned = a
-- second contribution within 90 days of the first (7,776,000,000,000 us),
-- regular = at least 10 contributions in the 12 calendar months from the
-- first. metrics/src/lake/newcomers.rs computes the same with polars.
WITH firsts AS (
    SELECT repository_id, contributor_id, at, at_us,
           min(at) OVER (PARTITION BY repository_id, contributor_id) AS first_at
    FROM scoped
),
per_newcomer AS (
    SELECT repository_id, contributor_id, first_at,
           count_if(at_us - unix_micros(first_at) <= 7776000000000) >= 2 AS returned,
           count_if(at < first_at + INTERVAL 12 MONTHS) >= 10 AS regular
    FROM firsts
    GROUP BY repository_id, contributor_id, first_at
),
per_month AS (
    SELECT repository_id, year(first_at) * 12 + month(first_at) - 1 AS period,
           count(*) AS new_contributors, count_if(returned) AS returned,
           count_if(regular) AS regular
    FROM per_newcomer
    GROUP BY repository_id, year(first_at) * 12 + month(first_at) - 1
)
SELECT 'new_contributors' AS metric, repository_id, period, 0 AS k, new_contributors AS value
FROM per_month WHERE new_contributors > 0
UNION ALL
SELECT 'returned', repository_id, period, 0, returned FROM per_month WHERE returned > 0
UNION ALL
SELECT 'became_regular', repository_id, period, 0, regular FROM per_month WHERE regular > 0
