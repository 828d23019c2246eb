//! Issue assignees and the forges' own comment counts (what OW2's Market
//! Readiness Levels read from a bug tracker), against the local mock forge
//! replaying real recorded answers (`../shared/data/api-fixtures`). What
//! each test expects is read from the recorded JSON itself, never through
//! Vigie's parsers: the assignments and counts stored, an assignee removed
//! on the forge removed from the store, an assignee the same identity as
//! the account's comments, and the items read the metrics use.

mod support;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use duckdb::arrow::array::{Array, AsArray};
use duckdb::arrow::datatypes::Int64Type;
use serde_json::{json, Value};
use support::forge::MockForge;
use support::gitlab_recordings::GitLabProject;
use support::recordings::{is_pull_request, Recordings};
use vigie_ingest::identity::Rules;
use vigie_ingest::store::items;
use vigie_ingest::testdata::shared_data;
use vigie_ingest::{ingest, GitlabSource, SourceConfig, Store, StoreError};

/// An item assigned to an account: repository (lowercase), pull or merge
/// request, number, login.
type Assignment = (String, bool, i64, String);

/// An item: repository (lowercase), pull or merge request, number.
type Item = (String, bool, i64);

/// An item's assignees as the recorded JSON has them: the logins (`key`:
/// GitHub's `login`, GitLab's `username`) of its `assignees`, or of its one
/// `assignee` in answers from before the forges allowed several.
fn recorded_assignees(item: &Value, key: &str) -> BTreeSet<String> {
    let listed: Vec<Value> = match item.get("assignees").and_then(Value::as_array) {
        Some(all) => all.clone(),
        None => item.get("assignee").cloned().into_iter().collect(),
    };
    (listed.iter())
        .filter_map(|a| a[key].as_str())
        .map(str::to_owned)
        .collect()
}

