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
            } => {
                let options = GitOptions {
                    stats: *stats,
                    refs: refs.clone(),
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
    for connector in &connectors {
        progress(Progress::Reading {
            repository: &connector.repository,
        });
        match ingest_one(store, connector, &mut identities, rules) {
            Ok((summary, problems)) => {
                progress(Progress::Stored {
                    repository: &connector.repository,
                    summary: &summary,
                });
                report
                    .repositories
                    .push((connector.repository.clone(), summary));
                for error in problems {
                    fail(
                        store,
                        &mut report,
                        &mut progress,
                        &connector.describe(),
                        error,
                    )?;
                }
            }
            Err(SourceError::Store(e)) => return Err(e),
            Err(error) => {
                // Ids handed out for a load that was rolled back are not stored.
                identities = store.identities()?;
                fail(
                    store,
                    &mut report,
                    &mut progress,
                    &connector.describe(),
                    error,
                )?
            }
        }
    }
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

/// Reads and stores one repository. Problems after some commits were read
/// (a log that breaks off, refs whose objects are missing) still store those
/// commits and are returned beside the summary; the cursor then stays where
/// it was, so the next run reads the same history again.
fn ingest_one(
    store: &mut Store,
    connector: &GitConnector,
    identities: &mut Identities,
    rules: &Rules,
) -> Result<(LoadSummary, Vec<SourceError>), SourceError> {
    connector.update()?;
    let source = connector.describe();
    let position = connector.position()?;
    let since = store.cursor(&source, &connector.repository, "commits")?;
    if since.as_deref() == Some(position.as_str()) {
        return Ok((
            LoadSummary {
                unchanged: true,
                ..LoadSummary::default()
            },
            Vec::new(),
        ));
    }

    let mut problems = Vec::new();
    let mut stats = connector.options.stats;
    let first = read_all(connector, since.as_deref(), stats, None);
    let mut commits = match first.problem {
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
            let again = read_all(connector, since.as_deref(), false, None);
            if again.problem.is_none() {
                problems.push(SourceError::Degraded {
                    source_name: source.clone(),
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
    let complete = problems
        .iter()
        .all(|p| matches!(p, SourceError::Degraded { .. }));
    let load = RepositoryLoad {
        repository: &connector.repository,
        url: connector.url(),
        commits: &commits,
        stats,
        mailmap: connector.mailmap(),
        cursor: complete.then(|| Cursor {
            source: source.clone(),
            category: "commits",
            value: position,
        }),
    };
    let summary = store.load(&load, identities, rules)?;
    commits.clear();
    Ok((summary, problems))
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
