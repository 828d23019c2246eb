//! One ingest run over every configured source.
//!
//! Each repository is read and stored on its own: a source that cannot be
//! reached, or a log that breaks off, is reported and recorded in
//! `ingest_errors`, and the run goes on with the others. Commits read before
//! a parse error are stored.

use std::path::Path;

use crate::config::SourceConfig;
use crate::error::{SourceError, StoreError};
use crate::git::{log_files, GitConnector, GitOptions};
use crate::identity::{Identities, Rules};
use crate::store::{Cursor, LoadSummary, RepositoryLoad, ResolveSummary, Store};

/// What a run reports while it works, for progress displays.
#[derive(Debug, Clone)]
pub enum Progress<'a> {
    /// The run knows how many repositories it will read.
    Planned {
        /// Repositories to read.
        repositories: usize,
    },
    /// A repository is being read.
    Reading {
        /// Its name.
        repository: &'a str,
    },
    /// A repository was stored.
    Stored {
        /// Its name.
        repository: &'a str,
        /// What changed.
        summary: &'a LoadSummary,
    },
    /// A repository (or a whole source) failed; the run goes on.
    Failed {
        /// The repository or source.
        source: &'a str,
        /// Why, in words a user can act on.
        error: &'a SourceError,
    },
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct IngestReport {
    /// The run's id in `ingest_runs`.
    pub run_id: i64,
    /// Repositories read, with what each added.
    pub repositories: Vec<(String, LoadSummary)>,
    /// Sources or repositories that failed, with the reason.
    pub failures: Vec<(String, String)>,
    /// Contributors and bots after the run.
    pub contributors: ResolveSummary,
}

impl IngestReport {
    /// Totals over all repositories.
    pub fn totals(&self) -> LoadSummary {
        self.repositories
            .iter()
            .fold(LoadSummary::default(), |mut t, (_, s)| {
                t.commits_read += s.commits_read;
                t.commits_added += s.commits_added;
                t.activities_added += s.activities_added;
                t.identities_added += s.identities_added;
                t
            })
    }
}

/// Expands the configured sources into one connector per repository; a
/// source that cannot even be listed becomes a failure.
fn plan(
    sources: &[SourceConfig],
    clones: &Path,
) -> (Vec<GitConnector>, Vec<(String, SourceError)>) {
    let mut connectors = Vec::new();
    let mut failures = Vec::new();
    for source in sources {
        match source {
            SourceConfig::Git {
                urls,
                paths,
                stats,
                refs,
                exclude,
            } => {
                let options = GitOptions {
                    stats: *stats,
                    refs: refs.clone(),
                    exclude: exclude.clone(),
                };
                connectors.extend(
                    urls.iter()
                        .map(|u| GitConnector::remote(u, clones).with_options(options.clone())),
                );
                connectors.extend(
                    paths
                        .iter()
                        .map(|p| GitConnector::local(p).with_options(options.clone())),
                );
            }
            SourceConfig::GitLog { path } => match log_files(path) {
                Ok(files) => connectors.extend(files.iter().map(|f| GitConnector::log_file(f))),
                Err(e) => failures.push((path.display().to_string(), e)),
            },
        }
    }
    (connectors, failures)
}

