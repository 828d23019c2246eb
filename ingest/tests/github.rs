//! The GitHub source against a local server replaying real recorded API
//! answers (`../shared/data/api-fixtures`), with faults injected on the same
//! server: each run must end with the right data stored exactly once.

mod support;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use support::forge::{Fault, MockForge};
use support::gitlab_recordings::GitLabProject;
use support::recordings::Recordings;
use vigie_ingest::forge::github::{self, Target};
use vigie_ingest::forge::http::{AuthStyle, Client, HttpError, Policy, Token, Wait};
use vigie_ingest::identity::Rules;
use vigie_ingest::testdata::shared_data;
use vigie_ingest::{ingest, SourceConfig, Store};

fn recordings() -> Option<Recordings> {
    let Some(data) = shared_data() else {
        eprintln!("skipped: ../shared/data is not beside this checkout");
        return None;
    };
    Some(Recordings::github(&data))
}

/// A mock forge answering what Vigie asks of the recorded repositories.
fn serve(recordings: &Recordings) -> MockForge {
    let forge = MockForge::start();
    recordings.serve_on(&forge);
    forge
}

/// The repositories whose metadata was recorded (the others answer 404).
fn readable(recordings: &Recordings) -> Vec<String> {
    recordings
        .repositories()
        .into_iter()
        .filter(|r| {
            recordings
                .repository(r)
                .is_some_and(|r| r.metadata.is_some())
        })
        .collect()
}

fn source(mock: &MockForge, repositories: Vec<String>) -> SourceConfig {
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

fn count(store: &Store, sql: &str) -> i64 {
    store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// A client that retries fast, for fault tests.
fn fast_client(tokens: Vec<Token>) -> Client {
    let policy = Policy {
        backoff: Duration::from_millis(20),
        max_wait: Duration::from_secs(5),
        ..Policy::default()
    };
    Client::new(AuthStyle::Bearer, tokens, policy, Arc::new(|_| {})).unwrap()
}

fn target(mock: &MockForge) -> Target {
    Target {
        api: mock.url(),
        source: format!("github:{}", mock.url()),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Collects one repository with `client` and stores it; the stored counts.
fn collect_and_store(
    mock: &MockForge,
    client: &Client,
    store: &mut Store,
    repository: &str,
) -> Result<(i64, i64), HttpError> {
    let t = target(mock);
    let cursors = store.forge_cursors(&t.source, repository).unwrap();
    let data = runtime().block_on(github::collect(client, &t, repository, None, &cursors))?;
    store.load_forge(repository, &data).unwrap();
    Ok(stored(store))
}

fn stored(store: &Store) -> (i64, i64) {
    (
        count(store, "SELECT count(*) FROM issues"),
        count(store, "SELECT count(*) FROM comments"),
    )
}

#[test]
fn a_first_run_stores_everything_once_and_an_unchanged_rerun_is_one_request_per_repository() {
    let Some(recordings) = recordings() else {
        return;
    };
    let repositories = readable(&recordings);
    let expected: HashMap<String, usize> = repositories
        .iter()
        .map(|r| (r.to_lowercase(), recordings.issue_count(r)))
        .collect();
    let mock = serve(&recordings);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let sources = [source(&mock, repositories.clone())];
    let clones = dir.path().join("clones");
    let first = ingest(&mut store, &sources, &clones, &Rules::default(), |_| {}).unwrap();
    // Recorded comments that name no issue are left out and reported, not fatal.
    assert!(
        first
            .failures
            .iter()
            .all(|(_, m)| m.contains("could not be read and were left out")),
        "{:?}",
        first.failures
    );
    assert_eq!(first.forge.len(), repositories.len());
    let mut stmt = store
        .connection()
        .prepare(
            "SELECT lower(r.name), count(i.number) FROM repositories r
             LEFT JOIN issues i ON i.repository_id = r.id GROUP BY ALL",
        )
        .unwrap();
    let got: HashMap<String, usize> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(got, expected);
    // Each issue and pull request opened is one activity, once.
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM activities WHERE kind IN ('issue_opened', 'pr_opened')"
        ),
        count(
            &store,
            "SELECT count(*) FROM issues WHERE author_identity_id IS NOT NULL"
        )
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM (SELECT repository_id, kind, reference FROM activities
             GROUP BY ALL HAVING count(*) > 1)"
        ),
        0,
        "no activity is stored twice"
    );
    // Derived facts: every issue is flagged newcomer or not; first responses
    // are never before creation.
    let flagged =
        "SELECT count(*) FROM issues WHERE author_identity_id IS NOT NULL AND is_newcomer IS NULL";
    assert_eq!(count(&store, flagged), 0);
    assert!(count(&store, "SELECT count(*) FROM issues WHERE is_newcomer") > 0);
    let early = "SELECT count(*) FROM issues WHERE first_response_at < created_at";
    assert_eq!(count(&store, early), 0);
    let before = (
        stored(&store),
        count(&store, "SELECT count(*) FROM activities"),
    );

    mock.clear_log();
    let again = ingest(&mut store, &sources, &clones, &Rules::default(), |_| {}).unwrap();
    assert!(again.failures.is_empty(), "{:?}", again.failures);
    let log = mock.log();
    assert_eq!(
        log.len(),
        repositories.len(),
        "one request per repository: {log:#?}"
    );
    assert!(log.iter().all(|l| l.status == 304), "{log:#?}");
    assert_eq!(
        (
            stored(&store),
            count(&store, "SELECT count(*) FROM activities")
        ),
        before
    );
}

#[test]
fn faults_end_with_the_data_stored_exactly_once() {
    let Some(recordings) = recordings() else {
        return;
    };
    let repository = readable(&recordings)
        .into_iter()
        .max_by_key(|r| recordings.issue_count(r))
        .unwrap();
    let reference = {
        let mock = serve(&recordings);
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
        collect_and_store(&mock, &fast_client(vec![]), &mut store, &repository).unwrap()
    };
    let faults: Vec<(&str, Fault)> = vec![
        (
            "502 twice",
            Fault::Status {
                path_contains: "/issues?".into(),
                times: 2,
                status: 502,
            },
        ),
        (
            "rate limit exhausted",
            Fault::RateLimitExhausted {
                path_contains: "/issues?".into(),
                reset_in_secs: 1,
            },
        ),
        (
            "429 with Retry-After",
            Fault::RetryAfter {
                path_contains: "/issues/comments".into(),
                status: 429,
                seconds: 1,
            },
        ),
        (
            "connection dropped mid-page",
            Fault::DropMidBody {
                path_contains: "/issues?".into(),
            },
        ),
    ];
    for (name, fault) in faults {
        let mock = serve(&recordings);
        mock.inject(fault);
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
        let client = fast_client(vec![Token::new("VIGIE_TEST_TOKEN", "t0ken-value")]);
        let got = collect_and_store(&mock, &client, &mut store, &repository)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got, reference, "{name}");
        let c = client.counters();
        assert!(
            c.retries + c.rate_limit_waits >= 1,
            "{name}: the fault was met: {c:?}"
        );
        // And again: nothing is added twice.
        let again = collect_and_store(&mock, &client, &mut store, &repository).unwrap();
        assert_eq!(again, reference, "{name}, second run");
    }
}

