//! One ingest run over every configured source.
//!
//! Repositories are read one after the other on a reader thread and stored
//! by this one, several small ones per transaction (see [`crate::store`]). A
//! source that cannot be reached, or a log that breaks off, is reported and
//! recorded in `ingest_errors`, and the run goes on with the others; commits
//! read before a parse error are stored.

mod estate;
pub mod freshness;
mod histories;

use std::collections::HashSet;
use std::path::Path;

use crate::config::SourceConfig;
use crate::error::{SourceError, StoreError};
use crate::git::{log_files, same_repository_key, GitConnector, GitOptions, Origin};
use crate::identity::Rules;
use crate::store::{LoadSummary, ResolveSummary, Store};
pub use estate::EstateSummary;
pub use freshness::FreshnessSummary;
use histories::HistoryWriter;

/// What a run reports while it works, for progress displays.
#[derive(Debug, Clone)]
pub enum Progress<'a> {
    /// The run knows how many repositories it will read.
    Planned {
        /// Repositories to read.
        repositories: usize,
    },
    /// A repository was stored.
    Stored {
        /// Its name.
        repository: &'a str,
        /// What changed.
        summary: &'a LoadSummary,
    },
    /// More repositories to read (a forge source listed its organisations).
    MorePlanned {
        /// Repositories added to the plan.
        repositories: usize,
    },
    /// A repository's forge data was stored.
    ForgeStored {
        /// Its name.
        repository: &'a str,
        /// What changed.
        summary: &'a crate::store::ForgeSummary,
        /// Nothing had changed since the last run.
        unchanged: bool,
    },
    /// More GH Archive hours to read: a `kind = "gharchive"` source counts
    /// hours, however many repositories each names.
    HoursPlanned {
        /// Hours added to the plan.
        hours: usize,
    },
    /// A GH Archive hour was read and stored, or left unread because an
    /// earlier run stored it whole.
    HourStored {
        /// The hour: its file, or the source and the hour downloaded.
        hour: &'a str,
        /// Events read (none when left unread).
        events: u64,
        /// What its events added, all repositories together.
        summary: &'a crate::store::ForgeSummary,
        /// An earlier run stored it whole: it was not read again.
        already_stored: bool,
    },
    /// Repositories whose forge data was left unread this run (a message
    /// says why); done, for progress counts.
    Skipped {
        /// How many.
        repositories: usize,
    },
    /// The run waits (a rate limit, `Retry-After`, a retry's backoff).
    Waiting {
        /// Seconds.
        seconds: u64,
        /// Why, in words.
        reason: String,
    },
    /// The freshness of an external dependency is being asked for
    /// ([`freshness::ask_all`]).
    FreshnessAsked {
        /// Artifacts done.
        done: usize,
        /// Artifacts to ask about.
        total: usize,
    },
    /// A repository, an hour of GH Archive, or a whole source failed, or
    /// was read only in part; the run goes on.
    Failed {
        /// The repository or source.
        source: &'a str,
        /// Why, in words a user can act on.
        error: &'a SourceError,
        /// Nothing of this repository (or hour) was stored: it is done, as
        /// a stored one would be (for progress counts).
        skipped: bool,
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
    /// What was read of the repositories' contents.
    pub estate: EstateSummary,
    /// What is known of the external dependencies' freshness
    /// ([`freshness::ask_all`], after the run).
    pub freshness: FreshnessSummary,
    /// Repositories read from forges, with what each added.
    pub forge: Vec<(String, crate::store::ForgeSummary)>,
    /// Forge requests made (each retry counts) and answered `304 Not Modified`.
    pub forge_requests: (u64, u64),
    /// The run was asked to stop and stopped after a committed batch: what
    /// it stored is whole, and the next run reads on from there.
    pub stopped: bool,
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
/// source that cannot even be listed becomes a failure. `forges` are the
/// repositories forge sources listed, by name and clone URL: cloned and
/// fetched as git URL sources are, unless a git source already reads the
/// same URL. A repository is read once however often it is named.
fn plan(
    sources: &[SourceConfig],
    clones: &Path,
    forges: &[(&str, &str)],
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
            SourceConfig::GitLog { path, .. } => match log_files(path) {
                Ok(files) => connectors.extend(files.iter().map(|f| GitConnector::log_file(f))),
                Err(e) => failures.push((path.display().to_string(), e)),
            },
            // Forge sources are collected after the git ones
            // (crate::forge::run); their repositories' history is read here.
            SourceConfig::Github { .. } | SourceConfig::Gitlab(_) => {}
            // GH Archive has no git history to read (crate::gharchive).
            SourceConfig::Gharchive(_) => {}
        }
    }
    connectors.extend(
        forges
            .iter()
            .map(|(name, url)| GitConnector::remote_named(url, name, clones)),
    );
    // The first of a URL (or of a clone folder) wins: a git source's own
    // options over a forge's defaults. Two readers of one clone would also
    // race when clones are fetched side by side.
    let (mut urls, mut folders) = (HashSet::new(), HashSet::new());
    connectors.retain(|c| match &c.origin {
        Origin::Remote { url, clone } => {
            let first_url = urls.insert(same_repository_key(url));
            let first_folder = folders.insert(clone.to_string_lossy().to_lowercase());
            first_url && first_folder
        }
        _ => true,
    });
    (connectors, failures)
}

