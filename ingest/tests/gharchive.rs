//! The GH Archive source on a real hour (`../shared/data/gharchive`, 2015-01-01
//! 15:00 UTC, 11,351 events): read from a folder and downloaded from a local
//! archive, checked against counts computed here from the same file, and
//! met by the same items as the GitHub API gives them.

mod support;

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;
use support::archive::{MockArchive, Served};
use vigie_ingest::forge::{github, IssueEvent, RepositoryData};
use vigie_ingest::gharchive::Hour;
use vigie_ingest::identity::Rules;
use vigie_ingest::testdata::shared_data;
use vigie_ingest::{ingest, GharchiveSource, IngestReport, Progress, SourceConfig, Store};

const HOUR: &str = "gharchive-2015-01-01-15.json.gz";
const ORGANISATIONS: [&str; 3] = ["rust-lang", "KSP-CKAN", "zendframework"];

fn hour_folder() -> Option<PathBuf> {
    Some(shared_data()?.join("gharchive"))
}

/// Every event of the hour, parsed here independently of the source.
fn events_of(path: &Path) -> Vec<Value> {
    let file = std::fs::File::open(path).unwrap();
    let text = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(file));
    text.lines()
        .map(|l| serde_json::from_str(&l.unwrap()).unwrap())
        .collect()
}

fn organisations() -> Vec<String> {
    ORGANISATIONS.iter().map(|o| o.to_string()).collect()
}

fn kept<'a>(events: &'a [Value], organisations: &[String]) -> Vec<&'a Value> {
    events
        .iter()
        .filter(|e| {
            let owner = e["repo"]["name"]
                .as_str()
                .unwrap()
                .split('/')
                .next()
                .unwrap();
            organisations.is_empty() || organisations.iter().any(|o| o.eq_ignore_ascii_case(owner))
        })
        .collect()
}

/// What the source should store of `events`, counted here.
#[derive(Debug, Default, PartialEq)]
struct Expected {
    issues: usize,
    pulls: usize,
    merged: usize,
    comments: HashMap<String, usize>,
    releases: usize,
    events: HashMap<String, usize>,
    commits: usize,
}

fn expected(events: &[&Value]) -> Expected {
    // Each item's latest version: (repository, number) -> (is_pr, updated_at, state).
    let mut items: HashMap<(String, i64), (bool, String, String)> = HashMap::new();
    let mut comments: HashSet<(String, i64)> = HashSet::new();
    let mut releases = HashSet::new();
    let mut changes: HashMap<String, usize> = HashMap::new();
    let mut commits = HashSet::new();
    for e in events {
        let repo = e["repo"]["name"].as_str().unwrap().to_owned();
        let p = &e["payload"];
        let mut item = |object: &Value, is_pr: bool| {
            let state = if object["merged_at"].is_string() {
                "merged"
            } else {
                object["state"].as_str().unwrap()
            };
            let key = (repo.clone(), object["number"].as_i64().unwrap());
            let updated = object["updated_at"].as_str().unwrap().to_owned();
            if items.get(&key).is_none_or(|(_, u, _)| *u <= updated) {
                items.insert(key, (is_pr, updated, state.to_owned()));
            }
        };
        match e["type"].as_str().unwrap() {
            "IssuesEvent" | "IssueCommentEvent" => {
                let is_pr = p["issue"]["pull_request"]["html_url"].is_string();
                item(&p["issue"], is_pr);
            }
            "PullRequestEvent" | "PullRequestReviewCommentEvent" => item(&p["pull_request"], true),
            _ => {}
        }
        match e["type"].as_str().unwrap() {
            "IssueCommentEvent" => {
                comments.insert(("issue".into(), p["comment"]["id"].as_i64().unwrap()))
            }
            "PullRequestReviewCommentEvent" => {
                comments.insert(("review".into(), p["comment"]["id"].as_i64().unwrap()))
            }
            "CommitCommentEvent" => {
                comments.insert(("commit".into(), p["comment"]["id"].as_i64().unwrap()))
            }
            "ReleaseEvent" if p["release"]["draft"] != true => {
                releases.insert(p["release"]["id"].as_i64().unwrap())
            }
            "PushEvent" => {
                for c in p["commits"].as_array().unwrap() {
                    commits.insert((repo.clone(), c["sha"].as_str().unwrap().to_owned()));
                }
                true
            }
            _ => true,
        };
        let action = p["action"].as_str();
        if let ("IssuesEvent" | "PullRequestEvent", Some(a @ ("closed" | "reopened"))) =
            (e["type"].as_str().unwrap(), action)
        {
            *changes.entry(a.to_owned()).or_default() += 1;
            if p["pull_request"]["merged"] == true {
                *changes.entry("merged".into()).or_default() += 1;
            }
        }
    }
    let mut by_kind: HashMap<String, usize> = HashMap::new();
    for (kind, _) in &comments {
        *by_kind.entry(kind.clone()).or_default() += 1;
    }
    Expected {
        issues: items.values().filter(|(pr, _, _)| !pr).count(),
        pulls: items.values().filter(|(pr, _, _)| *pr).count(),
        merged: items.values().filter(|(_, _, s)| s == "merged").count(),
        comments: by_kind,
        releases: releases.len(),
        events: changes,
        commits: commits.len(),
    }
}

