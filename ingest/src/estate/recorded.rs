//! Contents recorded beside git-log files, for sources that have no
//! repository to read: a folder of git bundles holding each repository's
//! default-branch tip (`OWNER+NAME.bundle`), and a listing of every ref
//! with its date (a CSV, plain or gzipped, with the columns `repo`, `ref`,
//! `object_type`, `target_commit`, `tagger_date`, `creator_date`).
//!
//! ```toml
//! [[sources]]
//! kind = "git-log"
//! path = "../shared/data/lutece-gitlog"
//! heads = "../shared/data/lutece-heads"        # OWNER+NAME.bundle
//! refs = "../shared/data/lutece-refs.csv.gz"
//! ```

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::DateTime;

use super::tip::{GitDir, GitRef, RefKind, Refs};
use crate::error::SourceError;

/// Every repository's refs, as a listing records them.
#[derive(Debug, Default)]
pub struct RecordedRefs(HashMap<String, Vec<GitRef>>);

impl RecordedRefs {
    /// Reads the listing at `path`; a missing column or an unreadable row
    /// is an error naming the file and the line.
    pub fn load(path: &Path) -> Result<Self, SourceError> {
        let unreadable = |line: u64, reason: String| SourceError::Invalid {
            path: path.to_owned(),
            reason: format!("line {line}: {reason}"),
        };
        let file = std::fs::File::open(path).map_err(|source| SourceError::Read {
            path: path.to_owned(),
            source,
        })?;
        let input: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
            Box::new(flate2::read::MultiGzDecoder::new(file))
        } else {
            Box::new(file)
        };
        let mut reader = csv::Reader::from_reader(input);
        let headers = reader
            .headers()
            .map_err(|e| unreadable(1, e.to_string()))?
            .clone();
        let column = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| unreadable(1, format!("there is no `{name}` column")))
        };
        let [repo, name, kind, target, tagged, created] = [
            "repo",
            "ref",
            "object_type",
            "target_commit",
            "tagger_date",
            "creator_date",
        ]
        .map(column);
        let (repo, name, kind, target, tagged, created) =
            (repo?, name?, kind?, target?, tagged?, created?);
        let mut refs: HashMap<String, Vec<GitRef>> = HashMap::new();
        for (row, record) in reader.records().enumerate() {
            let record = record.map_err(|e| unreadable(row as u64 + 2, e.to_string()))?;
            let field = |i: usize| record.get(i).unwrap_or_default();
            let (ref_kind, short) = match field(name).split_once('/').map(|(_, r)| r) {
                Some(r) if r.starts_with("heads/") => (RefKind::Branch, &r["heads/".len()..]),
                Some(r) if r.starts_with("tags/") => (RefKind::Tag, &r["tags/".len()..]),
                // Pull request heads and others are not the repository's own.
                _ => continue,
            };
            let date = if field(kind) == "tag" {
                field(tagged)
            } else {
                field(created)
            };
            refs.entry(field(repo).to_lowercase())
                .or_default()
                .push(GitRef {
                    name: short.to_owned(),
                    kind: ref_kind,
                    commit: field(target).to_owned(),
                    dated_at: DateTime::parse_from_rfc3339(date).ok(),
                    head: false,
                });
        }
        Ok(Self(refs))
    }

    /// The refs of `repository` (`owner/name`, any case), the branch
    /// `default_branch` marked as the default.
    pub fn of(&self, repository: &str, default_branch: &str) -> Option<Refs> {
        let mut refs = self.0.get(&repository.to_lowercase())?.clone();
        for r in &mut refs {
            r.head = r.kind == RefKind::Branch && r.name == default_branch;
        }
        refs.sort_by(|a, b| {
            (a.kind == RefKind::Tag, &a.name).cmp(&(b.kind == RefKind::Tag, &b.name))
        });
        Some(Refs(refs))
    }
}

/// The bare repository made from `repository`'s bundle in `heads`, cloned
/// into `clones/heads/` on first use and again when the bundle changes;
/// `None` when the folder has no bundle for it.
pub fn bundle_clone(
    heads: &Path,
    repository: &str,
    clones: &Path,
) -> Result<Option<GitDir>, SourceError> {
    let file = format!("{}.bundle", repository.replace('/', "+"));
    let bundle = heads.join(&file);
    let Ok(meta) = std::fs::metadata(&bundle) else {
        return Ok(None);
    };
    let clone = clones.join("heads").join(file.replace(".bundle", ".git"));
    let stamp = format!("{} {:?}", meta.len(), meta.modified().ok());
    let stamp_file = clone.join("vigie-bundle");
    let dir = GitDir {
        path: clone.clone(),
        describe: bundle.display().to_string(),
    };
    if std::fs::read_to_string(&stamp_file).is_ok_and(|s| s == stamp) {
        return Ok(Some(dir));
    }
    clone_bundle(&bundle, &clone)?;
    std::fs::write(&stamp_file, stamp).map_err(|source| SourceError::Read {
        path: stamp_file.clone(),
        source,
    })?;
    Ok(Some(dir))
}

/// `git clone --bare BUNDLE CLONE`, through a temporary name so that an
/// interrupted clone is never taken for a complete one.
fn clone_bundle(bundle: &Path, clone: &Path) -> Result<(), SourceError> {
    let folder_error = |path: &Path, source| SourceError::Read {
        path: path.to_owned(),
        source,
    };
    let partial: PathBuf = clone.with_extension("partial");
    let _ = std::fs::remove_dir_all(&partial);
    if let Some(parent) = clone.parent() {
        std::fs::create_dir_all(parent).map_err(|e| folder_error(parent, e))?;
    }
    let output = Command::new("git")
        .args(["clone", "--bare", "--quiet", "--"])
        .arg(bundle)
        .arg(&partial)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| SourceError::Git {
            source_name: bundle.display().to_string(),
            action: "clone",
            detail: format!("cannot run git: {e}"),
        })?;
    if !output.status.success() {
        return Err(SourceError::Git {
            source_name: bundle.display().to_string(),
            action: "clone",
            detail: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        });
    }
    let _ = std::fs::remove_dir_all(clone);
    std::fs::rename(&partial, clone).map_err(|e| folder_error(clone, e))
}
