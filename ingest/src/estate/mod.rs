//! The estate: what each repository is made of, read from the tip of its
//! default branch and from its refs, with git's plumbing and no checkout
//! (docs/estate.md).
//!
//! - [`tip`] runs git: the refs, the tree, the blobs.
//! - [`roles`] decides which files matter, from their paths.
//! - [`java`] tells `javax.*` from `jakarta.*` imports.
//! - [`licence`] names a licence text's SPDX identifier.
//! - [`headers`] tells source files, and whether one opens with a licence
//!   header.
//! - [`maven`] reads poms, and Maven's versions and ranges.
//! - [`publiccode`] checks a `publiccode.yml` and writes drafts of one.
//! - [`recorded`] reads contents recorded beside git-log files (bundles
//!   and a refs listing), for sources without a repository.
//!
//! [`read`] puts them together into a [`Snapshot`], which the store keeps
//! per repository ([`crate::store::Store::save_snapshot`]).

pub mod headers;
pub mod java;
pub mod licence;
pub mod maven;
pub mod publiccode;
pub mod recorded;
pub mod roles;
pub mod tip;

use chrono::{DateTime, FixedOffset};

use crate::error::SourceError;
use headers::Header;
use java::EnterpriseApi;
use roles::Role;
use tip::{GitDir, Refs};

/// The most text kept of one file: poms and community files are far
/// smaller; a larger file is kept cut, and marked so.
pub const TEXT_LIMIT: usize = 256 * 1024;

/// The most read of one Java file to find its imports (they come first).
const JAVA_HEAD: usize = 64 * 1024;

/// What a repository is made of, at its default branch's tip.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Every branch and tag.
    pub refs: Refs,
    /// The default branch.
    pub branch: String,
    /// Its tip.
    pub commit: String,
    /// The tip's committer date.
    pub committed_at: Option<DateTime<FixedOffset>>,
    /// Files in the tree.
    pub files: u32,
    /// Their bytes.
    pub bytes: u64,
    /// The files that have a role.
    pub roles: Vec<TipFile>,
    /// The source files ([`headers::is_source`]) and their licence
    /// headers, in the tree's order.
    pub sources: Vec<SourceFile>,
}

/// A source file of the tip and the licence header it opens with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Its path from the root.
    pub path: String,
    /// Its licence header, `None` when it has none.
    pub header: Option<Header>,
}

/// A file of the tip that has a role.
#[derive(Debug, Clone, PartialEq)]
pub struct TipFile {
    /// Its path from the root.
    pub path: String,
    /// What it is.
    pub role: Role,
    /// Bytes.
    pub size: u64,
    /// Its text, for roles that keep it ([`Role::keeps_text`]).
    pub content: Option<String>,
    /// The text was cut at [`TEXT_LIMIT`].
    pub truncated: bool,
    /// The enterprise API a Java file imports.
    pub java_api: Option<EnterpriseApi>,
    /// A translation's language.
    pub language: Option<String>,
    /// A licence file's SPDX identifier and how closely it matched.
    pub licence: Option<(String, f32)>,
}

/// Where the refs stand: equal to the stored position, nothing has moved
/// and nothing is read again.
pub fn position(refs: &Refs) -> String {
    let refs = refs.0.iter().map(|r| {
        let head = if r.head { "*" } else { "" };
        format!("{head}{} {} {}", r.kind.as_str(), r.name, r.commit)
    });
    std::iter::once(READER.to_owned())
        .chain(refs)
        .collect::<Vec<_>>()
        .join("\n")
}

/// What reads a tip: when it learns something new (a role, licence
/// headers), every tip is read again once (their stored positions, which
/// begin with it, no longer match).
const READER: &str = "reader 3: licence headers";

