//! Ingest from real git repositories made by the test itself: a working
//! copy, a bare clone of it, the same by URL, and sources that fail.

use std::path::Path;
use std::process::Command;

use vigie_ingest::identity::Rules;
use vigie_ingest::{ingest, SourceConfig, Store};

/// Runs git in `dir` with a fixed identity and date, failing the test on error.
fn git(dir: &Path, args: &[&str], author: (&str, &str), date: &str) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", author.0)
        .env("GIT_AUTHOR_EMAIL", author.1)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_NAME", author.0)
        .env("GIT_COMMITTER_EMAIL", author.1)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

const ANN: (&str, &str) = ("Ann Example", "ann@example.org");
const BOB: (&str, &str) = ("Bob", "bob@example.org");

/// A repository with four commits on two branches, a merge, a tag and a
/// co-authored commit; returns its path.
fn fixture(root: &Path) -> std::path::PathBuf {
    let repo = root.join("demo");
    std::fs::create_dir_all(&repo).unwrap();
    git(
        &repo,
        &["init", "-q", "-b", "main"],
        ANN,
        "2024-01-01T10:00:00+01:00",
    );
    std::fs::write(repo.join("a.txt"), "one\ntwo\n").unwrap();
    git(&repo, &["add", "."], ANN, "2024-01-01T10:00:00+01:00");
    git(
        &repo,
        &["commit", "-q", "-m", "first"],
        ANN,
        "2024-01-01T10:00:00+01:00",
    );
    git(
        &repo,
        &["checkout", "-q", "-b", "feature"],
        ANN,
        "2024-01-02T10:00:00+01:00",
    );
    std::fs::write(repo.join("b.txt"), "x\n").unwrap();
    git(&repo, &["add", "."], BOB, "2024-02-03T10:00:00+01:00");
    git(
        &repo,
        &[
            "commit",
            "-q",
            "-m",
            "feature\n\nCo-authored-by: Cleo <cleo@example.org>",
        ],
        BOB,
        "2024-02-03T10:00:00+01:00",
    );
    git(
        &repo,
        &["checkout", "-q", "main"],
        ANN,
        "2024-02-04T10:00:00+01:00",
    );
    std::fs::write(repo.join("a.txt"), "one\n").unwrap();
    git(
        &repo,
        &["commit", "-q", "-am", "second"],
        ANN,
        "2024-02-04T10:00:00+01:00",
    );
    git(
        &repo,
        &["merge", "-q", "--no-ff", "-m", "merge feature", "feature"],
        ANN,
        "2024-03-01T10:00:00+01:00",
    );
    git(&repo, &["tag", "v1.0"], ANN, "2024-03-01T10:00:00+01:00");
    repo
}

/// A bare clone of `repo` under `root` without any file content (a partial
/// clone), whose origin is then unreachable so the blobs cannot be fetched.
fn partial_clone(root: &Path, repo: &Path) -> std::path::PathBuf {
    let date = "2024-05-01T00:00:00Z";
    git(
        repo,
        &["config", "uploadpack.allowFilter", "true"],
        ANN,
        date,
    );
    let partial = root.join("partial.git");
    let url = format!("file://{}", repo.display());
    let target = partial.to_str().unwrap();
    git(
        root,
        &["clone", "-q", "--bare", "--filter=blob:none", &url, target],
        ANN,
        date,
    );
    git(
        &partial,
        &["remote", "set-url", "origin", "file:///nonexistent/vigie"],
        ANN,
        date,
    );
    partial
}

/// A git source reading local repositories, stats on, every ref.
fn local(paths: Vec<std::path::PathBuf>) -> SourceConfig {
    SourceConfig::Git {
        urls: vec![],
        paths,
        stats: true,
        refs: vec![],
        exclude: vec![],
    }
}

/// One ingest run with the default rules, clones under `dir/clones`.
fn run(store: &mut Store, sources: &[SourceConfig], dir: &Path) -> vigie_ingest::IngestReport {
    ingest(
        store,
        sources,
        &dir.join("clones"),
        &Rules::default(),
        |_| {},
    )
    .unwrap()
}