#[test]
fn errors_name_the_url_and_the_token_variable_and_keep_what_was_stored() {
    let Some(recordings) = recordings() else {
        return;
    };
    let repository = readable(&recordings)[0].clone();
    let mock = serve(&recordings);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let secret = "ghp_do_not_print_me";

    mock.inject(Fault::Malformed {
        path_contains: "/issues?".into(),
    });
    let client = fast_client(vec![Token::new("VIGIE_TEST_TOKEN", secret)]);
    let e = collect_and_store(&mock, &client, &mut store, &repository).unwrap_err();
    let message = e.to_string();
    assert!(
        message.contains("/issues?") && message.contains("malformed"),
        "{message}"
    );
    assert_eq!(stored(&store), (0, 0), "nothing half-stored");

    mock.inject(Fault::Unauthorized {
        path_contains: "/repos/".into(),
    });
    let e = collect_and_store(&mock, &client, &mut store, &repository).unwrap_err();
    let message = e.to_string();
    assert!(
        message.contains("VIGIE_TEST_TOKEN") && message.contains("401"),
        "{message}"
    );
    assert!(!message.contains(secret), "{message}");
}

#[test]
fn a_deleted_repository_is_reported_and_the_others_are_stored() {
    let Some(recordings) = recordings() else {
        return;
    };
    let mut repositories = readable(&recordings);
    let mock = serve(&recordings);
    repositories.push("nobody/deleted-repository".into());
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let report = ingest(
        &mut store,
        &[source(&mock, repositories.clone())],
        &dir.path().join("clones"),
        &Rules::default(),
        |_| {},
    )
    .unwrap();
    let deleted: Vec<_> = report
        .failures
        .iter()
        .filter(|(_, m)| !m.contains("left out"))
        .collect();
    assert_eq!(deleted.len(), 1, "{:?}", report.failures);
    assert!(deleted[0].1.contains("nobody/deleted-repository"));
    assert!(deleted[0].1.contains("skipped"));
    assert_eq!(report.forge.len(), repositories.len() - 1);
}

