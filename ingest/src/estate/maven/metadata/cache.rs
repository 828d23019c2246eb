//! The answers kept on disk, in the repository's own layout:
//!
//! ```text
//! <cache_dir>/<host>[_<port>]/<base path>/<group/as/path>/<artifact>/
//!     maven-metadata.xml          the body, byte for byte as served
//!     maven-metadata.xml.fetched  "key: value" lines: status (found or
//!                                 not-found), fetched-at (RFC 3339, UTC),
//!                                 etag and last-modified when served
//! ```
//!
//! The `.fetched` file is written last, each file through a temporary file
//! and a rename, so a reader sees a whole entry or the previous one. An entry
//! that cannot be read is treated as absent: the repository is asked again.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, SecondsFormat, Utc};
use reqwest::Url;

use super::fetch::Validators;
use super::repository::Coordinates;
use super::Metadata;

const BODY: &str = "maven-metadata.xml";
const RECORD: &str = "maven-metadata.xml.fetched";

/// What the repository last said of an artifact.
#[derive(Debug, Clone)]
pub(super) enum Kept {
    /// Its metadata.
    Metadata(Metadata),
    /// That it does not have it (404).
    NotFound,
}

/// One kept answer.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub(super) kept: Kept,
    pub(super) fetched_at: DateTime<Utc>,
    etag: Option<String>,
    last_modified: Option<String>,
}

impl Entry {
    /// What to send to ask whether the answer changed.
    pub(super) fn validators(&self) -> Validators {
        match self.kept {
            Kept::Metadata(_) => Validators {
                etag: self.etag.clone(),
                last_modified: self.last_modified.clone(),
            },
            Kept::NotFound => Validators::default(),
        }
    }
}

/// One repository's part of the cache folder.
pub(super) struct Cache {
    root: PathBuf,
}

impl Cache {
    /// The part of `dir` for the repository at `base` (its host, port and
    /// path; never its credentials).
    pub(super) fn new(dir: &Path, base: &Url) -> Self {
        let mut host = base.host_str().unwrap_or("no-host").to_owned();
        if let Some(port) = base.port() {
            host = format!("{host}_{port}");
        }
        let mut root = dir.join(safe_name(&host));
        for segment in base.path_segments().into_iter().flatten() {
            if !segment.is_empty() {
                root.push(safe_name(segment));
            }
        }
        Cache { root }
    }

    /// The kept answer for `coordinates`, if whole and readable.
    pub(super) fn read(&self, coordinates: &Coordinates) -> Option<Entry> {
        let dir = self.root.join(coordinates.directory());
        let record = fs::read_to_string(dir.join(RECORD)).ok()?;
        let field = |key: &str| {
            record.lines().find_map(|line| {
                let (k, v) = line.split_once(": ")?;
                (k == key).then(|| v.to_owned())
            })
        };
        let fetched_at = DateTime::parse_from_rfc3339(&field("fetched-at")?)
            .ok()?
            .with_timezone(&Utc);
        let kept = match field("status")?.as_str() {
            "found" => {
                let body = fs::read_to_string(dir.join(BODY)).ok()?;
                Kept::Metadata(Metadata::parse(&body).ok()?)
            }
            "not-found" => Kept::NotFound,
            _ => return None,
        };
        Some(Entry {
            kept,
            fetched_at,
            etag: field("etag"),
            last_modified: field("last-modified"),
        })
    }

    /// Keeps an answer: its body, or none for a 404.
    pub(super) fn store(
        &self,
        coordinates: &Coordinates,
        body: Option<&[u8]>,
        validators: &Validators,
        fetched_at: DateTime<Utc>,
    ) -> io::Result<()> {
        let dir = self.root.join(coordinates.directory());
        fs::create_dir_all(&dir)?;
        match body {
            Some(body) => write_whole(&dir.join(BODY), body)?,
            None => match fs::remove_file(dir.join(BODY)) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            },
        }
        let status = if body.is_some() { "found" } else { "not-found" };
        write_record(&dir, status, validators, fetched_at)
    }

    /// Records that the repository confirmed the kept body (a 304) at
    /// `fetched_at`.
    pub(super) fn touch(
        &self,
        coordinates: &Coordinates,
        validators: &Validators,
        fetched_at: DateTime<Utc>,
    ) -> io::Result<()> {
        let dir = self.root.join(coordinates.directory());
        write_record(&dir, "found", validators, fetched_at)
    }
}

fn write_record(
    dir: &Path,
    status: &str,
    validators: &Validators,
    fetched_at: DateTime<Utc>,
) -> io::Result<()> {
    let mut record = format!(
        "status: {status}\nfetched-at: {}\n",
        fetched_at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    );
    // Header values cannot hold line breaks, so one line each is safe.
    if let Some(etag) = &validators.etag {
        record.push_str(&format!("etag: {etag}\n"));
    }
    if let Some(last_modified) = &validators.last_modified {
        record.push_str(&format!("last-modified: {last_modified}\n"));
    }
    write_whole(&dir.join(RECORD), record.as_bytes())
}

