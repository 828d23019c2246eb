//! The HTTP client of the forge sources: pages, conditional requests, rate
//! limits, retries, several tokens, bounded concurrency.
//!
//! What it does for every request, as GitHub and GitLab ask of clients:
//! - `per_page=100` and the `Link: <...>; rel="next"` header to page;
//! - `If-None-Match` with the ETag of the last answer to the same URL: a
//!   `304 Not Modified` costs nothing against the rate limit;
//! - the primary rate limit: when `X-RateLimit-Remaining` (GitHub) or
//!   `RateLimit-Remaining` (GitLab) reaches 0, the next request waits until
//!   the reset time (reported through [`Wait`] for progress displays), or
//!   switches to another token that still has requests left;
//! - secondary limits: 403 or 429 with `Retry-After` wait that long;
//! - retries with exponential backoff on 5xx answers, dropped connections
//!   and bodies cut short; the body is read whole before it is parsed;
//! - at most `concurrency` requests in flight.
//!
//! Tokens only ever travel in the `Authorization` header: errors name the
//! URL and the environment variable a token came from, never its value.

mod answers;
mod headers;
mod settings;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderMap, AUTHORIZATION, IF_NONE_MATCH, RETRY_AFTER};
use reqwest::StatusCode;
use tokio::sync::Semaphore;

pub use answers::{Counters, HttpError, Page, Wait};
use headers::{header, number, page, without_url, REMAINING, RESET};
pub use headers::{link_rel, with_page};
pub use settings::{AuthStyle, Policy, Token};

struct TokenState {
    token: Token,
    /// Requests left and when the window resets (Unix seconds), when known.
    remaining: Option<u64>,
    reset: Option<u64>,
}

/// The forge HTTP client (cheap to clone; clones share state).
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    auth: AuthStyle,
    tokens: Arc<Mutex<Vec<TokenState>>>,
    next_token: Arc<Mutex<usize>>,
    permits: Arc<Semaphore>,
    policy: Policy,
    counters: Arc<Mutex<Counters>>,
    on_wait: Arc<dyn Fn(&Wait) + Send + Sync>,
    /// Without a token: when the spent rate limit resets (Unix seconds), if
    /// later than the client may wait.
    anonymous_spent_until: Arc<Mutex<Option<u64>>>,
}

