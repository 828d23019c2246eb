//! The errors a test injects on purpose into [`super::MockForge`]: server
//! errors, the primary and secondary rate limits, a connection dropped
//! midway, a cut body, a refused token, a 404. Their bodies take GitHub's
//! documented shapes, or GitLab's on `/api/v4` paths (synthetic: no fault
//! was recorded).

use axum::body::Body;
use axum::http::response::Builder;
use axum::response::Response;
use serde_json::{json, Value};

use super::Forge;

const SECONDARY: &str =
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";

/// An error injected on purpose. Each matches the requests whose path and
/// query contain `path_contains`; a request takes the first it matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// `status` (e.g. 502) `times` times, then the normal answer.
    Status {
        path_contains: String,
        /// Answers to replace.
        times: u32,
        /// The status to answer.
        status: u16,
    },
    /// Once: the primary limit spent, `X-RateLimit-Remaining: 0` and the
    /// reset in `reset_in_secs`: GitHub's 403, GitLab's 429 with
    /// `Retry-After`, and on GitHub's GraphQL endpoint a 200 whose errors
    /// say `RATE_LIMIT`, as GitHub answers there.
    RateLimitExhausted {
        path_contains: String,
        /// Seconds from now to the reset.
        reset_in_secs: u64,
    },
    /// Once: a secondary limit, `status` (429 or 403) with `Retry-After`.
    RetryAfter {
        path_contains: String,
        /// 429 or 403.
        status: u16,
        /// The `Retry-After` value.
        seconds: u64,
    },
    /// Once: the normal answer's headers with a `Content-Length` larger than
    /// the bytes sent, then the connection closes. (hyper's debug assertions
    /// refuse this: the project tests in release.)
    DropMidBody { path_contains: String },
    /// Once: 200 with the normal body cut in half.
    Malformed { path_contains: String },
    /// Every time: 401 Bad credentials.
    Unauthorized { path_contains: String },
    /// Every time: 404 Not Found.
    NotFound { path_contains: String },
}

impl Fault {
    fn path_contains(&self) -> &str {
        match self {
            Fault::Status { path_contains, .. }
            | Fault::RateLimitExhausted { path_contains, .. }
            | Fault::RetryAfter { path_contains, .. }
            | Fault::DropMidBody { path_contains }
            | Fault::Malformed { path_contains }
            | Fault::Unauthorized { path_contains }
            | Fault::NotFound { path_contains } => path_contains,
        }
    }

    /// How many requests it answers; `None` for every one.
    pub(super) fn times(&self) -> Option<u32> {
        match self {
            Fault::Status { times, .. } => Some(*times),
            Fault::Unauthorized { .. } | Fault::NotFound { .. } => None,
            _ => Some(1),
        }
    }

    /// Whether it answers instead of the registered answer (the others cut it).
    pub(super) fn replaces_answer(&self) -> bool {
        !matches!(self, Fault::DropMidBody { .. } | Fault::Malformed { .. })
    }

    /// The status and body it answers with instead: GitHub's documented
    /// shape, GitLab's `{"message": "401 Unauthorized"}`, and on GitHub's
    /// GraphQL endpoint a spent limit is a 200 whose errors say so.
    pub(super) fn answer(&self, forge: Forge, authenticated: bool) -> (u16, Value) {
        let who = if authenticated {
            "user ID 1"
        } else {
            "127.0.0.1"
        };
        let (status, message) = match self {
            Fault::Status { status, .. } => (*status, reason(*status).to_owned()),
            Fault::RateLimitExhausted { .. } if forge == Forge::GitLab => {
                (429, "Retry later".into())
            }
            Fault::RateLimitExhausted { .. } => {
                (403, format!("API rate limit exceeded for {who}."))
            }
            Fault::RetryAfter { status, .. } => (*status, SECONDARY.into()),
            Fault::Unauthorized { .. } => (401, "Bad credentials".into()),
            Fault::NotFound { .. } | Fault::DropMidBody { .. } | Fault::Malformed { .. } => {
                (404, "Not Found".into())
            }
        };
        match forge {
            Forge::Graphql if matches!(self, Fault::RateLimitExhausted { .. }) => {
                let error =
                    json!({"type": "RATE_LIMIT", "code": "graphql_rate_limit", "message": message});
                (200, json!({ "errors": [error] }))
            }
            Forge::GitLab => (status, json!({ "message": format!("{status} {message}") })),
            _ => {
                let docs = "https://docs.github.com/rest";
                (
                    status,
                    json!({"message": message, "documentation_url": docs, "status": status.to_string()}),
                )
            }
        }
    }

    /// The response: `head` (status and headers) and `body`, as the fault
    /// sends them.
    pub(super) fn respond(
        self,
        forge: Forge,
        head: Builder,
        body: Vec<u8>,
    ) -> Result<Response, axum::http::Error> {
        let half = body[..body.len() / 2].to_vec();
        match self {
            Fault::RetryAfter { seconds, .. } => {
                head.header("retry-after", seconds).body(Body::from(body))
            }
            Fault::RateLimitExhausted { reset_in_secs, .. } if forge == Forge::GitLab => head
                .header("retry-after", reset_in_secs)
                .body(Body::from(body)),
            // hyper trusts a body of known size over a Content-Length set by
            // hand: it sends half the bytes under the full length, then closes.
            Fault::DropMidBody { .. } => head
                .status(200)
                .header("content-length", body.len())
                .header("connection", "close")
                .body(Body::from(half)),
            Fault::Malformed { .. } => head.status(200).body(Body::from(half)),
            _ => head.body(Body::from(body)),
        }
    }
}

/// The first armed fault `path_and_query` matches, consumed.
pub(super) fn take(faults: &mut Vec<(Fault, Option<u32>)>, path_and_query: &str) -> Option<Fault> {
    let index = (faults.iter())
        .position(|(f, left)| path_and_query.contains(f.path_contains()) && *left != Some(0))?;
    let (fault, left) = &mut faults[index];
    let fault = fault.clone();
    if let Some(left) = left {
        *left -= 1;
        if *left == 0 {
            faults.remove(index);
        }
    }
    Some(fault)
}

/// The body of a 404, in the forge's shape.
pub(super) fn not_found(forge: Forge) -> Value {
    let path_contains = String::new();
    Fault::NotFound { path_contains }.answer(forge, false).1
}

fn reason(status: u16) -> &'static str {
    (axum::http::StatusCode::from_u16(status).ok())
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error")
}