fn stored_assignments(store: &Store) -> BTreeSet<Assignment> {
    let mut stmt = store
        .connection()
        .prepare(
            "SELECT lower(r.name), a.is_pr, a.issue_number, i.login
             FROM issue_assignees a
             JOIN repositories r ON r.id = a.repository_id
             JOIN identities i ON i.id = a.identity_id",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn stored_comment_counts(store: &Store) -> BTreeMap<Item, Option<i64>> {
    let mut stmt = store
        .connection()
        .prepare(
            "SELECT lower(r.name), i.is_pr, i.number, i.comment_count
             FROM issues i JOIN repositories r ON r.id = i.repository_id",
        )
        .unwrap();
    stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The identities a platform's `login` is stored under as an assignee, and
/// as a comment's author.
fn identities_of(store: &Store, platform: &str, login: &str) -> (Vec<i64>, Vec<i64>) {
    let ids = |sql: &str| -> Vec<i64> {
        let mut stmt = store.connection().prepare(sql).unwrap();
        stmt.query_map([platform, login], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    (
        ids("SELECT DISTINCT a.identity_id FROM issue_assignees a
             JOIN identities i ON i.id = a.identity_id WHERE i.source = ? AND i.login = ?"),
        ids("SELECT DISTINCT c.author_identity_id FROM comments c
             JOIN identities i ON i.id = c.author_identity_id WHERE i.source = ? AND i.login = ?"),
    )
}

fn count(store: &Store, sql: &str) -> i64 {
    store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Ingests `source` into `store`; only the recordings' unreadable comments
/// (reported and left out) may fail.
fn run(store: &mut Store, source: SourceConfig, dir: &Path) {
    let clones = dir.join("clones");
    let report = ingest(store, &[source], &clones, &Rules::default(), |_| {}).unwrap();
    assert!(
        (report.failures.iter()).all(|(_, m)| m.contains("could not be read and were left out")),
        "{:?}",
        report.failures
    );
}

fn github(mock: &MockForge, repositories: Vec<String>) -> SourceConfig {
    SourceConfig::Github {
        organisations: vec![],
        repositories,
        api: mock.url(),
        token_env: vec![],
        forks: false,
        concurrency: 4,
        git: false,
    }
}

fn gitlab(mock: &MockForge) -> SourceConfig {
    SourceConfig::Gitlab(GitlabSource {
        groups: vec!["fdroid".into()],
        projects: vec![],
        api: format!("{}/api/v4", mock.url()),
        token_env: vec![],
        forks: false,
        concurrency: 4,
        git: false,
    })
}

/// The recorded repositories Vigie can read (their metadata was recorded).
fn readable(recordings: &Recordings) -> Vec<String> {
    (recordings.repositories().into_iter())
        .filter(|r| (recordings.repository(r)).is_some_and(|r| r.metadata.is_some()))
        .collect()
}

/// What the recorded JSON says of these repositories' issues and pull
/// requests: every assignment, and each item's `comments`.
fn github_recorded(
    recordings: &Recordings,
    repositories: &[String],
) -> (BTreeSet<Assignment>, BTreeMap<Item, Option<i64>>) {
    let mut assignments = BTreeSet::new();
    let mut counts = BTreeMap::new();
    for name in repositories {
        let repository = recordings.repository(name).unwrap();
        for issue in &repository.issues {
            let item = (
                name.to_lowercase(),
                is_pull_request(issue),
                issue["number"].as_i64().unwrap(),
            );
            for login in recorded_assignees(issue, "login") {
                assignments.insert((item.0.clone(), item.1, item.2, login));
            }
            counts.insert(item, issue["comments"].as_i64());
        }
    }
    (assignments, counts)
}

#[test]
fn github_assignees_and_comment_counts_are_stored_as_recorded() {
    let Some(data) = shared_data() else { return };
    let recordings = Recordings::github(&data);
    let repositories = readable(&recordings);
    let (assignments, counts) = github_recorded(&recordings, &repositories);
    let assigned: BTreeSet<_> = assignments.iter().map(|(r, p, n, _)| (r, p, n)).collect();
    assert!(
        assigned.len() >= 2 && assigned.len() < counts.len(),
        "the recordings hold issues with and without assignees: {assignments:?}"
    );
    let mock = MockForge::start();
    recordings.serve_on(&mock);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    run(&mut store, github(&mock, repositories.clone()), dir.path());
    assert_eq!(stored_assignments(&store), assignments);
    assert_eq!(stored_comment_counts(&store), counts);

    // An assignee who also wrote comments in the same repository is one
    // identity, whichever of them was stored first.
    let mut both = 0;
    for name in &repositories {
        let repository = recordings.repository(name).unwrap();
        let commenters: BTreeSet<&str> = (repository.issue_comments.iter())
            .filter_map(|c| c["user"]["login"].as_str())
            .collect();
        let assignees = (assignments.iter())
            .filter(|(r, ..)| *r == name.to_lowercase())
            .map(|(.., login)| login.as_str());
        for login in assignees.filter(|l| commenters.contains(l)) {
            let (as_assignee, as_author) = identities_of(&store, "github", login);
            assert_eq!(as_assignee.len(), 1, "{login}");
            assert_eq!(as_assignee, as_author, "{login}");
            both += 1;
        }
    }
    assert!(both >= 1, "the recordings hold an assignee who commented");
}

#[test]
fn a_github_issue_stored_again_without_its_assignee_loses_it_and_only_it() {
    let Some(data) = shared_data() else { return };
    let recordings = Recordings::github(&data);
    let repositories = readable(&recordings);
    let (assignments, _) = github_recorded(&recordings, &repositories);
    // The first assigned item recorded with a list of assignees (GitHub's
    // answers since 2016), in a repository with other assigned items.
    let (repository, is_pr, number, _) = (assignments.iter())
        .find(|(r, p, n, _)| {
            let item = (recordings.repository(r).unwrap().issues.iter())
                .find(|i| i["number"].as_i64() == Some(*n) && is_pull_request(i) == *p)
                .unwrap();
            item["assignees"].is_array() && assignments.iter().any(|a| a.0 == *r && a.2 != *n)
        })
        .cloned()
        .expect("an issue assigned beside others");
    let mock = MockForge::start();
    recordings.serve_on(&mock);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    run(&mut store, github(&mock, repositories.clone()), dir.path());
    assert_eq!(stored_assignments(&store), assignments);
    let issues = count(&store, "SELECT count(*) FROM issues");

    // Later the forge says nobody is assigned to it any more.
    let mut later = Recordings::github(&data);
    let item = (later.repository_mut(&repository).unwrap().issues.iter_mut())
        .find(|i| i["number"].as_i64() == Some(number))
        .unwrap();
    item["assignees"] = json!([]);
    item["assignee"] = Value::Null;
    item["updated_at"] = json!("2030-01-01T00:00:00Z");
    let mock = MockForge::start();
    later.serve_on(&mock);
    run(&mut store, github(&mock, repositories), dir.path());
    let expected: BTreeSet<Assignment> = (assignments.into_iter())
        .filter(|(r, p, n, _)| (r, *p, *n) != (&repository, is_pr, number))
        .collect();
    assert_eq!(stored_assignments(&store), expected);
    assert_eq!(count(&store, "SELECT count(*) FROM issues"), issues);
}

/// The issues and merge requests the GitLab recordings serve, with what
/// their JSON says: every assignment, and each item's `user_notes_count`.
fn gitlab_recorded(project: &GitLabProject) -> (BTreeSet<Assignment>, BTreeMap<Item, Option<i64>>) {
    let repository = project.path().to_lowercase();
    let mut assignments = BTreeSet::new();
    let mut counts = BTreeMap::new();
    let items = (project.issues().iter().map(|i| (false, i)))
        .chain(project.merge_requests().iter().map(|m| (true, m)));
    for (is_pr, item) in items {
        let number = item["iid"].as_i64().unwrap();
        for login in recorded_assignees(item, "username") {
            assignments.insert((repository.clone(), is_pr, number, login));
        }
        let key = (repository.clone(), is_pr, number);
        counts.insert(key, item["user_notes_count"].as_i64());
    }
    (assignments, counts)
}

#[test]
fn a_gitlab_assignee_is_the_account_of_its_notes_and_is_removed_when_unassigned() {
    let Some(data) = shared_data() else { return };
    let mut project = GitLabProject::fdroid(&data);
    let (assignments, counts) = gitlab_recorded(&project);
    assert!(
        !assignments.is_empty(),
        "the recordings hold an assigned issue"
    );
    let mock = MockForge::start();
    project.serve_on(&mock);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    run(&mut store, gitlab(&mock), dir.path());
    assert_eq!(stored_assignments(&store), assignments);
    assert_eq!(stored_comment_counts(&store), counts);

    // The recorded assignee also wrote notes (system notes are no comments).
    let noted: BTreeSet<String> = (1..=4)
        .flat_map(|iid| project.issue_notes(iid))
        .filter(|n| n["system"] != true)
        .filter_map(|n| n["author"]["username"].as_str().map(str::to_owned))
        .collect();
    let both: Vec<&String> = (assignments.iter())
        .map(|(.., login)| login)
        .filter(|l| noted.contains(*l))
        .collect();
    assert!(!both.is_empty(), "an assignee who wrote notes: {noted:?}");
    for login in both {
        let (as_assignee, as_author) = identities_of(&store, "gitlab", login);
        assert_eq!(as_assignee.len(), 1, "{login}");
        assert_eq!(as_assignee, as_author, "{login}");
    }

    // Later every issue is unassigned on the forge.
    for issue in project.issues_mut() {
        if issue.get("assignees").is_some() || !issue["assignee"].is_null() {
            issue["assignees"] = json!([]);
            issue["assignee"] = Value::Null;
            issue["updated_at"] = json!("2030-01-01T00:00:00.000Z");
        }
    }
    let mock = MockForge::start();
    project.serve_on(&mock);
    run(&mut store, gitlab(&mock), dir.path());
    let merge_requests: BTreeSet<Assignment> = (assignments.into_iter())
        .filter(|(_, is_pr, ..)| *is_pr)
        .collect();
    assert_eq!(stored_assignments(&store), merge_requests);
}

/// One item as the items read gives it.
#[derive(Debug, PartialEq)]
struct ReadItem {
    state: String,
    created_us: i64,
    updated_us: Option<i64>,
    closed_us: Option<i64>,
    labels: Vec<String>,
    comment_count: Option<i64>,
    assignees: Vec<i64>,
    bot_assignees: Vec<i64>,
}

/// Every item the metrics' read gives, by (pull request, number).
fn read_items(store: &Store) -> BTreeMap<(bool, i64), ReadItem> {
    let mut out = BTreeMap::new();
    let ids = |list: &duckdb::arrow::array::ListArray, row: usize| -> Vec<i64> {
        let values = list.value(row);
        values.as_primitive::<Int64Type>().values().to_vec()
    };
    let optional = |array: &duckdb::arrow::array::Int64Array, row: usize| {
        (!array.is_null(row)).then(|| array.value(row))
    };
    items::read_batches(store.connection(), |b| -> Result<(), StoreError> {
        for row in 0..b.number.len() {
            let labels = b.labels.value(row);
            let item = ReadItem {
                state: b.state.value(row).to_owned(),
                created_us: b.created_us.value(row),
                updated_us: optional(b.updated_us, row),
                closed_us: optional(b.closed_us, row),
                labels: (labels.as_string::<i32>().iter())
                    .map(|l| l.unwrap_or_default().to_owned())
                    .collect(),
                comment_count: optional(b.comment_count, row),
                assignees: ids(b.assignees, row),
                bot_assignees: ids(b.bot_assignees, row),
            };
            out.insert((b.is_pr.value(row), b.number[row]), item);
        }
        Ok(())
    })
    .unwrap();
    out
}

fn micros(value: &Value) -> Option<i64> {
    let text = value.as_str()?;
    Some(
        chrono::DateTime::parse_from_rfc3339(text)
            .unwrap()
            .timestamp_micros(),
    )
}

#[test]
fn the_items_read_gives_each_gitlab_issue_as_recorded() {
    let Some(data) = shared_data() else { return };
    let project = GitLabProject::fdroid(&data);
    let mock = MockForge::start();
    project.serve_on(&mock);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    run(&mut store, gitlab(&mock), dir.path());
    let logins: HashMap<String, i64> = {
        let mut stmt = (store.connection())
            .prepare("SELECT login, id FROM identities WHERE source = 'gitlab'")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let read = read_items(&store);
    assert_eq!(
        read.len(),
        project.issue_count() + project.merge_request_count()
    );
    for issue in project.issues() {
        let mut assignees: Vec<i64> = (recorded_assignees(issue, "username").iter())
            .map(|login| logins[login])
            .collect();
        assignees.sort_unstable();
        let state = match issue["state"].as_str().unwrap() {
            "opened" | "reopened" => "open",
            _ => "closed",
        };
        let expected = ReadItem {
            state: state.into(),
            created_us: micros(&issue["created_at"]).unwrap(),
            updated_us: micros(&issue["updated_at"]),
            closed_us: micros(&issue["closed_at"]),
            labels: (issue["labels"].as_array().unwrap().iter())
                .map(|l| l.as_str().unwrap().to_owned())
                .collect(),
            comment_count: issue["user_notes_count"].as_i64(),
            assignees,
            bot_assignees: vec![],
        };
        let number = issue["iid"].as_i64().unwrap();
        assert_eq!(read[&(false, number)], expected, "issue {number}");
    }
    assert!(
        read.values().any(|i| !i.assignees.is_empty()),
        "an issue with an assignee was read"
    );
}

/// Bots are left out of the people assigned and listed apart, as bot
/// authors are flagged; an account first seen as an assignee is the same
/// identity when it later writes.
#[test]
fn a_bot_assigned_is_listed_apart_from_the_people_assigned() {
    use vigie_ingest::forge::{Account, Comment, Issue, RepositoryData};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let at = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let account = |login: &str, is_bot| Account {
        login: login.into(),
        is_bot,
    };
    let issue = Issue {
        number: 1,
        is_pr: false,
        title: "t".into(),
        state: "open".into(),
        author: Some(account("ann", false)),
        labels: vec!["bug".into()],
        assignees: vec![account("cleo", false), account("renovate[bot]", true)],
        comment_count: Some(0),
        created_at: at,
        updated_at: Some(at),
        closed_at: None,
        merged_at: None,
    };
    let first = RepositoryData {
        source: "github:test".into(),
        issues: vec![issue],
        ..RepositoryData::default()
    };
    store.load_forge("o/r", &first).unwrap();
    let later = RepositoryData {
        source: "github:test".into(),
        comments: vec![Comment {
            id: 5,
            issue_number: 1,
            kind: "issue",
            on_pr: None,
            author: Some(account("cleo", false)),
            created_at: at,
        }],
        ..RepositoryData::default()
    };
    store.load_forge("o/r", &later).unwrap();
    store.resolve_contributors(&Rules::default()).unwrap();
    let read = read_items(&store);
    let item = &read[&(false, 1)];
    let (cleo, cleo_wrote) = identities_of(&store, "github", "cleo");
    assert_eq!(item.assignees, cleo);
    assert_eq!(cleo, cleo_wrote);
    let (bot, _) = identities_of(&store, "github", "renovate[bot]");
    assert_eq!(item.bot_assignees, bot);
    assert_eq!(item.labels, ["bug"]);
    assert_eq!(item.comment_count, Some(0));
}
