//! One metadata request: paced, conditional, asked again once on a new
//! connection and once after a short `Retry-After`, its failures worded for
//! a user with the URL but never its credentials.
//!
//! reqwest's blocking API is not among the workspace's features, so the
//! [`Fetcher`] drives the async client on its own current-thread runtime;
//! callers are plain threads.

use std::sync::{Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use reqwest::header::{
    HeaderMap, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, RETRY_AFTER,
};
use reqwest::{StatusCode, Url};

use super::repository::{redacted, RepositoryConfig, RepositoryError};

/// Metadata files are kilobytes; anything past this is not one.
const MAX_BODY: usize = 8 * 1024 * 1024;

/// What tells whether a kept answer changed: the `ETag` and `Last-Modified`
/// it came with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Validators {
    pub(super) etag: Option<String>,
    pub(super) last_modified: Option<String>,
}

/// What the repository answered.
#[derive(Debug)]
pub(super) enum Answer {
    /// A body (2xx), with its validators.
    Body {
        bytes: Vec<u8>,
        validators: Validators,
    },
    /// 304: the kept body is still right.
    NotModified { validators: Validators },
    /// 404 or 410.
    NotFound,
}

/// Why no answer could be had, in words for the estate page.
#[derive(Debug, thiserror::Error)]
pub(super) enum Failure {
    /// Called from async code, where blocking would stall the caller's runtime.
    #[error("not asked: {0} was requested from async code; Vigie reads metadata on plain threads")]
    InAsync(String),
    /// No connection, or it broke.
    #[error(
        "could not reach {url} ({detail}); check the network, the proxy or the repository address"
    )]
    Unreachable { url: String, detail: String },
    /// No whole answer in time.
    #[error("{url} did not answer within {}; the network or the repository is slow, try again later", in_words(*.after))]
    Timeout { url: String, after: Duration },
    /// An answer other than 2xx, 304, 404 or a short wait.
    #[error("{url} answered {status}{hint}")]
    Status {
        url: String,
        status: StatusCode,
        hint: &'static str,
    },
    /// 429 or 503 asking for a longer wait than allowed.
    #[error("{url} answered {status} and asks to wait {}, longer than the {} Vigie waits; try again later", in_words(*.asked), in_words(*.allowed))]
    WaitTooLong {
        url: String,
        status: StatusCode,
        asked: Duration,
        allowed: Duration,
    },
    /// 429 or 503 again after the wait.
    #[error("{url} answered {status} again after a wait of {}; the repository is busy, try again later", in_words(*.waited))]
    StillBusy {
        url: String,
        status: StatusCode,
        waited: Duration,
    },
    /// An answer that is not this artifact's metadata.
    #[error("{url} answered with unreadable metadata: {reason}")]
    Unreadable { url: String, reason: String },
    /// A 304 to a request that had nothing to confirm.
    #[error("{0} answered 304 Not Modified, but Vigie has no copy of it")]
    NotModifiedWithoutCopy(String),
}

/// The HTTP side of a repository: client, runtime, pace.
pub(super) struct Fetcher {
    http: reqwest::Client,
    /// Always there until the fetcher is dropped (see its `Drop`).
    runtime: Option<tokio::runtime::Runtime>,
    min_interval: Duration,
    max_retry_wait: Duration,
    timeout: Duration,
    /// When the next request may leave.
    next_slot: Mutex<Option<Instant>>,
}

/// One exchange: an answer, or a request to come back later.
enum Reply {
    Answer(Answer),
    Busy {
        status: StatusCode,
        retry_after: Option<Duration>,
    },
}

