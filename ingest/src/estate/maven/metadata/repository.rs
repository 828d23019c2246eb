//! [`MavenRepository`]: an artifact's metadata from the cache while it is
//! fresh, else from the repository, else the cache's last answer marked stale.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::Url;

use super::cache::{Cache, Entry, Kept};
use super::fetch::{Answer, Failure, Fetcher, Validators};
use super::Metadata;

/// Maven Central, the default repository.
pub const MAVEN_CENTRAL: &str = "https://repo.maven.apache.org/maven2/";

/// What Vigie calls itself in its requests, so a repository's operators know
/// who asks.
pub const USER_AGENT: &str = concat!(
    "Vigie/",
    env!("CARGO_PKG_VERSION"),
    " (community-health dashboard; reads maven-metadata.xml)"
);

/// How to reach a Maven repository and how politely.
#[derive(Clone)]
pub struct RepositoryConfig {
    /// The repository's root, [`MAVEN_CENTRAL`] by default. Credentials, if
    /// any, go in it as `https://user:password@host/path/`: they are sent as
    /// HTTP Basic authentication and left out of every message and cache path.
    pub base_url: String,
    /// Where answers are kept, under a directory named after the
    /// repository's host, port and path (see the `cache` module).
    pub cache_dir: PathBuf,
    /// How long a kept answer is served without asking again (24 h).
    pub cache_lifetime: Duration,
    /// The least time between two requests (200 ms), shared by all threads
    /// that use one [`MavenRepository`].
    pub min_interval: Duration,
    /// How long one request may take, answer included (20 s).
    pub timeout: Duration,
    /// The longest `Retry-After` honoured, once, on a 429 or 503 (10 s); a
    /// longer one makes the metadata unavailable at once.
    pub max_retry_wait: Duration,
    /// The `User-Agent` header, [`USER_AGENT`] by default.
    pub user_agent: String,
    /// Read the cache only and never ask the repository: for machines
    /// without network.
    pub offline: bool,
}

impl RepositoryConfig {
    /// Maven Central with the default lifetime, pace and timeouts, keeping
    /// its answers under `cache_dir`.
    pub fn new(cache_dir: impl Into<PathBuf>) -> Self {
        RepositoryConfig {
            base_url: MAVEN_CENTRAL.to_owned(),
            cache_dir: cache_dir.into(),
            cache_lifetime: Duration::from_secs(24 * 60 * 60),
            min_interval: Duration::from_millis(200),
            timeout: Duration::from_secs(20),
            max_retry_wait: Duration::from_secs(10),
            user_agent: USER_AGENT.to_owned(),
            offline: false,
        }
    }
}

impl fmt::Debug for RepositoryConfig {
    // By hand, so that a logged configuration never shows a password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let base_url = without_credentials(&self.base_url);
        f.debug_struct("RepositoryConfig")
            .field("base_url", &base_url)
            .field("cache_dir", &self.cache_dir)
            .field("cache_lifetime", &self.cache_lifetime)
            .field("min_interval", &self.min_interval)
            .field("timeout", &self.timeout)
            .field("max_retry_wait", &self.max_retry_wait)
            .field("user_agent", &self.user_agent)
            .field("offline", &self.offline)
            .finish()
    }
}

/// Why a [`MavenRepository`] cannot be set up.
#[derive(Debug, thiserror::Error)]
pub enum RepositoryError {
    /// The base URL does not parse (it is not repeated: it may hold a password).
    #[error("the Maven repository address is not a URL: {0}")]
    NotAUrl(String),
    /// The base URL is not `http` or `https`.
    #[error("the Maven repository address {0} is not an http:// or https:// URL")]
    NotHttp(String),
    /// The HTTP client or its runtime could not start.
    #[error("cannot start the HTTP client: {0}")]
    Client(String),
}

/// What Vigie knows of an artifact's versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Freshness {
    /// The repository's metadata.
    Known {
        /// The metadata.
        metadata: Metadata,
        /// When the repository last gave or confirmed it.
        fetched_at: DateTime<Utc>,
        /// Whether the body was read from the cache (a fresh entry, a 304
        /// confirmation, offline, or a fallback) rather than downloaded now.
        from_cache: bool,
        /// Whether it is older than the cache lifetime: the repository could
        /// not be asked (offline, or the request failed).
        stale: bool,
    },
    /// The repository does not have the artifact (404): an internal artifact,
    /// or one published elsewhere.
    NotInRepository,
    /// Nothing is known, and why, in words a user can act on.
    Unavailable {
        /// The reason, naming the URL (never its credentials).
        reason: String,
        /// Whether the repository was asked (and failed to answer usefully),
        /// rather than not asked at all (offline, refused coordinates).
        asked: bool,
    },
}

/// A `groupId:artifactId` safe to put in a URL path and a cache path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coordinates {
    group_id: String,
    artifact_id: String,
}

