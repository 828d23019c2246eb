-- The view `scoped` every family reads (see metrics/src/lake/mod.rs): each
-- non-bot activity twice, in its repository's scope and in the scope of all
-- repositories (0), with its time (`at`, UTC), the same in microseconds since
-- the Unix epoch (`at_us`), its month index (`year * 12 + month - 1`) and the
-- organisation its author acted for (NULL: none).
SELECT scope AS repository_id, contributor_id, at, unix_micros(at) AS at_us,
       year(at) * 12 + month(at) - 1 AS month, organisation
FROM (
    SELECT a.repository_id, a.contributor_id, CAST(a.occurred_at AS TIMESTAMP) AS at,
           a.organisation
    FROM activities a
    LEFT ANTI JOIN (SELECT contributor_id FROM identities WHERE is_bot) bots
        ON bots.contributor_id = a.contributor_id
) counted
LATERAL VIEW explode(array(counted.repository_id, 0)) scopes AS scope
