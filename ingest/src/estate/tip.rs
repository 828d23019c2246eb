//! A repository's refs and the tree of its default branch's tip, read with
//! git's plumbing and no checkout: one `git for-each-ref` for the refs (and
//! so for knowing that nothing changed), one `git ls-tree -r` for the file
//! list, and one `git cat-file --batch` for the files whose contents matter.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use chrono::{DateTime, FixedOffset};

use crate::error::SourceError;

/// Whether a ref is a branch or a tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// `refs/heads/…`
    Branch,
    /// `refs/tags/…`
    Tag,
}

impl RefKind {
    /// `branch` or `tag`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Branch => "branch",
            Self::Tag => "tag",
        }
    }
}

/// A branch or a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitRef {
    /// The short name (`develop`, `v7.0.2`).
    pub name: String,
    /// Branch or tag.
    pub kind: RefKind,
    /// The commit it points to (an annotated tag's target).
    pub commit: String,
    /// When it was made: an annotated tag's date, else its commit's
    /// committer date. A release's date, for tags.
    pub dated_at: Option<DateTime<FixedOffset>>,
    /// The branch `HEAD` names: the default branch.
    pub head: bool,
}

/// The refs of a repository, sorted by kind and name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Refs(pub Vec<GitRef>);

impl Refs {
    /// The default branch (the one `HEAD` names), if the repository has one.
    pub fn default_branch(&self) -> Option<&GitRef> {
        self.0.iter().find(|r| r.head && r.kind == RefKind::Branch)
    }
}

/// A repository on disk whose objects git can read: a bare clone, a
/// checkout, or a clone of a bundle.
#[derive(Debug, Clone)]
pub struct GitDir {
    /// The folder.
    pub path: PathBuf,
    /// What to call it in messages (its source's URL or path).
    pub describe: String,
}

impl GitDir {
    /// Every branch and tag, with which branch is the default, in one
    /// `git for-each-ref`.
    pub fn refs(&self) -> Result<Refs, SourceError> {
        const FORMAT: &str = "--format=%(HEAD)%09%(refname)%09%(objectname)%09\
                              %(*objectname)%09%(creatordate:iso-strict)";
        let output = self.output(
            "for-each-ref",
            self.command()
                .args(["for-each-ref", FORMAT, "refs/heads", "refs/tags"]),
        )?;
        let mut refs: Vec<GitRef> = output.lines().filter_map(parse_ref_line).collect();
        refs.sort_by(|a, b| {
            (a.kind == RefKind::Tag, &a.name).cmp(&(b.kind == RefKind::Tag, &b.name))
        });
        Ok(Refs(refs))
    }

    /// Every file of `commit`'s tree (submodules and links aside), with its
    /// size and blob, in one `git ls-tree -r -l`.
    pub fn tree(&self, commit: &str) -> Result<Vec<TreeFile>, SourceError> {
        let output = self.output_bytes(
            "ls-tree",
            self.command()
                .args(["ls-tree", "-r", "-l", "-z", "--full-tree", commit]),
        )?;
        Ok(output
            .split(|b| *b == 0)
            .filter_map(|entry| parse_tree_entry(&String::from_utf8_lossy(entry)))
            .collect())
    }

    /// A reader of blobs by object name (`git cat-file --batch`), for as
    /// many files as asked, in one process.
    pub fn blobs(&self) -> Result<BlobReader, SourceError> {
        let mut child = self
            .command()
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| self.error("cat-file", format!("cannot run git: {e}")))?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(self.error("cat-file", "git's pipes could not be opened".into()));
        };
        Ok(BlobReader {
            child,
            input,
            output: BufReader::new(output),
            describe: self.describe.clone(),
        })
    }

    fn command(&self) -> Command {
        let mut command = Command::new("git");
        command
            .arg("--git-dir")
            .arg(git_folder(&self.path))
            // Never reach a network for a missing object (partial clones).
            .env("GIT_NO_LAZY_FETCH", "1")
            .env("GIT_TERMINAL_PROMPT", "0");
        command
    }

    fn output(&self, action: &'static str, command: &mut Command) -> Result<String, SourceError> {
        self.output_bytes(action, command)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
    }

    fn output_bytes(
        &self,
        action: &'static str,
        command: &mut Command,
    ) -> Result<Vec<u8>, SourceError> {
        let output = command
            .stdin(Stdio::null())
            .output()
            .map_err(|e| self.error(action, format!("cannot run git: {e}")))?;
        if output.status.success() {
            Ok(output.stdout)
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            Err(self.error(
                action,
                stderr.trim().lines().last().unwrap_or("failed").to_owned(),
            ))
        }
    }

    fn error(&self, action: &'static str, detail: String) -> SourceError {
        SourceError::Git {
            source_name: self.describe.clone(),
            action,
            detail,
        }
    }
}

