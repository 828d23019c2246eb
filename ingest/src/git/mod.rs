//! The git connector: repositories by URL or path, and Perceval git-log files.
//!
//! Like every Vigie source it has a client (here, the `git` program: clone,
//! fetch, log), a parser ([`parser::GitLogParser`]) and the connector
//! ([`GitConnector`]) that yields normalised commits for a repository.

mod log;
mod parallel;
pub mod parser;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::SourceError;
pub use log::{log_files, open_log_file, CommitStream};
pub use parser::{Commit, GitLogParser, Signature};

/// The arguments GrimoireLab Perceval passes to `git log`: its log files are
/// read by the same parser as a live repository.
pub const PERCEVAL_LOG_ARGS: &[&str] = &[
    "log",
    "--reverse",
    "--topo-order",
    "--raw",
    "--numstat",
    "--pretty=fuller",
    "--decorate=full",
    "--parents",
    "-M",
    "-C",
    "-c",
    "--branches",
    "--tags",
];

/// Where a repository's history comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A remote repository, cloned bare into `clone`.
    Remote {
        /// The URL as configured.
        url: String,
        /// The local bare clone.
        clone: PathBuf,
    },
    /// A local repository, bare or not.
    Local(PathBuf),
    /// A Perceval git-log file, plain or gzip-compressed.
    LogFile(PathBuf),
}

/// How a repository is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitOptions {
    /// Read line stats (`--raw --numstat -M -C -c`).
    pub stats: bool,
    /// The refs to read; empty for every branch and tag.
    pub refs: Vec<String>,
    /// Pathspecs left out of the line stats.
    pub exclude: Vec<String>,
}

impl Default for GitOptions {
    fn default() -> Self {
        Self {
            stats: true,
            refs: Vec::new(),
            exclude: Vec::new(),
        }
    }
}

/// One repository to read, with the name it is stored under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitConnector {
    /// `owner/name` for hosted repositories, the folder name for local ones.
    pub repository: String,
    /// Where its history is read from.
    pub origin: Origin,
    /// How it is read (log files are read as they are).
    pub options: GitOptions,
}

impl GitConnector {
    /// The same connector, read with these options.
    pub fn with_options(mut self, options: GitOptions) -> Self {
        self.options = options;
        self
    }

    /// A connector for a remote repository cloned under `clones`.
    pub fn remote(url: &str, clones: &Path) -> Self {
        Self::remote_named(url, &repository_from_url(url), clones)
    }

    /// A connector for a remote repository stored as `repository`
    /// (`owner/name`), whatever its URL says: a forge's repository keeps
    /// the forge's name, so its history and its issues share one row.
    pub fn remote_named(url: &str, repository: &str, clones: &Path) -> Self {
        let folder = format!("{}.git", repository.replace('/', "+"));
        Self {
            repository: repository.to_owned(),
            origin: Origin::Remote {
                url: url.to_owned(),
                clone: clones.join(folder),
            },
            options: GitOptions::default(),
        }
    }