impl Fetcher {
    pub(super) fn new(config: &RepositoryConfig) -> Result<Self, RepositoryError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| RepositoryError::Client(e.to_string()))?;
        let http = {
            let _inside = runtime.enter();
            reqwest::Client::builder()
                .user_agent(config.user_agent.as_str())
                .timeout(config.timeout)
                // Idle connections are not watched between requests (the
                // runtime runs only inside `get`): drop them before a server
                // is likely to have closed them.
                .pool_idle_timeout(Duration::from_secs(5))
                .build()
                .map_err(|e| RepositoryError::Client(e.without_url().to_string()))?
        };
        Ok(Fetcher {
            http,
            runtime: Some(runtime),
            min_interval: config.min_interval,
            max_retry_wait: config.max_retry_wait,
            timeout: config.timeout,
            next_slot: Mutex::new(None),
        })
    }

    /// GETs `url`, conditionally when `validators` are given. Asks once more
    /// after a failed connection (a kept-alive one the repository closed
    /// meanwhile fails that way), and after a 429 or 503 whose `Retry-After`
    /// is short enough, once that wait is over.
    pub(super) fn get(
        &self,
        url: &Url,
        validators: Option<&Validators>,
    ) -> Result<Answer, Failure> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Failure::InAsync(redacted(url)));
        }
        let (mut reconnected, mut waited) = (false, None);
        loop {
            self.pace();
            let Some(runtime) = &self.runtime else {
                return Err(Failure::InAsync(redacted(url)));
            };
            let reply = match runtime.block_on(self.exchange(url, validators)) {
                Err(Failure::Unreachable { .. }) if !reconnected => {
                    reconnected = true;
                    continue;
                }
                reply => reply?,
            };
            match reply {
                Reply::Answer(answer) => return Ok(answer),
                Reply::Busy {
                    status,
                    retry_after,
                } => {
                    let wait = self.wait_or_fail(url, status, retry_after, waited)?;
                    thread::sleep(wait);
                    waited = Some(wait);
                }
            }
        }
    }

    /// How long to wait after a 429 or 503: the `Retry-After`, if short
    /// enough and not waited already.
    fn wait_or_fail(
        &self,
        url: &Url,
        status: StatusCode,
        retry_after: Option<Duration>,
        waited: Option<Duration>,
    ) -> Result<Duration, Failure> {
        let url = redacted(url);
        match (waited, retry_after) {
            (Some(waited), _) => Err(Failure::StillBusy {
                url,
                status,
                waited,
            }),
            (None, Some(wait)) if wait <= self.max_retry_wait => Ok(wait),
            (None, Some(wait)) => Err(Failure::WaitTooLong {
                url,
                status,
                asked: wait,
                allowed: self.max_retry_wait,
            }),
            (None, None) => Err(status_failure(url, status)),
        }
    }

    /// Waits for this request's turn: turns are `min_interval` apart, for
    /// every thread sharing the fetcher.
    fn pace(&self) {
        let wait = {
            let mut next = self
                .next_slot
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let now = Instant::now();
            let slot = next.map_or(now, |next| next.max(now));
            *next = Some(slot + self.min_interval);
            slot.saturating_duration_since(now)
        };
        if !wait.is_zero() {
            thread::sleep(wait);
        }
    }

    async fn exchange(&self, url: &Url, validators: Option<&Validators>) -> Result<Reply, Failure> {
        let mut request = self.http.get(url.clone());
        if let Some(validators) = validators {
            if let Some(etag) = &validators.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(last_modified) = &validators.last_modified {
                request = request.header(IF_MODIFIED_SINCE, last_modified);
            }
        }
        let mut response = request.send().await.map_err(|e| self.failure(url, e))?;
        let status = response.status();
        let validators = validators_of(response.headers());
        let answer = match status {
            StatusCode::NOT_MODIFIED => Answer::NotModified { validators },
            StatusCode::NOT_FOUND | StatusCode::GONE => Answer::NotFound,
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => {
                return Ok(Reply::Busy {
                    status,
                    retry_after: retry_after(response.headers()),
                })
            }
            status if status.is_success() => {
                let mut bytes = Vec::new();
                while let Some(chunk) = response.chunk().await.map_err(|e| self.failure(url, e))? {
                    if bytes.len() + chunk.len() > MAX_BODY {
                        return Err(Failure::Unreadable {
                            url: redacted(url),
                            reason: format!("the answer is larger than {} MiB", MAX_BODY >> 20),
                        });
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Answer::Body { bytes, validators }
            }
            status => return Err(status_failure(redacted(url), status)),
        };
        Ok(Reply::Answer(answer))
    }

    /// A transport failure in words; reqwest's own message carries the URL
    /// as requested, credentials included, so only its causes are kept.
    fn failure(&self, url: &Url, error: reqwest::Error) -> Failure {
        let url = redacted(url);
        if error.is_timeout() {
            return Failure::Timeout {
                url,
                after: self.timeout,
            };
        }
        let error = error.without_url();
        let mut detail = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            detail = cause.to_string();
            source = cause.source();
        }
        Failure::Unreachable { url, detail }
    }
}

impl Drop for Fetcher {
    /// A runtime dropped the usual way blocks until its tasks end, which
    /// tokio refuses inside async code; this one runs none between
    /// requests, so it is let go without waiting, wherever the client is
    /// dropped.
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

fn status_failure(url: String, status: StatusCode) -> Failure {
    let hint = match status.as_u16() {
        401 | 403 => "; the repository wants credentials: put user:password@ in its address",
        500..=599 => "; the repository has trouble, try again later",
        _ => "",
    };
    Failure::Status { url, status, hint }
}

fn validators_of(headers: &HeaderMap) -> Validators {
    let text = |name| Some(headers.get(name)?.to_str().ok()?.to_owned());
    Validators {
        etag: text(ETAG),
        last_modified: text(LAST_MODIFIED),
    }
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?;
    Some(
        at.with_timezone(&Utc)
            .signed_duration_since(Utc::now())
            .to_std()
            .unwrap_or_default(),
    )
}

/// A duration for a message: milliseconds below a second, else whole
/// seconds rounded up (a wait of 1.2 s is not "1 s").
fn in_words(duration: Duration) -> String {
    if duration < Duration::from_secs(1) && !duration.is_zero() {
        return format!("{} ms", duration.as_millis().max(1));
    }
    format!(
        "{} s",
        duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn with_retry_after(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_str(value).expect("a header value"),
        );
        headers
    }

    #[test]
    fn retry_after_is_read_as_seconds_or_as_a_date() {
        assert_eq!(
            retry_after(&with_retry_after("7")),
            Some(Duration::from_secs(7))
        );
        let soon = (Utc::now() + chrono::Duration::seconds(30)).to_rfc2822();
        let wait = retry_after(&with_retry_after(&soon)).expect("a wait");
        assert!(
            wait > Duration::from_secs(25) && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
        assert_eq!(
            retry_after(&with_retry_after("Wed, 21 Oct 2015 07:28:00 GMT")),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&with_retry_after("soon")), None);
    }

    #[test]
    fn durations_in_messages_read_as_a_person_would_say_them() {
        assert_eq!(in_words(Duration::from_millis(300)), "300 ms");
        assert_eq!(in_words(Duration::from_millis(1200)), "2 s");
        assert_eq!(in_words(Duration::from_secs(10)), "10 s");
        assert_eq!(in_words(Duration::ZERO), "0 s");
    }

    #[test]
    fn a_refusal_says_what_to_do() {
        let failure = status_failure(
            "https://nexus.example.org/m/".to_owned(),
            StatusCode::UNAUTHORIZED,
        );
        assert_eq!(
            failure.to_string(),
            "https://nexus.example.org/m/ answered 401 Unauthorized; the repository wants \
             credentials: put user:password@ in its address"
        );
    }
}
