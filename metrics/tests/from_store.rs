//! The metrics on real data read from a real store: lutece-core's history
//! (`../shared/data/lutece-gitlog/`) ingested into DuckDB, then the polars
//! results compared with the same definitions written in DuckDB SQL.

use std::collections::BTreeMap;
use vigie_ingest::testdata::shared_data;

use chrono::NaiveDate;
use vigie_ingest::identity::Rules;
use vigie_ingest::{ingest, SourceConfig, Store};
use vigie_metrics::{activity, monthly_trend, Params};

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
            .get(&row.month.to_string())
            .copied()
            .unwrap_or((0, 0));
        let got = (row.active_contributors, row.new_contributors);
        assert_eq!(got, want, "{}", row.month);
    }
}

#[test]
fn polars_and_sql_agree_on_lutece_core() {
    let Some(data) = shared_data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let sources = [SourceConfig::GitLog {
        path: data.join("lutece-gitlog/lutece-platform+lutece-core.gitlog.txt.gz"),
    }];
    let report = ingest(&mut store, &sources, dir.path(), &Rules::default(), |_| {}).unwrap();
    assert!(report.failures.is_empty());

    let activities = activity::load(store.connection()).unwrap();
    let repositories = activity::repositories(store.connection()).unwrap();
    assert_eq!(
        repositories,
        [(1, "lutece-platform/lutece-core".to_string())]
    );
    let expected = sql_trend(&store, 1);

    let params = Params {
        repositories: Some(vec![1]),
        ..Params::default()
    };
    let trend = monthly_trend(&activities, &params).unwrap();
    assert_eq!(trend.rows.first().unwrap().month.to_string(), "2007-09");
    assert_months(&trend, &expected);
    assert_eq!(
        trend
            .rows
            .iter()
            .filter(|r| r.active_contributors > 0)
            .count(),
        expected.len()
    );
    // Over all time, everyone is new exactly once.
    assert_eq!(trend.new_in_window, trend.active_in_window);

    // A window: the same months, and first contributions never move.
    let window = Params {
        from: NaiveDate::from_ymd_opt(2015, 1, 1),
        to: NaiveDate::from_ymd_opt(2016, 12, 31),
        ..params
    };
    let part = monthly_trend(&activities, &window).unwrap();
    assert_eq!(part.rows.len(), 24);
    assert_months(&part, &expected);
}