    /// A connector for a local repository.
    pub fn local(path: &Path) -> Self {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().trim_end_matches(".git").to_owned())
            .unwrap_or_else(|| path.display().to_string());
        Self {
            repository: name,
            origin: Origin::Local(path.to_owned()),
            options: GitOptions::default(),
        }
    }

    /// A connector for a git-log file named `OWNER+NAME.gitlog.txt[.gz]`.
    pub fn log_file(path: &Path) -> Self {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = file
            .trim_end_matches(".gz")
            .trim_end_matches(".txt")
            .trim_end_matches(".gitlog");
        Self {
            repository: stem.replacen('+', "/", 1),
            origin: Origin::LogFile(path.to_owned()),
            options: GitOptions::default(),
        }
    }

    /// The URL to show for this repository, when it has one.
    pub fn url(&self) -> Option<&str> {
        match &self.origin {
            Origin::Remote { url, .. } => Some(url),
            _ => None,
        }
    }

    /// What to call this source in messages.
    pub fn describe(&self) -> String {
        match &self.origin {
            Origin::Remote { url, .. } => url.clone(),
            Origin::Local(p) | Origin::LogFile(p) => p.display().to_string(),
        }
    }

    /// Brings a remote repository's clone up to date (clone on first use,
    /// then fetch branches and tags). Local repositories and files need nothing.
    pub fn update(&self) -> Result<(), SourceError> {
        let Origin::Remote { url, clone } = &self.origin else {
            return Ok(());
        };
        if clone.join("HEAD").exists() {
            self.git(
                "fetch",
                Command::new("git").arg("-C").arg(clone).args([
                    "fetch",
                    "--quiet",
                    "--prune",
                    "--force",
                    // The URL is never taken for an option.
                    "--",
                    url,
                    "+refs/heads/*:refs/heads/*",
                    "+refs/tags/*:refs/tags/*",
                ]),
            )
        } else {
            if let Some(parent) = clone.parent() {
                std::fs::create_dir_all(parent).map_err(|source| SourceError::Read {
                    path: parent.to_owned(),
                    source,
                })?;
            }
            // Clone into a temporary name so an interrupted clone is never
            // mistaken for a complete one.
            let partial = clone.with_extension("partial");
            let _ = std::fs::remove_dir_all(&partial);
            self.git(
                "clone",
                Command::new("git")
                    .args(["clone", "--bare", "--quiet", "--", url])
                    .arg(&partial),
            )?;
            std::fs::rename(&partial, clone).map_err(|source| SourceError::Read {
                path: clone.clone(),
                source,
            })
        }
    }

    fn git(&self, action: &'static str, command: &mut Command) -> Result<(), SourceError> {
        self.output(action, command).map(|_| ())
    }

    /// The repository to run git in, if this is not a log file.
    pub(crate) fn git_dir(&self) -> Option<&Path> {
        match &self.origin {
            Origin::LogFile(_) => None,
            Origin::Local(path) | Origin::Remote { clone: path, .. } => Some(path),
        }
    }

    /// Where the source stands now: for a repository, the tips of the refs
    /// read (one `sha ref` line each); for a log file, its size and time.
    /// A run whose position equals the stored cursor has nothing to read.
    pub fn position(&self) -> Result<String, SourceError> {
        let Some(dir) = self.git_dir() else {
            let Origin::LogFile(path) = &self.origin else {
                unreachable!()
            };
            let meta = std::fs::metadata(path).map_err(|source| SourceError::Read {
                path: path.clone(),
                source,
            })?;
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_nanos())
                .unwrap_or_default();
            return Ok(format!("file {} {modified}", meta.len()));
        };
        if !dir.is_dir() {
            return Err(SourceError::Read {
                path: dir.to_owned(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such repository"),
            });
        }
        let mut command = Command::new("git");
        command
            .arg("-C")
            .arg(dir)
            .args(["for-each-ref", "--format=%(objectname) %(refname)"]);
        if self.options.refs.is_empty() {
            command.args(["refs/heads", "refs/tags"]);
        }
        let output = self.output("for-each-ref", &mut command)?;
        let mut lines: Vec<&str> = output.lines().collect();
        if !self.options.refs.is_empty() {
            let wanted = |line: &&str| {
                let name = line.split_once(' ').map(|(_, r)| r).unwrap_or_default();
                self.options
                    .refs
                    .iter()
                    .any(|r| name == r || name.ends_with(&format!("/{r}")) || glob_match(r, name))
            };
            lines.retain(wanted);
        }
        lines.sort_unstable();
        Ok(format!("refs {}", lines.join("\n")))
    }

    /// The repository's `.mailmap` (at HEAD), if it has one.
    pub fn mailmap(&self) -> Option<Vec<crate::identity::mailmap::MailmapEntry>> {
        let dir = self.git_dir()?;
        let output = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["cat-file", "blob", "HEAD:.mailmap"])
            .env("GIT_NO_LAZY_FETCH", "1")
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        // No .mailmap (or no HEAD): an empty one, replacing any stored.
        Some(if output.status.success() {
            crate::identity::mailmap::parse(&String::from_utf8_lossy(&output.stdout))
        } else {
            Vec::new()
        })
    }

    fn output(&self, action: &'static str, command: &mut Command) -> Result<String, SourceError> {
        let output = command
            .env("GIT_TERMINAL_PROMPT", "0")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| SourceError::Git {
                source_name: self.describe(),
                action,
                detail: format!("cannot run git: {e}"),
            })?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            Err(SourceError::Git {
                source_name: self.describe(),
                action,
                detail: last_lines(&String::from_utf8_lossy(&output.stderr)),
            })
        }
    }
}

