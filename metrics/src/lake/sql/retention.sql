-- Cohort retention (DESIGN.md definition 3) per scope: of the contributors
-- whose first contribution in the scope is in month `period`, how many
-- contributed in the month k later (1 to 12). metrics/src/lake/retention.rs
-- computes the same with polars.
WITH months AS (
    SELECT DISTINCT repository_id, contributor_id, month FROM scoped
),
cohorts AS (
    SELECT repository_id, contributor_id, min(month) AS cohort
    FROM months
    GROUP BY repository_id, contributor_id
)
SELECT 'retained' AS metric, m.repository_id, c.cohort AS period,
       m.month - c.cohort AS k, count(*) AS value
FROM months m
JOIN cohorts c ON c.repository_id = m.repository_id AND c.contributor_id = m.contributor_id
WHERE m.month - c.cohort BETWEEN 1 AND 12
GROUP BY m.repository_id, c.cohort, m.month - c.cohort