fn count(store: &Store, sql: &str) -> i64 {
    store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn by_kind(store: &Store, sql: &str) -> HashMap<String, usize> {
    let mut stmt = store.connection().prepare(sql).unwrap();
    stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn stored(store: &Store) -> Expected {
    Expected {
        issues: count(store, "SELECT count(*) FROM issues WHERE NOT is_pr") as usize,
        pulls: count(store, "SELECT count(*) FROM issues WHERE is_pr") as usize,
        merged: count(store, "SELECT count(*) FROM issues WHERE state = 'merged'") as usize,
        comments: by_kind(store, "SELECT kind, count(*) FROM comments GROUP BY kind"),
        releases: count(store, "SELECT count(*) FROM releases") as usize,
        events: by_kind(
            store,
            "SELECT kind, count(*) FROM issue_events GROUP BY kind",
        ),
        commits: count(store, "SELECT count(*) FROM commits") as usize,
    }
}

fn run(store: &mut Store, source: GharchiveSource) -> IngestReport {
    let clones = std::env::temp_dir();
    ingest(
        store,
        &[SourceConfig::Gharchive(source)],
        &clones,
        &Rules::default(),
        |_| {},
    )
    .unwrap()
}

#[test]
fn an_hour_read_from_a_folder_stores_what_its_events_say_of_the_kept_organisations_once() {
    let Some(folder) = hour_folder() else { return };
    let events = events_of(&folder.join(HOUR));
    assert_eq!(events.len(), 11_351);
    let want = expected(&kept(&events, &organisations()));
    assert!(
        want.pulls > 5 && want.commits > 10 && want.releases > 0,
        "{want:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let report = run(
        &mut store,
        GharchiveSource::folder(&folder, organisations()),
    );
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(stored(&store), want);
    // Activities stand for the rows: one per comment, release, merge, commit.
    let activities = by_kind(
        &store,
        "SELECT kind, count(*) FROM activities GROUP BY kind",
    );
    let comments: usize = want.comments.values().sum();
    assert_eq!(activities["comment"], comments);
    assert_eq!(
        activities.get("release").copied().unwrap_or(0),
        want.releases
    );
    assert_eq!(
        activities.get("pr_merged").copied().unwrap_or(0),
        want.events["merged"]
    );
    assert_eq!(activities["commit"], want.commits);
    // Only the kept organisations' repositories, spelt `owner/name`.
    let outside = count(
        &store,
        "SELECT count(*) FROM repositories WHERE lower(split_part(name, '/', 1))
         NOT IN ('rust-lang', 'ksp-ckan', 'zendframework')",
    );
    assert_eq!(outside, 0);

    // Read again (as after a run stopped before the hour was recorded as
    // stored whole): nothing is stored twice.
    let before = count(&store, "SELECT count(*) FROM activities");
    store
        .connection()
        .execute_batch("DELETE FROM gharchive_hours")
        .unwrap();
    let again = run(
        &mut store,
        GharchiveSource::folder(&folder, organisations()),
    );
    assert!(again.failures.is_empty(), "{:?}", again.failures);
    assert!(!again.forge.is_empty(), "read again");
    assert_eq!(stored(&store), want);
    assert_eq!(count(&store, "SELECT count(*) FROM activities"), before);
}

/// The first event of `kind` in `owner`'s repositories whose payload passes `with`.
fn first<'a>(
    events: &'a [Value],
    kind: &str,
    owner: &str,
    with: impl Fn(&Value) -> bool,
) -> &'a Value {
    events
        .iter()
        .find(|e| {
            e["type"] == kind
                && e["repo"]["name"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("{owner}/"))
                && with(&e["payload"])
        })
        .unwrap_or_else(|| panic!("no {kind} in {owner}"))
}

fn api_source() -> String {
    "github:https://api.github.com".into()
}

