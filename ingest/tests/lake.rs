//! The lake (`Store::export_lake`, docs/scale.md) over real history: the
//! Lutece logs exported, read back with DuckDB's own Parquet reader and its
//! Hive partitioning, compared with the store; exporting again writes
//! nothing; new history rewrites only the partitions it touches; rows gone
//! from the store take their partition with them.

use std::collections::BTreeMap;
use std::path::Path;

use duckdb::Connection;
use vigie_ingest::affiliation::Affiliations;
use vigie_ingest::identity::Rules;
use vigie_ingest::store::lake::MANIFEST;
use vigie_ingest::testdata::shared_data;
use vigie_ingest::{ingest, SourceConfig, Store};

fn log(data: &Path, name: &str) -> SourceConfig {
    SourceConfig::git_log(data.join(format!(
        "lutece-gitlog/lutece-platform+{name}.gitlog.txt.gz"
    )))
}

/// Activities per (year, month) as the lake's files hold them.
fn lake_months(lake: &Path) -> BTreeMap<(i64, i64), i64> {
    let conn = Connection::open_in_memory().unwrap();
    let glob = lake.join("activities/**/*.parquet");
    let mut statement = conn
        .prepare(&format!(
            "SELECT year, month, count(*) FROM read_parquet('{}', hive_partitioning = true)
             GROUP BY ALL",
            glob.display()
        ))
        .unwrap();
    statement
        .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The same from the store, an activity seen through several identities of
/// one contributor counted once (as the metrics count it).
fn store_months(store: &Store) -> BTreeMap<(i64, i64), i64> {
    let mut statement = store
        .connection()
        .prepare(
            "SELECT year(occurred_at), month(occurred_at), count(*)
             FROM (SELECT DISTINCT a.repository_id, i.contributor_id, a.kind, a.reference,
                                   a.occurred_at
                   FROM activities a JOIN identities i ON i.id = a.identity_id)
             GROUP BY ALL",
        )
        .unwrap();
    statement
        .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn the_lake_holds_the_store_and_a_second_export_writes_only_what_changed() {
    let Some(data) = shared_data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let clones = dir.path().join("clones");
    let first = [log(&data, "lutece-tech-plugin-liquibase")];
    ingest(&mut store, &first, &clones, &Rules::default(), |_| {}).unwrap();
    let lake = dir.path().join("lake");

    let report = store.export_lake(&lake, &Affiliations::default()).unwrap();
    assert!(lake.join(MANIFEST).is_file());
    assert_eq!(lake_months(&lake), store_months(&store));
    let activities: i64 = store_months(&store).values().sum();
    assert_eq!(report.rows["activities"], activities as u64);
    assert!(report
        .written
        .iter()
        .any(|p| p.starts_with("activities/source=git/year=")));
    assert!(report.written.contains(&"identities/source=git".to_owned()));
    // No address or name leaves the store: identities carry a domain.
    let conn = Connection::open_in_memory().unwrap();
    let columns: Vec<String> = conn
        .prepare(&format!(
            "SELECT name FROM parquet_schema('{}') WHERE name <> 'duckdb_schema'",
            lake.join("identities/source=git/part.parquet").display()
        ))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(columns.contains(&"email_domain".to_owned()), "{columns:?}");
    assert!(
        !columns.iter().any(|c| c == "email" || c == "name"),
        "{columns:?}"
    );

    // Nothing changed: nothing written.
    let again = store.export_lake(&lake, &Affiliations::default()).unwrap();
    assert!(again.written.is_empty(), "{:?}", again.written);
    assert_eq!(again.unchanged, report.written.len());

    // Another repository's history: only the months it has are written.
    let second = [log(&data, "lutece-tech-plugin-rest")];
    ingest(&mut store, &second, &clones, &Rules::default(), |_| {}).unwrap();
    let before = lake_months(&lake);
    let update = store.export_lake(&lake, &Affiliations::default()).unwrap();
    assert_eq!(lake_months(&lake), store_months(&store));
    let rest_months: Vec<(i64, i64)> = {
        let mut statement = store
            .connection()
            .prepare(
                "SELECT DISTINCT year(a.occurred_at), month(a.occurred_at) FROM activities a
                 JOIN repositories r ON r.id = a.repository_id
                 WHERE r.name LIKE '%lutece-tech-plugin-rest'",
            )
            .unwrap();
        statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let written_months: Vec<&String> = update
        .written
        .iter()
        .filter(|p| p.starts_with("activities/"))
        .collect();
    assert_eq!(
        written_months.len(),
        rest_months.len(),
        "{written_months:?}"
    );
    assert!(
        before.keys().any(|m| !rest_months.contains(m)),
        "some months were left as they were"
    );

    // A month's rows gone from the store: its partition goes too.
    let (year, month) = rest_months[0];
    store
        .connection()
        .execute(
            "DELETE FROM activities WHERE year(occurred_at) = ? AND month(occurred_at) = ?",
            [year, month],
        )
        .unwrap();
    let pruned = store.export_lake(&lake, &Affiliations::default()).unwrap();
    assert_eq!(
        pruned.removed,
        [format!("activities/source=git/year={year}/month={month}")]
    );
    assert_eq!(lake_months(&lake), store_months(&store));
}

#[test]
fn a_folder_with_something_else_as_its_manifest_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let lake = dir.path().join("lake");
    std::fs::create_dir_all(&lake).unwrap();
    std::fs::write(lake.join(MANIFEST), "not json").unwrap();
    let err = store
        .export_lake(&lake, &Affiliations::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("is not a lake's manifest"), "{err}");
    assert_eq!(
        std::fs::read_to_string(lake.join(MANIFEST)).unwrap(),
        "not json"
    );
}