/// A token variable that is not set is named, and the source is read
/// without a token rather than not at all.
#[test]
fn a_missing_token_variable_is_named_and_the_source_is_read_without_it() {
    let Some(recordings) = recordings() else {
        return;
    };
    let repository = readable(&recordings)[0].clone();
    let mock = serve(&recordings);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let sources = [SourceConfig::Github {
        organisations: vec![],
        repositories: vec![repository],
        api: mock.url(),
        token_env: vec!["VIGIE_TEST_TOKEN_THAT_IS_NOT_SET_93".into()],
        forks: false,
        concurrency: 2,
        git: false,
    }];
    let report = ingest(
        &mut store,
        &sources,
        &dir.path().join("c"),
        &Rules::default(),
        |_| {},
    )
    .unwrap();
    let named: Vec<_> = (report.failures.iter())
        .filter(|(_, m)| m.contains("VIGIE_TEST_TOKEN_THAT_IS_NOT_SET_93"))
        .collect();
    assert_eq!(named.len(), 1, "{:?}", report.failures);
    assert!(named[0].1.contains("reading without a token"), "{named:?}");
    assert_eq!(report.forge.len(), 1, "{:?}", report.failures);
    assert!(!mock.log().is_empty());
    assert!(mock.log().iter().all(|l| !l.had_authorization));
}

