//! `git log --numstat` on several cores.
//!
//! Computing each commit's diff is what makes a log with line stats slow, and
//! git does it on one core. For a large history, the commits to read are
//! listed first (`git rev-list`, cheap), dealt round-robin to one `git log
//! --no-walk --stdin` per core, and the streams read back in the same
//! round-robin order: the result is commit for commit what a single `git log`
//! prints, in the same order, in a fraction of the time.

use std::io::{BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{sync_channel, Receiver};
use std::thread::JoinHandle;

use super::parser::{Commit, GitLogParser};
use crate::error::ParseError;

/// Histories shorter than this are read by one `git log`: listing the
/// commits first and starting more processes would cost more than it saves.
pub(crate) const MIN_COMMITS: usize = 1_000;

/// Commits each worker may parse ahead of the reader.
const AHEAD: usize = 512;

/// How many `git log` processes to run: one per core, at most four.
pub(crate) fn workers() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(4)
}

/// The commits `git rev-list` lists for these revision arguments, newest
/// first (the order `git log` prints them in); `None` if git fails, so the
/// caller falls back to a single `git log` that reports the failure itself.
pub(crate) fn list_commits(dir: &Path, revisions: &[String]) -> Option<Vec<String>> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .arg("rev-list")
        .args(revisions)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_NO_LAZY_FETCH", "1")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    Some(text.lines().map(str::to_owned).collect())
}

/// What a worker hands the reader.
enum Item {
    Commit(Box<Commit>),
    Parse(ParseError),
    /// `git log` failed; what it said.
    Failed(String),
}

/// Several `git log` streams read back as one.
pub(crate) struct ParallelLog {
    receivers: Vec<Receiver<Item>>,
    workers: Vec<JoinHandle<()>>,
    next: usize,
    done: bool,
    /// A parse error stopped the reading before the streams ended.
    stopped_early: bool,
    failure: Option<String>,
}

impl ParallelLog {
    /// Starts one `git log` per list of commits. `log_args` are the
    /// arguments of `git log` without revisions (format, stats, pathspec).
    pub(crate) fn start(
        dir: &Path,
        log_args: &[String],
        pathspec: &[String],
        commits: Vec<String>,
        workers: usize,
    ) -> std::io::Result<Self> {
        let mut lists = vec![String::new(); workers];
        for (i, sha) in commits.iter().enumerate() {
            let list = &mut lists[i % workers];
            list.push_str(sha);
            list.push('\n');
        }
        let mut receivers = Vec::with_capacity(workers);
        let mut handles = Vec::with_capacity(workers);
        for list in lists {
            let child = Command::new("git")
                .arg("-C")
                .arg(dir)
                .args(log_args)
                .args(["--no-walk=unsorted", "--stdin"])
                .args(pathspec)
                .env("GIT_TERMINAL_PROMPT", "0")
                .env("GIT_NO_LAZY_FETCH", "1")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()?;
            let (sender, receiver) = sync_channel(AHEAD);
            receivers.push(receiver);
            handles.push(std::thread::spawn(move || work(child, list, &sender)));
        }
        Ok(Self {
            receivers,
            workers: handles,
            next: 0,
            done: false,
            stopped_early: false,
            failure: None,
        })
    }

    /// The next commit in `git log`'s order.
    pub(crate) fn next_commit(&mut self) -> Option<Result<Commit, ParseError>> {
        if self.done {
            return None;
        }
        let receiver = &self.receivers[self.next];
        self.next = (self.next + 1) % self.receivers.len();
        match receiver.recv() {
            Ok(Item::Commit(commit)) => Some(Ok(*commit)),
            Ok(Item::Parse(error)) => {
                self.done = true;
                self.stopped_early = true;
                Some(Err(error))
            }
            Ok(Item::Failed(detail)) => {
                self.done = true;
                self.failure = Some(detail);
                None
            }
            // Commits are dealt round-robin: the first stream to end marks
            // the end of all of them.
            Err(_) => {
                self.done = true;
                None
            }
        }
    }

    /// Stops every worker (if the reader stopped early) and reports the
    /// first failure of a `git log`.
    pub(crate) fn finish(mut self) -> Result<(), String> {
        let mut failure = self.failure.take();
        if self.done && failure.is_none() && !self.stopped_early {
            // The streams ended together: collect what the others said.
            for receiver in &self.receivers {
                while let Ok(item) = receiver.recv() {
                    if let Item::Failed(detail) = item {
                        failure.get_or_insert(detail);
                    }
                }
            }
        }
        // Workers still running see the reader gone and stop their git.
        self.receivers.clear();
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
        failure.map_or(Ok(()), Err)
    }
}

/// One worker: writes its commit list to `git log`, parses what it prints,
/// and sends only commits known to be complete. The newest one is held back
/// until the next begins or git exits cleanly, because git stops in the
/// middle of a commit's stats when an object is missing.
fn work(mut child: Child, list: String, out: &std::sync::mpsc::SyncSender<Item>) {
    // git reads all of stdin before it prints anything.
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(list.as_bytes());
    }
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr_pipe = child.stderr.take().expect("stderr is piped");
    // Drained on its own thread so a chatty git never blocks on stderr.
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr_pipe.read_to_string(&mut text);
        text
    });
    let mut parser = GitLogParser::new(BufReader::with_capacity(1 << 16, stdout));
    let mut held: Option<Commit> = None;
    let mut reader_gone = false;
    let mut parse_error = None;
    for next in parser.by_ref() {
        match next {
            Ok(commit) => {
                if let Some(previous) = held.replace(commit) {
                    if out.send(Item::Commit(Box::new(previous))).is_err() {
                        reader_gone = true;
                        break;
                    }
                }
            }
            Err(error) => {
                parse_error = Some(error);
                break;
            }
        }
    }
    drop(parser);
    if reader_gone {
        let _ = child.kill();
    }
    let status = child.wait();
    let stderr = stderr.join().unwrap_or_default();
    if reader_gone {
        return;
    }
    if let Some(error) = parse_error {
        let _ = out.send(Item::Parse(error));
        return;
    }
    match status {
        Ok(status) if status.success() => {
            if let Some(last) = held {
                let _ = out.send(Item::Commit(Box::new(last)));
            }
        }
        Ok(_) => {
            let _ = out.send(Item::Failed(super::last_lines(&stderr)));
        }
        Err(e) => {
            let _ = out.send(Item::Failed(e.to_string()));
        }
    }
}
