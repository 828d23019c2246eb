-- The bus factor (DESIGN.md definition 5: the fewest contributors reaching
-- 50 % of the contributions), the onion (definition 7: core to 80 %, regular
-- to 95 %, casual the rest) and the elephant factor (definition 6: the fewest
-- organisations reaching 50 % of the contributions made for one, with the
-- unaffiliated contributions left out of it) per scope and calendar year
-- (`period`, the year's January). metrics/src/lake/factors.rs computes the
-- same with polars.
WITH per_contributor AS (
    SELECT repository_id, month - month % 12 AS period, contributor_id AS who, count(*) AS n
    FROM scoped
    GROUP BY repository_id, month - month % 12, contributor_id
),
per_organisation AS (
    SELECT repository_id, month - month % 12 AS period, organisation AS who, count(*) AS n
    FROM scoped
    WHERE organisation IS NOT NULL
    GROUP BY repository_id, month - month % 12, organisation
),
ranked AS (
    SELECT 'contributor' AS counted, repository_id, period, n,
           sum(n) OVER (PARTITION BY repository_id, period ORDER BY n DESC, who
                        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS covered,
           sum(n) OVER (PARTITION BY repository_id, period) AS total,
           row_number() OVER (PARTITION BY repository_id, period ORDER BY n DESC, who) AS rank
    FROM per_contributor
    UNION ALL
    SELECT 'organisation', repository_id, period, n,
           sum(n) OVER (PARTITION BY repository_id, period ORDER BY n DESC, who
                        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
           sum(n) OVER (PARTITION BY repository_id, period),
           row_number() OVER (PARTITION BY repository_id, period ORDER BY n DESC, who)
    FROM per_organisation
),
per_year AS (
    SELECT counted, repository_id, period,
           min(CASE WHEN covered * 100 >= total * 50 THEN rank END) AS half,
           min(CASE WHEN covered * 100 >= total * 80 THEN rank END) AS core,
           min(CASE WHEN covered * 100 >= total * 95 THEN rank END) AS core_and_regular,
           count(*) AS counted_keys
    FROM ranked
    GROUP BY counted, repository_id, period
),
unaffiliated AS (
    SELECT repository_id, month - month % 12 AS period, count(*) AS n
    FROM scoped
    WHERE organisation IS NULL
    GROUP BY repository_id, month - month % 12
)
SELECT 'bus_factor' AS metric, repository_id, period, 0 AS k, CAST(half AS BIGINT) AS value
FROM per_year WHERE counted = 'contributor' AND half > 0
UNION ALL
SELECT 'core', repository_id, period, 0, CAST(core AS BIGINT)
FROM per_year WHERE counted = 'contributor' AND core > 0
UNION ALL
SELECT 'regular', repository_id, period, 0, CAST(core_and_regular - core AS BIGINT)
FROM per_year WHERE counted = 'contributor' AND core_and_regular - core > 0
UNION ALL
SELECT 'casual', repository_id, period, 0, CAST(counted_keys - core_and_regular AS BIGINT)
FROM per_year WHERE counted = 'contributor' AND counted_keys - core_and_regular > 0
UNION ALL
SELECT 'elephant_factor', repository_id, period, 0, CAST(half AS BIGINT)
FROM per_year WHERE counted = 'organisation' AND half > 0
UNION ALL
SELECT 'unaffiliated', repository_id, period, 0, n FROM unaffiliated WHERE n > 0