#[test]
fn untrusted_text_is_stored_as_it_is() {
    use vigie_ingest::forge::{Account, Issue, RepositoryData};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let at = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let title = "<script>alert('x')</script>'; DROP TABLE issues; --";
    let labels = vec![
        "a, b".to_string(),
        "it's".into(),
        "[x]".into(),
        "=1+1".into(),
        r#"back\slash "q" ]"#.into(),
    ];
    let data = RepositoryData {
        source: "github:test".into(),
        issues: vec![Issue {
            number: 1,
            is_pr: false,
            title: title.into(),
            state: "open".into(),
            author: Some(Account {
                login: "o'brien".into(),
                is_bot: false,
            }),
            labels: labels.clone(),
            assignees: vec![],
            comment_count: None,
            created_at: at,
            updated_at: Some(at),
            closed_at: None,
            merged_at: None,
        }],
        ..RepositoryData::default()
    };
    store.load_forge("o/r", &data).unwrap();
    store.load_forge("o/r", &data).unwrap();
    let (got_title, got_labels): (String, String) = store
        .connection()
        .query_row(
            "SELECT title, array_to_string(labels, '|') FROM issues",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(got_title, title);
    assert_eq!(got_labels, labels.join("|"));
    assert_eq!(count(&store, "SELECT count(*) FROM issues"), 1);
    assert_eq!(count(&store, "SELECT count(*) FROM activities"), 1);
}

#[test]
fn the_first_response_is_by_someone_else_who_is_not_a_bot() {
    use vigie_ingest::forge::{Account, Comment, Issue, IssueEvent, RepositoryData, Review};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let day = |d: u32, h: u32| {
        chrono::NaiveDate::from_ymd_opt(2024, 1, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    };
    let who = |login: &str| {
        Some(Account {
            login: login.into(),
            is_bot: false,
        })
    };
    let issue = |number, author: &str, created| Issue {
        number,
        is_pr: number == 2,
        title: format!("item {number}"),
        state: "open".into(),
        author: who(author),
        labels: vec![],
        assignees: vec![],
        comment_count: None,
        created_at: created,
        updated_at: Some(created),
        closed_at: None,
        merged_at: None,
    };
    let comment = |id, number, author: &str, at| Comment {
        id,
        issue_number: number,
        kind: "issue",
        on_pr: None,
        author: who(author),
        created_at: at,
    };
    let data = RepositoryData {
        source: "github:test".into(),
        issues: vec![
            issue(1, "ann", day(1, 0)),
            issue(2, "ann", day(5, 0)),
            issue(3, "cleo", day(6, 0)),
        ],
        comments: vec![
            comment(10, 1, "ann", day(1, 1)), // the author: not a response
            comment(11, 1, "dependabot[bot]", day(1, 2)), // a bot: not a response
            comment(12, 1, "bob", day(2, 0)), // the first response
            comment(13, 2, "bob", day(7, 0)),
            Comment {
                author: Some(Account {
                    login: "ci-helper".into(), // no [bot] in its name: the forge says so
                    is_bot: true,
                }),
                ..comment(14, 3, "x", day(6, 2))
            },
        ],
        reviews: vec![Review {
            id: 20,
            issue_number: 2,
            author: who("bob"),
            state: "approved".into(),
            submitted_at: day(6, 0), // earlier than bob's comment on it
        }],
        events: vec![IssueEvent {
            id: 30,
            issue_number: 3,
            kind: "closed".into(),
            on_pr: None,
            actor: who("cleo"), // closed by its own author: no response
            at: day(6, 1),
        }],
        ..RepositoryData::default()
    };
    store.load_forge("o/r", &data).unwrap();
    store.resolve_contributors(&Rules::default()).unwrap();
    // Setting first responses changes what the dashboard shows: the data
    // version moves, once; unchanged, it stays.
    let before = store.data_version().unwrap();
    store.update_first_responses().unwrap();
    assert_eq!(store.data_version().unwrap(), before + 1);
    store.update_first_responses().unwrap();
    assert_eq!(store.data_version().unwrap(), before + 1);
    let mut stmt = store
        .connection()
        .prepare("SELECT number, first_response_at, is_newcomer FROM issues ORDER BY number")
        .unwrap();
    let got: Vec<(i64, Option<chrono::NaiveDateTime>, bool)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        got,
        [
            (1, Some(day(2, 0)), true),  // ann's first contribution
            (2, Some(day(6, 0)), false), // ann had contributed before
            (3, None, true),
        ]
    );
    let bot: bool = store
        .connection()
        .query_row(
            "SELECT c.is_bot FROM contributors c JOIN identities i ON i.contributor_id = c.id
             WHERE i.login = 'ci-helper'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(bot, "an account the forge calls a bot is a bot");
}

#[test]
fn a_gitlab_group_is_read_once_and_an_unchanged_rerun_asks_only_for_the_listing() {
    let Some(data) = shared_data() else { return };
    let recorded = GitLabProject::fdroid(&data);
    let items = recorded.issue_count() + recorded.merge_request_count();
    let mock = MockForge::start();
    recorded.serve_on(&mock);
    mock.inject(Fault::Status {
        path_contains: "/merge_requests?".into(),
        times: 1,
        status: 502,
    });
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let sources = [SourceConfig::Gitlab(vigie_ingest::GitlabSource {
        groups: vec!["fdroid".into()],
        projects: vec![],
        api: format!("{}/api/v4", mock.url()),
        token_env: vec![],
        forks: false,
        concurrency: 4,
        git: false,
    })];
    let clones = dir.path().join("clones");
    let first = ingest(&mut store, &sources, &clones, &Rules::default(), |_| {}).unwrap();
    assert!(first.failures.is_empty(), "{:?}", first.failures);
    assert_eq!(first.forge.len(), 1);
    assert_eq!(count(&store, "SELECT count(*) FROM issues") as usize, items);
    assert_eq!(count(&store, "SELECT count(*) FROM issues WHERE is_pr"), 3);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM repositories WHERE platform = 'gitlab'"
        ),
        1
    );
    // System notes are not comments; the recordings reuse note ids across
    // items (real GitLab ids are unique), and each id is stored once.
    let comments = count(&store, "SELECT count(*) FROM comments");
    assert!(comments >= 1, "{comments}");
    assert_eq!(
        count(&store, "SELECT count(DISTINCT id) FROM comments"),
        comments
    );
    let before = (
        stored(&store),
        count(&store, "SELECT count(*) FROM activities"),
    );

    mock.clear_log();
    let again = ingest(&mut store, &sources, &clones, &Rules::default(), |_| {}).unwrap();
    assert!(again.failures.is_empty(), "{:?}", again.failures);
    assert_eq!(
        mock.log().len(),
        1,
        "only the group listing: {:#?}",
        mock.log()
    );
    assert_eq!(
        (
            stored(&store),
            count(&store, "SELECT count(*) FROM activities")
        ),
        before
    );
}

