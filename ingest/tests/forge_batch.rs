//! Many repositories' forge data stored in one batch
//! (`Store::load_forge_many`, table by table for all of them): the same
//! rows as storing them one repository after the other, on small items
//! made here.

use chrono::{NaiveDate, NaiveDateTime};
use vigie_ingest::forge::{Account, Comment, Issue, IssueEvent, RepositoryData};
use vigie_ingest::Store;

fn day(d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2015, 1, d)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap()
}

fn account(login: &str, is_bot: bool) -> Option<Account> {
    Some(Account {
        login: login.into(),
        is_bot,
    })
}

fn issue(number: i64, state: &str, updated: NaiveDateTime, author: &str) -> Issue {
    Issue {
        number,
        is_pr: false,
        title: format!("issue {number}"),
        state: state.into(),
        author: account(author, false),
        labels: vec!["bug".into()],
        assignees: vec![],
        comment_count: Some(1),
        created_at: day(1),
        updated_at: Some(updated),
        closed_at: (state == "closed").then_some(updated),
        merged_at: None,
    }
}

fn comment(id: i64, author: &str) -> Comment {
    Comment {
        id,
        issue_number: 1,
        kind: "issue",
        on_pr: None,
        author: account(author, false),
        created_at: day(2),
    }
}

fn closed(id: i64, at: NaiveDateTime, actor: &str) -> IssueEvent {
    IssueEvent {
        id,
        issue_number: 1,
        kind: "closed".into(),
        on_pr: None,
        actor: account(actor, false),
        at,
    }
}

fn data(source: &str) -> RepositoryData {
    RepositoryData {
        source: source.into(),
        ..RepositoryData::default()
    }
}

fn count(store: &Store, sql: &str) -> i64 {
    store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    (dir, store)
}

#[test]
fn a_repository_named_twice_in_one_batch_keeps_each_item_once_in_its_later_state() {
    let (_dir, mut store) = fresh();
    let mut first = data("gharchive:x");
    first.issues.push(issue(1, "closed", day(3), "ann"));
    first.comments.push(comment(10, "bob"));
    // The same repository spelt otherwise, with an older state and the
    // same comment again.
    let mut second = data("gharchive:x");
    second.issues.push(issue(1, "open", day(2), "ann"));
    second.comments.push(comment(10, "bob"));
    let summaries = store
        .load_forge_many(&[("o/r", &first), ("O/R", &second)])
        .unwrap();
    assert_eq!(count(&store, "SELECT count(*) FROM repositories"), 1);
    let state: String = store
        .connection()
        .query_row("SELECT state FROM issues", [], |r| r.get(0))
        .unwrap();
    assert_eq!(state, "closed");
    assert_eq!(count(&store, "SELECT count(*) FROM comments"), 1);
    // The opening and the comment, once each.
    assert_eq!(count(&store, "SELECT count(*) FROM activities"), 2);
    assert_eq!(summaries.iter().map(|s| s.issues).sum::<u64>(), 1);
    assert_eq!(summaries.iter().map(|s| s.added).sum::<u64>(), 1);
}

