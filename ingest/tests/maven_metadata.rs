//! `MavenRepository` against a local repository serving hand-written
//! `maven-metadata.xml` files in Maven's documented format; every test counts
//! the requests the repository saw. Then an ingest run of the 31 Lutece
//! repositories asking it about their external dependencies.

#[path = "maven_metadata/local_repository.rs"]
mod local_repository;

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use local_repository::{Canned, LocalRepository, LAST_MODIFIED};
use vigie_ingest::estate::maven::metadata::{
    newer_versions, Freshness, MavenRepository, Metadata, RepositoryConfig,
};
use vigie_ingest::identity::Rules;
use vigie_ingest::run::freshness;
use vigie_ingest::store::FreshnessStatus;
use vigie_ingest::testdata::shared_data;
use vigie_ingest::{ingest, IngestReport, SourceConfig, Store};

const SPRING_CORE: &str = "/org/springframework/spring-core/maven-metadata.xml";

/// A client of `server` keeping its answers in `cache`, with no pace (the
/// pace has its own test) and short waits.
fn config(base_url: &str, cache: &Path) -> RepositoryConfig {
    RepositoryConfig {
        base_url: base_url.to_owned(),
        min_interval: Duration::ZERO,
        timeout: Duration::from_secs(5),
        max_retry_wait: Duration::from_secs(2),
        ..RepositoryConfig::new(cache)
    }
}

fn client(config: RepositoryConfig) -> MavenRepository {
    MavenRepository::new(config).expect("a client")
}

/// A client whose cache entries are stale as soon as written.
fn always_revalidating(base_url: &str, cache: &Path) -> MavenRepository {
    client(RepositoryConfig {
        cache_lifetime: Duration::ZERO,
        ..config(base_url, cache)
    })
}

fn known(freshness: Freshness) -> (Metadata, chrono::DateTime<chrono::Utc>, bool, bool) {
    match freshness {
        Freshness::Known {
            metadata,
            fetched_at,
            from_cache,
            stale,
        } => (metadata, fetched_at, from_cache, stale),
        other => panic!("expected Known, got {other:?}"),
    }
}

fn why_unavailable(freshness: Freshness) -> String {
    match freshness {
        Freshness::Unavailable { reason, .. } => reason,
        other => panic!("expected Unavailable, got {other:?}"),
    }
}

#[test]
fn the_served_files_are_read_as_maven_documents_them() {
    let server = LocalRepository::start();
    let cache = tempfile::tempdir().expect("a cache folder");
    let repository = client(config(&server.base_url, cache.path()));

    let (spring, _, from_cache, stale) =
        known(repository.metadata("org.springframework", "spring-core"));
    assert!(!from_cache && !stale);
    assert_eq!(spring.release.as_deref(), Some("7.0.1"));
    assert_eq!(spring.versions.len(), 14);
    assert_eq!(
        spring.last_updated,
        NaiveDate::from_ymd_opt(2025, 11, 20).and_then(|d| d.and_hms_opt(9, 45, 12))
    );
    let (lutece, ..) = known(repository.metadata("fr.paris.lutece", "lutece-core"));
    assert_eq!(
        newer_versions(&lutece, "7.0.2"),
        ["7.0.10", "7.0.11", "7.0.12"]
    );
    let (plugin, ..) = known(repository.metadata("org.apache.maven.plugins", "maven-jar-plugin"));
    assert_eq!(plugin.latest.as_deref(), Some("3.4.2"));

    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    assert!(seen
        .iter()
        .all(|s| s.status == 200 && s.authorization.is_none()));
    let agent = seen[0].user_agent.as_deref().unwrap_or_default();
    assert!(agent.starts_with("Vigie/"), "{agent}");
}

