//! The reading side of an ingest run: clone or fetch, run `git log` or open a
//! log file, parse, and hand commits to the writer in chunks while git is
//! still producing them, so storing overlaps reading and memory stays
//! bounded however large a repository is. Nothing here touches the store.

use std::sync::mpsc::SyncSender;

use crate::error::SourceError;
use crate::git::{Commit, GitConnector};
use crate::identity::mailmap::MailmapEntry;

/// Commits per chunk sent to the writer.
pub(crate) const CHUNK_COMMITS: usize = 5_000;

/// What the reader sends the writer.
pub(crate) enum Message<'a> {
    /// Commits of a repository, and at its end what the run learned of it.
    Chunk(Chunk<'a>),
    /// A repository that could not be read at all.
    Failed(&'a GitConnector, SourceError),
}

/// Part of a repository's new history.
pub(crate) struct Chunk<'a> {
    pub connector: &'a GitConnector,
    pub commits: Vec<Commit>,
    /// Whether these commits carry line stats.
    pub stats: bool,
    /// Set on the repository's last chunk.
    pub end: Option<End>,
}

/// How reading a repository ended.
pub(crate) struct End {
    /// Where the source stands; stored as the cursor when nothing was missed.
    pub position: String,
    /// Nothing moved since the last run: nothing was read.
    pub unchanged: bool,
    /// The repository's `.mailmap`, if it has a working tree or HEAD to read.
    pub mailmap: Option<Vec<MailmapEntry>>,
    /// Problems that left part of the history unread or without stats.
    pub problems: Vec<SourceError>,
}

impl End {
    /// Whether every commit up to `position` was read (stats may be missing):
    /// only then may the next run resume from it.
    pub fn complete(&self) -> bool {
        self.problems
            .iter()
            .all(|p| matches!(p, SourceError::Degraded { .. }))
    }
}

/// Clones and fetches made side by side, at most: network-bound, they
/// overlap each other and the reading of repositories already fetched.
pub(crate) const FETCHES_AT_ONCE: usize = 4;

/// Reads every connector in turn, its clone brought up to date beforehand
/// by one of [`FETCHES_AT_ONCE`] fetching threads; stops early if the
/// writer has gone (fetches under way end first, no new one starts).
pub(crate) fn read_all<'a>(
    connectors: &'a [GitConnector],
    cursors: &std::collections::HashMap<(String, String), String>,
    out: &SyncSender<Message<'a>>,
) {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    // One slot per connector for its fetch's outcome, taken by the reader.
    let (done, results): (Vec<_>, Vec<_>) = connectors
        .iter()
        .map(|_| std::sync::mpsc::sync_channel::<Result<(), SourceError>>(1))
        .unzip();
    let next = AtomicUsize::new(0);
    let gone = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let fetchers = FETCHES_AT_ONCE.min(connectors.len());
        for _ in 0..fetchers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= connectors.len() || gone.load(Ordering::Relaxed) {
                    return;
                }
                let _ = done[i].send(connectors[i].update());
            });
        }
        for (connector, fetched) in connectors.iter().zip(&results) {
            let key = (connector.describe(), connector.repository.clone());
            let since = cursors.get(&key).map(String::as_str);
            let fetched = fetched.recv().unwrap_or(Ok(()));
            let read = fetched
                .map_err(ReadError::Source)
                .and_then(|()| read_repository(connector, since, out));
            let sent = match read {
                Ok(()) => true,
                Err(ReadError::WriterGone) => false,
                Err(ReadError::Source(e)) => out.send(Message::Failed(connector, e)).is_ok(),
            };
            if !sent {
                gone.store(true, Ordering::Relaxed);
                return;
            }
        }
    });
}

enum ReadError {
    WriterGone,
    Source(SourceError),
}

impl From<SourceError> for ReadError {
    fn from(e: SourceError) -> Self {
        ReadError::Source(e)
    }
}

