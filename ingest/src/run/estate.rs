//! Reading each repository's contents after its history: its refs, then,
//! when they moved since the last run, the tip of its default branch
//! ([`crate::estate`]). A repository whose refs have not moved costs one
//! `git for-each-ref`. Git-log files have contents only where the source
//! names recordings (`heads`, `refs`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use super::{fail, IngestReport, Progress};
use crate::config::SourceConfig;
use crate::error::{SourceError, StoreError};
use crate::estate::maven;
use crate::estate::recorded::{self, RecordedRefs};
use crate::estate::roles::Role;
use crate::estate::tip::GitDir;
use crate::estate::Snapshot;
use crate::git::{log_files, GitConnector, Origin};
use crate::store::Store;

/// What a run did with the repositories' contents.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct EstateSummary {
    /// Tips read and kept.
    pub read: u32,
    /// Repositories whose refs had not moved: nothing read.
    pub unchanged: u32,
    /// Repositories without contents to read (git-log files without
    /// recordings, empty repositories).
    pub without_contents: u32,
}

/// A git-log source's recordings: the folder of bundles, and the refs.
struct Recording {
    heads: PathBuf,
    refs: Option<Arc<RecordedRefs>>,
}

/// Reads and keeps the contents of every connector's repository: their
/// refs and tips read side by side (git's processes start in a few
/// milliseconds each, which dominates an unchanged estate), then kept one
/// after the other.
pub(super) fn read_all(
    store: &mut Store,
    connectors: &[GitConnector],
    sources: &[SourceConfig],
    clones: &Path,
    report: &mut IngestReport,
    progress: &mut impl FnMut(Progress<'_>),
    stop: &AtomicBool,
) -> Result<(), StoreError> {
    let recordings = recordings(sources, store, report, progress)?;
    // A repository whose history could not be read was reported already.
    let failed: std::collections::HashSet<String> = report
        .failures
        .iter()
        .map(|(source, _)| source.clone())
        .collect();
    let jobs: Vec<&GitConnector> = connectors
        .iter()
        .filter(|c| !failed.contains(&c.describe()))
        .collect();
    let stored = store.tip_positions()?;
    let found = crate::estate::side_by_side(&jobs, stop, |connector| {
        let name = connector.repository.as_str();
        let recording = recordings.get(&name.to_lowercase());
        examine(
            connector,
            recording,
            clones,
            stored.get(&name.to_lowercase()),
        )
    });
    for (connector, outcome) in jobs.iter().zip(found) {
        let name = connector.repository.as_str();
        match outcome {
            None => report.stopped = true,
            Some(Ok(Found::Changed(snapshot, position))) => {
                if store.save_snapshot(name, &snapshot, &position)? {
                    report.estate.read += 1;
                } else {
                    report.estate.without_contents += 1;
                }
            }
            Some(Ok(Found::Unchanged)) => report.estate.unchanged += 1,
            Some(Ok(Found::Nothing)) => report.estate.without_contents += 1,
            Some(Err(SourceError::Store(e))) => return Err(e),
            Some(Err(error)) => fail(store, report, progress, name, error, false)?,
        }
    }
    // Every module again: a parent's change reaches its children.
    if report.estate.read > 0 {
        let (modules, dependencies) = maven::modules::modules(&store.tip_texts(Role::Pom)?);
        store.replace_maven(&modules, &dependencies)?;
    }
    Ok(())
}

/// What a repository's refs say.
enum Found {
    /// They moved: the tip read, and where the refs stand.
    Changed(Box<Snapshot>, String),
    /// They stand where they stood.
    Unchanged,
    /// No contents to read.
    Nothing,
}

/// Reads `connector`'s refs and, if they moved from `stored`, its tip.
fn examine(
    connector: &GitConnector,
    recording: Option<&Recording>,
    clones: &Path,
    stored: Option<&String>,
) -> Result<Found, SourceError> {
    let name = connector.repository.as_str();
    let (dir, refs, treeish) = match (&connector.origin, recording) {
        (Origin::LogFile(_), None) => return Ok(Found::Nothing),
        (Origin::LogFile(_), Some(recording)) => {
            let Some(dir) = recorded::bundle_clone(&recording.heads, name, clones)? else {
                return Ok(Found::Nothing);
            };
            let own = dir.refs()?;
            let branch = own
                .default_branch()
                .map(|b| b.name.clone())
                .unwrap_or_default();
            let refs = recording
                .refs
                .as_ref()
                .and_then(|listing| listing.of(name, &branch))
                .unwrap_or(own);
            (dir, refs, Some("HEAD"))
        }
        (Origin::Local(path) | Origin::Remote { clone: path, .. }, _) => {
            let dir = GitDir {
                path: path.clone(),
                describe: connector.describe(),
            };
            let refs = dir.refs()?;
            (dir, refs, None)
        }
    };
    let position = crate::estate::position(&refs);
    if stored == Some(&position) {
        return Ok(Found::Unchanged);
    }
    Ok(match crate::estate::read(&dir, refs, treeish)? {
        Some(snapshot) => Found::Changed(Box::new(snapshot), position),
        None => Found::Nothing,
    })
}

/// The recordings of every git-log source that names them, by repository
/// (lower-case). A refs listing that cannot be read is reported; the
/// bundles are still read.
fn recordings(
    sources: &[SourceConfig],
    store: &Store,
    report: &mut IngestReport,
    progress: &mut impl FnMut(Progress<'_>),
) -> Result<HashMap<String, Recording>, StoreError> {
    let mut found = HashMap::new();
    for source in sources {
        let SourceConfig::GitLog {
            path,
            heads: Some(heads),
            refs,
        } = source
        else {
            continue;
        };
        let listing = match refs.as_deref().map(RecordedRefs::load) {
            None => None,
            Some(Ok(listing)) => Some(Arc::new(listing)),
            Some(Err(e)) => {
                fail(
                    store,
                    report,
                    progress,
                    &path.display().to_string(),
                    e,
                    false,
                )?;
                None
            }
        };
        // A folder that cannot be listed was reported with the histories.
        for file in log_files(path).unwrap_or_default() {
            let repository = GitConnector::log_file(&file).repository.to_lowercase();
            found.insert(
                repository,
                Recording {
                    heads: heads.clone(),
                    refs: listing.clone(),
                },
            );
        }
    }
    Ok(found)
}
