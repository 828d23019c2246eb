-- Contributions and active contributors (DESIGN.md definition 1) per scope
-- and month; metrics/src/lake/activity.rs computes the same with polars.
WITH per_month AS (
    SELECT repository_id, month AS period, count(*) AS contributions,
           count(DISTINCT contributor_id) AS active_contributors
    FROM scoped
    GROUP BY repository_id, month
)
SELECT 'contributions' AS metric, repository_id, period, 0 AS k, contributions AS value
FROM per_month WHERE contributions > 0
UNION ALL
SELECT 'active_contributors', repository_id, period, 0, active_contributors
FROM per_month WHERE active_contributors > 0
