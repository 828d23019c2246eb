//! The metrics on real data read from a real store: lutece-core's history
//! (`../shared/data/lutece-gitlog/`) ingested into DuckDB, then the polars
//! results compared with the same definitions written in DuckDB SQL.

use std::collections::BTreeMap;
use vigie_ingest::testdata::shared_data;

use chrono::NaiveDate;
use vigie_ingest::identity::Rules;
use vigie_ingest::{ingest, SourceConfig, Store};
use vigie_metrics::{activity, repository_health, trend, Params};

/// `month → (active, new)` computed by DuckDB for one repository.
fn sql_trend(store: &Store, repository_id: i32) -> BTreeMap<String, (i64, i64)> {
    let sql = "
        WITH a AS (
            SELECT DISTINCT i.contributor_id, x.reference, x.occurred_at
            FROM activities x
            JOIN identities i ON i.id = x.identity_id
            JOIN contributors c ON c.id = i.contributor_id
            WHERE NOT c.is_bot AND x.repository_id = ?
        ),
        active AS (
            SELECT strftime(occurred_at, '%Y-%m') AS month, count(DISTINCT contributor_id) AS n
            FROM a GROUP BY ALL
        ),
        firsts AS (
            SELECT strftime(min(occurred_at), '%Y-%m') AS month FROM a GROUP BY contributor_id
        ),
        fresh AS (SELECT month, count(*) AS n FROM firsts GROUP BY ALL)
        SELECT active.month, active.n, coalesce(fresh.n, 0)
        FROM active LEFT JOIN fresh USING (month)";
    let mut stmt = store.connection().prepare(sql).unwrap();
    stmt.query_map([repository_id], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Every month of the trend has SQL's numbers (months SQL has no row for: zero).
fn assert_months(trend: &vigie_metrics::Trend, expected: &BTreeMap<String, (i64, i64)>) {
    for row in &trend.rows {
        let want = expected
            .get(&row.period.to_string())
            .copied()
            .unwrap_or((0, 0));
        let got = (row.active_contributors, row.new_contributors);
        assert_eq!(got, want, "{}", row.period);
    }
}

#[test]
fn polars_and_sql_agree_on_lutece_core() {
    let Some(data) = shared_data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let sources = [SourceConfig::git_log(
        data.join("lutece-gitlog/lutece-platform+lutece-core.gitlog.txt.gz"),
    )];
    let report = ingest(&mut store, &sources, dir.path(), &Rules::default(), |_| {}).unwrap();
    assert!(report.failures.is_empty());

    let activities = activity::load(store.connection(), &|_, _| None).unwrap();
    let repositories = repository_health::repositories(store.connection()).unwrap();
    assert_eq!(
        repositories
            .iter()
            .map(|r| (r.id, r.name.as_str()))
            .collect::<Vec<_>>(),
        [(1, "lutece-platform/lutece-core")]
    );
    let expected = sql_trend(&store, 1);

    let params = Params {
        repositories: Some(vec![1]),
        ..Params::default()
    };
    let whole = trend(&activities, &params).unwrap();
    assert_eq!(whole.rows.first().unwrap().period.to_string(), "2007-09");
    assert_months(&whole, &expected);
    assert_eq!(
        whole
            .rows
            .iter()
            .filter(|r| r.active_contributors > 0)
            .count(),
        expected.len()
    );
    // Over all time, everyone is new exactly once.
    assert_eq!(whole.new_in_window, whole.active_in_window);

    // A window: the same months, and first contributions never move.
    let window = Params {
        from: NaiveDate::from_ymd_opt(2015, 1, 1),
        to: NaiveDate::from_ymd_opt(2016, 12, 31),
        ..params
    };
    let part = trend(&activities, &window).unwrap();
    assert_eq!(part.rows.len(), 24);
    assert_months(&part, &expected);
}

/// The 31 Lutece repositories' git logs, ingested into a new store.
fn lutece_store(dir: &std::path::Path) -> Option<Store> {
    let data = shared_data()?;
    let mut store = Store::open(&dir.join("v.duckdb")).unwrap();
    let sources = [SourceConfig::git_log(data.join("lutece-gitlog"))];
    let report = ingest(&mut store, &sources, dir, &Rules::default(), |_| {}).unwrap();
    assert!(report.failures.is_empty());
    Some(store)
}

const DISTINCT_ACTIVITIES: &str = "
    SELECT DISTINCT x.repository_id, i.contributor_id, x.reference, x.occurred_at
    FROM activities x
    JOIN identities i ON i.id = x.identity_id
    JOIN contributors c ON c.id = i.contributor_id
    WHERE NOT c.is_bot";

#[test]
fn bus_factor_and_cohort_retention_agree_with_sql_on_all_31_repositories() {
    use vigie_metrics::cohort_retention::cohort_retention;
    use vigie_metrics::contributor_absence_factor::contributor_absence_factor;

    let dir = tempfile::tempdir().unwrap();
    let Some(store) = lutece_store(dir.path()) else {
        return;
    };
    let activities = activity::load(store.connection(), &|_, _| None).unwrap();
    let conn = store.connection();

    // Bus factor per repository, over all time: the smallest k whose top-k
    // contribution counts reach half of the total, in SQL.
    let sql = format!(
        "WITH a AS ({DISTINCT_ACTIVITIES}),
         counts AS (SELECT repository_id, contributor_id, count(*) AS n FROM a GROUP BY ALL),
         ranked AS (
             SELECT repository_id, n,
                    sum(n) OVER (PARTITION BY repository_id ORDER BY n DESC
                                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running,
                    sum(n) OVER (PARTITION BY repository_id) AS total,
                    row_number() OVER (PARTITION BY repository_id ORDER BY n DESC) AS k
             FROM counts)
         SELECT repository_id, min(k) FROM ranked WHERE 2 * running >= total
         GROUP BY repository_id ORDER BY repository_id"
    );
    let mut stmt = conn.prepare(&sql).unwrap();
    let expected: Vec<(i32, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(expected.len(), 31);
    for (repository, k) in expected {
        let params = Params {
            repositories: Some(vec![repository]),
            ..Params::default()
        };
        let f = contributor_absence_factor(&activities, &params).unwrap();
        assert_eq!(f.factor, Some(k as u32), "repository {repository}");
    }

    // Cohort retention over all repositories, first 12 months of each cohort.
    let sql = format!(
        "WITH a AS ({DISTINCT_ACTIVITIES}),
         months AS (SELECT DISTINCT contributor_id,
                           year(occurred_at) * 12 + month(occurred_at) - 1 AS m FROM a),
         cohorts AS (SELECT contributor_id, min(m) AS cohort FROM months GROUP BY ALL)
         SELECT c.cohort, m.m - c.cohort AS k, count(*) AS retained
         FROM months m JOIN cohorts c USING (contributor_id)
         WHERE m.m - c.cohort <= 12
         GROUP BY ALL ORDER BY ALL"
    );
    let mut stmt = conn.prepare(&sql).unwrap();
    let expected: BTreeMap<(i32, i32), i64> = stmt
        .query_map([], |r| {
            Ok((
                (r.get::<_, i64>(0)? as i32, r.get::<_, i64>(1)? as i32),
                r.get(2)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let got = cohort_retention(&activities, &Params::default(), 12).unwrap();
    let cohort = got.column("cohort").unwrap().i32().unwrap();
    let k = got.column("k").unwrap().i32().unwrap();
    let kept = got.column("retained").unwrap().i64().unwrap();
    let mut nonzero = 0;
    for i in 0..got.height() {
        let key = (cohort.get(i).unwrap(), k.get(i).unwrap());
        let want = expected.get(&key).copied().unwrap_or(0);
        assert_eq!(kept.get(i).unwrap(), want, "cohort {} k {}", key.0, key.1);
        nonzero += usize::from(want > 0);
    }
    assert_eq!(
        nonzero,
        expected.len(),
        "every SQL cell is in the polars result"
    );
}

#[test]
fn each_activity_gets_the_organisation_of_its_address_on_the_day() {
    use vigie_metrics::elephant_factor::elephant_factor;

    let dir = tempfile::tempdir().unwrap();
    let Some(store) = lutece_store(dir.path()) else {
        return;
    };
    let conn = store.connection();
    let domain: String = conn
        .query_row(
            "SELECT lower(split_part(i.email, '@', 2)) AS d FROM activities a
             JOIN identities i ON i.id = a.identity_id
             GROUP BY d ORDER BY count(*) DESC, d LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // The most used domain stands for one organisation until 2014, another after.
    let switch = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    let organisation_of = |email: &str, day: NaiveDate| {
        // As SQL's split_part: the part after the first '@'.
        let d = email.split('@').nth(1)?;
        (d.to_lowercase() == domain)
            .then(|| if day < switch { "Before" } else { "After" }.to_string())
    };
    let activities = activity::load(conn, &organisation_of).unwrap();
    let params = Params {
        include_bots: true,
        ..Params::default()
    };
    let got = elephant_factor(&activities, &params).unwrap();

    let sql = "WITH a AS (
                   SELECT x.repository_id, i.contributor_id, x.kind, x.reference, x.occurred_at,
                          min(i.id) AS identity_id
                   FROM activities x JOIN identities i ON i.id = x.identity_id GROUP BY ALL)
               SELECT CASE WHEN a.occurred_at < DATE '2015-01-01' THEN 'Before' ELSE 'After' END,
                      count(*)
               FROM a JOIN identities i ON i.id = a.identity_id
               WHERE lower(split_part(i.email, '@', 2)) = ?
               GROUP BY ALL ORDER BY 2 DESC, 1";
    let mut stmt = conn.prepare(sql).unwrap();
    let expected: Vec<(String, u64)> = stmt
        .query_map([&domain], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        expected.len(),
        2,
        "the domain is used before and after 2015"
    );
    assert_eq!(got.organisations, expected);
    let total: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT DISTINCT x.repository_id, i.contributor_id, x.kind,
                    x.reference, x.occurred_at FROM activities x
                    JOIN identities i ON i.id = x.identity_id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(got.affiliated + got.unaffiliated, total as u64);
}

#[test]
fn forge_items_are_read_with_their_authors_and_missing_when_absent() {
    use vigie_metrics::items::{self, ForgeData};
    use vigie_metrics::time_to_first_response::time_to_first_response;

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let conn = store.connection();
    let activities = activity::load(conn, &|_, _| None).unwrap();
    let none = items::load(conn).unwrap();
    assert_eq!(none.height(), 0);
    let got = time_to_first_response(&none, &activities, &Params::default()).unwrap();
    assert_eq!(got.value, ForgeData::Missing);

    conn.execute_batch(
        "INSERT INTO repositories (id, name, first_seen) VALUES (1, 'o/r', TIMESTAMP '2024-01-01');
         INSERT INTO contributors (id, display_name, primary_email, is_bot, organisation)
             VALUES (1, 'Ann', NULL, false, NULL), (2, 'bot', NULL, true, NULL);
         INSERT INTO identities (id, source, email, name, contributor_id, login)
             VALUES (1, 'github', '', 'ann', 1, 'ann'), (2, 'github', '', 'bot', 2, 'bot');
         INSERT INTO issues (repository_id, number, is_pr, title, state, author_identity_id,
                             created_at, closed_at, merged_at, first_response_at) VALUES
           (1, 1, true, 't', 'merged', 1, TIMESTAMP '2024-01-01 00:00', TIMESTAMP '2024-01-03',
            TIMESTAMP '2024-01-03', TIMESTAMP '2024-01-01 06:00'),
           (1, 2, false, 't', 'open', 2, TIMESTAMP '2024-01-02', NULL, NULL, NULL),
           (1, 3, false, 't', 'open', NULL, TIMESTAMP '2024-01-02', NULL, NULL, NULL);",
    )
    .unwrap();
    let items = items::load(conn).unwrap();
    assert_eq!(items.height(), 3);
    let got = time_to_first_response(&items, &activities, &Params::default()).unwrap();
    let ForgeData::Available(t) = &got.value else {
        panic!("forge data is stored")
    };
    // The bot's item is left out; the deleted account's is counted.
    assert_eq!((t.window.items, t.window.answered), (2, 1));
    assert_eq!(t.window.median_hours, Some(6.0));
}
