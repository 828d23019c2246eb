//! A local GitHub REST API serving a [`Dataset`] of real recordings, for the
//! ingest tests and the benchmark against GrimoireLab Perceval, GitHub's
//! GraphQL API for pull request reviews (`POST /graphql` and GitHub
//! Enterprise's `POST /api/graphql`, `graphql.rs`: recorded REST reviews in
//! GraphQL's shape), and the GitLab REST API (v4) under `/api/v4` for a
//! [`Dataset::gitlab`] (`gitlab_mock.rs`).
//!
//! [`MockForge::start`] serves on 127.0.0.1 from its own thread and runtime.
//! It pages, filters and sorts the recorded items itself, with GitHub's
//! `Link`, `ETag` and `X-RateLimit-*` headers; nothing it answers is invented
//! except what it computes (those headers, 304s) and the errors a test
//! injects on purpose with [`Fault`]. Routes answer with and without the
//! `/api/v3` prefix (GitHub Enterprise style, as Perceval asks), and every
//! `https://api.github.com` URL it sends points back at the mock instead.

use std::collections::HashMap;
use std::future::IntoFuture;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use axum::Router;
use serde_json::{json, Value};

pub use super::fixtures::{Child, Dataset, GitLabProject, Noteable, Repository};

// A path relative to this file, so that the examples including it with
// `#[path]` find it too.
#[path = "gitlab_mock.rs"]
mod gitlab;
#[path = "graphql.rs"]
mod graphql;

const LIMIT: u32 = 5000;
const DOCS: &str = "https://docs.github.com/rest";

/// An error injected on purpose. Each matches requests whose path and query
/// contain `path_contains`; a request takes the first fault it matches.
/// On GitLab paths (`/api/v4/...`) the answers take GitLab's shapes and
/// headers instead (synthetic, as GitHub's): see each variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// `status` (e.g. 502) `times` times, then the normal answer. GitHub:
    /// the recorded `{"error": "Server Error"}` for a 5xx; GitLab:
    /// `{"message": "502 Bad Gateway"}`.
    Status {
        /// Matched against the path and query.
        path_contains: String,
        /// Answers to replace.
        times: u32,
        /// The status to answer.
        status: u16,
    },
    /// Once: 403 with `X-RateLimit-Remaining: 0`, `X-RateLimit-Reset` in
    /// `reset_in_secs` and GitHub's message. GitLab: 429 `Retry later`
    /// (plain text) with `RateLimit-Remaining: 0`, `RateLimit-Reset` and
    /// `Retry-After` in `reset_in_secs`. GitHub's GraphQL endpoint: 200 with
    /// `{"errors": [{"type": "RATE_LIMIT", "code": "graphql_rate_limit",
    /// ...}]}` and the same headers, as GitHub answers it there.
    RateLimitExhausted {
        /// Matched against the path and query.
        path_contains: String,
        /// Seconds from now to the reset.
        reset_in_secs: u64,
    },
    /// Once: a secondary limit, `status` (429 or 403) with `Retry-After`.
    /// GitLab: 429 `Retry later`, or `{"message": "403 Forbidden"}`.
    RetryAfter {
        /// Matched against the path and query.
        path_contains: String,
        /// 429 or 403.
        status: u16,
        /// The `Retry-After` value.
        seconds: u64,
    },
    /// Once: the normal answer's headers with a `Content-Length` larger than
    /// the bytes sent, then the connection closes. (hyper's debug
    /// assertions refuse this: in a debug build the connection closes before
    /// the head. The project tests in release.)
    DropMidBody {
        /// Matched against the path and query.
        path_contains: String,
    },
    /// Once: 200 with the normal body cut in half.
    Malformed {
        /// Matched against the path and query.
        path_contains: String,
    },
    /// Every time: 401 Bad credentials. GitLab: `{"message": "401 Unauthorized"}`.
    Unauthorized {
        /// Matched against the path and query.
        path_contains: String,
    },
    /// Every time: 404 Not Found. GitLab: `{"message": "404 Project Not Found"}`.
    NotFound {
        /// Matched against the path and query.
        path_contains: String,
    },
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
    fn times(&self) -> Option<u32> {
        match self {
            Fault::Status { times, .. } => Some(*times),
            Fault::Unauthorized { .. } | Fault::NotFound { .. } => None,
            _ => Some(1),
        }
    }
}