fn count(store: &Store, sql: &str) -> i64 {
    store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn local_repositories_bare_or_not_and_by_url() {
    let dir = tempfile::tempdir().unwrap();
    let work = fixture(dir.path());
    let bare = dir.path().join("bare/demo.git");
    let status = Command::new("git")
        .args(["clone", "-q", "--bare"])
        .arg(&work)
        .arg(&bare)
        .status()
        .unwrap();
    assert!(status.success());

    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let clones = dir.path().join("clones");

    // The working copy and its bare clone are the same repository, "demo".
    let sources = [local(vec![work.clone(), bare.clone()])];
    let report = ingest(&mut store, &sources, &clones, &Rules::default(), |_| {}).unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let added: Vec<u64> = report
        .repositories
        .iter()
        .map(|(_, s)| s.commits_added)
        .collect();
    assert_eq!(added, [4, 0]);
    assert_eq!(
        count(&store, "SELECT count(*) FROM commits WHERE is_merge"),
        1
    );
    // Ann, Bob and Cleo (co-author) are contributors; Cleo is credited.
    assert_eq!(count(&store, "SELECT count(*) FROM contributors"), 3);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM activities a JOIN identities i ON i.id = a.identity_id
             JOIN contributors c ON c.id = i.contributor_id
             WHERE c.primary_email = 'cleo@example.org'"
        ),
        1
    );
    // Line stats of a plain commit: `second` removed one line of a.txt.
    assert_eq!(
        count(
            &store,
            "SELECT deletions FROM commits WHERE subject = 'second'"
        ),
        1
    );

    // By URL: cloned on the first run, fetched on the next; new commits appear.
    let url = format!("file://{}", bare.display());
    let by_url = [SourceConfig::Git {
        urls: vec![url],
        paths: vec![],
        stats: true,
        refs: vec![],
        exclude: vec![],
    }];
    let report = ingest(&mut store, &by_url, &clones, &Rules::default(), |_| {}).unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(
        report.repositories[0].0,
        dir.path()
            .join("bare/demo")
            .display()
            .to_string()
            .trim_start_matches('/')
    );
    assert_eq!(report.repositories[0].1.commits_added, 4);

    std::fs::write(work.join("c.txt"), "new\n").unwrap();
    git(&work, &["add", "."], BOB, "2024-04-01T10:00:00+02:00");
    git(
        &work,
        &["commit", "-q", "-m", "third"],
        BOB,
        "2024-04-01T10:00:00+02:00",
    );
    git(
        &work,
        &["push", "-q", bare.to_str().unwrap(), "main"],
        BOB,
        "2024-04-01T10:00:00+02:00",
    );
    let report = ingest(&mut store, &by_url, &clones, &Rules::default(), |_| {}).unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.repositories[0].1.commits_added, 1);
}

#[test]
fn an_unreachable_source_is_reported_and_the_others_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    let work = fixture(dir.path());
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let sources = [
        SourceConfig::Git {
            urls: vec!["file:///nonexistent/vigie/repository.git".into()],
            paths: vec![dir.path().join("not-a-repository"), work],
            stats: true,
            refs: vec![],
            exclude: vec![],
        },
        SourceConfig::git_log(dir.path().join("missing.gitlog.txt.gz")),
    ];
    let report = run(&mut store, &sources, dir.path());
    let failed: Vec<&str> = report.failures.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(failed.len(), 3, "{:?}", report.failures);
    assert!(
        report.failures[0].1.contains("git clone failed"),
        "{:?}",
        report.failures[0]
    );
    assert!(
        report.failures[1]
            .1
            .contains("not-a-repository: no such repository"),
        "{:?}",
        report.failures[1]
    );
    assert!(
        report.failures[2].1.contains("cannot read"),
        "{:?}",
        report.failures[2]
    );
    assert_eq!(count(&store, "SELECT count(*) FROM commits"), 4);
    assert_eq!(count(&store, "SELECT count(*) FROM ingest_errors"), 3);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM ingest_runs WHERE status = 'partial'"
        ),
        1
    );
}

#[test]
fn a_truncated_log_keeps_the_commits_before_the_break() {
    let dir = tempfile::tempdir().unwrap();
    let work = fixture(dir.path());
    let output = Command::new("git")
        .current_dir(&work)
        .args(vigie_ingest::git::PERCEVAL_LOG_ARGS)
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    // Cut inside the header of the last commit.
    let last = text.rfind("\ncommit ").unwrap();
    let cut = last + text[last..].find("AuthorDate").unwrap();
    let file = dir.path().join("owner+demo.gitlog.txt");
    std::fs::write(&file, &text[..cut]).unwrap();

    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let sources = [SourceConfig::git_log(file)];
    let report = run(&mut store, &sources, dir.path());
    assert_eq!(report.repositories[0].0, "owner/demo");
    assert_eq!(report.repositories[0].1.commits_added, 3);
    assert_eq!(report.failures.len(), 1);
    let message = &report.failures[0].1;
    assert!(
        message.contains("owner+demo.gitlog.txt") && message.contains("has no AuthorDate"),
        "{message}"
    );
}