/// A checkout's objects are in its `.git` folder; a bare repository's in
/// the folder itself.
fn git_folder(path: &Path) -> PathBuf {
    let dot_git = path.join(".git");
    if dot_git.exists() {
        dot_git
    } else {
        path.to_owned()
    }
}

/// One line of [`GitDir::refs`]: `HEAD-mark TAB refname TAB object TAB
/// peeled TAB date`.
fn parse_ref_line(line: &str) -> Option<GitRef> {
    let mut fields = line.split('\t');
    let head = fields.next()? == "*";
    let refname = fields.next()?;
    let object = fields.next()?;
    let peeled = fields.next()?;
    let date = fields.next()?;
    let (kind, name) = if let Some(name) = refname.strip_prefix("refs/heads/") {
        (RefKind::Branch, name)
    } else {
        (RefKind::Tag, refname.strip_prefix("refs/tags/")?)
    };
    Some(GitRef {
        name: name.to_owned(),
        kind,
        commit: if peeled.is_empty() { object } else { peeled }.to_owned(),
        dated_at: DateTime::parse_from_rfc3339(date).ok(),
        head,
    })
}

/// A file of a tree: its path from the root, size and blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeFile {
    /// The path from the repository's root, with `/`.
    pub path: String,
    /// Bytes.
    pub size: u64,
    /// The blob's object name.
    pub blob: String,
}

/// `mode SP type SP object SP size TAB path`; blobs only.
fn parse_tree_entry(entry: &str) -> Option<TreeFile> {
    let (meta, path) = entry.split_once('\t')?;
    let mut parts = meta.split_whitespace();
    let (_mode, kind, object, size) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    (kind == "blob").then(|| TreeFile {
        path: path.to_owned(),
        size: size.parse().unwrap_or(0),
        blob: object.to_owned(),
    })
}

/// Blobs read through one `git cat-file --batch`.
pub struct BlobReader {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    describe: String,
}

impl BlobReader {
    /// Reads `blobs` (each an object name and the most bytes kept of it,
    /// the rest read past) and hands each to `each`, in order, with its
    /// index: its bytes, or `None` if the repository lacks it (a partial
    /// clone). A thread of its own writes the names while the blobs are
    /// read, so git never waits for the next name: asked one at a time,
    /// each blob cost a round trip between the two processes, and the 31
    /// Lutece tips took about a quarter longer to read (docs/benchmarks.md).
    pub fn read_each(
        &mut self,
        blobs: &[(&str, usize)],
        mut each: impl FnMut(usize, Option<Vec<u8>>),
    ) -> Result<(), SourceError> {
        let Self {
            child,
            input,
            output,
            describe,
        } = self;
        let outcome = std::thread::scope(|scope| {
            let writer = scope.spawn(move || {
                let mut names = std::io::BufWriter::new(input);
                for (blob, _) in blobs {
                    writeln!(names, "{blob}")?;
                }
                names.flush()
            });
            let read = blobs.iter().enumerate().try_for_each(|(i, (_, limit))| {
                each(i, read_blob(output, *limit)?);
                Ok(())
            });
            if read.is_err() {
                // git may wait for its answers to be read, and the writer
                // for git: neither would end.
                let _ = child.kill();
            }
            let written = writer
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("the writer stopped")));
            read.and(written)
        });
        outcome.map_err(|e| SourceError::Git {
            source_name: describe.clone(),
            action: "cat-file",
            detail: e.to_string(),
        })
    }
}