#[test]
fn gitlab_errors_name_the_url_and_the_token_variable() {
    use vigie_ingest::forge::gitlab;
    let Some(data) = shared_data() else { return };
    let recorded = GitLabProject::fdroid(&data);
    let project = recorded.path().to_owned();
    let mock = MockForge::start();
    recorded.serve_on(&mock);
    let target = gitlab::Target {
        api: format!("{}/api/v4", mock.url()),
        source: "gitlab:test".into(),
    };
    let secret = "glpat-do-not-print-me";
    let policy = Policy {
        backoff: Duration::from_millis(20),
        ..Policy::default()
    };
    let client = Client::new(
        AuthStyle::PrivateToken,
        vec![Token::new("VIGIE_TEST_GITLAB_TOKEN", secret)],
        policy,
        Arc::new(|_| {}),
    )
    .unwrap();
    let none = HashMap::new();
    let read =
        |name: &str| runtime().block_on(gitlab::collect(&client, &target, name, None, &none));

    // A project that does not exist is named, and is a not-found the run skips.
    let e = read("fdroid/no-such-project").unwrap_err();
    assert!(matches!(e, HttpError::NotFound { .. }), "{e}");
    assert!(e.to_string().contains("no-such-project"), "{e}");

    mock.inject(Fault::Malformed {
        path_contains: "/issues?".into(),
    });
    let e = read(&project).unwrap_err();
    assert!(
        e.to_string().contains("/issues?") && e.to_string().contains("malformed"),
        "{e}"
    );

    mock.inject(Fault::Unauthorized {
        path_contains: "/projects/".into(),
    });
    let e = read(&project).unwrap_err();
    let message = e.to_string();
    assert!(
        message.contains("VIGIE_TEST_GITLAB_TOKEN") && message.contains("401"),
        "{message}"
    );
    assert!(!message.contains(secret), "{message}");
    assert!(
        mock.log().iter().any(|l| l.had_authorization),
        "the token was sent"
    );
}

/// A run that stops part-way (here a repository whose issues keep failing)
/// resumes at the next run where it stopped: what was stored stays, what was
/// not is read, nothing twice.
#[test]
fn an_interrupted_run_resumes_where_it_stopped() {
    let Some(recordings) = recordings() else {
        return;
    };
    let mut repositories = readable(&recordings);
    repositories.sort_by_key(|r| recordings.issue_count(r));
    let (first, failing) = (
        repositories[0].clone(),
        repositories.last().unwrap().clone(),
    );
    let everything = |store: &Store| {
        (
            stored(store),
            count(store, "SELECT count(*) FROM activities"),
            count(store, "SELECT count(*) FROM ingest_cursors"),
        )
    };
    // What an uninterrupted run stores.
    let reference = {
        let mock = serve(&recordings);
        let client = fast_client(vec![]);
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
        for r in [&first, &failing] {
            collect_and_store(&mock, &client, &mut store, r).unwrap();
        }
        everything(&store)
    };

    let mock = serve(&recordings);
    let client = fast_client(vec![]);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    // As many failures as the client makes attempts: it gives up.
    mock.inject(Fault::Status {
        path_contains: format!("/repos/{failing}/issues?"),
        times: Policy::default().attempts,
        status: 502,
    });
    collect_and_store(&mock, &client, &mut store, &first).unwrap();
    assert!(collect_and_store(&mock, &client, &mut store, &failing).is_err());
    let part = everything(&store);
    assert!(
        part.0 .0 < reference.0 .0,
        "the failing repository stored nothing"
    );

    // The service is back: the next run reads only what is missing.
    mock.clear_log();
    for r in [&first, &failing] {
        collect_and_store(&mock, &client, &mut store, r).unwrap();
    }
    assert_eq!(everything(&store), reference);
    let asked_first = mock
        .log()
        .iter()
        .filter(|l| l.path_and_query.contains(&format!("/repos/{first}/")))
        .count();
    assert_eq!(asked_first, 1, "the stored repository costs one request");
}

#[test]
fn with_a_token_reviews_come_by_graphql_and_by_rest_when_its_budget_is_spent() {
    let Some(recordings) = recordings() else {
        return;
    };
    let repository = "PyGithub/PyGithub";
    let reviews = |mock: &MockForge, client: &Client| {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
        collect_and_store(mock, client, &mut store, repository).unwrap();
        let ids: Vec<i64> = store
            .connection()
            .prepare("SELECT id FROM reviews ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let asked = |part: &str| {
            mock.log()
                .iter()
                .filter(|l| l.path_and_query.contains(part))
                .count()
        };
        (ids, asked("/graphql"), asked("/reviews"))
    };
    let anonymous = reviews(&serve(&recordings), &fast_client(vec![]));
    let token = || fast_client(vec![Token::new("VIGIE_TEST_TOKEN", "t0ken-value")]);
    let graphql = reviews(&serve(&recordings), &token());
    assert_eq!(graphql.0, anonymous.0, "the same reviews either way");
    assert_eq!(
        (graphql.1, graphql.2),
        (1, 0),
        "one GraphQL request, no REST"
    );
    assert!(anonymous.2 > 1, "REST asks pull request by pull request");
    let spent = serve(&recordings);
    spent.inject(Fault::RateLimitExhausted {
        path_contains: "/graphql".into(),
        reset_in_secs: 3600,
    });
    let fallback = reviews(&spent, &token());
    assert_eq!(fallback.0, anonymous.0);
    assert_eq!(fallback.2, anonymous.2, "REST took over");
}