/// Runs every source into the store. Only a failure of the store itself
/// stops the run; everything else is reported in the [`IngestReport`].
pub fn ingest(
    store: &mut Store,
    sources: &[SourceConfig],
    clones: &Path,
    rules: &Rules,
    progress: impl FnMut(Progress<'_>),
) -> Result<IngestReport, StoreError> {
    ingest_until(
        store,
        sources,
        clones,
        rules,
        &std::sync::atomic::AtomicBool::new(false),
        progress,
    )
}

/// [`ingest`], stopping early once `stop` is set: after the batch being
/// written is committed (a batch is one transaction, so nothing is ever
/// half-written), and between forge repositories.
pub fn ingest_until(
    store: &mut Store,
    sources: &[SourceConfig],
    clones: &Path,
    rules: &Rules,
    stop: &std::sync::atomic::AtomicBool,
    mut progress: impl FnMut(Progress<'_>),
) -> Result<IngestReport, StoreError> {
    use std::sync::atomic::Ordering;
    // Read whole before the run is recorded: a damaged store is found
    // before anything is written to it.
    store.verify()?;
    let mut identities = store.identities()?;
    let cursors = store.cursors("commits")?;
    let run_id = store.begin_run()?;
    let mut report = IngestReport {
        run_id,
        ..IngestReport::default()
    };
    // Forge sources list their repositories first: their git history is
    // read with the git sources', their issues and the rest after.
    let mut listings = Vec::new();
    for source in sources {
        if let Some(listing) = crate::forge::run::list(store, source, &mut report, &mut progress)? {
            listings.push(listing);
        }
    }
    let forge_clones: Vec<(&str, &str)> = listings.iter().flat_map(|l| l.clone_urls()).collect();
    let (connectors, planning_failures) = plan(sources, clones, &forge_clones);
    progress(Progress::Planned {
        repositories: connectors.len(),
    });
    for (source, error) in planning_failures {
        // A source that could not even be listed has no repository in the plan.
        fail(store, &mut report, &mut progress, &source, error, false)?;
    }
    HistoryWriter {
        store,
        rules,
        identities: &mut identities,
        report: &mut report,
        progress: &mut progress,
    }
    .store_all(&connectors, &cursors, stop)?;
    if !stop.load(Ordering::Relaxed) {
        estate::read_all(
            store,
            &connectors,
            sources,
            clones,
            &mut report,
            &mut progress,
            stop,
        )?;
    }
    for listing in listings {
        if stop.load(Ordering::Relaxed) {
            report.stopped = true;
            break;
        }
        crate::forge::run::collect(store, listing, &mut report, &mut progress, stop)?;
    }
    // GH Archive's history after the forges' recent data: an hour's older
    // state of an item does not replace a newer one (crate::gharchive).
    for source in sources {
        if stop.load(Ordering::Relaxed) {
            report.stopped = true;
            break;
        }
        if let SourceConfig::Gharchive(archive) = source {
            crate::gharchive::run(store, archive, &mut report, &mut progress, stop)?;
        }
    }
    // The rules (identities file, patterns) may have changed since the last run.
    report.contributors = store.resolve_contributors(rules)?;
    // Who answered first depends on who is whom and who is a bot.
    store.update_first_responses()?;
    store.finish_run(
        run_id,
        report.totals().commits_added,
        report.failures.len() as u32,
        report.stopped,
    )?;
    Ok(report)
}

/// Reports what went wrong with a source (or one repository of it): shown
/// as progress, recorded with the run, counted in the report. `skipped`: the
/// repository was left out entirely.
pub(crate) fn fail(
    store: &Store,
    report: &mut IngestReport,
    progress: &mut impl FnMut(Progress<'_>),
    source: &str,
    error: SourceError,
    skipped: bool,
) -> Result<(), StoreError> {
    progress(Progress::Failed {
        source,
        error: &error,
        skipped,
    });
    let message = error.to_string();
    store.record_error(report.run_id, source, &message)?;
    report.failures.push((source.to_owned(), message));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repository_named_by_a_git_source_and_a_forge_is_read_once() {
        let sources = [SourceConfig::Git {
            urls: vec!["https://github.com/lutece-platform/lutece-core.git".into()],
            paths: vec![],
            stats: false,
            refs: vec![],
            exclude: vec![],
        }];
        let forges = [
            (
                "lutece-platform/lutece-core",
                "https://GitHub.com/lutece-platform/lutece-core",
            ),
            (
                "Lutece-Platform/Lutece-Form",
                "https://github.com/lutece-platform/lutece-form.git",
            ),
            (
                "lutece-platform/lutece-form",
                "https://gitlab.example/lutece-form.git",
            ),
        ];
        let (connectors, failures) = plan(&sources, Path::new("/c"), &forges);
        assert!(failures.is_empty());
        let named: Vec<(&str, bool)> = connectors
            .iter()
            .map(|c| (c.repository.as_str(), c.options.stats))
            .collect();
        // The git source keeps its own options; the forge's name is kept as
        // the forge spells it; one clone folder is one repository.
        assert_eq!(
            named,
            [
                ("lutece-platform/lutece-core", false),
                ("Lutece-Platform/Lutece-Form", true)
            ]
        );
    }
}