/// A request the mock answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    /// `GET`...
    pub method: String,
    /// As received, e.g. `/api/v3/repos/o/r/issues?page=2`.
    pub path_and_query: String,
    /// The status answered (200 also for a body dropped midway).
    pub status: u16,
    /// Whether an `Authorization` header came (or, on a GitLab path, a
    /// `PRIVATE-TOKEN`).
    pub had_authorization: bool,
    /// The `If-None-Match` header, if any.
    pub if_none_match: Option<String>,
}

/// The running mock; it stops when dropped.
pub struct MockForge {
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl MockForge {
    /// Starts serving on 127.0.0.1 (a free port) on its own thread and tokio
    /// runtime, so synchronous tests can use it; returns once it accepts
    /// connections.
    pub fn start(dataset: Dataset) -> MockForge {
        Self::start_on(dataset, 0)
    }

    /// The same on `port` (0: a free one).
    pub fn start_on(dataset: Dataset, port: u16) -> MockForge {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))
            .unwrap_or_else(|e| panic!("mock forge: cannot listen on port {port}: {e}"));
        listener
            .set_nonblocking(true)
            .expect("a non-blocking socket");
        let origin = format!("http://{}", listener.local_addr().expect("a local address"));
        let shared = Arc::new(Shared {
            dataset,
            origin,
            reset: now() + 3600,
            latency_micros: AtomicU64::new(0),
            state: Mutex::default(),
        });
        let app = Router::new().fallback(handle).with_state(shared.clone());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (ready, started) = std::sync::mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("mock-forge".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("a tokio runtime");
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener).expect("a listener");
                    let _ = ready.send(());
                    tokio::select! {
                        served = axum::serve(listener, app).into_future() => {
                            if let Err(e) = served {
                                eprintln!("mock forge: {e}");
                            }
                        }
                        _ = stopped => {}
                    }
                });
                // Open connections end with the runtime.
                runtime.shutdown_timeout(Duration::from_millis(100));
            })
            .expect("a thread for the mock forge");
        started.recv().expect("the mock forge started");
        MockForge {
            shared,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn url(&self) -> String {
        self.shared.origin.clone()
    }

    /// What it serves.
    pub fn dataset(&self) -> &Dataset {
        &self.shared.dataset
    }

    /// A delay added before every answer (the benchmark uses 50 ms).
    pub fn set_latency(&self, latency: Duration) {
        let micros = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
        self.shared.latency_micros.store(micros, Ordering::Relaxed);
    }

    /// Arms a fault; faults are consumed in order by the requests they match.
    pub fn inject(&self, fault: Fault) {
        let times = fault.times();
        self.shared.state().faults.push((fault, times));
    }

    /// Every request answered so far, in order.
    pub fn log(&self) -> Vec<Logged> {
        self.shared.state().log.clone()
    }

    /// How many requests were answered.
    pub fn request_count(&self) -> usize {
        self.shared.state().log.len()
    }

    /// Forgets the requests answered so far.
    pub fn clear_log(&self) {
        self.shared.state().log.clear();
    }

    /// Answers with web addresses (`https://github.com/...`,
    /// `https://gitlab.com/...`, clone URLs among them) under `root`
    /// instead, e.g. `file:///tmp/x`, where a test makes the repositories
    /// the listing's clone URLs then lead to.
    pub fn serve_web_from(&self, root: &str) {
        self.shared.state().web_root = Some(root.trim_end_matches('/').to_owned());
    }
}

impl Drop for MockForge {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

struct Shared {
    dataset: Dataset,
    origin: String,
    /// `X-RateLimit-Reset`: start + 1 hour, epoch seconds.
    reset: u64,
    latency_micros: AtomicU64,
    state: Mutex<MockState>,
}

#[derive(Default)]
struct MockState {
    /// Armed faults and the answers each has left (`None`: every time).
    faults: Vec<(Fault, Option<u32>)>,
    log: Vec<Logged>,
    /// Requests counted against each `Authorization` (or GitLab
    /// `PRIVATE-TOKEN`) value ("" without).
    used: HashMap<String, u32>,
    /// GraphQL points counted against each `Authorization` value: GitHub's
    /// `graphql` resource, apart from REST's `core`.
    graphql_used: HashMap<String, u32>,
    /// Where web addresses point instead ([`MockForge::serve_web_from`]).
    web_root: Option<String>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, MockState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// GraphQL points used so far by `account`.
    fn graphql_used(&self, account: &str) -> u32 {
        *self.state().graphql_used.get(account).unwrap_or(&0)
    }

