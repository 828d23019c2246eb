//! The store as a whole: opening, migrating and refusing a newer schema,
//! loading commits twice, runs and errors, resolving contributors across
//! loads, bot suggestions. Each writer and reader module has its own tests.

use chrono::DateTime;

use super::*;
use crate::git::{Commit, Signature};
use crate::identity::Rules;

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
        renames: 0,
        translation_files: 0,
    }
}

/// Repository `o/r`'s commits, with stats, no .mailmap, no cursor.
fn plain_load(commits: &[Commit]) -> RepositoryLoad<'_> {
    RepositoryLoad {
        repository: "o/r",
        url: None,
        commits,
        stats: true,
        mailmap: None,
        cursor: None,
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
fn a_migration_skipped_by_an_earlier_build_is_applied_on_opening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.duckdb");
    // A store brought to a later version by a build that did not list 13.
    let store = Store::open(&path).unwrap();
    store
        .conn
        .execute_batch(
            "DELETE FROM schema_migrations WHERE version = 13;
             DROP TABLE licence_headers;
             ALTER TABLE repository_tips DROP COLUMN source_files;",
        )
        .unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(count(&store, "licence_headers"), 0, "the table is back");
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
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
    let load = plain_load(&commits);
    let mut ids = store.identities().unwrap();
    let first = store
        .load(std::slice::from_ref(&load), &mut ids, &Rules::default())
        .unwrap()[0];
    assert_eq!(
        first,
        LoadSummary {
            commits_read: 3,
            commits_added: 2,
            activities_added: 3,
            identities_added: 3,
            unchanged: false,
        }
    );
    assert_eq!(store.data_version().unwrap(), 1);

    let mut ids = store.identities().unwrap();
    let second = store
        .load(std::slice::from_ref(&load), &mut ids, &Rules::default())
        .unwrap()[0];
    assert_eq!(
        (
            second.commits_added,
            second.activities_added,
            second.identities_added
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
    store.finish_run(run, 0, 1, false).unwrap();
    let status: String = store
        .connection()
        .query_row("SELECT status FROM ingest_runs WHERE id = ?", [run], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(status, "failed");
    assert_eq!(store.begin_run().unwrap(), run + 1);
}

#[test]
fn an_older_database_is_upgraded_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.duckdb");
    {
        // A database as the first version of the schema wrote it.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, applied_at TIMESTAMP NOT NULL);
             INSERT INTO schema_migrations VALUES (1, now());",
        )
        .unwrap();
        conn.execute_batch(MIGRATIONS[0].1).unwrap();
        conn.execute_batch(
            "INSERT INTO repositories VALUES (1, 'o/r', NULL, now());
             INSERT INTO contributors VALUES (1, 'Ann', 'ann@x.org', false), (2, 'Bob', 'bob@x.org', false);
             INSERT INTO identities VALUES (1, 'git', 'ann@x.org', 'Ann', 1), (2, 'git', 'bob@x.org', 'Bob', 2),
                                           (3, 'git', 'ANN@x.org', 'A', 1);
             INSERT INTO commits VALUES (1, 'c1', '', 3, 3, '2024-01-01', 0, '2024-01-01', false, 1, 2, 3, 's');
             INSERT INTO activities VALUES (1, 1, 'commit', '2024-01-01', 'c1'), (1, 2, 'commit', '2024-01-01', 'c1');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let rows: Vec<(i64, String)> = {
        let mut stmt = store
            .connection()
            .prepare("SELECT identity_id, kind FROM activities ORDER BY identity_id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    // Ann's activity goes to the identity that authored the commit (3); Bob,
    // a co-author, to his only identity.
    assert_eq!(rows, [(2, "commit".to_string()), (3, "commit".to_string())]);
    assert_eq!(count(&store, "commits"), 1);
    let stats: (i64, Option<i64>) = store
        .connection()
        .query_row("SELECT insertions, renames FROM commits", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(stats, (2, None));
}

/// Issues stored before assignees and comment counts were kept are read
/// again by the next run: the upgrade forgets where issue listings stopped
/// (and what GitHub's change detector and GitLab's activity date said),
/// and keeps every other cursor.
#[test]
fn the_upgrade_to_assignees_has_every_issue_read_again() {
    use crate::forge::{github, gitlab};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v11.duckdb");
    let kept = [
        github::category::ISSUE_COMMENTS,
        github::category::RELEASES,
        gitlab::category::MERGE_REQUESTS,
    ];
    let forgotten = [
        github::category::ISSUES,
        github::category::EVENTS_ETAG,
        gitlab::category::ISSUES,
        gitlab::category::ACTIVITY,
    ];
    {
        // A store as schema 11 left it, with a cursor of each kind.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, applied_at TIMESTAMP NOT NULL)",
        )
        .unwrap();
        for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v <= 11) {
            conn.execute_batch(sql).unwrap();
            conn.execute("INSERT INTO schema_migrations VALUES (?, now())", [version])
                .unwrap();
        }
        for category in kept.iter().chain(&forgotten) {
            conn.execute(
                "INSERT INTO ingest_cursors VALUES ('forge:x', 1, ?, 'c', now())",
                [category],
            )
            .unwrap();
        }
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let mut stmt = store
        .connection()
        .prepare("SELECT category FROM ingest_cursors ORDER BY category")
        .unwrap();
    let left: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut expected: Vec<String> = kept.iter().map(|c| c.to_string()).collect();
    expected.sort();
    assert_eq!(left, expected);
}

#[test]
fn resolution_merges_across_loads_and_follows_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let commits = vec![
        commit('a', ("Ann", "ann@example.org"), "2024-01-01T10:00:00Z", &[]),
        commit(
            'b',
            ("ann", "1+ann@users.noreply.github.com"),
            "2024-01-02T10:00:00Z",
            &[],
        ),
        commit(
            'c',
            ("Ann B", "ANN@example.org"),
            "2024-01-03T10:00:00Z",
            &[],
        ),
    ];
    let mut ids = store.identities().unwrap();
    let load = plain_load(&commits);
    store
        .load(std::slice::from_ref(&load), &mut ids, &Rules::default())
        .unwrap();
    // E-mail case merges; the no-reply login is someone else until told.
    assert_eq!(count(&store, "contributors"), 2);

    let mut rules = Rules::default();
    rules.file.people.push(crate::identity::file::Person {
        emails: vec!["ann@example.org".into()],
        logins: vec!["ann".into()],
        ..Default::default()
    });
    let version = store.data_version().unwrap();
    let summary = store.resolve_contributors(&rules).unwrap();
    assert!(summary.changed);
    assert_eq!(count(&store, "contributors"), 1);
    assert_eq!(store.data_version().unwrap(), version + 1);
    // Nothing changes the second time.
    assert!(!store.resolve_contributors(&rules).unwrap().changed);
    assert_eq!(store.data_version().unwrap(), version + 1);
}

#[test]
fn commits_loaded_unresolved_give_each_new_identity_its_own_contributor_until_resolution() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let commits = vec![
        commit('a', ("Ann", "ann@example.org"), "2024-01-01T10:00:00Z", &[]),
        commit(
            'b',
            ("Ann B", "ANN@example.org"),
            "2024-01-02T10:00:00Z",
            &[],
        ),
    ];
    let mut ids = store.identities().unwrap();
    let version = store.data_version().unwrap();
    let load = plain_load(&commits);
    let summaries = store
        .load_unresolved(std::slice::from_ref(&load), &mut ids)
        .unwrap();
    assert_eq!(summaries[0].identities_added, 2);
    assert_eq!(store.data_version().unwrap(), version + 1);
    // Every identity's contributor exists: its own, until resolution.
    let orphans = count(
        &store,
        "identities i WHERE NOT EXISTS (SELECT 1 FROM contributors c WHERE c.id = i.contributor_id)",
    );
    assert_eq!((count(&store, "contributors"), orphans), (2, 0));
    // The run's resolution merges them as a resolving load would have.
    assert!(
        store
            .resolve_contributors(&Rules::default())
            .unwrap()
            .changed
    );
    assert_eq!(count(&store, "contributors"), 1);
}

#[test]
fn a_creation_that_was_interrupted_is_started_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.duckdb");
    // What a kill during creation leaves: a file that is not a database yet.
    std::fs::write(dir.path().join("v.duckdb.creating"), b"").unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(!dir.path().join("v.duckdb.creating").exists());
}

#[test]
fn errors_are_stored_without_credentials_or_addresses() {
    assert_eq!(
        redact("fatal: unable to access 'https://bob:ghp_x1@github.com/o/r.git/': 403"),
        "fatal: unable to access 'https://…@github.com/o/r.git/': 403"
    );
    assert_eq!(
        redact("line 3: the Author line is not `Jane <jane.doe@example.org>`"),
        "line 3: the Author line is not `Jane <[address]>`"
    );
    assert_eq!(
        redact("git@github.com:o/r.git: not found"),
        "[address]:o/r.git: not found"
    );
    assert_eq!(redact("plain text, no secret"), "plain text, no secret");
}

#[test]
fn accounts_that_only_translate_or_commit_in_bulk_are_suggested_as_bots_until_decided() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let mut commits = Vec::new();
    let mut sha = 0u32;
    let mut next = |who: (&str, &str), day: u32, translations: u32| {
        sha += 1;
        let mut c = commit('0', who, &format!("2024-03-{day:02}T10:00:00Z"), &[]);
        c.sha = format!("{sha:040x}");
        c.translation_files = translations;
        c
    };
    // A translator's account: 30 commits touching only translation files.
    for i in 0..30 {
        commits.push(next(("Translator", "tr@example.org"), 1 + i % 20, 1));
    }
    // A person: 30 commits of code over 20 days.
    for i in 0..30 {
        commits.push(next(("Ann", "ann@example.org"), 1 + i % 20, 0));
    }
    // A bulk committer: 150 commits on 5 days.
    for i in 0..150 {
        commits.push(next(("Importer", "imp@example.org"), 1 + i % 5, 0));
    }
    let mut ids = store.identities().unwrap();
    store
        .load(&[plain_load(&commits)], &mut ids, &Rules::default())
        .unwrap();

    let file = crate::identity::IdentitiesFile::default();
    let found = store.bot_suggestions(&file).unwrap();
    let said: Vec<(&str, &str)> = found
        .iter()
        .map(|s| (s.name.as_str(), s.evidence.as_str()))
        .collect();
    assert_eq!(
        said,
        [
            ("Importer", "150 commits on 5 days, 30 a day"),
            (
                "Translator",
                "30 of its 30 commits change only translation files"
            ),
        ]
    );
    assert_eq!(found[1].emails, ["tr@example.org"]);

    // Decided (a person, or a bot): no longer suggested.
    let mut decided = file.clone();
    decided.people.push(crate::identity::file::Person {
        emails: vec!["TR@example.org".into()],
        bot: Some(false),
        ..Default::default()
    });
    assert_eq!(store.bot_suggestions(&decided).unwrap().len(), 1);
}

#[test]
fn licence_headers_name_the_licences_of_their_spdx_lines() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    store
        .conn
        .execute_batch(
            "INSERT INTO repositories (id, name, first_seen) VALUES (1, 'o/r', now());
             INSERT INTO repository_tips (repository_id, branch, commit_sha, refs_position,
                                          files, bytes, read_at, source_files)
             VALUES (1, 'main', 'abc', 'x', 4, 10, now(), 3);
             INSERT INTO licence_headers VALUES
                 (1, 'a.java', 'spdx', 'MIT OR Apache-2.0'),
                 (1, 'b.java', 'spdx', 'MIT'),
                 (1, 'c.java', NULL, NULL);",
        )
        .unwrap();
    let headers = store.licence_headers().unwrap();
    assert_eq!(headers.len(), 1);
    assert_eq!(headers[0].identifiers, ["Apache-2.0", "MIT"]);
    assert_eq!((headers[0].examined, headers[0].with_header), (3, 2));
    assert_eq!(headers[0].without, ["c.java"]);
}
