//! One ingest run over every configured source.
//!
//! Each repository is read and stored on its own: a source that cannot be
//! reached, or a log that breaks off, is reported and recorded in
//! `ingest_errors`, and the run goes on with the others. Commits read before
//! a parse error are stored.

use std::path::Path;

use crate::config::SourceConfig;
use crate::error::{SourceError, StoreError};
use crate::git::{log_files, GitConnector};
use crate::store::{LoadSummary, Store};

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
                t.contributors_added += s.contributors_added;
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
            SourceConfig::Git { urls, paths } => {
                connectors.extend(urls.iter().map(|u| GitConnector::remote(u, clones)));
                connectors.extend(paths.iter().map(|p| GitConnector::local(p)));
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
        match ingest_one(store, connector, &mut identities) {
            Ok((summary, problem)) => {
                progress(Progress::Stored {
                    repository: &connector.repository,
                    summary: &summary,
                });
                report
                    .repositories
                    .push((connector.repository.clone(), summary));
                if let Some(error) = problem {
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
            Err(error) => fail(
                store,
                &mut report,
                &mut progress,
                &connector.describe(),
                error,
            )?,
        }
    }
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

/// Reads and stores one repository. A parse or `git log` failure after some
/// commits were read still stores those commits and is returned beside the
/// summary.
fn ingest_one(
    store: &mut Store,
    connector: &GitConnector,
    identities: &mut crate::identity::Identities,
) -> Result<(LoadSummary, Option<SourceError>), SourceError> {
    connector.update()?;
    let mut stream = connector.commits()?;
    let mut commits = Vec::new();
    let mut problem = None;
    while let Some(next) = stream.next_commit() {
        match next {
            Ok(commit) => commits.push(commit),
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
        if let Err(detail) = stream.finish() {
            problem = Some(SourceError::Git {
                source_name: connector.describe(),
                action: "log",
                detail,
            });
        }
    }
    // Nothing read and something wrong: a failed source, not an empty
    // repository to list on the dashboard.
    if commits.is_empty() {
        if let Some(problem) = problem {
            return Err(problem);
        }
    }
    // Reload identities if the load fails, so ids handed out in a rolled-back
    // transaction are not reused as if they had been stored.
    let summary = store
        .load_commits(&connector.repository, connector.url(), &commits, identities)
        .inspect_err(|_| {
            if let Ok(fresh) = store.identities() {
                *identities = fresh;
            }
        })?;
    Ok((summary, problem))
}