#[test]
fn the_cache_keeps_the_served_file_in_the_repository_layout() {
    let server = LocalRepository::start();
    let cache = tempfile::tempdir().expect("a cache folder");
    let repository = client(config(&server.base_url, cache.path()));
    known(repository.metadata("org.springframework", "spring-core"));

    let port = server
        .base_url
        .rsplit(':')
        .next()
        .unwrap_or_default()
        .trim_end_matches('/');
    let folder = cache
        .path()
        .join(format!("127.0.0.1_{port}/org/springframework/spring-core"));
    let served = std::fs::read(format!(
        "{}/tests/data/maven{SPRING_CORE}",
        env!("CARGO_MANIFEST_DIR")
    ));
    assert_eq!(
        std::fs::read(folder.join("maven-metadata.xml")).ok(),
        served.ok()
    );
    let record =
        std::fs::read_to_string(folder.join("maven-metadata.xml.fetched")).expect("a record");
    assert!(
        record.starts_with("status: found\nfetched-at: "),
        "{record}"
    );
    assert!(
        record.contains(&format!("last-modified: {LAST_MODIFIED}\n")),
        "{record}"
    );
}

#[test]
fn a_second_ask_within_the_lifetime_is_answered_from_the_cache_without_a_request() {
    let server = LocalRepository::start();
    let cache = tempfile::tempdir().expect("a cache folder");
    let repository = client(config(&server.base_url, cache.path()));

    let (first, fetched_at, ..) = known(repository.metadata("org.springframework", "spring-core"));
    let (again, cached_at, from_cache, stale) =
        known(repository.metadata("org.springframework", "spring-core"));
    assert_eq!(
        (again, cached_at, from_cache, stale),
        (first, fetched_at, true, false)
    );
    assert_eq!(server.seen().len(), 1);
}

#[test]
fn an_expired_entry_is_revalidated_by_one_conditional_request_answered_304() {
    let server = LocalRepository::start();
    let cache = tempfile::tempdir().expect("a cache folder");
    let repository = always_revalidating(&server.base_url, cache.path());

    let (first, first_at, ..) = known(repository.metadata("org.springframework", "spring-core"));
    let (again, confirmed_at, from_cache, stale) =
        known(repository.metadata("org.springframework", "spring-core"));
    assert_eq!(again, first);
    assert!(from_cache && !stale);
    assert!(confirmed_at > first_at, "a 304 renews the entry's time");

    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(
        seen[0].if_none_match, None,
        "the first request is not conditional"
    );
    assert!(seen[0].etag.is_some());
    assert_eq!((seen[1].status, seen[1].body_len), (304, 0));
    assert_eq!(seen[1].if_none_match, seen[0].etag);
    assert_eq!(seen[1].if_modified_since.as_deref(), Some(LAST_MODIFIED));

    // The renewed time is on disk: a client with a long lifetime trusts it.
    let patient = client(config(&server.base_url, cache.path()));
    let (_, kept_at, from_cache, _) = known(patient.metadata("org.springframework", "spring-core"));
    assert_eq!((kept_at, from_cache), (confirmed_at, true));
    assert_eq!(server.seen().len(), 2);
}

#[test]
fn an_artifact_the_repository_lacks_is_not_in_repository_and_that_answer_is_kept() {
    let server = LocalRepository::start();
    let cache = tempfile::tempdir().expect("a cache folder");
    let repository = client(config(&server.base_url, cache.path()));

    for _ in 0..2 {
        assert_eq!(
            repository.metadata("fr.paris.lutece.plugins", "plugin-unknown"),
            Freshness::NotInRepository
        );
    }
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].status, 404);
    assert_eq!(
        seen[0].path,
        "/fr/paris/lutece/plugins/plugin-unknown/maven-metadata.xml"
    );
}

#[test]
fn when_the_repository_stops_the_kept_entry_is_served_marked_stale() {
    let mut server = LocalRepository::start();
    let cache = tempfile::tempdir().expect("a cache folder");
    let repository = always_revalidating(&server.base_url, cache.path());
    let (first, first_at, ..) = known(repository.metadata("fr.paris.lutece", "lutece-core"));

    server.stop();
    let (kept, kept_at, from_cache, stale) =
        known(repository.metadata("fr.paris.lutece", "lutece-core"));
    assert_eq!(
        (kept, kept_at, from_cache, stale),
        (first, first_at, true, true)
    );
}

