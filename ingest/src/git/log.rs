//! Reading a repository's log: one `git log` (or one per core when line
//! stats make git the slow part) or a Perceval log file, parsed as it
//! streams ([`CommitStream`]).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use flate2::read::MultiGzDecoder;

use super::{last_lines, parallel, Commit, GitConnector, GitLogParser, Origin};
use crate::error::{ParseError, SourceError};

/// A stream of commits, plus the `git` processes behind it, if any.
pub struct CommitStream {
    inner: Inner,
}

enum Inner {
    /// A log file, or one `git log`.
    Single {
        parser: Box<GitLogParser<Box<dyn BufRead + Send>>>,
        child: Option<Child>,
    },
    /// One `git log` per core, read back in order.
    Parallel(parallel::ParallelLog),
}

impl CommitStream {
    /// The next commit, or the error that stopped the stream.
    pub fn next_commit(&mut self) -> Option<Result<Commit, ParseError>> {
        match &mut self.inner {
            Inner::Single { parser, .. } => parser.next(),
            Inner::Parallel(log) => log.next_commit(),
        }
    }

    /// Waits for `git log` to end and reports its failure, if it failed.
    pub fn finish(self) -> Result<(), String> {
        let mut child = match self.inner {
            Inner::Single { child: None, .. } => return Ok(()),
            Inner::Single {
                child: Some(child), ..
            } => child,
            Inner::Parallel(log) => return log.finish(),
        };
        let mut stderr = String::new();
        if let Some(mut err) = child.stderr.take() {
            let _ = err.read_to_string(&mut stderr);
        }
        let status = child.wait().map_err(|e| e.to_string())?;
        if status.success() {
            Ok(())
        } else {
            Err(last_lines(&stderr))
        }
    }
}

impl GitConnector {
    /// Starts reading the repository's commits, oldest first.
    ///
    /// `since` is the position of the last run (see [`GitConnector::position`]):
    /// only commits not reachable from its tips are read. `stats: false`
    /// leaves line stats out whatever the options say (a fallback for
    /// repositories with missing objects). `revisions`, when given, replaces
    /// the configured refs (to read one ref at a time).
    pub fn commits(
        &self,
        since: Option<&str>,
        stats: bool,
        revisions: Option<&[String]>,
    ) -> Result<CommitStream, SourceError> {
        let Some(dir) = self.git_dir() else {
            let Origin::LogFile(path) = &self.origin else {
                unreachable!()
            };
            return Ok(CommitStream {
                inner: Inner::Single {
                    parser: Box::new(GitLogParser::new(open_log_file(path)?)),
                    child: None,
                },
            });
        };
        let excluding = stats && !self.options.exclude.is_empty();
        let log_args = log_arguments(stats, excluding);
        let revs = self.revisions(since, revisions);
        let pathspec = self.pathspec(excluding);
        // Line stats are git's slow part: a long history is shared out
        // between one `git log` per core.
        let workers = parallel::workers();
        if stats && workers > 1 {
            if let Some(commits) = parallel::list_commits(dir, &revs) {
                if commits.len() >= parallel::MIN_COMMITS {
                    let log =
                        parallel::ParallelLog::start(dir, &log_args, &pathspec, commits, workers)
                            .map_err(|e| self.cannot_run_git(e))?;
                    return Ok(CommitStream {
                        inner: Inner::Parallel(log),
                    });
                }
            }
        }
        let mut args = log_args;
        args.extend(revs);
        args.extend(pathspec);
        self.single_log(dir, &args)
    }

