//! A streaming parser for the output of the `git log` command that GrimoireLab
//! Perceval runs (see [`super::PERCEVAL_LOG_ARGS`]): `--pretty=fuller --raw --numstat
//! --parents --decorate=full -c`.
//!
//! The parser reads bytes, not text: author names and file paths from old
//! repositories are often not UTF-8, and one bad byte must not lose a commit.
//! Lines may end in `\r\n`. A stream that ends inside a commit's header is an
//! error naming that commit and line; the commits before it are kept.

use std::io::BufRead;

use chrono::{DateTime, FixedOffset};

use crate::error::ParseError;

/// A person as git records them: `Name <email>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Signature {
    /// The name, as written (lossily decoded from non-UTF-8 bytes).
    pub name: String,
    /// The e-mail address, as written (may be empty).
    pub email: String,
}

/// One commit of a git log.
#[derive(Debug, Clone, PartialEq)]
pub struct Commit {
    /// The full hexadecimal object name.
    pub sha: String,
    /// Parent object names; two or more make a merge.
    pub parents: Vec<String>,
    /// Refs that point at this commit (`refs/heads/main`, `refs/tags/v1.0`).
    pub refs: Vec<String>,
    /// Who wrote the change.
    pub author: Signature,
    /// When it was written, with the author's UTC offset.
    pub authored_at: DateTime<FixedOffset>,
    /// Who committed it.
    pub committer: Signature,
    /// When it was committed.
    pub committed_at: DateTime<FixedOffset>,
    /// The message, without git's four-space indentation.
    pub message: String,
    /// People credited by `Co-authored-by:` trailers.
    pub co_authors: Vec<Signature>,
    /// Files changed, from `--numstat` (0 for merges, as `git log --numstat` reports them).
    pub files_changed: u32,
    /// Lines added (binary files count 0).
    pub insertions: u64,
    /// Lines removed (binary files count 0).
    pub deletions: u64,
    /// Files detected as renamed or copied (`-M -C`); git's `--no-renames`
    /// counts each as a deletion and an addition instead.
    pub renames: u32,
    /// Of the files changed, translation resources ([`is_translation`]): an
    /// account whose commits change nothing else behaves like a translation
    /// platform's.
    pub translation_files: u32,
}

impl Commit {
    /// Whether this commit has more than one parent.
    pub fn is_merge(&self) -> bool {
        self.parents.len() > 1
    }
}

/// Where the parser is inside the current commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the first `commit` line.
    Start,
    /// In the `Key: value` header lines.
    Header,
    /// In the message or the file lines that follow it.
    Body,
}

/// A commit under construction, with the line it started on.
struct Partial {
    line: u64,
    sha: String,
    parents: Vec<String>,
    refs: Vec<String>,
    author: Option<Signature>,
    authored_at: Option<DateTime<FixedOffset>>,
    committer: Option<Signature>,
    committed_at: Option<DateTime<FixedOffset>>,
    message: Vec<String>,
    files_changed: u32,
    insertions: u64,
    deletions: u64,
    renames: u32,
    translation_files: u32,
}

/// Reads commits one at a time from a git log stream.
///
/// Iterating yields `Ok(commit)` for each complete commit, then at most one
/// `Err` if the stream is malformed or cannot be read, after which it stops.
pub struct GitLogParser<R> {
    reader: R,
    buf: Vec<u8>,
    line_no: u64,
    state: State,
    current: Option<Partial>,
    done: bool,
}

impl<R: BufRead> GitLogParser<R> {
    /// Wraps a buffered reader of `git log` output.
    pub fn new(reader: R) -> Self {
        Self {
            reader,
            buf: Vec::with_capacity(256),
            line_no: 0,
            state: State::Start,
            current: None,
            done: false,
        }
    }

    /// Reads the next line into `self.buf`, without its line ending.
    /// Returns `Ok(false)` at the end of the stream.
    fn next_line(&mut self) -> Result<bool, ParseError> {
        self.buf.clear();
        let n = self
            .reader
            .read_until(b'\n', &mut self.buf)
            .map_err(|source| ParseError::Io {
                line: self.line_no + 1,
                source,
            })?;
        if n == 0 {
            return Ok(false);
        }
        self.line_no += 1;
        while matches!(self.buf.last(), Some(b'\n' | b'\r')) {
            self.buf.pop();
        }
        Ok(true)
    }