/// Git and forge identities share one id sequence: a git author first seen
/// after a forge run gets an id of its own (the git source once numbered
/// its new identities after the git ones only, and collided).
#[test]
fn git_authors_first_seen_after_a_forge_run_get_ids_of_their_own() {
    let Some(recordings) = recordings() else {
        return;
    };
    let logs = shared_data().unwrap().join("lutece-gitlog");
    let repositories = readable(&recordings);
    let mock = serve(&recordings);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let log = |name: &str| {
        SourceConfig::git_log(logs.join(format!("lutece-platform+{name}.gitlog.txt.gz")))
    };
    let forge = source(&mock, repositories);
    let clones = dir.path().join("c");
    let run = |store: &mut Store, sources: &[SourceConfig]| {
        let report = ingest(store, sources, &clones, &Rules::default(), |_| {}).unwrap();
        // The recordings hold one malformed comment, reported and left out;
        // nothing else may fail.
        assert!(
            report
                .failures
                .iter()
                .all(|(_, m)| m.contains("could not be read and were left out")),
            "{:?}",
            report.failures
        );
    };
    run(
        &mut store,
        &[log("lutece-apps-plugin-appcenter"), forge.clone()],
    );
    let before = count(
        &store,
        "SELECT count(*) FROM identities WHERE source = 'git'",
    );
    assert!(
        count(
            &store,
            "SELECT count(*) FROM identities WHERE source <> 'git'"
        ) > 0
    );
    run(
        &mut store,
        &[
            log("lutece-apps-plugin-appcenter"),
            log("lutece-auth-plugin-mylutece"),
            forge,
        ],
    );
    assert!(
        count(
            &store,
            "SELECT count(*) FROM identities WHERE source = 'git'"
        ) > before
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) - count(DISTINCT id) FROM identities"
        ),
        0
    );
}

/// Without a token, a spent rate limit is waited out until its reset, once,
/// not asked again and again until then.
#[test]
fn an_anonymous_client_waits_for_the_reset_of_a_spent_rate_limit() {
    let Some(recordings) = recordings() else {
        return;
    };
    let repository = readable(&recordings)
        .into_iter()
        .max_by_key(|r| recordings.issue_count(r))
        .unwrap();
    let asked = |mock: &MockForge| {
        mock.log()
            .iter()
            .filter(|l| l.path_and_query.contains("/issues?"))
            .count()
    };
    let (reference, plain) = {
        let mock = serve(&recordings);
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
        let got = collect_and_store(&mock, &fast_client(vec![]), &mut store, &repository);
        (got.unwrap(), asked(&mock))
    };
    let mock = serve(&recordings);
    mock.inject(Fault::RateLimitExhausted {
        path_contains: "/issues?".into(),
        reset_in_secs: 2,
    });
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let waits = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = Arc::clone(&waits);
    let policy = Policy {
        backoff: Duration::from_millis(20),
        max_wait: Duration::from_secs(5),
        ..Policy::default()
    };
    let on_wait = Arc::new(move |w: &Wait| seen.lock().unwrap().push(w.clone()));
    let client = Client::new(AuthStyle::Bearer, vec![], policy, on_wait).unwrap();
    let got = collect_and_store(&mock, &client, &mut store, &repository).unwrap();
    assert_eq!(got, reference);
    assert_eq!(
        asked(&mock),
        plain + 1,
        "one refused request, then the same again"
    );
    let waits = waits.lock().unwrap().clone();
    assert!(
        matches!(waits[..], [Wait::RateLimit { seconds: 1..=3 }]),
        "one wait until the reset, 2 s away: {waits:?}"
    );
}

/// A repository whose activity has not moved is not read again, but what
/// the listing says of it (archived, language) is stored, and the dashboard
/// sees the change.
#[test]
fn an_unchanged_repository_still_gets_its_new_metadata() {
    use vigie_ingest::forge::{RepositoryData, RepositoryMeta};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let meta = RepositoryMeta {
        full_name: "o/r".into(),
        language: Some("Java".into()),
        ..RepositoryMeta::default()
    };
    let data = |meta: RepositoryMeta, unchanged| RepositoryData {
        source: "github:https://api.example".into(),
        meta: Some(meta),
        unchanged,
        ..RepositoryData::default()
    };
    store.load_forge("o/r", &data(meta.clone(), false)).unwrap();
    let version = store.data_version().unwrap();
    // The same again: nothing the dashboard shows changed.
    store.load_forge("o/r", &data(meta.clone(), true)).unwrap();
    assert_eq!(store.data_version().unwrap(), version);
    let archived = RepositoryMeta {
        archived: true,
        stars: 7,
        ..meta
    };
    let summary = store.load_forge("o/r", &data(archived, true)).unwrap();
    assert!(summary.described);
    assert_eq!(store.data_version().unwrap(), version + 1);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM repositories WHERE archived AND stars = 7"
        ),
        1
    );
}