#[test]
fn the_same_items_read_from_the_api_after_the_archive_are_stored_once() {
    let Some(folder) = hour_folder() else { return };
    let events = events_of(&folder.join(HOUR));
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let report = run(
        &mut store,
        GharchiveSource::folder(&folder, organisations()),
    );
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let before = stored(&store);
    let activities = count(&store, "SELECT count(*) FROM activities");
    let identities = count(&store, "SELECT count(*) FROM identities");

    // A merged pull request, an issue comment and a release, as the REST API
    // gives them: the events' payload objects are its representations.
    let merged = first(&events, "PullRequestEvent", "KSP-CKAN", |p| {
        p["pull_request"]["merged"] == true
    });
    let pull_json = &merged["payload"]["pull_request"];
    let pull = github::pull_request(pull_json).unwrap();
    let merged_at = pull.merged_at.unwrap();
    let commented = first(&events, "IssueCommentEvent", "rust-lang", |_| true);
    let released = first(&events, "ReleaseEvent", "KSP-CKAN", |_| true);
    let closer = github::account(merged["actor"].as_object().map(|_| &merged["actor"]));
    // The forge's own issue events for the merge: their ids are the API's.
    let change = |id: i64, kind: &str| IssueEvent {
        id,
        issue_number: pull.number,
        kind: kind.into(),
        on_pr: None,
        actor: closer.clone(),
        at: merged_at,
    };
    let mut by_repository: HashMap<String, RepositoryData> = HashMap::new();
    fn data<'m>(all: &'m mut HashMap<String, RepositoryData>, e: &Value) -> &'m mut RepositoryData {
        all.entry(e["repo"]["name"].as_str().unwrap().to_owned())
            .or_insert_with(|| RepositoryData {
                source: api_source(),
                ..RepositoryData::default()
            })
    }
    let d = data(&mut by_repository, merged);
    d.issues.push(pull.clone());
    d.events
        .extend([change(9_000_001, "closed"), change(9_000_002, "merged")]);
    let d = data(&mut by_repository, commented);
    d.issues
        .push(github::issue(&commented["payload"]["issue"]).unwrap());
    d.comments
        .push(github::comment(&commented["payload"]["comment"], "issue").unwrap());
    let d = data(&mut by_repository, released);
    d.releases.push(
        github::release(&released["payload"]["release"])
            .unwrap()
            .unwrap(),
    );
    for (name, data) in &by_repository {
        store.load_forge(name, data).unwrap();
    }

    assert_eq!(stored(&store), before, "each item once");
    assert_eq!(count(&store, "SELECT count(*) FROM activities"), activities);
    assert_eq!(
        count(&store, "SELECT count(*) FROM identities"),
        identities,
        "accounts by login"
    );
    let rows = count(
        &store,
        &format!(
            "SELECT count(*) FROM issues i JOIN repositories r ON r.id = i.repository_id
             WHERE r.name = '{}' AND i.number = {} AND i.state = 'merged'",
            merged["repo"]["name"].as_str().unwrap(),
            pull.number
        ),
    );
    assert_eq!(rows, 1);
    let comment_rows = count(
        &store,
        &format!(
            "SELECT count(*) FROM comments WHERE id = {}",
            commented["payload"]["comment"]["id"]
        ),
    );
    assert_eq!(comment_rows, 1);
}