/// Why a group or artifact id read from a pom is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CoordinatesError {
    /// The group id is empty, has an empty part or a character outside
    /// `[A-Za-z0-9._-]`.
    #[error("the group id `{0}` is not a Maven group id (letters, digits, `_`, `-`, parts joined by single dots)")]
    Group(String),
    /// The artifact id is empty, `.`, holds `..` or a character outside
    /// `[A-Za-z0-9._-]`.
    #[error("the artifact id `{0}` is not a Maven artifact id (letters, digits, `.`, `_`, `-`, no `..`)")]
    Artifact(String),
}

impl Coordinates {
    /// Checks the ids so that a hostile pom cannot make the client fetch, or
    /// the cache write, any other path.
    pub fn new(group_id: &str, artifact_id: &str) -> Result<Self, CoordinatesError> {
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
        let group_ok =
            group_id.chars().all(allowed) && group_id.split('.').all(|part| !part.is_empty());
        if !group_ok {
            return Err(CoordinatesError::Group(group_id.to_owned()));
        }
        let artifact_ok = !artifact_id.is_empty()
            && artifact_id != "."
            && !artifact_id.contains("..")
            && artifact_id.chars().all(allowed);
        if !artifact_ok {
            return Err(CoordinatesError::Artifact(artifact_id.to_owned()));
        }
        Ok(Coordinates {
            group_id: group_id.to_owned(),
            artifact_id: artifact_id.to_owned(),
        })
    }

    /// The group id.
    pub fn group_id(&self) -> &str {
        &self.group_id
    }

    /// The artifact id.
    pub fn artifact_id(&self) -> &str {
        &self.artifact_id
    }

    /// The artifact's directory in Maven's layout: `org/springframework/spring-core`.
    pub fn directory(&self) -> String {
        format!("{}/{}", self.group_id.replace('.', "/"), self.artifact_id)
    }
}

/// A Maven repository's metadata, cached on disk and fetched at a polite
/// pace. One value serves any number of threads; use and drop it on plain
/// threads, not in async code (it runs its own small tokio runtime, which
/// cannot block inside another).
pub struct MavenRepository {
    base: Url,
    cache: Cache,
    lifetime: Duration,
    offline: bool,
    fetcher: Fetcher,
}

impl fmt::Debug for MavenRepository {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MavenRepository")
            .field("base", &redacted(&self.base))
            .field("lifetime", &self.lifetime)
            .field("offline", &self.offline)
            .finish_non_exhaustive()
    }
}

impl MavenRepository {
    /// A client for the repository `config` names. Nothing is requested yet.
    pub fn new(config: RepositoryConfig) -> Result<Self, RepositoryError> {
        let base = base_url(&config.base_url)?;
        Ok(MavenRepository {
            cache: Cache::new(&config.cache_dir, &base),
            lifetime: config.cache_lifetime,
            offline: config.offline,
            fetcher: Fetcher::new(&config)?,
            base,
        })
    }

    /// The freshness of `group_id:artifact_id`: from the cache while its
    /// entry is younger than the lifetime; else asked of the repository
    /// (conditionally when an entry exists); else the entry marked stale.
    pub fn metadata(&self, group_id: &str, artifact_id: &str) -> Freshness {
        let coordinates = match Coordinates::new(group_id, artifact_id) {
            Ok(coordinates) => coordinates,
            Err(e) => {
                return Freshness::Unavailable {
                    reason: format!("not asked: {e}"),
                    asked: false,
                }
            }
        };
        let Some(url) = self.url_of(&coordinates) else {
            return Freshness::Unavailable {
                reason: format!(
                    "not asked: no URL for {group_id}:{artifact_id} under {}",
                    redacted(&self.base)
                ),
                asked: false,
            };
        };
        let entry = self.cache.read(&coordinates);
        if self.offline {
            return match entry {
                Some(entry) => self.served_from(entry),
                None => Freshness::Unavailable {
                    reason: format!(
                        "not asked: offline, and {} is not in the cache",
                        redacted(&url)
                    ),
                    asked: false,
                },
            };
        }
        match entry {
            Some(entry) if self.is_fresh(&entry) => self.served_from(entry),
            entry => self.ask(&coordinates, &url, entry),
        }
    }

    /// The metadata's URL: `BASE/group/as/path/artifact/maven-metadata.xml`.
    /// The coordinates hold no `:`, `?`, `#`, `%` or `..`, so the join only
    /// appends; a URL outside the base is refused all the same.
    fn url_of(&self, coordinates: &Coordinates) -> Option<Url> {
        let path = format!("{}/maven-metadata.xml", coordinates.directory());
        let url = self.base.join(&path).ok()?;
        url.as_str().starts_with(self.base.as_str()).then_some(url)
    }

    fn is_fresh(&self, entry: &Entry) -> bool {
        let age = Utc::now().signed_duration_since(entry.fetched_at);
        // A time in the future (the clock was set back) counts as stale.
        age.to_std().is_ok_and(|age| age < self.lifetime)
    }