/// An organisation whose listing leads to git repositories made by the test:
/// its name, its repositories' names as the forge spells them, and the
/// folder holding the repositories (each a bare clone of one of the Lutece
/// bundles, at the path its recorded clone URL names under
/// `https://github.com/`).
fn organisation_with_repositories(
    recordings: &Recordings,
    data: &std::path::Path,
) -> (String, Vec<String>, tempfile::TempDir) {
    let mut bundles: Vec<_> = std::fs::read_dir(data.join("lutece-heads"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "bundle"))
        .collect();
    bundles.sort();
    let listed = |owner: &str| -> Vec<(String, String)> {
        (recordings.repositories_of(owner).into_iter())
            .filter_map(|r| r.metadata.as_ref())
            .filter(|m| m["fork"] != true)
            .filter_map(|m| {
                let path = m["clone_url"]
                    .as_str()?
                    .strip_prefix("https://github.com/")?;
                Some((m["full_name"].as_str()?.to_owned(), path.to_owned()))
            })
            .collect()
    };
    let owner = (readable(recordings).iter())
        .filter_map(|r| r.split_once('/').map(|(o, _)| o.to_owned()))
        .max_by_key(|o| listed(o).len())
        .unwrap();
    let web = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for ((name, path), bundle) in listed(&owner).into_iter().zip(bundles.iter().cycle()) {
        let cloned = std::process::Command::new("git")
            .args([
                "-c",
                "init.defaultBranch=main",
                "clone",
                "--quiet",
                "--bare",
            ])
            .arg(bundle)
            .arg(web.path().join(path))
            .status()
            .unwrap();
        assert!(cloned.success(), "git clone --bare {}", bundle.display());
        names.push(name);
    }
    assert!(!names.is_empty(), "{owner} lists repositories");
    (owner, names, web)
}

fn organisation(mock: &MockForge, owner: &str) -> SourceConfig {
    SourceConfig::Github {
        organisations: vec![owner.to_owned()],
        repositories: vec![],
        api: mock.url(),
        token_env: vec![],
        forks: false,
        concurrency: 4,
        git: true,
    }
}

