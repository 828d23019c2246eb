//! What a forge request gives back: a page, a wait to report, or why it
//! failed for good; and the counters of what the client did.

/// Why a request failed for good.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum HttpError {
    /// The token was refused (401).
    #[error(
        "{url}: the token in ${variable} was refused (401 Bad credentials): check it or renew it"
    )]
    Unauthorized {
        /// The URL asked.
        url: String,
        /// The token's environment variable.
        variable: String,
    },
    /// 401 without a token.
    #[error("{url}: the service asks for a token (401): set one with token_env")]
    TokenNeeded {
        /// The URL asked.
        url: String,
    },
    /// Deleted, private or misspelt (404), or forbidden (403 that is not a
    /// rate limit).
    #[error("{url}: not found or not visible with this token ({status})")]
    NotFound {
        /// The URL asked.
        url: String,
        /// 403, 404 or 410.
        status: u16,
    },
    /// Another client error.
    #[error("{url}: the service refused the request ({status}): {message}")]
    Refused {
        /// The URL asked.
        url: String,
        /// The status.
        status: u16,
        /// The service's message, if any.
        message: String,
    },
    /// Retries exhausted.
    #[error("{url}: gave up after {attempts} attempts: {last}")]
    GaveUp {
        /// The URL asked.
        url: String,
        /// Attempts made.
        attempts: u32,
        /// The last failure.
        last: String,
    },
    /// Without a token, the requests the service allows are spent, and the
    /// limit resets later than the client may wait: the requests that
    /// follow are not sent until then.
    #[error(
        "{url}: the requests allowed without a token are spent until the rate limit resets \
         in {} min; set a token (token_env) to read more",
        .seconds.div_ceil(60)
    )]
    RateLimited {
        /// The URL asked.
        url: String,
        /// Seconds until the reset.
        seconds: u64,
    },
    /// The answer is not the JSON expected.
    #[error("{url}: malformed answer: {reason}")]
    Malformed {
        /// The URL asked.
        url: String,
        /// What is wrong.
        reason: String,
    },
}

/// A wait the client is about to make, for progress displays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wait {
    /// Every token's rate limit is spent: waiting for the reset.
    RateLimit {
        /// Seconds to wait.
        seconds: u64,
    },
    /// A secondary limit (`Retry-After`).
    RetryAfter {
        /// Seconds to wait.
        seconds: u64,
    },
    /// A failure to retry after a pause.
    Backoff {
        /// Seconds to wait.
        seconds: u64,
        /// What failed.
        reason: String,
    },
}

/// A successful answer.
#[derive(Debug, Clone)]
pub struct Page {
    /// The body, or `None` for a `304 Not Modified`.
    pub body: Option<Vec<u8>>,
    /// The next page's URL, from the `Link` header.
    pub next: Option<String>,
    /// The last page's URL, from the `Link` header.
    pub last: Option<String>,
    /// The ETag to send next time.
    pub etag: Option<String>,
}

/// Counters of what the client did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    /// Requests sent (each retry counts).
    pub requests: u64,
    /// Answers `304 Not Modified`.
    pub not_modified: u64,
    /// Retries after a failure.
    pub retries: u64,
    /// Waits for a rate limit.
    pub rate_limit_waits: u64,
}