    fn error(&self, commit: Option<&str>, reason: impl Into<String>) -> ParseError {
        ParseError::Malformed {
            line: self.line_no,
            commit: commit.map(str::to_owned),
            reason: reason.into(),
        }
    }

    /// Feeds one line; returns a commit when this line completed one.
    fn feed(&mut self) -> Result<Option<Commit>, ParseError> {
        // Most lines are file lines in a body; they are read as bytes, and
        // only the lines whose text is kept are decoded.
        if self.state == State::Body && !self.buf.starts_with(b"commit ") {
            let line = std::mem::take(&mut self.buf);
            self.body(&line);
            self.buf = line;
            return Ok(None);
        }
        let line = String::from_utf8_lossy(&self.buf).into_owned();
        if let Some(rest) = line.strip_prefix("commit ") {
            let finished = match self.current.take() {
                Some(partial) => Some(self.finish(partial)?),
                None => None,
            };
            self.current = Some(self.start_commit(rest)?);
            self.state = State::Header;
            return Ok(finished);
        }
        match self.state {
            State::Start => {
                if line.trim().is_empty() {
                    Ok(None)
                } else {
                    Err(self.error(None, "expected a line starting with `commit `"))
                }
            }
            State::Header => {
                if line.is_empty() {
                    self.state = State::Body;
                } else {
                    self.header(&line)?;
                }
                Ok(None)
            }
            State::Body => unreachable!("body lines are handled above"),
        }
    }