/// Sends one repository's new commits in chunks, then its end; its clone
/// (if any) is up to date.
fn read_repository<'a>(
    connector: &'a GitConnector,
    since: Option<&str>,
    out: &SyncSender<Message<'a>>,
) -> Result<(), ReadError> {
    let position = connector.position()?;
    let send = |commits: Vec<Commit>, stats: bool, end: Option<End>| {
        out.send(Message::Chunk(Chunk {
            connector,
            commits,
            stats,
            end,
        }))
        .map_err(|_| ReadError::WriterGone)
    };
    if since == Some(position.as_str()) {
        let end = End {
            position,
            unchanged: true,
            mailmap: None,
            problems: Vec::new(),
        };
        return send(Vec::new(), connector.options.stats, Some(end));
    }

    let mut problems = Vec::new();
    let mut stats = connector.options.stats;
    let (sent, problem) = stream(connector, since, stats, None, &send)?;
    if let Some(problem) = problem {
        if connector.git_dir().is_none() {
            // A log file: what was read before the break is kept; a file
            // that yields nothing at all is a failed source.
            if sent == 0 {
                return Err(ReadError::Source(problem));
            }
            problems.push(problem);
        } else {
            // Missing objects (a partial clone, a damaged repository): read
            // again without line stats, which need every file's content.
            stats = false;
            let (_, again) = stream(connector, since, false, None, &send)?;
            match again {
                None => problems.push(SourceError::Degraded {
                    source_name: connector.describe(),
                    what: "line stats are missing".into(),
                    detail: problem.to_string(),
                }),
                Some(_) => read_ref_by_ref(connector, &position, &mut problems, &send)?,
            }
        }
    }
    let end = End {
        position,
        unchanged: false,
        mailmap: connector.mailmap(),
        problems,
    };
    send(Vec::new(), stats, Some(end))
}

/// Streams one `git log` (or log file) in chunks; returns how many commits
/// were sent and what stopped the stream early, if anything.
fn stream(
    connector: &GitConnector,
    since: Option<&str>,
    stats: bool,
    revisions: Option<&[String]>,
    send: &impl Fn(Vec<Commit>, bool, Option<End>) -> Result<(), ReadError>,
) -> Result<(usize, Option<SourceError>), ReadError> {
    let mut stream = match connector.commits(since, stats, revisions) {
        Ok(stream) => stream,
        Err(e) => return Ok((0, Some(e))),
    };
    let mut chunk = Vec::with_capacity(CHUNK_COMMITS);
    let mut sent = 0;
    let mut problem = None;
    // The newest commit is held back until the next one arrives (or git
    // exits cleanly): git dies in the middle of a commit's stats when an
    // object is missing, and that commit must not be stored half-counted.
    let mut held: Option<Commit> = None;
    while let Some(next) = stream.next_commit() {
        match next {
            Ok(commit) => {
                if let Some(previous) = held.replace(commit) {
                    chunk.push(previous);
                }
                if chunk.len() == CHUNK_COMMITS {
                    sent += chunk.len();
                    send(std::mem::take(&mut chunk), stats, None)?;
                }
            }
            Err(error) => {
                problem = Some(SourceError::Parse {
                    path: connector.describe(),
                    error,
                });
                break;
            }
        }
    }
    if problem.is_none() {
        problem = stream.finish().err().map(|detail| SourceError::Git {
            source_name: connector.describe(),
            action: "log",
            detail,
        });
    }
    // A log file's last complete commit is sound even if the file breaks off
    // after it; a failed `git log`'s last commit may not be.
    let trust_last = problem.is_none() || connector.git_dir().is_none();
    if let Some(last) = held.filter(|_| trust_last) {
        chunk.push(last);
    }
    sent += chunk.len();
    if !chunk.is_empty() {
        send(chunk, stats, None)?;
    }
    Ok((sent, problem))
}

/// The last resort for a damaged repository: each ref on its own, without
/// stats; refs that cannot be read are reported, the others kept.
fn read_ref_by_ref(
    connector: &GitConnector,
    position: &str,
    problems: &mut Vec<SourceError>,
    send: &impl Fn(Vec<Commit>, bool, Option<End>) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    let refs: Vec<String> = position
        .strip_prefix("refs ")
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once(' ').map(|(_, r)| r.to_owned()))
        .collect();
    let before = problems.len();
    for r in refs {
        let (_, problem) = stream(connector, None, false, Some(std::slice::from_ref(&r)), send)?;
        if let Some(error) = problem {
            problems.push(SourceError::Git {
                source_name: format!("{} ({r})", connector.describe()),
                action: "log",
                detail: error.to_string(),
            });
        }
    }
    if problems.len() == before {
        problems.push(SourceError::Degraded {
            source_name: connector.describe(),
            what: "line stats are missing".into(),
            detail: "the history could only be read ref by ref".into(),
        });
    }
    Ok(())
}