#[test]
fn an_older_state_from_the_archive_never_replaces_a_newer_one_from_the_api() {
    let Some(folder) = hour_folder() else { return };
    let events = events_of(&folder.join(HOUR));
    let opened = first(&events, "IssuesEvent", "rust-lang", |p| {
        p["action"] == "opened"
    });
    let repository = opened["repo"]["name"].as_str().unwrap().to_owned();
    let mut later = opened["payload"]["issue"].clone();
    let number = later["number"].as_i64().unwrap();
    later["state"] = "closed".into();
    later["closed_at"] = "2015-03-01T10:00:00Z".into();
    later["updated_at"] = "2015-03-01T10:00:00Z".into();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let api = RepositoryData {
        source: api_source(),
        issues: vec![github::issue(&later).unwrap()],
        ..RepositoryData::default()
    };
    store.load_forge(&repository, &api).unwrap();
    let source = GharchiveSource {
        repositories: vec![repository.clone()],
        ..GharchiveSource::folder(&folder, vec![])
    };
    run(&mut store, source);
    let state = |store: &Store| -> (String, i64) {
        store
            .connection()
            .query_row(
                "SELECT state, count(*) OVER () FROM issues WHERE number = ? AND NOT is_pr",
                [number],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    assert_eq!(
        state(&store),
        ("closed".into(), 1),
        "the API's later state stays"
    );
    // The other way round, the newer version replaces the archive's.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let source = GharchiveSource {
        repositories: vec![repository.clone()],
        ..GharchiveSource::folder(&folder, vec![])
    };
    run(&mut store, source);
    assert_eq!(state(&store), ("open".into(), 1));
    store.load_forge(&repository, &api).unwrap();
    assert_eq!(state(&store), ("closed".into(), 1));
}

fn gzip(lines: &[String]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    for line in lines {
        writeln!(gz, "{line}").unwrap();
    }
    gz.finish().unwrap()
}

#[test]
fn a_malformed_line_is_named_with_its_file_and_the_other_events_are_stored() {
    let Some(folder) = hour_folder() else { return };
    let mut raw = String::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(folder.join(HOUR)).unwrap())
        .read_to_string(&mut raw)
        .unwrap();
    let mut lines: Vec<String> = raw.lines().take(400).map(str::to_owned).collect();
    lines.insert(2, "{\"id\": \"1\", \"type\": \"PushEv".into());
    let dir = tempfile::tempdir().unwrap();
    let hours = dir.path().join("hours");
    std::fs::create_dir(&hours).unwrap();
    std::fs::write(hours.join("2015-01-01-15.json.gz"), gzip(&lines)).unwrap();
    let valid: Vec<Value> = raw
        .lines()
        .take(400)
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let want = expected(&kept(&valid, &[]));
    assert!(want.commits > 100, "{want:?}");

    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let report = run(&mut store, GharchiveSource::folder(&hours, vec![]));
    assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
    let message = &report.failures[0].1;
    assert!(
        message.contains("2015-01-01-15.json.gz") && message.contains("line 3:"),
        "{message}"
    );
    assert!(message.contains("1 malformed line in all"), "{message}");
    assert_eq!(stored(&store), want);
}

fn download_source(archive: &MockArchive, cache: &Path, from: &str, to: &str) -> GharchiveSource {
    GharchiveSource {
        path: None,
        from: Some(Hour::parse(from).unwrap()),
        to: Some(Hour::parse(to).unwrap()),
        url: archive.url(),
        cache: cache.to_owned(),
        organisations: organisations(),
        repositories: vec![],
    }
}

#[test]
fn downloaded_hours_are_checked_kept_resumed_and_a_missing_one_is_skipped() {
    let Some(folder) = hour_folder() else { return };
    let bytes = Arc::new(std::fs::read(folder.join(HOUR)).unwrap());
    let want = expected(&kept(&events_of(&folder.join(HOUR)), &organisations()));
    let archive = MockArchive::start();
    archive.serve("2015-01-01-15.json.gz", Served::Whole(bytes.clone()));
    // 16: not in the archive; 17: its body cut short.
    archive.serve(
        "2015-01-01-17.json.gz",
        Served::CutAfter(bytes.clone(), bytes.len() / 2),
    );
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();

    let report = run(
        &mut store,
        download_source(&archive, &cache, "2015-01-01T15", "2015-01-01T17"),
    );
    let failures: Vec<&str> = report.failures.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!(failures.len(), 2, "{failures:?}");
    assert!(
        failures[0].contains("2015-01-01T16 is not in the archive (404)"),
        "{failures:?}"
    );
    assert!(
        failures[1].contains("2015-01-01-17.json.gz arrived damaged"),
        "{failures:?}"
    );
    assert_eq!(
        stored(&store),
        want,
        "the whole hour stored, nothing of the cut one"
    );
    let mut kept_files: Vec<String> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    kept_files.sort();
    assert_eq!(kept_files, ["2015-01-01-15.json.gz"]);
    assert_eq!(
        std::fs::read(cache.join("2015-01-01-15.json.gz")).unwrap(),
        *bytes
    );

    // A complete hour in the cache is not fetched again (here for a store
    // that has not read it yet: one that has does not even look for it).
    let requests = archive.log().len();
    let mut other = Store::open(&dir.path().join("other.duckdb")).unwrap();
    run(
        &mut other,
        download_source(&archive, &cache, "2015-01-01T15", "2015-01-01T15"),
    );
    assert_eq!(archive.log().len(), requests);
    assert_eq!(stored(&other), want);

    // A download cut by an interrupted run is resumed where it stopped.
    std::fs::remove_file(cache.join("2015-01-01-15.json.gz")).unwrap();
    std::fs::write(
        cache.join("2015-01-01-15.json.gz.part"),
        &bytes[..1_000_000],
    )
    .unwrap();
    let mut third = Store::open(&dir.path().join("third.duckdb")).unwrap();
    let report = run(
        &mut third,
        download_source(&archive, &cache, "2015-01-01T15", "2015-01-01T15"),
    );
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let last = archive.log().pop().unwrap();
    assert_eq!(
        (last.range.as_deref(), last.status),
        (Some("bytes=1000000-"), 206)
    );
    assert_eq!(
        std::fs::read(cache.join("2015-01-01-15.json.gz")).unwrap(),
        *bytes
    );
    assert!(!cache.join("2015-01-01-15.json.gz.part").exists());
    assert_eq!(stored(&third), want);
}