/// Commits stored per repository, by name.
fn commits_by_repository(store: &Store) -> HashMap<String, i64> {
    let mut stmt = store
        .connection()
        .prepare(
            "SELECT r.name, count(c.sha) FROM repositories r
             LEFT JOIN commits c ON c.repository_id = r.id GROUP BY ALL",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// `organisations = [...]` alone brings each repository's git history,
/// cloned from the clone URL the listing gives and stored under the
/// forge's name, on the same row as its issues; without a token. A second
/// run fetches, finds the refs unchanged and reads nothing.
#[test]
fn an_organisation_brings_the_git_history_of_its_repositories_without_a_token() {
    let Some(recordings) = recordings() else {
        return;
    };
    let data = shared_data().unwrap();
    let (owner, names, web) = organisation_with_repositories(&recordings, &data);
    let mock = serve(&recordings);
    mock.serve_web_from(&format!("file://{}", web.path().display()));
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let sources = [organisation(&mock, &owner)];
    let clones = dir.path().join("clones");
    let first = ingest(&mut store, &sources, &clones, &Rules::default(), |_| {}).unwrap();
    assert!(
        (first.failures.iter()).all(|(_, m)| m.contains("could not be read and were left out")),
        "{:?}",
        first.failures
    );
    let mut read: Vec<&str> = first.repositories.iter().map(|(n, _)| n.as_str()).collect();
    read.sort_unstable();
    let mut expected: Vec<&str> = names.iter().map(String::as_str).collect();
    expected.sort_unstable();
    assert_eq!(read, expected, "each listed repository's history, once");
    assert_eq!(first.forge.len(), names.len());
    // One row per repository, under the forge's name: each bundle is one
    // commit, and the issues are on the same row.
    let commits = commits_by_repository(&store);
    assert_eq!(commits.len(), names.len(), "{commits:?}");
    for name in &names {
        assert_eq!(commits.get(name), Some(&1), "{name}: {commits:?}");
        let issues = count(
            &store,
            &format!(
                "SELECT count(*) FROM issues i JOIN repositories r ON r.id = i.repository_id
                 WHERE r.name = '{name}'"
            ),
        );
        assert_eq!(issues as usize, recordings.issue_count(name), "{name}");
        // The forge's platform and web address, not the clone's.
        let forge_row = count(
            &store,
            &format!(
                "SELECT count(*) FROM repositories WHERE name = '{name}'
                 AND platform = 'github' AND url NOT LIKE '%.git'"
            ),
        );
        assert_eq!(forge_row, 1, "{name}");
    }
    assert!(clones
        .join(format!("{}.git", names[0].replace('/', "+")))
        .join("HEAD")
        .exists());
    assert!(mock.log().iter().all(|l| !l.had_authorization));

    let before = (
        count(&store, "SELECT count(*) FROM commits"),
        count(&store, "SELECT count(*) FROM activities"),
    );
    let again = ingest(&mut store, &sources, &clones, &Rules::default(), |_| {}).unwrap();
    assert!(again.failures.is_empty(), "{:?}", again.failures);
    assert_eq!(again.repositories.len(), names.len());
    assert!(
        (again.repositories.iter()).all(|(_, s)| s.unchanged && s.commits_read == 0),
        "{:?}",
        again.repositories
    );
    assert_eq!(
        (
            count(&store, "SELECT count(*) FROM commits"),
            count(&store, "SELECT count(*) FROM activities")
        ),
        before
    );
}

/// Without a token, once the anonymous rate limit is spent (reset far off),
/// nothing more is asked: the repositories left are named in one message,
/// their history and listed metadata are stored all the same, and the run
/// does not wait for the reset.
#[test]
fn without_a_token_a_spent_limit_is_named_once_and_the_history_is_still_read() {
    let Some(recordings) = recordings() else {
        return;
    };
    let data = shared_data().unwrap();
    let (owner, names, web) = organisation_with_repositories(&recordings, &data);
    let mock = serve(&recordings);
    mock.serve_web_from(&format!("file://{}", web.path().display()));
    mock.inject(Fault::RateLimitExhausted {
        path_contains: "/events?".into(),
        reset_in_secs: 3000,
    });
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let started = std::time::Instant::now();
    let report = ingest(
        &mut store,
        &[organisation(&mock, &owner)],
        &dir.path().join("clones"),
        &Rules::default(),
        |_| {},
    )
    .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "no wait for the reset"
    );
    let limited: Vec<_> = (report.failures.iter())
        .filter(|(_, m)| m.contains("were not read this run"))
        .collect();
    assert_eq!(limited.len(), 1, "{:?}", report.failures);
    let message = &limited[0].1;
    assert!(
        message.contains("60 requests an hour") && message.contains("token_env"),
        "{message}"
    );
    assert!(report.forge.len() < names.len(), "{message}");
    let refused = (mock.log().iter()).filter(|l| l.status == 403).count();
    assert_eq!(refused, 1, "asked once after the limit was spent");
    // Every repository's history, and a row each with what the listing said.
    assert_eq!(report.repositories.len(), names.len());
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM repositories WHERE created_at IS NOT NULL"
        ) as usize,
        names.len()
    );
}

#[test]
fn an_item_read_twice_in_one_run_is_stored_once_with_its_later_state() {
    use vigie_ingest::forge::{Account, Issue, RepositoryData};
    // Updated while the forge was being paged, an issue comes twice.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let day = |d: u32| {
        chrono::NaiveDate::from_ymd_opt(2026, 3, d)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
    };
    let issue = |state: &str, updated| Issue {
        number: 7,
        is_pr: false,
        title: "twice".into(),
        state: state.into(),
        author: Some(Account {
            login: "ann".into(),
            is_bot: false,
        }),
        labels: vec![],
        created_at: day(1),
        updated_at: Some(updated),
        closed_at: (state == "closed").then_some(updated),
        merged_at: None,
        assignees: vec![],
        comment_count: None,
    };
    let data = RepositoryData {
        source: "github:test".into(),
        issues: vec![issue("closed", day(3)), issue("open", day(2))],
        ..RepositoryData::default()
    };
    store.load_forge("o/r", &data).expect("stored");
    let (rows, state): (i64, String) = store
        .connection()
        .query_row("SELECT count(*), any_value(state) FROM issues", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("read");
    assert_eq!((rows, state.as_str()), (1, "closed"));
}