/// The next blob `git cat-file --batch` writes to `output`, at most
/// `limit` bytes of it kept; `None` when git says it is missing.
fn read_blob(
    output: &mut BufReader<ChildStdout>,
    limit: usize,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut header = String::new();
    if output.read_line(&mut header)? == 0 {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    // `<object> <type> <size>` or `<object> missing`.
    let Some(size) = header
        .split_whitespace()
        .nth(2)
        .and_then(|s| s.parse::<usize>().ok())
    else {
        return Ok(None);
    };
    let mut kept = Vec::with_capacity(size.min(limit));
    output.take(size.min(limit) as u64).read_to_end(&mut kept)?;
    // The rest of the blob, then the newline after it.
    std::io::copy(
        &mut output.take((size - kept.len()) as u64 + 1),
        &mut std::io::sink(),
    )?;
    Ok(Some(kept))
}

impl Drop for BlobReader {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_annotated_tag_points_to_its_commit_and_carries_its_own_date() {
        let line = " \trefs/tags/v7.0.2\taaaa\tbbbb\t2023-05-04T10:00:00+02:00";
        let r = parse_ref_line(line).unwrap();
        assert_eq!(
            (r.kind, r.name.as_str(), r.commit.as_str()),
            (RefKind::Tag, "v7.0.2", "bbbb")
        );
        assert_eq!(
            r.dated_at.unwrap().to_rfc3339(),
            "2023-05-04T10:00:00+02:00"
        );
        assert!(!r.head);
    }

    #[test]
    fn the_branch_head_names_is_the_default() {
        let refs = Refs(vec![
            parse_ref_line(" \trefs/heads/master\tm\t\t2022-01-01T00:00:00Z").unwrap(),
            parse_ref_line("*\trefs/heads/develop\td\t\t2022-02-01T00:00:00Z").unwrap(),
        ]);
        assert_eq!(refs.default_branch().unwrap().name, "develop");
        assert_eq!(refs.default_branch().unwrap().commit, "d");
    }

    #[test]
    fn blobs_come_in_the_order_asked_cut_at_their_limit_and_missing_ones_as_none() {
        let dir = tempfile::tempdir().unwrap();
        let git = |args: &[&str], input: &str| {
            let mut child = Command::new("git")
                .arg("--git-dir")
                .arg(dir.path())
                .args(args)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .unwrap();
            child
                .stdin
                .take()
                .unwrap()
                .write_all(input.as_bytes())
                .unwrap();
            let output = child.wait_with_output().unwrap();
            String::from_utf8(output.stdout).unwrap().trim().to_owned()
        };
        git(&["init", "-q", "--bare"], "");
        let short = git(&["hash-object", "-w", "--stdin"], "short\n");
        let long = git(&["hash-object", "-w", "--stdin"], &"long ".repeat(100_000));
        let absent = "0123456789012345678901234567890123456789";
        let repository = GitDir {
            path: dir.path().to_owned(),
            describe: "test".into(),
        };
        let mut read = Vec::new();
        repository
            .blobs()
            .unwrap()
            .read_each(
                &[(&long, 4), (absent, 10), (&short, 100), (&long, 10)],
                |i, bytes| read.push((i, bytes)),
            )
            .unwrap();
        assert_eq!(
            read,
            [
                (0, Some(b"long".to_vec())),
                (1, None),
                (2, Some(b"short\n".to_vec())),
                (3, Some(b"long long ".to_vec())),
            ]
        );
    }

    #[test]
    fn a_tree_entry_keeps_paths_with_spaces_and_skips_submodules() {
        let file = parse_tree_entry("100644 blob abc 120\tsrc/a file.txt").unwrap();
        assert_eq!(
            (file.path.as_str(), file.size, file.blob.as_str()),
            ("src/a file.txt", 120, "abc")
        );
        assert_eq!(parse_tree_entry("160000 commit def -\tvendor/lib"), None);
    }
}