#[test]
fn a_partial_clone_is_read_without_the_stats_it_cannot_have() {
    let dir = tempfile::tempdir().unwrap();
    let work = fixture(dir.path());
    let partial = partial_clone(dir.path(), &work);

    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let sources = [local(vec![partial])];
    let report = run(&mut store, &sources, dir.path());
    assert_eq!(report.repositories[0].1.commits_added, 4);
    assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
    assert!(
        report.failures[0].1.contains("line stats are missing"),
        "{:?}",
        report.failures
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM commits WHERE insertions IS NULL"
        ),
        4
    );
}

#[test]
fn an_unchanged_repository_is_skipped_and_new_commits_are_read_incrementally() {
    let dir = tempfile::tempdir().unwrap();
    let work = fixture(dir.path());
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let sources = [SourceConfig::Git {
        urls: vec![],
        paths: vec![work.clone()],
        stats: false,
        refs: vec!["main".into()],
        exclude: vec![],
    }];
    let clones = dir.path().join("clones");
    let first = ingest(&mut store, &sources, &clones, &Rules::default(), |_| {}).unwrap();
    // `main` has the merge, so all four commits.
    assert_eq!(first.repositories[0].1.commits_added, 4);
    let again = ingest(&mut store, &sources, &clones, &Rules::default(), |_| {}).unwrap();
    assert!(again.repositories[0].1.unchanged);
    assert_eq!(again.repositories[0].1.commits_read, 0);

    std::fs::write(work.join("d.txt"), "d\n").unwrap();
    git(&work, &["add", "."], BOB, "2024-06-01T10:00:00+02:00");
    git(
        &work,
        &["commit", "-q", "-m", "fourth"],
        BOB,
        "2024-06-01T10:00:00+02:00",
    );
    // A branch outside the selected refs is not read.
    git(
        &work,
        &["branch", "elsewhere"],
        BOB,
        "2024-06-01T10:00:00+02:00",
    );
    let third = ingest(&mut store, &sources, &clones, &Rules::default(), |_| {}).unwrap();
    assert_eq!(
        third.repositories[0].1.commits_read, 1,
        "only the new commit is read"
    );
    assert_eq!(third.repositories[0].1.commits_added, 1);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM commits WHERE files_changed IS NULL"
        ),
        5
    );
}

#[test]
fn excluded_paths_leave_the_stats_but_keep_every_commit() {
    let dir = tempfile::tempdir().unwrap();
    let work = fixture(dir.path());
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let sources = [SourceConfig::Git {
        urls: vec![],
        paths: vec![work],
        stats: true,
        refs: vec![],
        exclude: vec!["b.txt".into()],
    }];
    let report = run(&mut store, &sources, dir.path());
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.repositories[0].1.commits_added, 4);
    // `feature` only added b.txt: listed, with no file counted.
    assert_eq!(
        count(
            &store,
            "SELECT files_changed FROM commits WHERE subject = 'feature'"
        ),
        0
    );
    assert_eq!(
        count(
            &store,
            "SELECT files_changed FROM commits WHERE subject = 'first'"
        ),
        1
    );
}