    /// The revisions to read: those asked, else the configured refs (all
    /// branches and tags by default), less what the last run's tips reach.
    fn revisions(&self, since: Option<&str>, revisions: Option<&[String]>) -> Vec<String> {
        let mut revs: Vec<String> = match revisions {
            Some(revs) => revs.to_vec(),
            None if self.options.refs.is_empty() => vec!["--branches".into(), "--tags".into()],
            None => self
                .options
                .refs
                .iter()
                .map(|r| {
                    if r.contains('*') {
                        format!("--glob={r}")
                    } else {
                        r.clone()
                    }
                })
                .collect(),
        };
        if let Some(previous) = since.and_then(|s| s.strip_prefix("refs ")) {
            let tips: Vec<&str> = previous
                .lines()
                .filter_map(|l| l.split_once(' ').map(|(sha, _)| sha))
                .collect();
            if !tips.is_empty() {
                revs.push("--not".to_owned());
                revs.extend(tips.iter().map(|t| t.to_string()));
            }
        }
        revs
    }

    /// The paths whose changes are counted: all but the excluded ones.
    fn pathspec(&self, excluding: bool) -> Vec<String> {
        let mut pathspec = Vec::new();
        if excluding {
            pathspec.extend(["--".to_owned(), ".".to_owned()]);
            pathspec.extend(
                self.options
                    .exclude
                    .iter()
                    .map(|p| format!(":(exclude){p}")),
            );
        }
        pathspec
    }

    /// One `git log` with these arguments, parsed as it streams.
    fn single_log(&self, dir: &Path, args: &[String]) -> Result<CommitStream, SourceError> {
        let mut child = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .env("GIT_TERMINAL_PROMPT", "0")
            // A partial clone must not reach for the network mid-log.
            .env("GIT_NO_LAZY_FETCH", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| self.cannot_run_git(e))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        Ok(CommitStream {
            inner: Inner::Single {
                parser: Box::new(GitLogParser::new(Box::new(BufReader::with_capacity(
                    1 << 16,
                    stdout,
                )))),
                child: Some(child),
            },
        })
    }

    fn cannot_run_git(&self, e: std::io::Error) -> SourceError {
        SourceError::Git {
            source_name: self.describe(),
            action: "log",
            detail: format!("cannot run git: {e}"),
        }
    }
}

/// `git log`'s arguments. Not Perceval's: without rename detection
/// (`-M -C`), raw lines and topological order, git streams at once and is
/// several times faster; stats are then those of `git log --numstat
/// --no-renames` (a rename counts as a deletion and an addition).
fn log_arguments(stats: bool, excluding: bool) -> Vec<String> {
    let mut log_args: Vec<String> = ["log", "--pretty=fuller", "--decorate=full", "--parents"]
        .iter()
        .map(|a| a.to_string())
        .collect();
    if stats {
        log_args.extend(["--numstat".to_owned(), "--no-renames".to_owned()]);
    }
    if excluding {
        // `--full-history --sparse` keep commits that only touch
        // excluded paths in the log.
        log_args.extend(["--full-history".to_owned(), "--sparse".to_owned()]);
    }
    log_args
}

/// Opens a log file, decompressing it when it starts with gzip's magic bytes.
pub fn open_log_file(path: &Path) -> Result<Box<dyn BufRead + Send>, SourceError> {
    let read_err = |source| SourceError::Read {
        path: path.to_owned(),
        source,
    };
    let mut file = BufReader::with_capacity(1 << 16, File::open(path).map_err(read_err)?);
    let is_gzip = file
        .fill_buf()
        .map_err(read_err)?
        .starts_with(&[0x1f, 0x8b]);
    Ok(if is_gzip {
        Box::new(BufReader::with_capacity(1 << 16, MultiGzDecoder::new(file)))
    } else {
        Box::new(file)
    })
}

/// The log files of a folder (`*.gitlog.txt`, `*.gitlog.txt.gz`), sorted, or
/// the path itself when it is a file.
pub fn log_files(path: &Path) -> Result<Vec<PathBuf>, SourceError> {
    let read_err = |source| SourceError::Read {
        path: path.to_owned(),
        source,
    };
    if !path.is_dir() {
        // A missing file is reported when it is opened.
        return Ok(vec![path.to_owned()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(read_err)? {
        let entry = entry.map_err(read_err)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".gitlog.txt") || name.ends_with(".gitlog.txt.gz") {
            files.push(entry.path());
        }
    }
    files.sort();
    Ok(files)
}