/// Runs the source, with the hours its progress reported: each hour's
/// label and whether an earlier run had stored it whole.
fn run_counting_hours(
    store: &mut Store,
    source: GharchiveSource,
) -> (IngestReport, usize, Vec<(String, bool)>) {
    let (mut planned, mut hours) = (0, Vec::new());
    let report = ingest(
        store,
        &[SourceConfig::Gharchive(source)],
        &std::env::temp_dir(),
        &Rules::default(),
        |p| match p {
            Progress::HoursPlanned { hours } => planned += hours,
            Progress::HourStored {
                hour,
                already_stored,
                ..
            } => hours.push((hour.to_owned(), already_stored)),
            _ => {}
        },
    )
    .unwrap();
    (report, planned, hours)
}

#[test]
fn an_hour_stored_whole_is_not_read_again_and_one_that_broke_off_is() {
    let Some(folder) = hour_folder() else { return };
    let bytes = std::fs::read(folder.join(HOUR)).unwrap();
    let want = expected(&kept(&events_of(&folder.join(HOUR)), &organisations()));
    let dir = tempfile::tempdir().unwrap();
    let hours = dir.path().join("hours");
    std::fs::create_dir(&hours).unwrap();
    let file = hours.join("2015-01-01-15.json.gz");
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let source = || GharchiveSource::folder(&hours, organisations());

    // Cut short, the hour breaks off: what came before is stored, and the
    // next run reads it again.
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    for _ in 0..2 {
        let (report, planned, read) = run_counting_hours(&mut store, source());
        assert_eq!(planned, 1, "progress counts hours");
        assert_eq!(read, [(file.display().to_string(), false)]);
        assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
        assert!(report.failures[0].1.contains("breaks off"));
    }

    // Whole, it is read and stored; then left alone.
    std::fs::write(&file, &bytes).unwrap();
    let (report, _, read) = run_counting_hours(&mut store, source());
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(read, [(file.display().to_string(), false)]);
    assert_eq!(stored(&store), want);
    let (report, planned, read) = run_counting_hours(&mut store, source());
    assert_eq!(planned, 1);
    assert_eq!(read, [(file.display().to_string(), true)]);
    assert!(report.forge.is_empty() && report.repositories.is_empty());
    assert_eq!(stored(&store), want);

    // A source kept to other repositories reads it again, for them.
    let mut wider = organisations();
    wider.push("mozilla".into());
    let (_, _, read) = run_counting_hours(&mut store, GharchiveSource::folder(&hours, wider));
    assert_eq!(read, [(file.display().to_string(), false)]);
    // So does a file replaced by another of a different size.
    std::fs::write(&file, gzip(&[])).unwrap();
    let (_, _, read) = run_counting_hours(&mut store, source());
    assert_eq!(read, [(file.display().to_string(), false)]);
}

#[test]
fn a_downloaded_hour_stored_whole_is_not_fetched_again_even_once_its_cache_is_emptied() {
    let Some(folder) = hour_folder() else { return };
    let bytes = Arc::new(std::fs::read(folder.join(HOUR)).unwrap());
    let archive = MockArchive::start();
    archive.serve("2015-01-01-15.json.gz", Served::Whole(bytes.clone()));
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let source = || download_source(&archive, &cache, "2015-01-01T15", "2015-01-01T16");

    // 16 is not in the archive: skipped, and asked for again next time.
    let (report, planned, read) = run_counting_hours(&mut store, source());
    assert_eq!(planned, 2);
    assert_eq!(read.len(), 1);
    assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
    std::fs::remove_dir_all(&cache).unwrap();
    let requests = archive.log().len();
    let (report, _, read) = run_counting_hours(&mut store, source());
    assert_eq!(
        read,
        [(format!("gharchive:{} 2015-01-01T15", archive.url()), true)]
    );
    assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
    let asked: Vec<String> = archive.log()[requests..]
        .iter()
        .map(|r| r.path.clone())
        .collect();
    assert!(
        asked.iter().all(|p| p.ends_with("2015-01-01-16.json.gz")),
        "{asked:?}"
    );
}