/// `refs/heads/release/*` style patterns: `*` matches within one path part.
fn glob_match(pattern: &str, name: &str) -> bool {
    let Some((prefix, suffix)) = pattern.split_once('*') else {
        return false;
    };
    name.len() >= prefix.len() + suffix.len()
        && name.starts_with(prefix)
        && name.ends_with(suffix)
        && !name[prefix.len()..name.len() - suffix.len()].contains('/')
}

/// `https://github.com/owner/name.git` → `owner/name`; other URLs keep their
/// path (`git@host:group/sub/name.git` → `group/sub/name`).
pub fn repository_from_url(url: &str) -> String {
    let path = match url.split_once("://") {
        // scheme://host/path
        Some((_, rest)) => rest.split_once('/').map(|(_, p)| p).unwrap_or(rest),
        // user@host:path (scp-like)
        None => url.split_once(':').map(|(_, p)| p).unwrap_or(url),
    };
    path.trim_end_matches('/')
        .trim_end_matches(".git")
        .to_owned()
}

/// A URL as compared to tell two sources of one repository apart: the
/// scheme and host in lower case, without a trailing `/` or `.git`
/// (`https://GitHub.com/o/r.git/` and `https://github.com/o/r` are one).
pub fn same_repository_key(url: &str) -> String {
    let url = url.trim().trim_end_matches('/');
    let url = url.strip_suffix(".git").unwrap_or(url);
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
            format!("{}://{}/{path}", scheme.to_lowercase(), host.to_lowercase())
        }
        // user@host:path (scp-like): the host's case does not matter either.
        None => match url.split_once(':') {
            Some((host, path)) if !host.contains('/') => {
                format!("{}:{path}", host.to_lowercase())
            }
            _ => url.to_owned(),
        },
    }
}

fn last_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let tail = &lines[lines.len().saturating_sub(3)..];
    if tail.is_empty() {
        "no message from git".to_owned()
    } else {
        tail.join(" / ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_repositories_after_their_origin() {
        assert_eq!(
            repository_from_url("https://github.com/lutece-platform/lutece-core.git"),
            "lutece-platform/lutece-core"
        );
        assert_eq!(
            repository_from_url("git@gitlab.com:group/sub/name.git"),
            "group/sub/name"
        );
        assert_eq!(
            GitConnector::log_file(Path::new("/d/lutece-platform+lutece-core.gitlog.txt.gz"))
                .repository,
            "lutece-platform/lutece-core"
        );
        assert_eq!(
            GitConnector::local(Path::new("/srv/core.git")).repository,
            "core"
        );
        let named = GitConnector::remote_named("file:///srv/x.git", "Org/Name", Path::new("/c"));
        assert_eq!(named.repository, "Org/Name");
        assert_eq!(named.git_dir(), Some(Path::new("/c/Org+Name.git")));
        let remote = GitConnector::remote("https://github.com/a/b", Path::new("/c"));
        assert_eq!(
            remote.origin,
            Origin::Remote {
                url: "https://github.com/a/b".into(),
                clone: "/c/a+b.git".into()
            }
        );
    }

    #[test]
    fn one_repository_under_two_spellings_is_one() {
        let key = same_repository_key("https://github.com/lutece-platform/lutece-core");
        for same in [
            "https://github.com/lutece-platform/lutece-core.git",
            "https://GitHub.com/lutece-platform/lutece-core/",
            "HTTPS://GITHUB.COM/lutece-platform/lutece-core.git",
        ] {
            assert_eq!(same_repository_key(same), key, "{same}");
        }
        assert_ne!(
            same_repository_key("https://github.com/lutece-platform/lutece-form"),
            key
        );
        assert_eq!(
            same_repository_key("git@GitLab.com:group/name.git"),
            "git@gitlab.com:group/name"
        );
        assert_eq!(same_repository_key("/srv/git/x.git"), "/srv/git/x");
    }
}
