//! Where the time of a git-log ingest goes: decompress, parse, store.
//! `cargo run --release -p vigie-ingest --example parse_timing -- FILE.gitlog.txt.gz`

use std::io::Read;
use std::time::Instant;

use vigie_ingest::git::{open_log_file, GitLogParser};

fn main() {
    let path = std::env::args().nth(1).expect("a git-log file");
    let t = Instant::now();
    let mut text = Vec::new();
    open_log_file(path.as_ref())
        .unwrap()
        .read_to_end(&mut text)
        .unwrap();
    let decompress = t.elapsed();
    let t = Instant::now();
    let commits = GitLogParser::new(text.as_slice())
        .filter_map(Result::ok)
        .count();
    let parse = t.elapsed();
    let t = Instant::now();
    let store =
        vigie_ingest::Store::open(std::path::Path::new("/tmp/parse-timing.duckdb")).unwrap();
    let open = t.elapsed();
    let mut store = store;
    let parsed: Vec<_> = GitLogParser::new(text.as_slice())
        .filter_map(Result::ok)
        .collect();
    let mut ids = store.identities().unwrap();
    let t = Instant::now();
    let load = vigie_ingest::store::RepositoryLoad {
        repository: "o/r",
        url: None,
        commits: &parsed,
        stats: true,
        mailmap: None,
        cursor: None,
    };
    store
        .load(
            std::slice::from_ref(&load),
            &mut ids,
            &vigie_ingest::identity::Rules::default(),
        )
        .unwrap();
    let load_time = t.elapsed();
    let t = Instant::now();
    drop(store);
    let close = t.elapsed();
    let _ = std::fs::remove_file("/tmp/parse-timing.duckdb");
    println!("load {load_time:?}, close {close:?}");
    println!(
        "{} bytes, {commits} commits: decompress {decompress:?}, parse {parse:?}, open+migrate {open:?}",
        text.len()
    );
}