/// Runs every source into the store. Only a failure of the store itself
/// stops the run; everything else is reported in the [`IngestReport`].
pub fn ingest(
    store: &mut Store,
    sources: &[SourceConfig],
    clones: &Path,
    rules: &Rules,
    mut progress: impl FnMut(Progress<'_>),
) -> Result<IngestReport, StoreError> {
    let run_id = store.begin_run()?;
    let mut report = IngestReport {
        run_id,
        ..IngestReport::default()
    };
    let (connectors, planning_failures) = plan(sources, clones);
    progress(Progress::Planned {
        repositories: connectors.len(),
    });
    for (source, error) in planning_failures {
        fail(store, &mut report, &mut progress, &source, error)?;
    }
    let mut identities = store.identities()?;
    let cursors = store.cursors("commits")?;
    // One thread reads (clone, fetch, git log or a file, parse) repositories
    // ahead while this one stores them in DuckDB, several small repositories
    // per transaction: one write to disk instead of one each.
    std::thread::scope(|scope| -> Result<(), StoreError> {
        let (sender, receiver) = std::sync::mpsc::sync_channel(READ_AHEAD);
        let connectors = &connectors;
        let cursors = &cursors;
        scope.spawn(move || {
            for connector in connectors {
                let key = (connector.describe(), connector.repository.clone());
                let fetched = fetch(connector, cursors.get(&key).map(String::as_str));
                if sender.send((connector, fetched)).is_err() {
                    break;
                }
            }
        });
        while let Ok(first) = receiver.recv() {
            let mut batch = vec![first];
            let mut commits = batch_commits(&batch[0].1);
            while commits < BATCH_COMMITS {
                let Ok(next) = receiver.try_recv() else { break };
                commits += batch_commits(&next.1);
                batch.push(next);
            }
            let mut ready = Vec::new();
            for (connector, fetched) in batch {
                progress(Progress::Reading {
                    repository: &connector.repository,
                });
                match fetched {
                    Ok(f) => ready.push((connector, f)),
                    Err(error) => fail(
                        store,
                        &mut report,
                        &mut progress,
                        &connector.describe(),
                        error,
                    )?,
                }
            }
            let started = std::time::Instant::now();
            let stored = store_fetched(store, &ready, &mut identities, rules);
            tracing::debug!(
                repositories = ready.len(),
                commits,
                millis = started.elapsed().as_millis() as u64,
                "stored a batch"
            );
            let summaries = match stored {
                Ok(summaries) => summaries,
                Err(e) => {
                    // Ids handed out for a load that was rolled back are not stored.
                    identities = store.identities()?;
                    return Err(e);
                }
            };
            for ((connector, fetched), summary) in ready.into_iter().zip(summaries) {
                progress(Progress::Stored {
                    repository: &connector.repository,
                    summary: &summary,
                });
                report
                    .repositories
                    .push((connector.repository.clone(), summary));
                for error in fetched.problems {
                    fail(
                        store,
                        &mut report,
                        &mut progress,
                        &connector.describe(),
                        error,
                    )?;
                }
            }
        }
        Ok(())
    })?;
    // The rules (identities file, patterns) may have changed since the last run.
    report.contributors = store.resolve_contributors(rules)?;
    store.finish_run(
        run_id,
        report.totals().commits_added,
        report.failures.len() as u32,
    )?;
    Ok(report)
}

fn fail(
    store: &Store,
    report: &mut IngestReport,
    progress: &mut impl FnMut(Progress<'_>),
    source: &str,
    error: SourceError,
) -> Result<(), StoreError> {
    progress(Progress::Failed {
        source,
        error: &error,
    });
    let message = error.to_string();
    store.record_error(report.run_id, source, &message)?;
    report.failures.push((source.to_owned(), message));
    Ok(())
}

/// One repository as read, ready to store.
struct Fetched {
    /// Where the source stands; stored as the cursor when complete.
    position: String,
    /// Nothing moved since the last run: nothing was read.
    unchanged: bool,
    commits: Vec<crate::git::Commit>,
    /// Whether the commits carry line stats.
    stats: bool,
    mailmap: Option<Vec<crate::identity::mailmap::MailmapEntry>>,
    /// Problems that left some of the history unread or without stats.
    problems: Vec<SourceError>,
}

/// Reads one repository (no store access: this runs beside the writer).
/// Problems after some commits were read (a log that breaks off, refs whose
/// objects are missing) keep those commits and travel with them.
fn fetch(connector: &GitConnector, since: Option<&str>) -> Result<Fetched, SourceError> {
    connector.update()?;
    let position = connector.position()?;
    if since == Some(position.as_str()) {
        return Ok(Fetched {
            position,
            unchanged: true,
            commits: Vec::new(),
            stats: connector.options.stats,
            mailmap: None,
            problems: Vec::new(),
        });
    }
    let mut problems = Vec::new();
    let mut stats = connector.options.stats;
    let first = read_all(connector, since, stats, None);
    let commits = match first.problem {
        None => first.commits,
        Some(problem) if connector.git_dir().is_none() => {
            // A log file: keep what was read before the break.
            problems.push(problem);
            first.commits
        }
        Some(problem) => {
            // Missing objects (a partial clone, a damaged repository): read
            // again without line stats, which need every file's content.
            stats = false;
            let again = read_all(connector, since, false, None);
            if again.problem.is_none() {
                problems.push(SourceError::Degraded {
                    source_name: connector.describe(),
                    what: "line stats are missing".into(),
                    detail: problem.to_string(),
                });
                again.commits
            } else {
                read_ref_by_ref(connector, &position, &mut problems)
            }
        }
    };
    if commits.is_empty() && !problems.is_empty() && connector.git_dir().is_none() {
        return Err(problems.remove(0));
    }
    Ok(Fetched {
        position,
        unchanged: false,
        commits,
        stats,
        mailmap: connector.mailmap(),
        problems,
    })
}

/// Repositories read ahead of the writer.
const READ_AHEAD: usize = 8;
/// Commits stored per transaction, at most (a single repository can be more).
const BATCH_COMMITS: usize = 50_000;

fn batch_commits(fetched: &Result<Fetched, SourceError>) -> usize {
    fetched.as_ref().map(|f| f.commits.len()).unwrap_or(0)
}

/// Stores what [`fetch`] read for several repositories in one transaction,
/// each with its cursor when it read everything, so the next run resumes
/// from there (or reads the same history again).
fn store_fetched(
    store: &mut Store,
    ready: &[(&GitConnector, Fetched)],
    identities: &mut Identities,
    rules: &Rules,
) -> Result<Vec<LoadSummary>, StoreError> {
    let changed: Vec<&(&GitConnector, Fetched)> =
        ready.iter().filter(|(_, f)| !f.unchanged).collect();
    let loads: Vec<RepositoryLoad<'_>> = changed
        .iter()
        .map(|(connector, fetched)| {
            let complete = fetched
                .problems
                .iter()
                .all(|p| matches!(p, SourceError::Degraded { .. }));
            RepositoryLoad {
                repository: &connector.repository,
                url: connector.url(),
                commits: &fetched.commits,
                stats: fetched.stats,
                mailmap: fetched.mailmap.clone(),
                cursor: complete.then(|| Cursor {
                    source: connector.describe(),
                    category: "commits",
                    value: fetched.position.clone(),
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
    Ok(ready
        .iter()
        .map(|(_, f)| {
            if f.unchanged {
                LoadSummary {
                    unchanged: true,
                    ..LoadSummary::default()
                }
            } else {
                stored.next().expect("one summary per load")
            }
        })
        .collect())
}

/// The commits of one reading, and what stopped it early, if anything.
struct Reading {
    commits: Vec<crate::git::Commit>,
    problem: Option<SourceError>,
}

/// Reads a whole commit stream; on failure, keeps the commits read before it.
fn read_all(
    connector: &GitConnector,
    since: Option<&str>,
    stats: bool,
    revisions: Option<&[String]>,
) -> Reading {
    let mut stream = match connector.commits(since, stats, revisions) {
        Ok(stream) => stream,
        Err(e) => {
            return Reading {
                commits: Vec::new(),
                problem: Some(e),
            }
        }
    };
    let mut commits = Vec::new();
    while let Some(next) = stream.next_commit() {
        match next {
            Ok(commit) => commits.push(commit),
            Err(error) => {
                let problem = SourceError::Parse {
                    path: connector.describe(),
                    error,
                };
                return Reading {
                    commits,
                    problem: Some(problem),
                };
            }
        }
    }
    let problem = stream.finish().err().map(|detail| SourceError::Git {
        source_name: connector.describe(),
        action: "log",
        detail,
    });
    Reading { commits, problem }
}

/// The last resort for a damaged repository: each ref on its own, without
/// stats; refs that cannot be read are reported, the others kept.
fn read_ref_by_ref(
    connector: &GitConnector,
    position: &str,
    problems: &mut Vec<SourceError>,
) -> Vec<crate::git::Commit> {
    let mut commits = Vec::new();
    let refs: Vec<String> = position
        .strip_prefix("refs ")
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once(' ').map(|(_, r)| r.to_owned()))
        .collect();
    for r in refs {
        let mut reading = read_all(connector, None, false, Some(std::slice::from_ref(&r)));
        match reading.problem {
            None => commits.append(&mut reading.commits),
            Some(error) => problems.push(SourceError::Git {
                source_name: format!("{} ({r})", connector.describe()),
                action: "log",
                detail: error.to_string(),
            }),
        }
    }
    if problems.is_empty() {
        problems.push(SourceError::Degraded {
            source_name: connector.describe(),
            what: "line stats are missing".into(),
            detail: "the history could only be read ref by ref".into(),
        });
    }
    commits
}