#[test]
fn a_connection_the_repository_closed_while_idle_is_replaced_without_failing() {
    let mut first = LocalRepository::start();
    let cache = tempfile::tempdir().expect("a cache folder");
    let repository = always_revalidating(&first.base_url, cache.path());
    known(repository.metadata("fr.paris.lutece", "lutece-core"));

    // The client still holds the kept-alive connection the old server closed.
    first.stop();
    let second = LocalRepository::restart(&first);
    let (.., stale) = known(repository.metadata("fr.paris.lutece", "lutece-core"));
    assert!(!stale, "asked again on a new connection");
    assert_eq!(second.seen().len(), 1);
}

#[test]
fn when_the_repository_stops_and_nothing_is_kept_the_reason_names_the_url() {
    let mut server = LocalRepository::start();
    server.stop();
    let cache = tempfile::tempdir().expect("a cache folder");
    let repository = client(config(&server.base_url, cache.path()));

    let freshness = repository.metadata("fr.paris.lutece", "lutece-core");
    assert!(
        matches!(freshness, Freshness::Unavailable { asked: true, .. }),
        "a request was made and failed: {freshness:?}"
    );
    let reason = why_unavailable(freshness);
    let url = format!(
        "{}fr/paris/lutece/lutece-core/maven-metadata.xml",
        server.base_url
    );
    assert!(
        reason.starts_with(&format!("could not reach {url} (")),
        "{reason}"
    );
    assert!(reason.contains("check the network"), "{reason}");
}

#[test]
fn credentials_in_the_address_are_sent_but_never_shown_nor_kept_in_paths() {
    let mut server = LocalRepository::start();
    let with_password = server
        .base_url
        .replacen("http://", "http://vigie:s3cret@", 1);
    let cache = tempfile::tempdir().expect("a cache folder");
    known(
        client(config(&with_password, cache.path())).metadata("org.springframework", "spring-core"),
    );
    // "vigie:s3cret" in Basic authentication.
    assert_eq!(
        server.seen()[0].authorization.as_deref(),
        Some("Basic dmlnaWU6czNjcmV0")
    );

    server.stop();
    let empty = tempfile::tempdir().expect("a cache folder");
    let reason = why_unavailable(
        client(config(&with_password, empty.path())).metadata("org.springframework", "spring-core"),
    );
    assert!(
        reason.contains(&server.base_url) && !reason.contains("s3cret"),
        "{reason}"
    );
    let folders: Vec<String> = std::fs::read_dir(cache.path())
        .expect("the cache folder")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert!(
        folders.iter().all(|f| f.starts_with("127.0.0.1_")),
        "{folders:?}"
    );
}

#[test]
fn requests_from_several_threads_keep_the_minimum_interval_between_them() {
    let server = LocalRepository::start();
    let cache = tempfile::tempdir().expect("a cache folder");
    let interval = Duration::from_millis(150);
    let repository = client(RepositoryConfig {
        min_interval: interval,
        cache_lifetime: Duration::ZERO,
        ..config(&server.base_url, cache.path())
    });

    let started = Instant::now();
    std::thread::scope(|scope| {
        for artifact in ["spring-core", "spring-core"] {
            let repository = &repository;
            scope.spawn(move || {
                for _ in 0..2 {
                    known(repository.metadata("org.springframework", artifact));
                }
            });
        }
    });
    let elapsed = started.elapsed();
    assert_eq!(server.seen().len(), 4);
    assert!(elapsed >= 3 * interval, "4 requests in {elapsed:?}");
}

#[test]
fn malformed_metadata_is_unavailable_naming_the_problem_and_is_not_kept() {
    let server = LocalRepository::start();
    let cache = tempfile::tempdir().expect("a cache folder");
    let repository = client(config(&server.base_url, cache.path()));
    let broken = "<metadata>\n  <groupId>org.springframework</groupId>\n  <artifactId>spring-core\n</metadata>";
    server.then(SPRING_CORE, Canned::Body(broken.to_owned()));

    let reason = why_unavailable(repository.metadata("org.springframework", "spring-core"));
    let url = format!(
        "{}org/springframework/spring-core/maven-metadata.xml",
        server.base_url
    );
    assert!(
        reason.starts_with(&format!(
            "{url} answered with unreadable metadata: not well-formed XML at 4:"
        )),
        "{reason}"
    );
    known(repository.metadata("org.springframework", "spring-core"));
    assert_eq!(
        server.seen().len(),
        2,
        "nothing was kept from the broken answer"
    );
}

