use chrono::DateTime;

use super::*;
use crate::git::{Commit, Signature};

fn commit(sha: char, author: (&str, &str), date: &str, co: &[(&str, &str)]) -> Commit {
    let sig = |(name, email): (&str, &str)| Signature {
        name: name.into(),
        email: email.into(),
    };
    let at = DateTime::parse_from_rfc3339(date).unwrap();
    Commit {
        sha: sha.to_string().repeat(40),
        parents: vec![],
        refs: vec![],
        author: sig(author),
        authored_at: at,
        committer: sig(author),
        committed_at: at,
        message: "subject\n\nbody".into(),
        co_authors: co.iter().copied().map(sig).collect(),
        files_changed: 1,
        insertions: 2,
        deletions: 3,
    }
}

fn count(store: &Store, table: &str) -> i64 {
    store
        .connection()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_new_database_is_at_the_current_schema_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/vigie.duckdb");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.data_version().unwrap(), 0);
}

#[test]
fn a_newer_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vigie.duckdb");
    let store = Store::open(&path).unwrap();
    store
        .connection()
        .execute("INSERT INTO schema_migrations VALUES (999, now())", [])
        .unwrap();
    drop(store);
    let err = Store::open(&path).err().unwrap().to_string();
    assert!(err.contains("schema version 999"), "{err}");
}

#[test]
fn loading_twice_changes_nothing_and_credits_co_authors() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let commits = vec![
        commit(
            'a',
            ("Ann", "ann@example.org"),
            "2024-01-31T23:30:00-02:00",
            &[],
        ),
        commit(
            'b',
            ("ANN", "Ann@Example.org"),
            "2024-02-02T10:00:00+01:00",
            &[("Bob", "bob@example.org")],
        ),
        // Listed twice in one log (a commit reachable from two refs).
        commit(
            'b',
            ("ANN", "Ann@Example.org"),
            "2024-02-02T10:00:00+01:00",
            &[("Bob", "bob@example.org")],
        ),
    ];
    let mut ids = store.identities().unwrap();
    let first = store.load_commits("o/r", None, &commits, &mut ids).unwrap();
    assert_eq!(
        first,
        LoadSummary {
            commits_read: 3,
            commits_added: 2,
            activities_added: 3,
            contributors_added: 2
        }
    );
    assert_eq!(store.data_version().unwrap(), 1);

    let mut ids = store.identities().unwrap();
    let second = store.load_commits("o/r", None, &commits, &mut ids).unwrap();
    assert_eq!(
        (
            second.commits_added,
            second.activities_added,
            second.contributors_added
        ),
        (0, 0, 0)
    );
    assert_eq!(store.data_version().unwrap(), 1);
    assert_eq!(count(&store, "commits"), 2);
    assert_eq!(count(&store, "activities"), 3);
    assert_eq!(count(&store, "contributors"), 2);
    assert_eq!(count(&store, "identities"), 3);

    // Times are stored in UTC: 23:30 at -02:00 is 01:30 the next day.
    let first_at: String = store
        .connection()
        .query_row(
            "SELECT strftime(min(occurred_at), '%Y-%m-%d %H:%M') FROM activities",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(first_at, "2024-02-01 01:30");
}

#[test]
fn runs_and_errors_are_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let run = store.begin_run().unwrap();
    store.record_error(run, "src", "broken").unwrap();
    store.finish_run(run, 0, 1).unwrap();
    let status: String = store
        .connection()
        .query_row("SELECT status FROM ingest_runs WHERE id = ?", [run], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(status, "failed");
    assert_eq!(store.begin_run().unwrap(), run + 1);
}