/// Reads the tip `treeish` of `dir` (the default branch's commit, or a
/// recording's `HEAD`), described by `refs`. `None` when the repository
/// has no default branch (an empty repository).
pub fn read(
    dir: &GitDir,
    refs: Refs,
    treeish: Option<&str>,
) -> Result<Option<Snapshot>, SourceError> {
    let Some(default) = refs.default_branch().cloned() else {
        return Ok(None);
    };
    let tree = dir.tree(treeish.unwrap_or(&default.commit))?;
    // Every file with a role or a source one, and how much of it is read
    // (nothing when its path says all). One read serves a Java file's
    // imports and its header.
    let (read, unread): (Vec<_>, Vec<_>) = tree
        .iter()
        .filter_map(|file| {
            let role = roles::role_of(&file.path);
            let source = headers::is_source(&file.path);
            let limit = match role {
                Some(Role::Java) => JAVA_HEAD,
                Some(role) if role.keeps_text() => TEXT_LIMIT,
                _ if source => headers::HEAD,
                _ => 0,
            };
            (role.is_some() || source).then_some((file, role, source, limit))
        })
        .partition(|(.., limit)| *limit > 0);
    let mut roles: Vec<TipFile> = unread
        .iter()
        .filter_map(|(file, role, ..)| role.map(|role| tip_file(file, role, None)))
        .collect();
    let mut sources = Vec::new();
    let asked: Vec<(&str, usize)> = read
        .iter()
        .map(|(file, .., limit)| (file.blob.as_str(), *limit))
        .collect();
    dir.blobs()?.read_each(&asked, |i, bytes| {
        let (file, role, source, _) = read[i];
        if let Some(role) = role {
            roles.push(tip_file(file, role, bytes.as_deref()));
        }
        // A blob the repository lacks is not examined.
        if let (true, Some(head)) = (source, bytes) {
            sources.push(SourceFile {
                path: file.path.clone(),
                header: headers::header_of(&head),
            });
        }
    })?;
    Ok(Some(Snapshot {
        branch: default.name.clone(),
        commit: default.commit.clone(),
        committed_at: default.dated_at,
        files: u32::try_from(tree.len()).unwrap_or(u32::MAX),
        bytes: tree.iter().map(|f| f.size).sum(),
        roles,
        sources,
        refs,
    }))
}

/// One file with a role, from `bytes` read of it (`None`: not read, or
/// missing from the repository): its text, imports, language or licence.
fn tip_file(file: &tip::TreeFile, role: Role, bytes: Option<&[u8]>) -> TipFile {
    let mut tip_file = TipFile {
        path: file.path.clone(),
        role,
        size: file.size,
        content: None,
        truncated: false,
        java_api: None,
        language: None,
        licence: None,
    };
    match (role, bytes) {
        (Role::Java, Some(bytes)) => {
            tip_file.java_api = java::enterprise_api(&String::from_utf8_lossy(bytes));
        }
        (Role::I18n, _) => {
            let name = file.path.rsplit('/').next().unwrap_or_default();
            tip_file.language = roles::language_of(&name.to_ascii_lowercase());
        }
        (_, Some(bytes)) if role.keeps_text() => {
            tip_file.truncated = (bytes.len() as u64) < file.size;
            let text = String::from_utf8_lossy(bytes).into_owned();
            if role == Role::Licence {
                tip_file.licence = licence::detect_text(&text).known();
            }
            tip_file.content = Some(text);
        }
        _ => {}
    }
    tip_file
}

/// `work` on every job, on as many threads as the machine has cores (at
/// least two: the work mostly waits on git's processes); `None` for jobs
/// left once `stop` is set. Reading repositories side by side is what
/// keeps an unchanged estate's check short (docs/benchmarks.md).
pub fn side_by_side<J: Sync, T: Send>(
    jobs: &[J],
    stop: &std::sync::atomic::AtomicBool,
    work: impl Fn(&J) -> T + Sync,
) -> Vec<Option<T>> {
    use std::sync::atomic::Ordering;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<T>>> =
        jobs.iter().map(|_| Default::default()).collect();
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .max(2);
    std::thread::scope(|scope| {
        for _ in 0..threads.min(jobs.len()) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= jobs.len() || stop.load(Ordering::Relaxed) {
                    break;
                }
                let result = work(&jobs[i]);
                *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
            });
        }
    });
    results
        .into_iter()
        .map(|r| r.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect()
}
