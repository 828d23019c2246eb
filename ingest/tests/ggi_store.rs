//! What the store keeps for the GGI scorecard: decisions one after the
//! other, evidence per ingest run, and which merged change requests a
//! person other than their author reviewed first (GGI-A-44).

use chrono::{NaiveDate, NaiveDateTime};
use vigie_ingest::forge::{Account, Comment, Issue, RepositoryData, Review};
use vigie_ingest::ggi::{current, ActivityId, Decision, Status};
use vigie_ingest::identity::Rules;
use vigie_ingest::Store;

fn day(d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 3, d)
        .and_then(|d| d.and_hms_opt(h, 0, 0))
        .expect("a date")
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("a folder");
    let store = Store::open(&dir.path().join("v.duckdb")).expect("a store");
    (dir, store)
}

#[test]
fn decisions_are_kept_one_after_the_other_and_the_latest_counts() {
    let (_dir, store) = store();
    let decision = |status, notes: &str, at| Decision {
        activity: ActivityId::new(23),
        status,
        notes: notes.into(),
        by: "ospo".into(),
        at,
    };
    let first = decision(Status::InProgress, "Started: <b>poms</b>\n=1+1", day(1, 9));
    let second = decision(Status::Done, "", day(2, 9));
    store.record_decision(&first).expect("recorded");
    store.record_decision(&second).expect("recorded");
    let kept = store.decisions().expect("read");
    assert_eq!(
        kept,
        [first.clone(), second.clone()],
        "kept as typed, in order"
    );
    assert_eq!(current(&kept)[&ActivityId::new(23)].status, Status::Done);
}

#[test]
fn evidence_is_recorded_per_run_and_a_run_measured_again_replaces_its_own() {
    let (_dir, mut store) = store();
    let a23 = ActivityId::new(23);
    store
        .record_evidence(1, day(1, 0), &[(a23, "internal_dependencies", 10.0)])
        .expect("recorded");
    store
        .record_evidence(2, day(2, 0), &[(a23, "internal_dependencies", 11.0)])
        .expect("recorded");
    store
        .record_evidence(2, day(2, 1), &[(a23, "internal_dependencies", 12.0)])
        .expect("recorded again");
    let history = store.evidence_history().expect("read");
    let values: Vec<(i64, f64)> = history.iter().map(|r| (r.run_id, r.value)).collect();
    assert_eq!(values, [(1, 10.0), (2, 12.0)]);
    assert_eq!(
        store.latest_finished_run().expect("read"),
        None,
        "no run yet"
    );
}

#[test]
fn a_merged_change_counts_as_reviewed_only_when_someone_else_looked_before_the_merge() {
    let (_dir, mut store) = store();
    let who = |login: &str| {
        Some(Account {
            login: login.into(),
            is_bot: login.ends_with("[bot]"),
        })
    };
    let pr = |number, author: &str, merged: Option<NaiveDateTime>| Issue {
        number,
        is_pr: true,
        title: format!("change {number}"),
        state: if merged.is_some() { "merged" } else { "open" }.into(),
        author: who(author),
        labels: vec![],
        created_at: day(1, 0),
        updated_at: merged,
        closed_at: merged,
        merged_at: merged,
        assignees: vec![],
        comment_count: None,
    };
    let review = |id, number, author: &str, at| Review {
        id,
        issue_number: number,
        author: who(author),
        state: "approved".into(),
        submitted_at: at,
    };
    let code_comment = |id, number, author: &str, at| Comment {
        id,
        issue_number: number,
        kind: "review",
        on_pr: Some(true),
        author: who(author),
        created_at: at,
    };
    let data = RepositoryData {
        source: "github:test".into(),
        issues: vec![
            pr(1, "ann", Some(day(3, 0))),             // bob approved first
            pr(2, "ann", Some(day(3, 0))),             // only ann herself
            pr(3, "ann", Some(day(3, 0))),             // bob, but after the merge
            pr(4, "ann", Some(day(3, 0))),             // a bot's approval
            pr(5, "ann", Some(day(3, 0))),             // bob commented on the code
            pr(6, "dependabot[bot]", Some(day(3, 0))), // a bot's change, reviewed
            pr(7, "ann", None),                        // not merged
        ],
        reviews: vec![
            review(11, 1, "bob", day(2, 0)),
            review(12, 2, "ann", day(2, 0)),
            review(13, 3, "bob", day(4, 0)),
            review(14, 4, "renovate[bot]", day(2, 0)),
            review(16, 6, "bob", day(2, 0)),
            review(17, 7, "bob", day(2, 0)),
        ],
        comments: vec![code_comment(25, 5, "bob", day(2, 5))],
        ..RepositoryData::default()
    };
    store.load_forge("o/r", &data).expect("stored");
    store
        .resolve_contributors(&Rules::default())
        .expect("resolved");
    let got: Vec<(i64, bool, bool)> = store
        .merged_changes()
        .expect("read")
        .into_iter()
        .map(|c| (c.number, c.by_bot, c.reviewed))
        .collect();
    assert_eq!(
        got,
        [
            (1, false, true),
            (2, false, false),
            (3, false, false),
            (4, false, false),
            (5, false, true),
            (6, true, true),
        ]
    );
}