#[test]
fn accounts_are_one_identity_per_login_across_the_batch_numbered_as_first_read() {
    let (_dir, mut store) = fresh();
    let mut a = data("gharchive:x");
    a.issues.push(issue(1, "open", day(2), "ann"));
    a.comments.push(comment(10, "bot[bot]"));
    let mut b = data("gharchive:x");
    b.issues.push(issue(1, "open", day(2), "bob"));
    b.comments.push(Comment {
        author: account("bot[bot]", true),
        ..comment(11, "")
    });
    b.comments.push(comment(12, "ann"));
    store.load_forge_many(&[("o/a", &a), ("o/b", &b)]).unwrap();
    let mut stmt = store
        .connection()
        .prepare("SELECT login, source, forge_bot FROM identities ORDER BY id")
        .unwrap();
    let identities: Vec<(String, String, bool)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    // The bot flag as the account was first read.
    assert_eq!(
        identities,
        [
            ("ann".into(), "github".into(), false),
            ("bot[bot]".into(), "github".into(), false),
            ("bob".into(), "github".into(), false),
        ]
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM contributors"),
        3,
        "each its own contributor until resolved"
    );
    // A later batch finds them by login and numbers a new one after them.
    let mut c = data("github:https://api.github.com");
    c.comments.push(comment(13, "bob"));
    c.comments.push(comment(14, "cyd"));
    store.load_forge_many(&[("o/a", &c)]).unwrap();
    let cyd = count(&store, "SELECT id FROM identities WHERE login = 'cyd'");
    assert_eq!(cyd, 4);
    assert_eq!(count(&store, "SELECT count(*) FROM identities"), 4);
}

#[test]
fn a_close_read_twice_by_its_item_kind_and_second_is_stored_once_whichever_comes_first() {
    let (_dir, mut store) = fresh();
    let at = day(3);
    let later_in_the_second = at + chrono::Duration::milliseconds(400);
    // GH Archive's close (a negative id of its own), twice in one batch
    // under two ids, then the API's own (its id) in a later batch.
    let mut archive = data("gharchive:x");
    archive.issues.push(issue(1, "closed", at, "ann"));
    archive.events.push(closed(-20, at, "bob"));
    let mut again = data("gharchive:x");
    again.events.push(closed(-22, later_in_the_second, "bob"));
    let summaries = store
        .load_forge_many(&[("o/r", &archive), ("o/r", &again)])
        .unwrap();
    assert_eq!(summaries[0].added + summaries[1].added, 1);
    let mut api = data("github:https://api.github.com");
    api.events
        .push(closed(9_000_001, later_in_the_second, "bob"));
    let summary = store.load_forge("o/r", &api).unwrap();
    assert_eq!(summary.added, 0);
    assert_eq!(count(&store, "SELECT count(*) FROM issue_events"), 1);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM activities WHERE kind = 'issue_closed'"
        ),
        1
    );
    // Another second is another close.
    let mut reopened = data("github:https://api.github.com");
    reopened
        .events
        .push(closed(9_000_002, at + chrono::Duration::hours(1), "bob"));
    assert_eq!(store.load_forge("o/r", &reopened).unwrap().added, 1);

    // The API's first, then the archive's.
    let (_dir, mut store) = fresh();
    store.load_forge("o/r", &api).unwrap();
    assert_eq!(store.load_forge("o/r", &archive).unwrap().added, 0);
    assert_eq!(count(&store, "SELECT count(*) FROM issue_events"), 1);
}

#[test]
fn summaries_follow_the_batch_and_an_unchanged_repository_only_gets_its_metadata() {
    let (_dir, mut store) = fresh();
    let mut a = data("github:https://api.github.com");
    a.issues.push(issue(1, "open", day(2), "ann"));
    a.issues.push(issue(2, "open", day(2), "ann"));
    a.cursors
        .push(("github-issues".into(), "2015-01-02".into()));
    let mut b = data("github:https://api.github.com");
    b.comments.push(comment(10, "bob"));
    b.unchanged = true;
    b.cursors
        .push(("github-issues".into(), "never saved".into()));
    let summaries = store.load_forge_many(&[("o/a", &a), ("o/b", &b)]).unwrap();
    assert_eq!((summaries[0].issues, summaries[0].activities), (2, 2));
    assert_eq!(
        (
            summaries[1].issues,
            summaries[1].added,
            summaries[1].activities
        ),
        (0, 0, 0)
    );
    assert_eq!(count(&store, "SELECT count(*) FROM repositories"), 2);
    assert_eq!(count(&store, "SELECT count(*) FROM comments"), 0);
    assert_eq!(count(&store, "SELECT count(*) FROM ingest_cursors"), 1);
}
