//! Reading one hour file into the store, a batch of events at a time: the
//! file is decompressed and read one line at a time, the kept events'
//! items gathered per repository, and each batch stored before the next is
//! read. A line that is not an event is named (file and line) and skipped;
//! a file that breaks off keeps what was stored before the break.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use flate2::read::MultiGzDecoder;

use super::event::{read_event, EventItems, Filter};
use crate::error::StoreError;
use crate::forge::{Issue, RepositoryData};
use crate::git::Commit;
use crate::store::{ForgeSummary, LoadSummary, RepositoryLoad, Store};

/// Kept events stored per batch (two transactions). Each table is written
/// once per batch whatever the number of repositories, and contributors are
/// resolved once per batch that brings new commit authors: a whole hour of
/// every repository (about 9,000 events of the kinds stored, in 2015) fits
/// in one batch.
pub const BATCH_EVENTS: usize = 20_000;

/// Malformed lines named one by one in a file's report; the rest are counted.
const NAMED_LINES: usize = 10;

/// What reading one hour file did.
#[derive(Debug, Clone, Default)]
pub struct HourReport {
    /// Lines (events) read.
    pub events: u64,
    /// Events of the kept repositories, of the kinds Vigie stores.
    pub kept: u64,
    /// The first malformed lines, as `line N: why`.
    pub malformed: Vec<String>,
    /// How many lines were malformed in all.
    pub malformed_count: u64,
    /// Why the file ended early (damaged or unreadable), if it did; what
    /// was read before is stored.
    pub broken: Option<String>,
    /// What each repository's forge data added.
    pub forge: HashMap<String, ForgeSummary>,
    /// What each repository's pushed commits added.
    pub commits: HashMap<String, LoadSummary>,
}

impl HourReport {
    /// The forge summaries added up.
    pub fn forge_total(&self) -> ForgeSummary {
        self.forge
            .values()
            .fold(ForgeSummary::default(), |mut t, s| {
                t.issues += s.issues;
                t.added += s.added;
                t.activities += s.activities;
                t
            })
    }
}

/// Reads the hour file at `path` into `store`: the events `filter` keeps,
/// stored every `batch_events` of them. Only a failure of the store is an
/// error; a malformed line or a damaged file is in the report.
pub fn load_hour(
    store: &mut Store,
    path: &Path,
    filter: &Filter,
    source: &str,
    batch_events: usize,
) -> Result<HourReport, StoreError> {
    let mut report = HourReport::default();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            report.broken = Some(format!("cannot open it: {e}"));
            return Ok(report);
        }
    };
    let mut lines = BufReader::with_capacity(
        1 << 16,
        MultiGzDecoder::new(BufReader::with_capacity(1 << 16, file)),
    );
    let mut batch = Batch::new(source);
    let mut line = String::new();
    let mut number = 0u64;
    loop {
        line.clear();
        match lines.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                report.broken = Some(format!("after line {number}: {e}"));
                break;
            }
        }
        number += 1;
        let text = line.trim_end();
        if text.is_empty() {
            continue;
        }
        report.events += 1;
        match read_event(text, filter) {
            Ok(Some(items)) => {
                report.kept += 1;
                batch.add(items);
                if batch.events >= batch_events {
                    batch.store(store, &mut report)?;
                    batch = Batch::new(source);
                }
            }
            Ok(None) => {}
            Err(why) => {
                report.malformed_count += 1;
                if report.malformed.len() < NAMED_LINES {
                    report.malformed.push(format!("line {number}: {why}"));
                }
            }
        }
    }
    batch.store(store, &mut report)?;
    Ok(report)
}

/// Kept events' items, per repository, until they are stored.
struct Batch<'s> {
    source: &'s str,
    events: usize,
    repositories: HashMap<String, Gathered>,
}

#[derive(Default)]
struct Gathered {
    data: RepositoryData,
    /// The latest version of each item: (is_pr, number).
    issues: HashMap<(bool, i64), Issue>,
    commits: Vec<Commit>,
}

impl<'s> Batch<'s> {
    fn new(source: &'s str) -> Self {
        Batch {
            source,
            events: 0,
            repositories: HashMap::new(),
        }
    }

    fn add(&mut self, items: EventItems) {
        self.events += 1;
        let gathered = self.repositories.entry(items.repository).or_default();
        if let Some(issue) = items.issue {
            let key = (issue.is_pr, issue.number);
            // Later events win unless they carry an older state.
            match gathered.issues.get(&key) {
                Some(kept) if kept.updated_at > issue.updated_at => {}
                _ => {
                    gathered.issues.insert(key, issue);
                }
            }
        }
        gathered.data.comments.extend(items.comment);
        gathered.data.reviews.extend(items.review);
        gathered.data.events.extend(items.events);
        gathered.data.releases.extend(items.release);
        gathered.commits.extend(items.commits);
    }

    /// Stores the batch: forge rows first (they add the repositories and
    /// the accounts), then the commits.
    fn store(self, store: &mut Store, report: &mut HourReport) -> Result<(), StoreError> {
        if self.events == 0 {
            return Ok(());
        }
        let mut names = Vec::with_capacity(self.repositories.len());
        let mut forge = Vec::with_capacity(self.repositories.len());
        let mut commits = Vec::new();
        for (name, mut gathered) in self.repositories {
            gathered.data.source = self.source.to_owned();
            gathered.data.issues = gathered.issues.into_values().collect();
            gathered.data.issues.sort_by_key(|i| (i.is_pr, i.number));
            if !gathered.commits.is_empty() {
                commits.push((name.clone(), gathered.commits));
            }
            names.push(name);
            forge.push(gathered.data);
        }
        let loads: Vec<(&str, &RepositoryData)> =
            names.iter().map(String::as_str).zip(forge.iter()).collect();
        let summaries = store.load_forge_many(&loads)?;
        for (name, summary) in names.iter().zip(summaries) {
            add_forge(report.forge.entry(name.clone()).or_default(), &summary);
        }
        if commits.is_empty() {
            return Ok(());
        }
        let loads: Vec<RepositoryLoad<'_>> = commits
            .iter()
            .map(|(name, commits)| RepositoryLoad {
                repository: name,
                url: None,
                commits,
                stats: false,
                mailmap: None,
                cursor: None,
            })
            .collect();
        // Read again: the forge load may have added identities. The run
        // resolves contributors once, after its last hour.
        let mut identities = store.identities()?;
        let summaries = store.load_unresolved(&loads, &mut identities)?;
        for ((name, _), summary) in commits.iter().zip(summaries) {
            let total = report.commits.entry(name.clone()).or_default();
            total.commits_read += summary.commits_read;
            total.commits_added += summary.commits_added;
            total.activities_added += summary.activities_added;
            total.identities_added += summary.identities_added;
        }
        Ok(())
    }
}

fn add_forge(total: &mut ForgeSummary, one: &ForgeSummary) {
    total.issues += one.issues;
    total.added += one.added;
    total.activities += one.activities;
    total.described |= one.described;
}