/// Writes through a temporary file and a rename, so that another thread or
/// process never reads half a file.
fn write_whole(path: &Path, bytes: &[u8]) -> io::Result<()> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".{}-{n}.tmp", std::process::id()));
    fs::write(&temporary, bytes)?;
    fs::rename(&temporary, path).inspect_err(|_| {
        let _ = fs::remove_file(&temporary);
    })
}

/// A URL part as a directory name: other characters than `[A-Za-z0-9._-]`
/// become `_`, and `.` or `..` cannot climb out.
fn safe_name(text: &str) -> String {
    let name: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.chars().all(|c| c == '.') {
        name.replace('.', "_")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coordinates() -> Coordinates {
        Coordinates::new("fr.paris.lutece", "lutece-core").expect("valid coordinates")
    }

    const BODY_TEXT: &str = "<metadata><groupId>fr.paris.lutece</groupId>\
        <artifactId>lutece-core</artifactId><versioning><release>7.0.2</release>\
        </versioning></metadata>";

    #[test]
    fn the_cache_mirrors_the_repository_layout_under_its_host() {
        let base =
            Url::parse("https://user:secret@nexus.example.org:8443/repository/maven-public/")
                .expect("a URL");
        let cache = Cache::new(Path::new("/cache"), &base);
        assert_eq!(
            cache.root.join(coordinates().directory()),
            Path::new(
                "/cache/nexus.example.org_8443/repository/maven-public/fr/paris/lutece/lutece-core"
            )
        );
    }

    #[test]
    fn an_entry_is_read_back_with_its_time_and_validators() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let base = Url::parse("https://repo.maven.apache.org/maven2/").expect("a URL");
        let cache = Cache::new(dir.path(), &base);
        let at = DateTime::parse_from_rfc3339("2026-12-01T08:30:00.250Z")
            .expect("a time")
            .with_timezone(&Utc);
        let validators = Validators {
            etag: Some("\"5f2a-1\"".to_owned()),
            last_modified: Some("Tue, 01 Dec 2026 08:00:00 GMT".to_owned()),
        };
        cache
            .store(&coordinates(), Some(BODY_TEXT.as_bytes()), &validators, at)
            .expect("stored");
        let entry = cache.read(&coordinates()).expect("an entry");
        assert_eq!(entry.fetched_at, at);
        assert_eq!(entry.validators(), validators);
        assert!(matches!(entry.kept, Kept::Metadata(m) if m.release.as_deref() == Some("7.0.2")));
        let folder = dir
            .path()
            .join("repo.maven.apache.org/maven2/fr/paris/lutece/lutece-core");
        assert_eq!(
            fs::read_to_string(folder.join(BODY)).expect("the body"),
            BODY_TEXT
        );
    }

    #[test]
    fn a_not_found_answer_replaces_the_body_and_sends_no_validators() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let base = Url::parse("http://127.0.0.1:8080/").expect("a URL");
        let cache = Cache::new(dir.path(), &base);
        let validators = Validators {
            etag: Some("\"1\"".to_owned()),
            last_modified: None,
        };
        let now = Utc::now();
        cache
            .store(&coordinates(), Some(BODY_TEXT.as_bytes()), &validators, now)
            .expect("stored");
        cache
            .store(&coordinates(), None, &validators, now)
            .expect("stored");
        let entry = cache.read(&coordinates()).expect("an entry");
        assert!(matches!(entry.kept, Kept::NotFound));
        assert_eq!(entry.validators(), Validators::default());
        let folder = dir
            .path()
            .join("127.0.0.1_8080/fr/paris/lutece/lutece-core");
        assert!(!folder.join(BODY).exists());
    }

    #[test]
    fn an_unreadable_entry_counts_as_absent() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let base = Url::parse("http://127.0.0.1:8080/").expect("a URL");
        let cache = Cache::new(dir.path(), &base);
        cache
            .store(
                &coordinates(),
                Some(b"<metadata>"),
                &Validators::default(),
                Utc::now(),
            )
            .expect("stored");
        assert!(cache.read(&coordinates()).is_none());
        let folder = dir
            .path()
            .join("127.0.0.1_8080/fr/paris/lutece/lutece-core");
        fs::write(
            folder.join(RECORD),
            "status: found\nfetched-at: yesterday\n",
        )
        .expect("written");
        assert!(cache.read(&coordinates()).is_none());
    }

    #[test]
    fn names_from_a_url_cannot_climb_out_of_the_cache() {
        assert_eq!(safe_name(".."), "__");
        assert_eq!(safe_name("."), "_");
        assert_eq!(safe_name("a b%2F"), "a_b_2F");
        assert_eq!(safe_name("maven2"), "maven2");
    }
}