    fn start_commit(&self, rest: &str) -> Result<Partial, ParseError> {
        let (hashes, decoration) = match rest.find(" (") {
            Some(at) if rest.ends_with(')') => (&rest[..at], Some(&rest[at + 2..rest.len() - 1])),
            _ => (rest, None),
        };
        let mut words = hashes.split_ascii_whitespace();
        let sha = words
            .next()
            .filter(|w| is_object_name(w))
            .ok_or_else(|| self.error(None, "`commit` line without an object name"))?
            .to_owned();
        let mut parents = Vec::new();
        for word in words {
            if !is_object_name(word) {
                return Err(self.error(Some(&sha), format!("`{word}` is not a parent object name")));
            }
            parents.push(word.to_owned());
        }
        let refs = decoration
            .map(|d| {
                d.split(", ")
                    .map(|r| {
                        let r = r.strip_prefix("tag: ").unwrap_or(r);
                        // `HEAD -> refs/heads/main` names the branch HEAD points to.
                        r.rsplit(" -> ").next().unwrap_or(r).to_owned()
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(Partial {
            line: self.line_no,
            sha,
            parents,
            refs,
            author: None,
            authored_at: None,
            committer: None,
            committed_at: None,
            message: Vec::new(),
            files_changed: 0,
            insertions: 0,
            deletions: 0,
            renames: 0,
            translation_files: 0,
        })
    }

    fn header(&mut self, line: &str) -> Result<(), ParseError> {
        let sha = self.current.as_ref().map(|c| c.sha.clone());
        let Some((key, value)) = line.split_once(':') else {
            return Err(self.error(sha.as_deref(), "expected a `Key: value` header line"));
        };
        let value = value.trim();
        let date = || {
            parse_git_date(value)
                .ok_or_else(|| self.error(sha.as_deref(), format!("`{value}` is not a git date")))
        };
        let signature = || {
            parse_signature(value).ok_or_else(|| {
                // The value is a person's name and address: errors are
                // shown on the open Sources page, so it is left out.
                self.error(
                    sha.as_deref(),
                    format!("the {key} line is not `Name <email>`"),
                )
            })
        };
        enum Field {
            Author(Signature),
            AuthorDate(DateTime<FixedOffset>),
            Committer(Signature),
            CommitDate(DateTime<FixedOffset>),
        }
        let field = match key {
            "Author" => Field::Author(signature()?),
            "AuthorDate" => Field::AuthorDate(date()?),
            "Commit" => Field::Committer(signature()?),
            "CommitDate" => Field::CommitDate(date()?),
            // `Merge:` repeats the abbreviated parents; other headers are not used.
            _ => return Ok(()),
        };
        let partial = self
            .current
            .as_mut()
            .expect("a header follows a commit line");
        match field {
            Field::Author(s) => partial.author = Some(s),
            Field::AuthorDate(d) => partial.authored_at = Some(d),
            Field::Committer(s) => partial.committer = Some(s),
            Field::CommitDate(d) => partial.committed_at = Some(d),
        }
        Ok(())
    }

    fn body(&mut self, line: &[u8]) {
        let partial = self.current.as_mut().expect("a body follows a commit line");
        if let Some(text) = line.strip_prefix(b"    ") {
            partial
                .message
                .push(String::from_utf8_lossy(text).into_owned());
        } else if line.starts_with(b":") {
            // Raw lines (`:100644 100644 abc def R087\told\tnew`; `::` for a
            // merge's combined diff). Only renames and copies are counted here:
            // file and line counts come from the numstat lines.
            let meta = line.split(|b| *b == b'\t').next().unwrap_or_default();
            let status = meta.rsplit(|b| *b == b' ').next().unwrap_or_default();
            if partial.parents.len() <= 1 && matches!(status.first(), Some(b'R' | b'C')) {
                partial.renames += 1;
            }
        } else if line.is_empty() {
            // Blank lines separate the message from the file lines.
        } else if let Some((added, deleted, path)) = parse_numstat(line) {
            // `git log --numstat` reports no line counts for merges.
            if partial.parents.len() <= 1 {
                partial.files_changed += 1;
                partial.insertions += added;
                partial.deletions += deleted;
                partial.translation_files += u32::from(is_translation(path));
            }
        } else {
            // The four-space indentation is sometimes lost on an empty message
            // line; anything else unknown is kept as message text.
            partial
                .message
                .push(String::from_utf8_lossy(line).into_owned());
        }
    }

    fn finish(&self, p: Partial) -> Result<Commit, ParseError> {
        let missing = |what: &str| ParseError::Malformed {
            line: self.line_no,
            commit: Some(p.sha.clone()),
            reason: format!("the commit that starts on line {} has no {what}", p.line),
        };
        let author = p.author.clone().ok_or_else(|| missing("Author"))?;
        let authored_at = p.authored_at.ok_or_else(|| missing("AuthorDate"))?;
        let committer = p.committer.clone().ok_or_else(|| missing("Commit"))?;
        let committed_at = p.committed_at.ok_or_else(|| missing("CommitDate"))?;
        let mut message = p.message.join("\n");
        message.truncate(message.trim_end().len());
        let co_authors = co_authors(&message);
        Ok(Commit {
            sha: p.sha,
            parents: p.parents,
            refs: p.refs,
            author,
            authored_at,
            committer,
            committed_at,
            message,
            co_authors,
            files_changed: p.files_changed,
            insertions: p.insertions,
            deletions: p.deletions,
            renames: p.renames,
            translation_files: p.translation_files,
        })
    }
}

impl<R: BufRead> Iterator for GitLogParser<R> {
    type Item = Result<Commit, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        loop {
            match self.next_line() {
                Ok(true) => match self.feed() {
                    Ok(Some(commit)) => return Some(Ok(commit)),
                    Ok(None) => {}
                    Err(e) => {
                        self.done = true;
                        return Some(Err(e));
                    }
                },
                Ok(false) => {
                    self.done = true;
                    let partial = self.current.take()?;
                    return Some(self.finish(partial));
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
    }
}

fn is_object_name(word: &str) -> bool {
    (word.len() == 40 || word.len() == 64) && word.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Parses `12\t3\tpath` (or `-\t-\tpath` for a binary file) into line
/// counts and the path.
fn parse_numstat(line: &[u8]) -> Option<(u64, u64, &[u8])> {
    let mut fields = line.splitn(3, |b| *b == b'\t');
    let added = fields.next()?;
    let deleted = fields.next()?;
    let path = fields.next()?;
    let count = |f: &[u8]| -> Option<u64> {
        if f == b"-" {
            return Some(0);
        }
        if f.is_empty() || f.len() > 19 {
            return None;
        }
        f.iter().try_fold(0u64, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0'))
        })
    };
    Some((count(added)?, count(deleted)?, path))
}

/// ISO 639-1 language codes, sorted, as Java resource bundles name their
/// locales.
const LANGUAGES: [&[u8; 2]; 184] = [
    b"aa", b"ab", b"ae", b"af", b"ak", b"am", b"an", b"ar", b"as", b"av", b"ay", b"az", b"ba",
    b"be", b"bg", b"bh", b"bi", b"bm", b"bn", b"bo", b"br", b"bs", b"ca", b"ce", b"ch", b"co",
    b"cr", b"cs", b"cu", b"cv", b"cy", b"da", b"de", b"dv", b"dz", b"ee", b"el", b"en", b"eo",
    b"es", b"et", b"eu", b"fa", b"ff", b"fi", b"fj", b"fo", b"fr", b"fy", b"ga", b"gd", b"gl",
    b"gn", b"gu", b"gv", b"ha", b"he", b"hi", b"ho", b"hr", b"ht", b"hu", b"hy", b"hz", b"ia",
    b"id", b"ie", b"ig", b"ii", b"ik", b"io", b"is", b"it", b"iu", b"ja", b"jv", b"ka", b"kg",
    b"ki", b"kj", b"kk", b"kl", b"km", b"kn", b"ko", b"kr", b"ks", b"ku", b"kv", b"kw", b"ky",
    b"la", b"lb", b"lg", b"li", b"ln", b"lo", b"lt", b"lu", b"lv", b"mg", b"mh", b"mi", b"mk",
    b"ml", b"mn", b"mr", b"ms", b"mt", b"my", b"na", b"nb", b"nd", b"ne", b"ng", b"nl", b"nn",
    b"no", b"nr", b"nv", b"ny", b"oc", b"oj", b"om", b"or", b"os", b"pa", b"pi", b"pl", b"ps",
    b"pt", b"qu", b"rm", b"rn", b"ro", b"ru", b"rw", b"sa", b"sc", b"sd", b"se", b"sg", b"si",
    b"sk", b"sl", b"sm", b"sn", b"so", b"sq", b"sr", b"ss", b"st", b"su", b"sv", b"sw", b"ta",
    b"te", b"tg", b"th", b"ti", b"tk", b"tl", b"tn", b"to", b"tr", b"ts", b"tt", b"tw", b"ty",
    b"ug", b"uk", b"ur", b"uz", b"ve", b"vi", b"vo", b"wa", b"wo", b"xh", b"yi", b"yo", b"za",
    b"zh", b"zu",
];

/// Whether a changed path (as `--numstat` writes it, renames included:
/// `{old => new}/x`, `old => new`) is a translation resource: a Java
/// resource bundle for a locale (`messages_fr.properties`,
/// `x_pt_BR.properties`), a gettext catalogue (`.po`), an XLIFF file, or a
/// file in an `i18n`, `l10n` or `locales` folder. Called for every file of
/// every commit: it reads bytes and allocates nothing.
pub fn is_translation(path: &[u8]) -> bool {
    // After a rename, the new path is what the commit leaves.
    let path = match path.windows(4).rposition(|w| w == b" => ") {
        Some(at) => &path[at + 4..],
        None => path,
    };
    let end = path
        .iter()
        .rposition(|b| !matches!(b, b'}' | b'"'))
        .map_or(0, |i| i + 1);
    let path = &path[..end];
    let name = &path[path.iter().rposition(|b| *b == b'/').map_or(0, |i| i + 1)..];
    let ends = |suffix: &[u8]| {
        name.len() >= suffix.len() && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    if ends(b".properties") {
        return is_locale_bundle(&name[..name.len() - b".properties".len()]);
    }
    if ends(b".po") || ends(b".xlf") || ends(b".xliff") {
        return true;
    }
    !ends(b".java")
        && path.split(|b| *b == b'/').any(|folder| {
            [&b"i18n"[..], b"l10n", b"locales", b"locale"]
                .iter()
                .any(|f| folder.eq_ignore_ascii_case(f))
        })
}

/// `messages_fr`, `x_pt_BR`: a bundle's name, then a language and maybe a
/// region.
fn is_locale_bundle(stem: &[u8]) -> bool {
    let code = |part: &[u8]| -> Option<[u8; 2]> {
        (part.len() == 2 && part.iter().all(u8::is_ascii_alphabetic))
            .then(|| [part[0].to_ascii_lowercase(), part[1].to_ascii_lowercase()])
    };
    let language = |part: &[u8]| code(part).is_some_and(|c| LANGUAGES.binary_search(&&c).is_ok());
    let mut parts = stem.rsplit(|b| *b == b'_');
    let (Some(last), Some(before)) = (parts.next(), parts.next()) else {
        return false;
    };
    language(last) || (code(last).is_some() && language(before) && parts.next().is_some())
}

/// Parses `Name <email>`; the name may be empty, the e-mail too (`<>`).
pub(crate) fn parse_signature(value: &str) -> Option<Signature> {
    let open = value.rfind('<')?;
    let close = value[open..].find('>')? + open;
    Some(Signature {
        name: value[..open].trim().to_owned(),
        email: value[open + 1..close].trim().to_owned(),
    })
}

/// Parses git's default date format: `Fri Sep 21 14:32:19 2007 +0000`.
pub(crate) fn parse_git_date(value: &str) -> Option<DateTime<FixedOffset>> {
    let words: Vec<&str> = value.split_ascii_whitespace().collect();
    let [_weekday, month, day, time, year, offset] = words.as_slice() else {
        return None;
    };
    let normalised = format!("{year} {month} {day:0>2} {time} {offset}");
    DateTime::parse_from_str(&normalised, "%Y %b %d %H:%M:%S %z").ok()
}

/// The people named by `Co-authored-by:` trailers (any case) in a message.
pub(crate) fn co_authors(message: &str) -> Vec<Signature> {
    let mut found: Vec<Signature> = Vec::new();
    for line in message.lines() {
        let line = line.trim();
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if !key.trim().eq_ignore_ascii_case("co-authored-by") {
            continue;
        }
        if let Some(sig) = parse_signature(value.trim()) {
            if !found.contains(&sig) {
                found.push(sig);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<Result<Commit, ParseError>> {
        GitLogParser::new(text.as_bytes()).collect()
    }

    const TWO_COMMITS: &str = "\
commit 89469a442f832f9b96089c8ccc4c501f9bbc366c
Author:     GDU <GDU@bab10101-e421-0410-a517-8ce0973de3ef>
AuthorDate: Fri Sep 21 14:32:19 2007 +0000
Commit:     GDU <GDU@bab10101-e421-0410-a517-8ce0973de3ef>
CommitDate: Fri Sep 21 14:32:19 2007 +0000

    Moved remotely
    
    git-svn-id: http://dev.example/svn/core@4158 bab10101

:000000 100644 000000000 6ac567c33 A\tpom.xml
:000000 100644 000000000 ac074c477 A\tsrc/A.java
:100644 100644 bcd1234 0123456 R087\tsrc/old/A.java\tsrc/new/A.java
7\t0\tpom.xml
-\t-\tlogo.png
143\t2\tsrc/{old => new}/A.java

commit 6521afcb3ef21edf31919f90662ba24dc0618141 89469a442f832f9b96089c8ccc4c501f9bbc366c 3a9023175a39cffb26a8d43df7d7519c40f153d0 (HEAD -> refs/heads/main, tag: refs/tags/v1.0)
Merge: 89469a442 3a9023175
Author:     Rémi Zara <remi.zara@paris.fr>
AuthorDate: Tue Dec 2 10:12:19 2014 +0100
Commit:     GitHub <noreply@github.com>
CommitDate: Tue Dec 2 10:12:20 2014 +0100

    Merge pull request #2
    
    Co-authored-by: Ann Example <ann@example.org>
    co-authored-by: Bob <bob@example.org>

12\t2\tsrc/java/DatastoreService.java
";

    #[test]
    fn parses_plain_and_merge_commits() {
        let commits: Vec<Commit> = parse(TWO_COMMITS).into_iter().map(Result::unwrap).collect();
        assert_eq!(commits.len(), 2);

        let first = &commits[0];
        assert_eq!(first.sha, "89469a442f832f9b96089c8ccc4c501f9bbc366c");
        assert!(first.parents.is_empty());
        assert_eq!(first.author.name, "GDU");
        assert_eq!(
            first.author.email,
            "GDU@bab10101-e421-0410-a517-8ce0973de3ef"
        );
        assert_eq!(first.authored_at.to_rfc3339(), "2007-09-21T14:32:19+00:00");
        assert_eq!(
            (first.files_changed, first.insertions, first.deletions),
            (3, 150, 2)
        );
        assert_eq!(first.renames, 1);
        assert!(first.message.starts_with("Moved remotely\n\ngit-svn-id"));

        let merge = &commits[1];
        assert!(merge.is_merge());
        assert_eq!(merge.refs, vec!["refs/heads/main", "refs/tags/v1.0"]);
        assert_eq!(merge.author.name, "Rémi Zara");
        assert_eq!(merge.committer.email, "noreply@github.com");
        assert_eq!(merge.authored_at.to_rfc3339(), "2014-12-02T10:12:19+01:00");
        assert_eq!(
            (merge.files_changed, merge.insertions, merge.deletions),
            (0, 0, 0)
        );
        let co: Vec<&str> = merge.co_authors.iter().map(|s| s.email.as_str()).collect();
        assert_eq!(co, ["ann@example.org", "bob@example.org"]);
    }

    #[test]
    fn carriage_returns_and_non_utf8_bytes_are_tolerated() {
        let mut bytes = TWO_COMMITS.replace('\n', "\r\n").into_bytes();
        let at = bytes.windows(3).position(|w| w == b"GDU").unwrap();
        bytes[at + 1] = 0xE9; // Latin-1 é in the author's name
        let commits: Vec<Commit> = GitLogParser::new(bytes.as_slice())
            .map(Result::unwrap)
            .collect();
        assert_eq!(commits.len(), 2);
        assert_eq!(commits[0].author.name, "G\u{FFFD}U");
        assert_eq!(
            commits[1].authored_at.to_rfc3339(),
            "2014-12-02T10:12:19+01:00"
        );
    }

    #[test]
    fn renames_copies_and_odd_paths() {
        let log = "\
commit 1111111111111111111111111111111111111111
Author:     A <a@x>
AuthorDate: Mon Jan 1 00:00:00 2024 +0000
Commit:     A <a@x>
CommitDate: Mon Jan 1 00:00:00 2024 +0000

    odd paths

:100644 100644 aaaaaaa bbbbbbb R100\tdir with space/{old}.txt\tdir with space/{new}.txt
:100644 100644 aaaaaaa ccccccc C075\tsrc/a => b.txt\tsrc/copy of a => b.txt
:100644 100644 aaaaaaa ddddddd M\tweird\t name.txt
0\t0\tdir with space/{{old}.txt => {new}.txt}
4\t1\tsrc/{a => b.txt => copy of a => b.txt}
2\t2\tweird\t name.txt
";
        let commits: Vec<Commit> = parse(log).into_iter().map(Result::unwrap).collect();
        let c = &commits[0];
        assert_eq!(
            (c.files_changed, c.insertions, c.deletions, c.renames),
            (3, 6, 3, 2)
        );
        assert_eq!(c.message, "odd paths");
    }

    #[test]
    fn empty_input_has_no_commits() {
        assert!(parse("").is_empty());
        assert!(parse("\n\n").is_empty());
    }

    #[test]
    fn truncated_stream_keeps_earlier_commits_and_names_the_broken_one() {
        let cut = TWO_COMMITS.find("Commit:     GitHub").unwrap();
        let results = parse(&TWO_COMMITS[..cut]);
        assert_eq!(results.len(), 2);
        assert!(results[0].is_ok());
        let err = results[1].as_ref().unwrap_err().to_string();
        assert!(
            err.contains("6521afcb3ef21edf31919f90662ba24dc0618141"),
            "{err}"
        );
        assert!(err.contains("starts on line 18"), "{err}");
    }

    #[test]
    fn garbage_is_an_error_with_its_line() {
        let results = parse("hello\n");
        let err = results[0].as_ref().unwrap_err().to_string();
        assert!(err.contains("line 1"), "{err}");
    }

    #[test]
    fn dates_with_single_digit_days_and_offsets() {
        let d = parse_git_date("Tue Dec 2 10:12:19 2014 -0330").unwrap();
        assert_eq!(d.to_rfc3339(), "2014-12-02T10:12:19-03:30");
        assert!(parse_git_date("yesterday").is_none());
    }

    #[test]
    fn signatures_with_empty_parts() {
        let s = parse_signature("<>").unwrap();
        assert_eq!((s.name.as_str(), s.email.as_str()), ("", ""));
        let s = parse_signature("A <b> C <c@d>").unwrap();
        assert_eq!((s.name.as_str(), s.email.as_str()), ("A <b> C", "c@d"));
    }

    #[test]
    fn translation_resources() {
        for path in [
            "webapp/WEB-INF/plugins/blog/messages_fr.properties",
            "src/java/fr/paris/lutece/plugins/x/resources/x_messages_pt_BR.properties",
            "{src => webapp}/i18n/strings.json",
            "po/de.po",
            "old.properties => new_de.properties",
            "locales/fr/common.yml",
        ] {
            assert!(is_translation(path.as_bytes()), "{path}");
        }
        for path in [
            "src/java/Main.java",
            "messages.properties",
            "config_db.properties",
            "pom.xml",
            "src/i18n/Messages.java",
        ] {
            assert!(!is_translation(path.as_bytes()), "{path}");
        }
    }
}
