//! Storing git histories while they are read: one thread reads (clone,
//! fetch, git log or a file, parse) and sends commits in chunks while this
//! one stores them, several chunks (of one or several repositories) per
//! transaction.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;

use super::{fail, IngestReport, Progress};
use crate::error::StoreError;
use crate::git::GitConnector;
use crate::identity::{Identities, Rules};
use crate::read::{self, Chunk, Message};
use crate::store::{Cursor, LoadSummary, RepositoryLoad, Store};

/// Chunks read ahead of the writer.
const READ_AHEAD: usize = 32;
/// Commits stored per transaction, at most (one chunk can bring the batch over).
const BATCH_COMMITS: usize = 50_000;

/// The writing side of a run's git histories.
pub(super) struct HistoryWriter<'a, P> {
    pub(super) store: &'a mut Store,
    pub(super) rules: &'a Rules,
    /// Ids given to identities so far.
    pub(super) identities: &'a mut Identities,
    pub(super) report: &'a mut IngestReport,
    pub(super) progress: &'a mut P,
}

impl<P: FnMut(Progress<'_>)> HistoryWriter<'_, P> {
    /// Reads every connector's new history (from `cursors`) on a reader
    /// thread and stores it here, until the reader is done or `stop` is set
    /// (after the batch being written is committed).
    pub(super) fn store_all(
        &mut self,
        connectors: &[GitConnector],
        cursors: &HashMap<(String, String), String>,
        stop: &AtomicBool,
    ) -> Result<(), StoreError> {
        std::thread::scope(|scope| -> Result<(), StoreError> {
            let (sender, receiver) = std::sync::mpsc::sync_channel(READ_AHEAD);
            scope.spawn(move || read::read_all(connectors, cursors, &sender));
            // What each repository's chunks stored so far, until its last.
            let mut sums: HashMap<&str, LoadSummary> = HashMap::new();
            while let Ok(first) = receiver.recv() {
                let (chunks, commits) = self.gather(first, &receiver)?;
                let summaries = self.store_batch(&chunks, commits)?;
                self.record(chunks, summaries, &mut sums)?;
                if stop.load(Ordering::Relaxed) {
                    // The reader stops at its next send, once the receiver is gone.
                    self.report.stopped = true;
                    break;
                }
            }
            Ok(())
        })
    }

    /// The first message and those already waiting, up to
    /// [`BATCH_COMMITS`]: the chunks to store in one transaction, and their
    /// commits. Repositories that could not be read at all are reported.
    fn gather<'c>(
        &mut self,
        first: Message<'c>,
        receiver: &Receiver<Message<'c>>,
    ) -> Result<(Vec<Chunk<'c>>, usize), StoreError> {
        let mut commits = message_commits(&first);
        let mut batch = vec![first];
        while commits < BATCH_COMMITS {
            let Ok(next) = receiver.try_recv() else { break };
            commits += message_commits(&next);
            batch.push(next);
        }
        let mut chunks = Vec::new();
        for message in batch {
            match message {
                Message::Chunk(chunk) => chunks.push(chunk),
                Message::Failed(connector, error) => fail(
                    self.store,
                    self.report,
                    self.progress,
                    &connector.describe(),
                    error,
                    true,
                )?,
            }
        }
        Ok((chunks, commits))
    }

    /// Stores a batch in one transaction: one summary per chunk.
    fn store_batch(
        &mut self,
        chunks: &[Chunk<'_>],
        commits: usize,
    ) -> Result<Vec<LoadSummary>, StoreError> {
        let started = std::time::Instant::now();
        let stored = store_chunks(self.store, chunks, self.identities, self.rules);
        tracing::debug!(
            chunks = chunks.len(),
            commits,
            millis = started.elapsed().as_millis() as u64,
            "stored a batch"
        );
        if stored.is_err() {
            // Ids handed out for a load that was rolled back are not stored.
            *self.identities = self.store.identities()?;
        }
        stored
    }

    /// Adds each chunk's summary to its repository's; at a repository's
    /// last chunk, reports the repository and the problems its reading met.
    fn record<'c>(
        &mut self,
        chunks: Vec<Chunk<'c>>,
        summaries: Vec<LoadSummary>,
        sums: &mut HashMap<&'c str, LoadSummary>,
    ) -> Result<(), StoreError> {
        for (chunk, summary) in chunks.into_iter().zip(summaries) {
            let name = chunk.connector.repository.as_str();
            let sum = sums.entry(name).or_default();
            sum.commits_read += summary.commits_read;
            sum.commits_added += summary.commits_added;
            sum.activities_added += summary.activities_added;
            sum.identities_added += summary.identities_added;
            let Some(end) = chunk.end else { continue };
            sum.unchanged = end.unchanged;
            let summary = sums.remove(name).unwrap_or_default();
            (self.progress)(Progress::Stored {
                repository: name,
                summary: &summary,
            });
            self.report.repositories.push((name.to_owned(), summary));
            for error in end.problems {
                fail(
                    self.store,
                    self.report,
                    self.progress,
                    &chunk.connector.describe(),
                    error,
                    false,
                )?;
            }
        }
        Ok(())
    }
}

fn message_commits(message: &Message<'_>) -> usize {
    match message {
        Message::Chunk(chunk) => chunk.commits.len(),
        Message::Failed(..) => 0,
    }
}

/// Stores a batch of chunks in one transaction. A repository's last chunk
/// carries its cursor when everything up to it was read, so the next run
/// resumes from there; otherwise the next run reads the same history again,
/// and commits already stored are skipped.
fn store_chunks(
    store: &mut Store,
    chunks: &[Chunk<'_>],
    identities: &mut Identities,
    rules: &Rules,
) -> Result<Vec<LoadSummary>, StoreError> {
    let loads: Vec<RepositoryLoad<'_>> = chunks
        .iter()
        .filter(|c| !c.end.as_ref().is_some_and(|e| e.unchanged))
        .map(|chunk| {
            let end = chunk.end.as_ref();
            RepositoryLoad {
                repository: &chunk.connector.repository,
                url: chunk.connector.url(),
                commits: &chunk.commits,
                stats: chunk.stats,
                mailmap: end.and_then(|e| e.mailmap.clone()),
                cursor: end.filter(|e| e.complete()).map(|e| Cursor {
                    source: chunk.connector.describe(),
                    category: "commits",
                    value: e.position.clone(),
                }),
            }
        })
        .collect();
    let mut stored = if loads.is_empty() {
        Vec::new()
    } else {
        store.load(&loads, identities, rules)?
    }
    .into_iter();
    Ok(chunks
        .iter()
        .map(|c| {
            if c.end.as_ref().is_some_and(|e| e.unchanged) {
                LoadSummary::default()
            } else {
                stored.next().expect("one summary per load")
            }
        })
        .collect())
}
