//! The estate benchmark (docs/benchmarks.md): reading the contents of the
//! 31 Lutece tips (`../shared/data/lutece-heads`, cloned bare into a
//! temporary folder) with Vigie's reader, against git itself doing the
//! least the same result needs — `git ls-tree -r` of each tip and one
//! `git cat-file --batch` of the same files (those with a role, and the
//! source files whose licence headers are looked for) — in the same run;
//! then the check that nothing moved (`git for-each-ref` per repository,
//! compared with the store).
//!
//! ```text
//! cargo run --release -p vigie-ingest --example bench_estate -- [--rounds 5]
//! ```

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use vigie_ingest::estate::headers::is_source;
use vigie_ingest::estate::roles::role_of;
use vigie_ingest::estate::tip::GitDir;
use vigie_ingest::estate::{self, licence};
use vigie_ingest::Store;

fn main() {
    let mut rounds = 5;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--rounds" => {
                rounds = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--rounds N")
            }
            other => panic!("unknown argument {other}"),
        }
    }
    let data = vigie_ingest::testdata::shared_data().expect("../shared/data beside the checkout");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let repositories = clone_bundles(&data.join("lutece-heads"), dir.path());
    println!(
        "{} repositories cloned from their bundles.\n",
        repositories.len()
    );

    // The licence list is loaded once per process (about 0.2 s): apart.
    let started = Instant::now();
    licence::preload().expect("the licence list");
    println!(
        "licence list loaded once: {:.3} s\n",
        started.elapsed().as_secs_f64()
    );

    let (mut vigie, mut alone, mut git) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        vigie.push(time(|| read_with_vigie(&repositories, true)));
        alone.push(time(|| read_with_vigie(&repositories, false)));
        git.push(time(|| read_with_git(&repositories)));
    }
    let (v, a, g) = (median(&mut vigie), median(&mut alone), median(&mut git));
    println!("| reader | median of {rounds} rounds | ratio to git |");
    println!("|---|---|---|");
    println!(
        "| git ls-tree -r + cat-file --batch of the same files | {:.3} s | 1.00× |",
        g.as_secs_f64()
    );
    for (how, t) in [
        ("one repository after the other", a),
        ("side by side, as ingest runs it", v),
    ] {
        println!(
            "| Vigie's reader (refs, tree, files, imports, licences, headers), {how} | {:.3} s | {:.2}× |",
            t.as_secs_f64(),
            t.as_secs_f64() / g.as_secs_f64()
        );
    }

    let mut store = Store::open(&dir.path().join("bench.duckdb")).expect("a store");
    let unchanged = unchanged_check(&mut store, &repositories, rounds);
    println!(
        "\nNothing moved, all {} repositories checked: {:.3} s",
        repositories.len(),
        unchanged.as_secs_f64()
    );
}

/// Each bundle cloned bare.
fn clone_bundles(heads: &Path, into: &Path) -> Vec<GitDir> {
    let mut bundles: Vec<PathBuf> = std::fs::read_dir(heads)
        .expect("the bundles' folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "bundle"))
        .collect();
    bundles.sort();
    bundles
        .iter()
        .map(|bundle| {
            let clone = into
                .join(bundle.file_stem().expect("a name"))
                .with_extension("git");
            let status = Command::new("git")
                .args(["clone", "--bare", "--quiet"])
                .arg(bundle)
                .arg(&clone)
                .status()
                .expect("git runs");
            assert!(status.success(), "cloning {}", bundle.display());
            GitDir {
                path: clone,
                describe: bundle.display().to_string(),
            }
        })
        .collect()
}

/// As an ingest run reads them: side by side, or one after the other.
fn read_with_vigie(repositories: &[GitDir], side_by_side: bool) -> usize {
    let read = |dir: &GitDir| {
        let refs = dir.refs().expect("refs");
        let snapshot = estate::read(dir, refs, None)
            .expect("a tip")
            .expect("a default branch");
        snapshot.roles.len()
    };
    if side_by_side {
        estate::side_by_side(repositories, &AtomicBool::new(false), read)
            .into_iter()
            .flatten()
            .sum()
    } else {
        repositories.iter().map(read).sum()
    }
}

/// What git does at the least: the tree, then the blobs of the files with
/// a role and of the source files, whole, through one `cat-file --batch`.
fn read_with_git(repositories: &[GitDir]) -> usize {
    let mut files = 0;
    for dir in repositories {
        let tree = Command::new("git")
            .arg("--git-dir")
            .arg(&dir.path)
            .args(["ls-tree", "-r", "-l", "-z", "HEAD"])
            .output()
            .expect("ls-tree");
        let blobs: Vec<String> = tree
            .stdout
            .split(|b| *b == 0)
            .filter_map(|entry| {
                let entry = String::from_utf8_lossy(entry);
                let (meta, path) = entry.split_once('\t')?;
                (role_of(path).is_some() || is_source(path)).then_some(())?;
                meta.split_whitespace().nth(2).map(str::to_owned)
            })
            .collect();
        files += blobs.len();
        let mut child = Command::new("git")
            .arg("--git-dir")
            .arg(&dir.path)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("cat-file");
        let mut input = child.stdin.take().expect("stdin");
        let writer = std::thread::spawn(move || {
            for blob in blobs {
                writeln!(input, "{blob}").expect("a blob asked");
            }
        });
        let mut out = Vec::new();
        child
            .stdout
            .take()
            .expect("stdout")
            .read_to_end(&mut out)
            .expect("blobs read");
        writer.join().expect("the writer");
        child.wait().expect("cat-file ends");
    }
    files
}

/// Keeps every tip once, then times the check that finds nothing moved:
/// one `git for-each-ref` per repository, compared with the store.
fn unchanged_check(store: &mut Store, repositories: &[GitDir], rounds: usize) -> Duration {
    for dir in repositories {
        let name = dir
            .path
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .replacen('+', "/", 1);
        store.connection().execute(
            "INSERT INTO repositories (id, name, first_seen) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM repositories), ?, now())",
            [&name],
        ).expect("a repository");
        let refs = dir.refs().expect("refs");
        let position = estate::position(&refs);
        let snapshot = estate::read(dir, refs, None)
            .expect("a tip")
            .expect("a default branch");
        store
            .save_snapshot(&name, &snapshot, &position)
            .expect("kept");
    }
    let name_of = |dir: &GitDir| {
        let stem = dir
            .path
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        stem.replacen('+', "/", 1).to_lowercase()
    };
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            time(|| {
                // As an ingest run checks: the stored positions in one
                // query, the refs side by side.
                let stored = store.tip_positions().expect("the positions");
                let same = estate::side_by_side(repositories, &AtomicBool::new(false), |dir| {
                    let position = estate::position(&dir.refs().expect("refs"));
                    stored.get(&name_of(dir)) == Some(&position)
                });
                let same = same.into_iter().flatten().filter(|same| *same).count();
                assert_eq!(same, repositories.len(), "every repository unchanged");
                same
            })
        })
        .collect();
    median(&mut times)
}

fn time(work: impl FnOnce() -> usize) -> Duration {
    let started = Instant::now();
    std::hint::black_box(work());
    started.elapsed()
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}