#[test]
fn the_metadata_of_another_artifact_is_refused() {
    let server = LocalRepository::start();
    let cache = tempfile::tempdir().expect("a cache folder");
    let repository = client(config(&server.base_url, cache.path()));
    let other = std::fs::read_to_string(format!(
        "{}/tests/data/maven/fr/paris/lutece/lutece-core/maven-metadata.xml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("a fixture");
    server.then(SPRING_CORE, Canned::Body(other));

    let reason = why_unavailable(repository.metadata("org.springframework", "spring-core"));
    assert!(
        reason.ends_with(
            "it describes fr.paris.lutece:lutece-core, not org.springframework:spring-core"
        ),
        "{reason}"
    );
}

#[test]
fn hostile_coordinates_are_refused_without_a_request() {
    let server = LocalRepository::start();
    let cache = tempfile::tempdir().expect("a cache folder");
    let repository = client(config(&server.base_url, cache.path()));

    for (group, artifact) in [
        ("org.example", "../../etc"),
        ("org.example", "."),
        ("org.example", ".."),
        ("org.example", "a/b"),
        ("org..example", "core"),
        ("org/example", "core"),
        ("", "core"),
        ("org.example", "core?x=1"),
        ("org.example", "core%2F.."),
    ] {
        let reason = why_unavailable(repository.metadata(group, artifact));
        assert!(
            reason.starts_with("not asked: the "),
            "{group}:{artifact}: {reason}"
        );
    }
    let reason = why_unavailable(repository.metadata("org.example", "../../etc"));
    assert!(reason.contains("`../../etc`"), "{reason}");
    assert!(server.seen().is_empty());
    assert_eq!(
        std::fs::read_dir(cache.path())
            .expect("the cache folder")
            .count(),
        0
    );
}

#[test]
fn offline_mode_makes_no_request_and_serves_the_cache_at_any_age() {
    let server = LocalRepository::start();
    let cache = tempfile::tempdir().expect("a cache folder");
    let offline = |lifetime| {
        client(RepositoryConfig {
            offline: true,
            cache_lifetime: lifetime,
            ..config(&server.base_url, cache.path())
        })
    };

    let freshness = offline(Duration::from_secs(3600)).metadata("fr.paris.lutece", "lutece-core");
    assert!(
        matches!(freshness, Freshness::Unavailable { asked: false, .. }),
        "offline, nothing is asked: {freshness:?}"
    );
    let reason = why_unavailable(freshness);
    assert!(reason.starts_with("not asked: offline"), "{reason}");

    let (online, online_at, ..) = known(
        client(config(&server.base_url, cache.path())).metadata("fr.paris.lutece", "lutece-core"),
    );
    let (kept, kept_at, from_cache, stale) =
        known(offline(Duration::from_secs(3600)).metadata("fr.paris.lutece", "lutece-core"));
    assert_eq!(
        (kept, kept_at, from_cache, stale),
        (online, online_at, true, false)
    );
    let (.., stale) = known(offline(Duration::ZERO).metadata("fr.paris.lutece", "lutece-core"));
    assert!(
        stale,
        "an entry older than the lifetime is served marked stale"
    );
    assert_eq!(server.seen().len(), 1, "only the online client asked");
}

#[test]
fn a_short_retry_after_is_waited_once_then_the_request_is_repeated() {
    let server = LocalRepository::start();
    let cache = tempfile::tempdir().expect("a cache folder");
    let repository = client(config(&server.base_url, cache.path()));
    server.then(SPRING_CORE, Canned::Status(429, vec![("retry-after", "1")]));

    let started = Instant::now();
    let (_, _, from_cache, _) = known(repository.metadata("org.springframework", "spring-core"));
    assert!(!from_cache);
    assert!(started.elapsed() >= Duration::from_secs(1));
    let statuses: Vec<u16> = server.seen().iter().map(|s| s.status).collect();
    assert_eq!(statuses, [429, 200]);
}

#[test]
fn a_long_retry_after_or_a_second_refusal_makes_the_metadata_unavailable() {
    let server = LocalRepository::start();
    let cache = tempfile::tempdir().expect("a cache folder");
    let repository = client(config(&server.base_url, cache.path()));

    server.then(
        SPRING_CORE,
        Canned::Status(503, vec![("retry-after", "3600")]),
    );
    let started = Instant::now();
    let reason = why_unavailable(repository.metadata("org.springframework", "spring-core"));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "no wait for an hour"
    );
    assert!(
        reason.ends_with("answered 503 Service Unavailable and asks to wait 3600 s, longer than the 2 s Vigie waits; try again later"),
        "{reason}"
    );

    for _ in 0..2 {
        server.then(SPRING_CORE, Canned::Status(429, vec![("retry-after", "1")]));
    }
    let reason = why_unavailable(repository.metadata("org.springframework", "spring-core"));
    assert!(
        reason.contains("answered 429 Too Many Requests again after a wait of 1 s"),
        "{reason}"
    );
    assert_eq!(server.seen().len(), 3);
}

#[test]
fn a_server_error_is_unavailable_unless_an_entry_is_kept() {
    let server = LocalRepository::start();
    let cache = tempfile::tempdir().expect("a cache folder");
    let repository = always_revalidating(&server.base_url, cache.path());

    server.then(SPRING_CORE, Canned::Status(502, Vec::new()));
    let reason = why_unavailable(repository.metadata("org.springframework", "spring-core"));
    assert!(
        reason.ends_with("answered 502 Bad Gateway; the repository has trouble, try again later"),
        "{reason}"
    );

    let (first, first_at, ..) = known(repository.metadata("org.springframework", "spring-core"));
    server.then(SPRING_CORE, Canned::Status(500, Vec::new()));
    let (kept, kept_at, _, stale) =
        known(repository.metadata("org.springframework", "spring-core"));
    assert_eq!((kept, kept_at, stale), (first, first_at, true));
}

#[test]
fn a_repository_slower_than_the_timeout_is_unavailable() {
    let server = LocalRepository::start();
    let cache = tempfile::tempdir().expect("a cache folder");
    let repository = client(RepositoryConfig {
        timeout: Duration::from_millis(300),
        ..config(&server.base_url, cache.path())
    });
    server.then(SPRING_CORE, Canned::Slow(Duration::from_millis(1500)));

    let reason = why_unavailable(repository.metadata("org.springframework", "spring-core"));
    assert!(
        reason.contains("spring-core/maven-metadata.xml did not answer within 300 ms"),
        "{reason}"
    );
}

#[test]
fn asking_from_async_code_is_refused_instead_of_stalling() {
    let server = LocalRepository::start();
    let cache = tempfile::tempdir().expect("a cache folder");
    let repository = client(config(&server.base_url, cache.path()));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");

    let freshness =
        runtime.block_on(async { repository.metadata("org.springframework", "spring-core") });
    assert!(why_unavailable(freshness).contains("from async code"));
    assert!(server.seen().is_empty());
    // Nor does dropping the client there panic.
    runtime.block_on(async move { drop(repository) });
}

#[test]
fn a_base_url_that_is_not_http_is_refused_without_showing_its_password() {
    let cache = tempfile::tempdir().expect("a cache folder");
    let error = MavenRepository::new(RepositoryConfig {
        base_url: "ftp://vigie:s3cret@repo.example.org/maven2/".to_owned(),
        ..RepositoryConfig::new(cache.path())
    })
    .expect_err("refused");
    assert_eq!(
        error.to_string(),
        "the Maven repository address ftp://repo.example.org/maven2/ is not an http:// or https:// URL"
    );
}

#[test]
fn a_configuration_or_client_printed_for_debugging_hides_the_password() {
    let cache = tempfile::tempdir().expect("a cache folder");
    let config = RepositoryConfig {
        base_url: "https://vigie:s3cret@nexus.example.org/repository/maven-public/".to_owned(),
        ..RepositoryConfig::new(cache.path())
    };
    let printed = format!("{config:?} {:?}", client(config.clone()));
    assert!(
        printed.contains("https://nexus.example.org/repository/maven-public/"),
        "{printed}"
    );
    assert!(!printed.contains("s3cret"), "{printed}");
}

/// The 31 Lutece logs with their tips, ingested into a store of `dir`.
fn lutece_estate(dir: &Path) -> Option<(Store, IngestReport)> {
    let data = shared_data()?;
    let mut store = Store::open(&dir.join("v.duckdb")).expect("a store");
    let sources = [SourceConfig::GitLog {
        path: data.join("lutece-gitlog"),
        heads: Some(data.join("lutece-heads")),
        refs: Some(data.join("lutece-refs.csv.gz")),
    }];
    let report = ingest(
        &mut store,
        &sources,
        &dir.join("clones"),
        &Rules::default(),
        |_| {},
    )
    .expect("an ingest run");
    Some((store, report))
}

#[test]
fn an_ingest_run_asks_once_for_each_artifact_the_estate_uses_and_does_not_build() {
    let server = LocalRepository::start();
    let dir = tempfile::tempdir().expect("a folder");
    let Some((mut store, mut report)) = lutece_estate(dir.path()) else {
        return;
    };
    let settings = config(&server.base_url, &dir.path().join("cache"));
    let never = AtomicBool::new(false);
    freshness::ask_all(&mut store, settings.clone(), &mut report, |_| {}, &never).expect("kept");

    let external = store.external_artifacts().expect("the external artifacts");
    let asked: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
    let expected: Vec<String> = external
        .iter()
        .map(|(g, a)| format!("/{}/{a}/maven-metadata.xml", g.replace('.', "/")))
        .collect();
    assert_eq!(asked, expected, "each external artifact once, in order");
    assert!(
        external
            .iter()
            .any(|(g, a)| (g.as_str(), a.as_str()) == ("org.springframework", "spring-core")),
        "gru-library-identitystore depends on spring-core (${{springVersion}}, 5.3.18)"
    );
    assert!(
        !asked.iter().any(|p| p.contains("/lutece-core/")),
        "lutece-core is built in the estate: not asked"
    );
    let kept = store.freshness().expect("the freshness");
    assert_eq!(kept.len(), external.len());
    let spring = kept
        .iter()
        .find(|r| r.artifact_id == "spring-core")
        .expect("spring-core");
    assert_eq!(spring.status, FreshnessStatus::Known);
    assert_eq!(spring.release.as_deref(), Some("7.0.1"));
    assert_eq!(spring.versions.len(), 14);
    assert_eq!(
        report.freshness.not_in_repository as usize,
        external.len() - 1,
        "the local repository serves spring-core only of them"
    );

    // Within the cache lifetime, a second run asks nothing and changes nothing.
    let version = store.data_version().expect("the data version");
    freshness::ask_all(&mut store, settings, &mut report, |_| {}, &never).expect("kept");
    assert_eq!(server.seen().len(), asked.len());
    assert_eq!(store.data_version().expect("the data version"), version);
    assert_eq!(store.freshness().expect("the freshness"), kept);
}

#[test]
fn without_a_repository_a_run_gives_up_after_three_failures_and_says_why_for_each() {
    let mut server = LocalRepository::start();
    server.stop();
    let dir = tempfile::tempdir().expect("a folder");
    let Some((mut store, mut report)) = lutece_estate(dir.path()) else {
        return;
    };
    let settings = config(&server.base_url, &dir.path().join("cache"));
    let started = Instant::now();
    freshness::ask_all(
        &mut store,
        settings,
        &mut report,
        |_| {},
        &AtomicBool::new(false),
    )
    .expect("kept");
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "three failed requests, not one per artifact"
    );
    let kept = store.freshness().expect("the freshness");
    assert!(kept.len() > 100, "{}", kept.len());
    assert!(kept
        .iter()
        .all(|r| r.status == FreshnessStatus::Unavailable));
    let reasons: Vec<&str> = kept.iter().filter_map(|r| r.reason.as_deref()).collect();
    assert!(reasons[..3]
        .iter()
        .all(|r| r.starts_with("could not reach ")));
    assert!(
        reasons[3..].iter().all(|r| r.starts_with(
            "not asked: the 3 requests before failed, the last with: could not reach "
        )),
        "{:?}",
        &reasons[3..5]
    );
}