    /// The first armed fault `path_and_query` matches, consumed.
    fn take_fault(&self, path_and_query: &str) -> Option<Fault> {
        let mut state = self.state();
        let index = (state.faults.iter())
            .position(|(f, left)| path_and_query.contains(f.path_contains()) && *left != Some(0))?;
        let (fault, left) = &mut state.faults[index];
        let fault = fault.clone();
        if let Some(left) = left {
            *left -= 1;
            if *left == 0 {
                state.faults.remove(index);
            }
        }
        Some(fault)
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// An answer before the common headers: status, body (JSON unless said),
/// `Link` and other headers.
struct Reply {
    status: u16,
    body: Vec<u8>,
    content_type: &'static str,
    link: Option<String>,
    /// More headers (GitLab's `X-Page`...).
    headers: Vec<(&'static str, String)>,
}

impl Reply {
    fn json(value: &Value) -> Reply {
        Reply::status(200, value)
    }

    fn status(status: u16, value: &Value) -> Reply {
        Reply::bytes(status, serde_json::to_vec(value).expect("JSON"))
    }

    fn bytes(status: u16, body: Vec<u8>) -> Reply {
        Reply {
            status,
            body,
            content_type: JSON,
            link: None,
            headers: Vec::new(),
        }
    }

    fn not_found() -> Reply {
        Reply::status(
            404,
            &json!({"message": "Not Found", "documentation_url": DOCS, "status": "404"}),
        )
    }
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let latency = Duration::from_micros(shared.latency_micros.load(Ordering::Relaxed));
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let (parts, body) = request.into_parts();
    let header =
        |name: &str| (parts.headers.get(name)).and_then(|v| v.to_str().ok().map(str::to_owned));
    let token = header("authorization").or_else(|| {
        // GitLab's personal tokens.
        header("private-token").filter(|_| gitlab::is_gitlab(parts.uri.path()))
    });
    let if_none_match = header("if-none-match");
    let method = parts.method.as_str().to_owned();
    let path_and_query = (parts.uri.path_and_query())
        .map_or("/", |p| p.as_str())
        .to_owned();
    // Only GraphQL reads a body; one that cannot be read is an empty one.
    let body = axum::body::to_bytes(body, 16 << 20)
        .await
        .unwrap_or_default();
    let (status, response) = answer(
        &shared,
        &method,
        &path_and_query,
        token.as_deref(),
        if_none_match.as_deref(),
        &body,
    );
    shared.state().log.push(Logged {
        method,
        path_and_query,
        status,
        had_authorization: token.is_some(),
        if_none_match,
    });
    response
}

fn answer(
    shared: &Shared,
    method: &str,
    path_and_query: &str,
    token: Option<&str>,
    if_none_match: Option<&str>,
    body: &[u8],
) -> (u16, Response) {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    if method == "POST" && graphql::is_graphql(path) {
        return graphql::answer(shared, path_and_query, token, body);
    }
    let is_gitlab = gitlab::is_gitlab(path);
    let (prefix, route) = match path.strip_prefix("/api/v3") {
        _ if is_gitlab => (gitlab::PREFIX, &path[gitlab::PREFIX.len()..]),
        Some(rest) if rest.is_empty() || rest.starts_with('/') => ("/api/v3", rest),
        _ => ("", path),
    };
    type Headers = fn(u16, u32, u64, &str) -> axum::http::response::Builder;
    let (limit, rate_headers): (u32, Headers) = match is_gitlab {
        true => (gitlab::LIMIT, gitlab::rate_headers),
        false => (LIMIT, rate_headers),
    };
    let base = format!("{}{prefix}", shared.origin);
    let account = token.unwrap_or_default().to_owned();
    let mut used = *shared.state().used.get(&account).unwrap_or(&0);
    let fault = shared.take_fault(path_and_query);
    let mut reply = match &fault {
        None | Some(Fault::DropMidBody { .. } | Fault::Malformed { .. }) => {
            let segments: Vec<String> = (route.split('/').filter(|s| !s.is_empty()))
                .map(percent_decode)
                .collect();
            let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
            let query = Query::parse(query);
            let page_url = format!("{base}{route}");
            let routes = Routes {
                shared,
                query: &query,
                page_url: &page_url,
                used,
                graphql_used: shared.graphql_used(&account),
            };
            let gitlab = gitlab::Routes {
                dataset: &shared.dataset,
                query: &query,
                page_url: &page_url,
            };
            match (method, is_gitlab) {
                ("GET" | "HEAD", false) => routes.route(&segments),
                ("GET" | "HEAD", true) => gitlab.route(&segments),
                (_, false) => Reply::not_found(),
                (_, true) => gitlab::no_route(),
            }
        }
        Some(fault) if is_gitlab => gitlab::fault_reply(fault),
        Some(fault) => fault_reply(shared, fault, token.is_some()),
    };
    // Recorded URLs point at api.github.com or gitlab.com: send clients
    // back here.
    if let Ok(text) = std::str::from_utf8(&reply.body) {
        let mut text = match is_gitlab {
            true => gitlab::rewrite(text, &base),
            false => text.replace("https://api.github.com", &base),
        };
        if let Some(root) = shared.state().web_root.clone() {
            for web in ["https://github.com/", "https://gitlab.com/"] {
                text = text.replace(web, &format!("{root}/"));
            }
        }
        reply.body = text.into_bytes();
    }
    let etag = etag(&reply.body);
    let mut reset = shared.reset;
    match &fault {
        None if reply.status == 200 && if_none_match.is_some_and(|t| etag_matches(t, &etag)) => {
            // GitHub does not count a 304 against the rate limit.
            let response = rate_headers(304, used, reset, &etag).body(Body::empty());
            return (304, response.expect("a response"));
        }
        // Nor `/rate_limit`; injected errors are not counted either.
        None if route != "/rate_limit" => {
            let mut state = shared.state();
            let count = state.used.entry(account).or_default();
            *count = (*count + 1).min(limit);
            used = *count;
        }
        Some(Fault::RateLimitExhausted { reset_in_secs, .. }) => {
            (used, reset) = (limit, now() + reset_in_secs);
        }
        _ => {}
    }
    let mut response =
        rate_headers(reply.status, used, reset, &etag).header("content-type", reply.content_type);
    if let Some(link) = &reply.link {
        response = response.header("link", link);
    }
    for (name, value) in &reply.headers {
        response = response.header(*name, value);
    }
    let half = |body: &[u8]| body[..body.len() / 2].to_vec();
    let response = match fault {
        Some(Fault::RetryAfter { seconds, .. }) => response
            .header("retry-after", seconds.to_string())
            .body(Body::from(reply.body)),
        Some(Fault::RateLimitExhausted { reset_in_secs, .. }) if is_gitlab => response
            .header("retry-after", reset_in_secs.to_string())
            .body(Body::from(reply.body)),
        // hyper trusts a body of known size over a Content-Length set by
        // hand: it sends half the bytes under the full length, then closes.
        Some(Fault::DropMidBody { .. }) => response
            .status(200)
            .header("content-length", reply.body.len().to_string())
            .header("connection", "close")
            .body(Body::from(half(&reply.body))),
        Some(Fault::Malformed { .. }) => response.status(200).body(Body::from(half(&reply.body))),
        _ => response.body(Body::from(reply.body)),
    };
    let response = response.expect("a response");
    (response.status().as_u16(), response)
}

const JSON: &str = "application/json; charset=utf-8";

fn rate_headers(status: u16, used: u32, reset: u64, etag: &str) -> axum::http::response::Builder {
    let remaining = LIMIT.saturating_sub(used);
    Response::builder()
        .status(status)
        .header("etag", etag)
        .header("x-ratelimit-limit", LIMIT.to_string())
        .header("x-ratelimit-remaining", remaining.to_string())
        .header("x-ratelimit-reset", reset.to_string())
        .header("x-ratelimit-used", used.to_string())
        .header("x-ratelimit-resource", "core")
}

/// The body of an injected error, in GitHub's documented shape (synthetic).
fn fault_reply(shared: &Shared, fault: &Fault, authenticated: bool) -> Reply {
    let message = |status: u16, message: &str, docs: &str| {
        let body =
            json!({"message": message, "documentation_url": docs, "status": status.to_string()});
        Reply::status(status, &body)
    };
    let limits = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api";
    match fault {
        Fault::Status { status, .. } => match shared.dataset.server_error() {
            Some(recorded) if *status >= 500 => Reply::status(*status, recorded),
            _ => {
                let reason = (axum::http::StatusCode::from_u16(*status).ok())
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or("Error");
                message(*status, reason, DOCS)
            }
        },
        Fault::RateLimitExhausted { .. } if authenticated => {
            message(403, "API rate limit exceeded for user ID 1.", limits)
        }
        Fault::RateLimitExhausted { .. } => message(
            403,
            "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated \
             requests get a higher rate limit. Check out the documentation for more details.)",
            limits,
        ),
        Fault::RetryAfter { status, .. } => message(
            *status,
            "You have exceeded a secondary rate limit. Please wait a few minutes before you \
             try again.",
            &format!("{limits}#about-secondary-rate-limits"),
        ),
        Fault::Unauthorized { .. } => message(401, "Bad credentials", DOCS),
        Fault::NotFound { .. } | Fault::DropMidBody { .. } | Fault::Malformed { .. } => {
            Reply::not_found()
        }
    }
}

/// `W/"<FNV-1a 64 of the body>"`: stable for a body, as GitHub's are.
fn etag(body: &[u8]) -> String {
    let hash = body.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("W/\"{hash:016x}\"")
}

/// `If-None-Match`: a list of tags or `*`, compared weakly.
fn etag_matches(header: &str, etag: &str) -> bool {
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    header
        .split(',')
        .any(|t| t.trim() == "*" || opaque(t) == opaque(etag))
}

/// The query string: every pair, percent-decoded; a repeated key's first
/// occurrence wins (Perceval re-sends its parameters on the `next` URL).
struct Query(Vec<(String, String)>);

impl Query {
    fn parse(raw: &str) -> Query {
        let pairs = (raw.split('&').filter(|p| !p.is_empty()))
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (
                    percent_decode(&k.replace('+', " ")),
                    percent_decode(&v.replace('+', " ")),
                )
            })
            .collect();
        Query(pairs)
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// An instant parameter (`since`); a `+` of an offset sent unencoded
    /// arrives as a space.
    fn instant(&self, key: &str) -> Option<i64> {
        instant(&self.get(key)?.replace(' ', "+"))
    }

    /// The URL of `page` with the same parameters (each once).
    fn page_url(&self, base: &str, page: usize, per_page: usize) -> String {
        let mut seen = Vec::new();
        let mut url = format!("{base}?");
        for (k, v) in &self.0 {
            if k != "page" && k != "per_page" && !seen.contains(&k) {
                seen.push(k);
                url.push_str(&format!("{}={}&", percent_encode(k), percent_encode(v)));
            }
        }
        url + &format!("per_page={per_page}&page={page}")
    }
}

fn instant(text: &str) -> Option<i64> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(t.timestamp());
    }
    let day = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc().timestamp())
}