/// Appends `count` commits to `main` of the bare repository `repo` with
/// `git fast-import` (a long history in milliseconds): each changes one of
/// seven files, a few of them only `*.bin` files, by a handful of people.
fn long_history(repo: &Path, first: usize, count: usize) {
    let mut script = String::new();
    for i in first..first + count {
        let who = ["ann", "bob", "chloe", "dara", "emil"][i % 5];
        let ts = 1_600_000_000 + i * 3_600;
        let path = if i % 97 == 0 {
            "blob.bin".to_owned()
        } else {
            format!("src/file{}.txt", i % 7)
        };
        let content: String = (0..(i % 13 + 1))
            .map(|l| format!("line {l} of {i}\n"))
            .collect();
        let message = format!("change {i}\n");
        script.push_str(&format!(
            "commit refs/heads/main\nmark :{}\nauthor {who} <{who}@example.org> {ts} +0100\n\
             committer {who} <{who}@example.org> {ts} +0100\ndata {}\n{message}",
            i + 1,
            message.len()
        ));
        if i == first && first > 0 {
            script.push_str("from refs/heads/main^0\n");
        }
        script.push_str(&format!(
            "M 644 inline {path}\ndata {}\n{content}\n",
            content.len()
        ));
    }
    let mut child = Command::new("git")
        .current_dir(repo)
        .args(["fast-import", "--quiet"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
}

/// Each commit's (files, insertions, deletions) as one `git log` counts
/// them, by sha.
fn git_stats(repo: &Path, exclude: &str) -> std::collections::BTreeMap<String, (i64, i64, i64)> {
    let output = Command::new("git")
        .current_dir(repo)
        .args([
            "log",
            "--format=@%H",
            "--numstat",
            "--no-renames",
            "--branches",
            "--full-history",
            "--sparse",
            "--",
            ".",
            &format!(":(exclude){exclude}"),
        ])
        .output()
        .unwrap();
    let mut stats = std::collections::BTreeMap::new();
    let mut current = None;
    for line in String::from_utf8(output.stdout).unwrap().lines() {
        if let Some(sha) = line.strip_prefix('@') {
            current = Some(sha.to_owned());
            stats.insert(sha.to_owned(), (0, 0, 0));
        } else if let Some(sha) = &current {
            let mut parts = line.split('\t');
            if let (Some(i), Some(d)) = (parts.next(), parts.next()) {
                let entry = stats.get_mut(sha).unwrap();
                entry.0 += 1;
                entry.1 += i.parse::<i64>().unwrap();
                entry.2 += d.parse::<i64>().unwrap();
            }
        }
    }
    stats
}

fn stored_stats(store: &Store) -> std::collections::BTreeMap<String, (i64, i64, i64)> {
    let mut stmt = store
        .connection()
        .prepare("SELECT sha, files_changed, insertions, deletions FROM commits")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))
        .unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

#[test]
fn a_long_history_read_on_several_cores_matches_git_commit_for_commit() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("long.git");
    git(
        dir.path(),
        &["init", "-q", "--bare", "-b", "main", repo.to_str().unwrap()],
        ANN,
        "2024-01-01T00:00:00Z",
    );
    // Above the size from which a history is shared out between processes.
    long_history(&repo, 0, 1_500);
    let sources = [SourceConfig::Git {
        urls: vec![],
        paths: vec![repo.clone()],
        stats: true,
        refs: vec![],
        exclude: vec!["*.bin".into()],
    }];
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let first = run(&mut store, &sources, dir.path());
    assert!(first.failures.is_empty(), "{:?}", first.failures);
    assert_eq!(first.repositories[0].1.commits_added, 1_500);
    assert_eq!(stored_stats(&store), git_stats(&repo, "*.bin"));

    // An incremental run reads only what is new, again in parallel.
    long_history(&repo, 1_500, 1_200);
    let second = run(&mut store, &sources, dir.path());
    assert!(second.failures.is_empty(), "{:?}", second.failures);
    assert_eq!(second.repositories[0].1.commits_read, 1_200);
    assert_eq!(second.repositories[0].1.commits_added, 1_200);
    let stored = stored_stats(&store);
    assert_eq!(stored.len(), 2_700);
    assert_eq!(stored, git_stats(&repo, "*.bin"));
}

#[test]
fn a_long_partial_clone_is_read_without_stats_and_nothing_half_counted() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("long.git");
    git(
        dir.path(),
        &["init", "-q", "--bare", "-b", "main", repo.to_str().unwrap()],
        ANN,
        "2024-01-01T00:00:00Z",
    );
    long_history(&repo, 0, 1_500);
    let partial = partial_clone(dir.path(), &repo);

    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let report = run(&mut store, &[local(vec![partial])], dir.path());
    assert_eq!(report.repositories[0].1.commits_added, 1_500);
    assert!(
        report.failures.len() == 1 && report.failures[0].1.contains("line stats are missing"),
        "{:?}",
        report.failures
    );
    // Every commit is stored once, and none with stats git could not finish.
    assert_eq!(
        count(&store, "SELECT count(DISTINCT sha) FROM commits"),
        1_500
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM commits WHERE insertions IS NOT NULL"
        ),
        0
    );
}