    fn served_from(&self, entry: Entry) -> Freshness {
        let stale = !self.is_fresh(&entry);
        match entry.kept {
            Kept::Metadata(metadata) => Freshness::Known {
                metadata,
                fetched_at: entry.fetched_at,
                from_cache: true,
                stale,
            },
            Kept::NotFound => Freshness::NotInRepository,
        }
    }

    /// Asks the repository, and keeps what it answers.
    fn ask(&self, coordinates: &Coordinates, url: &Url, entry: Option<Entry>) -> Freshness {
        let validators = entry.as_ref().map(Entry::validators);
        let outcome = self
            .fetcher
            .get(url, validators.as_ref())
            .and_then(|answer| self.keep(coordinates, url, answer, entry.as_ref()));
        match (outcome, entry) {
            (Ok(freshness), _) => freshness,
            // The last answer, whatever its age, is better than none.
            (Err(_), Some(entry)) => self.served_from(entry),
            (Err(failure), None) => Freshness::Unavailable {
                reason: failure.to_string(),
                asked: true,
            },
        }
    }

    /// Turns an answer into a freshness and writes it to the cache. A cache
    /// that cannot be written only costs a request next time.
    fn keep(
        &self,
        coordinates: &Coordinates,
        url: &Url,
        answer: Answer,
        entry: Option<&Entry>,
    ) -> Result<Freshness, Failure> {
        let now = Utc::now();
        match answer {
            Answer::Body { bytes, validators } => {
                let metadata = read_answer(coordinates, url, &bytes)?;
                let _ = self
                    .cache
                    .store(coordinates, Some(&bytes), &validators, now);
                Ok(Freshness::Known {
                    metadata,
                    fetched_at: now,
                    from_cache: false,
                    stale: false,
                })
            }
            Answer::NotModified { validators } => {
                let Some(Entry {
                    kept: Kept::Metadata(metadata),
                    ..
                }) = entry
                else {
                    return Err(Failure::NotModifiedWithoutCopy(redacted(url)));
                };
                // A 304 may repeat the validators or leave them out.
                let old = entry.map(Entry::validators).unwrap_or_default();
                let validators = Validators {
                    etag: validators.etag.or(old.etag),
                    last_modified: validators.last_modified.or(old.last_modified),
                };
                let _ = self.cache.touch(coordinates, &validators, now);
                Ok(Freshness::Known {
                    metadata: metadata.clone(),
                    fetched_at: now,
                    from_cache: true,
                    stale: false,
                })
            }
            Answer::NotFound => {
                let _ = self
                    .cache
                    .store(coordinates, None, &Validators::default(), now);
                Ok(Freshness::NotInRepository)
            }
        }
    }
}

/// The metadata in an answer, which must be the requested artifact's.
fn read_answer(coordinates: &Coordinates, url: &Url, bytes: &[u8]) -> Result<Metadata, Failure> {
    let unreadable = |reason: String| Failure::Unreadable {
        url: redacted(url),
        reason,
    };
    let text =
        std::str::from_utf8(bytes).map_err(|e| unreadable(format!("not UTF-8 text ({e})")))?;
    let metadata = Metadata::parse(text).map_err(|e| unreadable(e.to_string()))?;
    if metadata.group_id != coordinates.group_id || metadata.artifact_id != coordinates.artifact_id
    {
        return Err(unreadable(format!(
            "it describes {}:{}, not {}:{}",
            metadata.group_id, metadata.artifact_id, coordinates.group_id, coordinates.artifact_id
        )));
    }
    Ok(metadata)
}

/// Checks that `address` can be a repository's root: an `http` or `https`
/// URL (the error never repeats a password).
pub fn check_address(address: &str) -> Result<(), RepositoryError> {
    base_url(address).map(|_| ())
}

/// The repository's root as a URL ending in `/`.
fn base_url(address: &str) -> Result<Url, RepositoryError> {
    let mut base = Url::parse(address).map_err(|e| RepositoryError::NotAUrl(e.to_string()))?;
    if !matches!(base.scheme(), "http" | "https") {
        return Err(RepositoryError::NotHttp(redacted(&base)));
    }
    // Without the final slash, joining would replace the last segment.
    if !base.path().ends_with('/') {
        base.set_path(&format!("{}/", base.path()));
    }
    Ok(base)
}

/// A repository address fit for a message or a log: without user name or
/// password (the text as given when it is not a URL).
pub fn without_credentials(address: &str) -> String {
    Url::parse(address).map_or_else(|_| "(not a URL)".to_owned(), |url| redacted(&url))
}

/// A URL fit for a message: without user name or password.
pub(super) fn redacted(url: &Url) -> String {
    let mut url = url.clone();
    // Both fail only for URLs that cannot hold credentials anyway.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.to_string()
}