impl Client {
    /// A client using `tokens` in turn (none: anonymous).
    pub fn new(
        auth: AuthStyle,
        tokens: Vec<Token>,
        policy: Policy,
        on_wait: Arc<dyn Fn(&Wait) + Send + Sync>,
    ) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("vigie/", env!("CARGO_PKG_VERSION")))
            .timeout(policy.timeout)
            .build()
            .map_err(|e| format!("cannot start the HTTP client: {e}"))?;
        Ok(Self {
            http,
            auth,
            tokens: Arc::new(Mutex::new(
                tokens
                    .into_iter()
                    .map(|token| TokenState {
                        token,
                        remaining: None,
                        reset: None,
                    })
                    .collect(),
            )),
            next_token: Arc::new(Mutex::new(0)),
            permits: Arc::new(Semaphore::new(policy.concurrency.max(1))),
            policy,
            counters: Arc::new(Mutex::new(Counters::default())),
            on_wait,
            anonymous_spent_until: Arc::new(Mutex::new(None)),
        })
    }

    /// What the client did so far.
    pub fn counters(&self) -> Counters {
        *lock(&self.counters)
    }

    /// GETs `url`, with `If-None-Match: etag` when given; retries, waits for
    /// rate limits, and fails with an error that names the URL.
    pub async fn get(&self, url: &str, etag: Option<&str>) -> Result<Page, HttpError> {
        self.send(url, etag, None).await
    }

    /// POSTs a JSON body (GraphQL) and parses the JSON answer, with the
    /// same retries and waits as [`Client::get`].
    pub async fn post_json(
        &self,
        url: &str,
        body: &serde_json::Value,
    ) -> Result<serde_json::Value, HttpError> {
        let bytes = serde_json::to_vec(body).expect("a JSON value serialises");
        let page = self.send(url, None, Some(bytes)).await?;
        let body = page.body.unwrap_or_default();
        serde_json::from_slice(&body).map_err(|e| HttpError::Malformed {
            url: url.to_owned(),
            reason: e.to_string(),
        })
    }

    /// Whether requests carry a token (GitHub's GraphQL API needs one).
    pub fn has_tokens(&self) -> bool {
        !lock(&self.tokens).is_empty()
    }

    /// Sends one request: retried with a growing backoff when it fails, and
    /// after a wait when the forge asks for one (within the policy's bounds).
    async fn send(
        &self,
        url: &str,
        etag: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> Result<Page, HttpError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("the semaphore is never closed");
        let mut attempt = 0;
        let mut backoff = self.policy.backoff;
        loop {
            attempt += 1;
            if let Some(seconds) = self.anonymous_spent_for() {
                // Asking again before the reset would only be refused.
                return Err(HttpError::RateLimited {
                    url: url.to_owned(),
                    seconds,
                });
            }
            let token = self.pick_token().await?;
            let request = self.request(url, etag, body.as_deref(), token.as_ref());
            lock(&self.counters).requests += 1;
            let failure = match request.send().await {
                Ok(response) => {
                    let status = response.status();
                    let headers = response.headers().clone();
                    if let Some((index, _)) = &token {
                        self.note_rate(*index, &headers);
                    }
                    match self.classify(url, status, &headers, token.as_ref()) {
                        Verdict::NotModified => {
                            lock(&self.counters).not_modified += 1;
                            return Ok(Page {
                                body: None,
                                next: None,
                                last: None,
                                etag: etag.map(str::to_owned),
                            });
                        }
                        Verdict::Ok => match response.bytes().await {
                            Ok(body) => return Ok(page(url, &headers, body.to_vec())),
                            Err(e) => format!("the answer broke off: {}", without_url(&e)),
                        },
                        Verdict::Fail(error) => return Err(error),
                        Verdict::WaitThenRetry(wait) => {
                            self.wait(url, wait, token.is_none(), attempt).await?;
                            // A rate-limit wait is not a failed attempt.
                            attempt -= 1;
                            continue;
                        }
                        Verdict::Retry(reason) => reason,
                    }
                }
                Err(e) => format!("connection failed: {}", without_url(&e)),
            };
            if attempt >= self.policy.attempts {
                return Err(HttpError::GaveUp {
                    url: url.to_owned(),
                    attempts: attempt,
                    last: failure,
                });
            }
            lock(&self.counters).retries += 1;
            (self.on_wait)(&Wait::Backoff {
                seconds: backoff.as_secs(),
                reason: failure,
            });
            tokio::time::sleep(backoff).await;
            backoff *= 2;
        }
    }

    /// A GET (or a JSON POST when there is a `body`), with the token and
    /// the ETag of the last answer, if any.
    fn request(
        &self,
        url: &str,
        etag: Option<&str>,
        body: Option<&[u8]>,
        token: Option<&(usize, String)>,
    ) -> reqwest::RequestBuilder {
        let mut request = match body {
            None => self.http.get(url),
            Some(body) => self
                .http
                .post(url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.to_vec()),
        };
        if let Some((_, value)) = token {
            request = match self.auth {
                AuthStyle::Bearer => request.header(AUTHORIZATION, format!("Bearer {value}")),
                AuthStyle::PrivateToken => request.header("PRIVATE-TOKEN", value.as_str()),
            };
        }
        if let Some(etag) = etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        request
    }

    /// Waits as the forge asked, or gives up when the wait is longer than
    /// the policy allows; without a token, a spent rate limit is remembered
    /// so that no request is sent before its reset.
    async fn wait(
        &self,
        url: &str,
        wait: Wait,
        anonymous: bool,
        attempt: u32,
    ) -> Result<(), HttpError> {
        let seconds = match &wait {
            Wait::RateLimit { seconds } | Wait::RetryAfter { seconds } => *seconds,
            Wait::Backoff { seconds, .. } => *seconds,
        };
        let too_long = Duration::from_secs(seconds) > self.policy.max_wait;
        if too_long && anonymous && matches!(wait, Wait::RateLimit { .. }) {
            *lock(&self.anonymous_spent_until) = Some(now_secs() + seconds);
            return Err(HttpError::RateLimited {
                url: url.to_owned(),
                seconds,
            });
        }
        if too_long {
            return Err(HttpError::GaveUp {
                url: url.to_owned(),
                attempts: attempt,
                last: format!("asked to wait {seconds} s, longer than allowed"),
            });
        }
        lock(&self.counters).rate_limit_waits += 1;
        (self.on_wait)(&wait);
        tokio::time::sleep(Duration::from_secs(seconds)).await;
        Ok(())
    }

    /// GETs and parses JSON.
    pub async fn get_json(
        &self,
        url: &str,
        etag: Option<&str>,
    ) -> Result<(Option<serde_json::Value>, Page), HttpError> {
        let page = self.get(url, etag).await?;
        let value = match &page.body {
            None => None,
            Some(body) => Some(
                serde_json::from_slice(body).map_err(|e| HttpError::Malformed {
                    url: url.to_owned(),
                    reason: e.to_string(),
                })?,
            ),
        };
        Ok((value, page))
    }

    /// Without a token, the seconds until a spent rate limit resets, if the
    /// client may not wait that long.
    fn anonymous_spent_for(&self) -> Option<u64> {
        let until = (*lock(&self.anonymous_spent_until))?;
        let left = until.saturating_sub(now_secs());
        (Duration::from_secs(left) > self.policy.max_wait).then_some(left)
    }

    /// The token to use next: the next in turn with requests left; when all
    /// are spent, waits for the earliest reset. `None`: anonymous.
    async fn pick_token(&self) -> Result<Option<(usize, String)>, HttpError> {
        loop {
            let wait = {
                let tokens = lock(&self.tokens);
                if tokens.is_empty() {
                    return Ok(None);
                }
                let mut next = lock(&self.next_token);
                let n = tokens.len();
                let now = now_secs();
                let usable = (0..n).map(|i| (*next + i) % n).find(|&i| {
                    let t = &tokens[i];
                    t.remaining != Some(0) || t.reset.is_some_and(|r| r <= now)
                });
                match usable {
                    Some(i) => {
                        *next = (i + 1) % n;
                        return Ok(Some((i, tokens[i].token.value.clone())));
                    }
                    None => tokens
                        .iter()
                        .filter_map(|t| t.reset)
                        .min()
                        .map_or(60, |r| r.saturating_sub(now) + 1),
                }
            };
            if Duration::from_secs(wait) > self.policy.max_wait {
                return Err(HttpError::GaveUp {
                    url: String::from("(every token)"),
                    attempts: 0,
                    last: format!("the rate limit resets in {wait} s, longer than allowed"),
                });
            }
            lock(&self.counters).rate_limit_waits += 1;
            (self.on_wait)(&Wait::RateLimit { seconds: wait });
            tokio::time::sleep(Duration::from_secs(wait)).await;
            // After the wait, the tokens are usable again.
            for t in lock(&self.tokens).iter_mut() {
                if t.reset.is_some_and(|r| r <= now_secs()) {
                    t.remaining = None;
                }
            }
        }
    }

    fn note_rate(&self, index: usize, headers: &HeaderMap) {
        // GitHub keeps separate budgets (core, graphql, search): the token's
        // pacing follows the REST one; a spent GraphQL budget is seen in the
        // answer and its work goes by REST.
        if header(headers, "x-ratelimit-resource").is_some_and(|r| r != "core") {
            return;
        }
        let remaining = number(headers, REMAINING);
        let reset = number(headers, RESET);
        if let Some(t) = lock(&self.tokens).get_mut(index) {
            if remaining.is_some() {
                t.remaining = remaining;
            }
            if reset.is_some() {
                t.reset = reset;
            }
        }
    }

    fn classify(
        &self,
        url: &str,
        status: StatusCode,
        headers: &HeaderMap,
        token: Option<&(usize, String)>,
    ) -> Verdict {
        if status == StatusCode::NOT_MODIFIED {
            return Verdict::NotModified;
        }
        if status.is_success() {
            return Verdict::Ok;
        }
        let retry_after = header(headers, RETRY_AFTER).and_then(|v| v.trim().parse::<u64>().ok());
        let remaining = number(headers, REMAINING);
        let limited = status == StatusCode::TOO_MANY_REQUESTS
            || (status == StatusCode::FORBIDDEN && (retry_after.is_some() || remaining == Some(0)));
        if limited {
            if let Some(seconds) = retry_after {
                return Verdict::WaitThenRetry(Wait::RetryAfter { seconds });
            }
            // The primary limit. With tokens, pick_token waits for the reset
            // (or takes another token); without, the wait is here.
            if remaining == Some(0) {
                let seconds = match token {
                    Some(_) => 0,
                    None => number(headers, RESET)
                        .map_or(60, |reset| reset.saturating_sub(now_secs()) + 1),
                };
                return Verdict::WaitThenRetry(Wait::RateLimit { seconds });
            }
            return Verdict::WaitThenRetry(Wait::RetryAfter { seconds: 60 });
        }
        if status.is_server_error() {
            return Verdict::Retry(format!("the service answered {status}"));
        }
        let url = url.to_owned();
        Verdict::Fail(match status.as_u16() {
            401 => match token {
                Some((index, _)) => HttpError::Unauthorized {
                    url,
                    variable: lock(&self.tokens)[*index].token.variable.clone(),
                },
                None => HttpError::TokenNeeded { url },
            },
            403 | 404 | 410 => HttpError::NotFound {
                url,
                status: status.as_u16(),
            },
            code => HttpError::Refused {
                url,
                status: code,
                message: status.canonical_reason().unwrap_or_default().to_owned(),
            },
        })
    }
}

