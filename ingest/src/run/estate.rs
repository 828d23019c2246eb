//! Reading each repository's contents after its history: its refs, then,
//! when they moved since the last run, the tip of its default branch
//! ([`crate::estate`]). A repository whose refs have not moved costs one
//! `git for-each-ref`. Git-log files have contents only where the source
//! names recordings (`heads`, `refs`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::{fail, IngestReport, Progress};
use crate::config::SourceConfig;
use crate::error::{SourceError, StoreError};
use crate::estate::maven;
use crate::estate::recorded::{self, RecordedRefs};
use crate::estate::roles::Role;
use crate::estate::tip::{GitDir, Refs};
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

/// Reads and keeps the contents of every connector's repository.
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
    for connector in connectors
        .iter()
        .filter(|c| !failed.contains(&c.describe()))
    {
        if stop.load(Ordering::Relaxed) {
            report.stopped = true;
            break;
        }
        let name = connector.repository.as_str();
        let outcome = read_one(
            store,
            connector,
            recordings.get(&name.to_lowercase()),
            clones,
        );
        match outcome {
            Ok(Outcome::Read) => report.estate.read += 1,
            Ok(Outcome::Unchanged) => report.estate.unchanged += 1,
            Ok(Outcome::Nothing) => report.estate.without_contents += 1,
            Err(SourceError::Store(e)) => return Err(e),
            Err(error) => fail(store, report, progress, name, error, false)?,
        }
    }
    // Every module again: a parent's change reaches its children.
    if report.estate.read > 0 {
        let (modules, dependencies) = maven::modules::modules(&store.tip_texts(Role::Pom)?);
        store.replace_maven(&modules, &dependencies)?;
    }
    Ok(())
}

enum Outcome {
    Read,
    Unchanged,
    Nothing,
}

fn read_one(
    store: &mut Store,
    connector: &GitConnector,
    recording: Option<&Recording>,
    clones: &Path,
) -> Result<Outcome, SourceError> {
    let name = connector.repository.as_str();
    let (dir, refs, treeish) = match (&connector.origin, recording) {
        (Origin::LogFile(_), None) => return Ok(Outcome::Nothing),
        (Origin::LogFile(_), Some(recording)) => {
            let Some(dir) = recorded::bundle_clone(&recording.heads, name, clones)? else {
                return Ok(Outcome::Nothing);
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
    changed_tip(store, name, &dir, refs, treeish)
}

/// Reads and keeps the tip unless the refs stand where they stood.
fn changed_tip(
    store: &mut Store,
    name: &str,
    dir: &GitDir,
    refs: Refs,
    treeish: Option<&str>,
) -> Result<Outcome, SourceError> {
    let position = crate::estate::position(&refs);
    if store.tip_position(name)?.as_deref() == Some(position.as_str()) {
        return Ok(Outcome::Unchanged);
    }
    let Some(snapshot) = crate::estate::read(dir, refs, treeish)? else {
        return Ok(Outcome::Nothing);
    };
    Ok(if store.save_snapshot(name, &snapshot, &position)? {
        Outcome::Read
    } else {
        Outcome::Nothing
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