fn field_instant(item: &Value, field: &str) -> i64 {
    item[field].as_str().and_then(instant).unwrap_or(i64::MIN)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn jsons(list: &[Child]) -> Vec<&Value> {
    list.iter().map(|c| &c.json).collect()
}

/// The routes of the REST API the dataset answers.
struct Routes<'a> {
    shared: &'a Shared,
    query: &'a Query,
    /// The requested URL without its query, on the mock's origin.
    page_url: &'a str,
    /// Requests counted so far against the asking token.
    used: u32,
    /// GraphQL points counted so far against it.
    graphql_used: u32,
}

impl Routes<'_> {
    fn route(&self, segments: &[&str]) -> Reply {
        let dataset = &self.shared.dataset;
        match segments {
            ["rate_limit"] => self.rate_limit(),
            ["users", login] => dataset
                .user(login)
                .map_or_else(Reply::not_found, Reply::json),
            ["orgs", org, "repos"] => {
                let mut repos: Vec<&Value> = (dataset.repositories_of(org).into_iter())
                    .filter_map(|r| r.metadata.as_ref())
                    .collect();
                let sort = self.query.get("sort").unwrap_or("created");
                let field = match sort {
                    "updated" | "pushed" => format!("{sort}_at"),
                    "full_name" => "full_name".into(),
                    _ => "created_at".into(),
                };
                repos.sort_by(|a, b| {
                    let key = |r: &Value| {
                        (
                            r[&field].as_str().unwrap_or("").to_lowercase(),
                            r["id"].as_u64(),
                        )
                    };
                    key(a).cmp(&key(b))
                });
                let ascending = self
                    .query
                    .get("direction")
                    .map_or(sort == "full_name", |d| d == "asc");
                if !ascending {
                    repos.reverse();
                }
                self.page(repos)
            }
            ["repos", owner, name, rest @ ..] => {
                match dataset.repository(&format!("{owner}/{name}")) {
                    Some(repo) => self.repository(repo, rest),
                    None => Reply::not_found(),
                }
            }
            ["repositories", id, rest @ ..] => {
                match id.parse().ok().and_then(|id| dataset.repository_by_id(id)) {
                    Some(repo) => self.repository(repo, rest),
                    None => Reply::not_found(),
                }
            }
            _ => Reply::not_found(),
        }
    }

    fn repository(&self, repo: &Repository, rest: &[&str]) -> Reply {
        let number = |s: &str| s.parse::<u64>().ok();
        match rest {
            [] => repo
                .metadata
                .as_ref()
                .map_or_else(Reply::not_found, Reply::json),
            ["issues"] => self.issues(repo),
            ["issues", "comments"] => self.comments(jsons(&repo.issue_comments)),
            ["issues", "events"] => self.newest_first(repo.issue_events.iter().collect()),
            ["issues", n] => match number(n).and_then(|n| repo.issue(n)) {
                Some(issue) => Reply::json(issue),
                None => Reply::not_found(),
            },
            ["issues", n, "comments"] => match number(n).filter(|n| repo.has_issue(*n)) {
                Some(n) => self.comments(repo.children(&repo.issue_comments, n).collect()),
                None => Reply::not_found(),
            },
            // No reactions were recorded: [] for what exists.
            ["issues", n, "reactions"] => match number(n).filter(|n| repo.has_issue(*n)) {
                Some(_) => self.page(Vec::new()),
                None => Reply::not_found(),
            },
            ["issues", "comments", id, "reactions"] => self.reactions(&repo.issue_comments, id),
            ["pulls", "comments"] => self.comments(jsons(&repo.review_comments)),
            ["pulls", "comments", id, "reactions"] => self.reactions(&repo.review_comments, id),
            ["pulls", n, tail @ ..] => {
                let Some(n) = number(n).filter(|n| repo.has_pull(*n)) else {
                    return Reply::not_found();
                };
                match tail {
                    [] => repo
                        .pulls
                        .get(&n)
                        .map_or_else(Reply::not_found, Reply::json),
                    ["comments"] => {
                        self.comments(repo.children(&repo.review_comments, n).collect())
                    }
                    ["reviews"] => self.page(repo.children(&repo.reviews, n).collect()),
                    ["commits"] => self.page(
                        repo.pull_commits
                            .get(&n)
                            .map_or(Vec::new(), |c| c.iter().collect()),
                    ),
                    ["requested_reviewers"] => repo
                        .requested_reviewers
                        .get(&n)
                        .map_or_else(Reply::not_found, Reply::json),
                    _ => Reply::not_found(),
                }
            }
            ["releases"] => {
                let mut releases: Vec<&Value> = repo.releases.iter().collect();
                releases.sort_by_key(|r| (field_instant(r, "created_at"), r["id"].as_u64()));
                releases.reverse();
                self.page(releases)
            }
            ["events"] => self.newest_first(repo.events.iter().collect()),
            _ => Reply::not_found(),
        }
    }

    /// `state` (open by default), `since` on `updated_at`, `sort`
    /// (created by default, updated, comments), `direction` (desc by default).
    fn issues(&self, repo: &Repository) -> Reply {
        let state = self.query.get("state").unwrap_or("open");
        let since = self.query.instant("since");
        let mut issues: Vec<&Value> = (repo.issues.iter())
            .filter(|i| state == "all" || i["state"] == state)
            .filter(|i| since.is_none_or(|s| field_instant(i, "updated_at") >= s))
            .collect();
        let key = |i: &Value| {
            let value = match self.query.get("sort") {
                Some("updated") => field_instant(i, "updated_at"),
                Some("comments") => i["comments"].as_i64().unwrap_or(0),
                _ => field_instant(i, "created_at"),
            };
            (value, i["number"].as_u64())
        };
        issues.sort_by_key(|i| key(i));
        if self.query.get("direction") != Some("asc") {
            issues.reverse();
        }
        self.page(issues)
    }

    /// Comments: `since` on `updated_at`; oldest first unless `sort`
    /// (created, updated) is given, then `direction` (desc by default).
    fn comments(&self, mut comments: Vec<&Value>) -> Reply {
        let since = self.query.instant("since");
        comments.retain(|c| since.is_none_or(|s| field_instant(c, "updated_at") >= s));
        let sort = self.query.get("sort");
        let field = if sort == Some("updated") {
            "updated_at"
        } else {
            "created_at"
        };
        comments.sort_by_key(|c| (field_instant(c, field), c["id"].as_u64()));
        if sort.is_some() && self.query.get("direction") != Some("asc") {
            comments.reverse();
        }
        self.page(comments)
    }

    fn reactions(&self, list: &[Child], id: &str) -> Reply {
        let id: Option<u64> = id.parse().ok();
        match list
            .iter()
            .any(|c| c.json["id"].as_u64() == id && id.is_some())
        {
            true => self.page(Vec::new()),
            false => Reply::not_found(),
        }
    }

    /// Events come newest first.
    fn newest_first(&self, mut events: Vec<&Value>) -> Reply {
        let id = |e: &Value| e["id"].as_u64().or_else(|| e["id"].as_str()?.parse().ok());
        events.sort_by_key(|e| std::cmp::Reverse(id(e)));
        self.page(events)
    }

    /// One page of `items` (`per_page` 30 by default, at most 100), with a
    /// `Link` header when there is more than one page.
    fn page(&self, items: Vec<&Value>) -> Reply {
        let per_page = match self.query.get("per_page").and_then(|p| p.parse().ok()) {
            Some(0) | None => 30,
            Some(n) => usize::min(n, 100),
        };
        let page: usize = self
            .query
            .get("page")
            .and_then(|p| p.parse().ok())
            .unwrap_or(1)
            .max(1);
        let last = items.len().div_ceil(per_page).max(1);
        let start = (page - 1).saturating_mul(per_page).min(items.len());
        let shown: Vec<&Value> = items[start..].iter().take(per_page).copied().collect();
        let mut reply = Reply::json(&Value::Array(shown.into_iter().cloned().collect()));
        let url = |p| self.query.page_url(self.page_url, p, per_page);
        let mut links = Vec::new();
        if page > 1 {
            links.push(format!("<{}>; rel=\"prev\"", url(page - 1)));
        }
        if page < last {
            links.push(format!("<{}>; rel=\"next\"", url(page + 1)));
            links.push(format!("<{}>; rel=\"last\"", url(last)));
        }
        if page > 1 {
            links.push(format!("<{}>; rel=\"first\"", url(1)));
        }
        reply.link = (!links.is_empty()).then(|| links.join(", "));
        reply
    }

    /// The recorded `/rate_limit` shape with this mock's counts, REST's
    /// (`core`, `rate`) and GraphQL's (`graphql`) (GitHub does not count this
    /// request).
    fn rate_limit(&self) -> Reply {
        let core = json!({
            "limit": LIMIT,
            "used": self.used,
            "remaining": LIMIT.saturating_sub(self.used),
            "reset": self.shared.reset,
        });
        let mut body = (self.shared.dataset.rate_limit_shape().cloned())
            .unwrap_or_else(|| json!({"resources": {}}));
        if let Some(resources) = body.get_mut("resources").and_then(Value::as_object_mut) {
            for resource in resources.values_mut() {
                resource["reset"] = json!(self.shared.reset);
            }
            resources.insert("core".into(), core.clone());
            let graphql = json!({
                "limit": graphql::LIMIT,
                "used": self.graphql_used,
                "remaining": graphql::LIMIT.saturating_sub(self.graphql_used),
                "reset": self.shared.reset,
            });
            resources.insert("graphql".into(), graphql);
        }
        body["rate"] = core;
        Reply::json(&body)
    }
}