enum Verdict {
    Ok,
    NotModified,
    Retry(String),
    WaitThenRetry(Wait),
    Fail(HttpError),
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// A task of a concurrent listing, as a request error: a task that
/// panicked or was cancelled gave up on `url`.
pub(crate) fn joined<T>(
    done: Result<T, tokio::task::JoinError>,
    url: &str,
) -> Result<T, HttpError> {
    done.map_err(|e| HttpError::GaveUp {
        url: url.to_owned(),
        attempts: 1,
        last: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_headers() {
        let link =
            "<https://api.github.com/repositories/1/issues?per_page=3&page=2>; rel=\"next\", \
                    <https://api.github.com/repositories/1/issues?per_page=3&page=5>; rel=\"last\"";
        assert_eq!(
            link_rel(link, "next").as_deref(),
            Some("https://api.github.com/repositories/1/issues?per_page=3&page=2")
        );
        assert_eq!(link_rel(link, "prev"), None);
        assert_eq!(link_rel("", "next"), None);
    }

    #[test]
    fn tokens_never_show_their_value() {
        let t = Token::new("GITHUB_TOKEN", "ghp_secret");
        assert_eq!(format!("{t:?}"), "Token($GITHUB_TOKEN)");
        let err = Token::from_env(&["VIGIE_TEST_TOKEN_NEVER_SET_4F2A".into()]).unwrap_err();
        assert!(err.contains("VIGIE_TEST_TOKEN_NEVER_SET_4F2A"), "{err}");
    }
}
