//! [`MockForge`]: a local forge answering what a test registered for each
//! request ([`MockForge::on`], `registered.rs`), as GrimoireLab Perceval's
//! tests register their recorded answers. A request is matched by method,
//! path and the query pairs the registration names (GraphQL: a text its
//! query contains); the first registered answer that matches is served,
//! and a request nothing matches is a 404, in the forge's own shape.
//!
//! What the mock computes itself, as GitHub and GitLab do: pages of a
//! registered list (`per_page`, `page`, `Link`), the `since` or
//! `updated_after` filter on `updated_at`, ETags and `304 Not Modified`
//! (not counted against the rate limit), rate-limit headers, the request
//! log, and the errors a test injects on purpose ([`Fault`], `faults.rs`).
//! Paths answer with and without GitHub Enterprise's `/api/v3` prefix
//! (`/api/graphql` for `/graphql`); GitLab's are registered under
//! `/api/v4`.

use std::collections::HashMap;
use std::future::IntoFuture;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::State;
use axum::response::Response;
use axum::Router;
use serde_json::Value;

#[path = "faults.rs"]
mod faults;
#[path = "paging.rs"]
mod paging;
#[path = "registered.rs"]
mod registered;
pub use faults::Fault;
use paging::{page, query_pairs, since, split};
pub use registered::{Answer, Request};

/// The primary rate limit the mock counts requests against.
const LIMIT: u32 = 5000;

/// A request the mock answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    /// `GET`, `POST`.
    pub method: String,
    /// As received, e.g. `/api/v3/repos/o/r/issues?page=2`.
    pub path_and_query: String,
    /// The status answered (200 also for a body dropped midway).
    pub status: u16,
    /// Whether an `Authorization` (or GitLab `PRIVATE-TOKEN`) header came.
    pub had_authorization: bool,
}

/// The running mock; it stops when dropped.
pub struct MockForge {
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

struct Shared {
    origin: String,
    /// `X-RateLimit-Reset`: start + 1 hour, epoch seconds.
    reset: u64,
    state: Mutex<MockState>,
}

#[derive(Default)]
struct MockState {
    answers: Vec<(Request, Answer)>,
    /// Armed faults and the answers each has left (`None`: every time).
    faults: Vec<(Fault, Option<u32>)>,
    log: Vec<Logged>,
    /// Requests counted against each token ("" without).
    used: HashMap<String, u32>,
    latency: Duration,
    /// Where `https://github.com/` addresses point instead.
    web_root: Option<String>,
}

impl MockForge {
    /// Starts serving on 127.0.0.1 (a free port) on its own thread and
    /// tokio runtime, so synchronous tests can use it.
    pub fn start() -> MockForge {
        Self::start_on(0)
    }

    /// The same on `port` (0: a free one).
    pub fn start_on(port: u16) -> MockForge {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))
            .unwrap_or_else(|e| panic!("mock forge: cannot listen on port {port}: {e}"));
        listener
            .set_nonblocking(true)
            .expect("a non-blocking socket");
        let shared = Arc::new(Shared {
            origin: format!("http://{}", listener.local_addr().expect("an address")),
            reset: now() + 3600,
            state: Mutex::default(),
        });
        let app = Router::new().fallback(handle).with_state(shared.clone());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("a tokio runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("a listener");
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
        });
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

    /// Answers `request` with `answer`, unless an answer registered before
    /// matches it too.
    pub fn on(&self, request: Request, answer: Answer) {
        self.shared.state().answers.push((request, answer));
    }

    /// Arms a fault; faults are consumed in order by the requests they match.
    pub fn inject(&self, fault: Fault) {
        let times = fault.times();
        self.shared.state().faults.push((fault, times));
    }

    /// A delay added before every answer (the benchmark uses 50 ms).
    pub fn set_latency(&self, latency: Duration) {
        self.shared.state().latency = latency;
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

    /// Answers with `https://github.com/...` addresses (clone URLs among
    /// them) under `root` instead, e.g. `file:///tmp/x`, where a test made
    /// the repositories they lead to.
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

impl Shared {
    fn state(&self) -> MutexGuard<'_, MockState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// What `handle` read of a request.
struct Received {
    method: String,
    path_and_query: String,
    token: Option<String>,
    if_none_match: Option<String>,
    /// The query of a GraphQL request, "" for others.
    graphql_query: String,
}

/// The query a GraphQL request's body carries, as written (the body is
/// JSON: `{"query": "..."}`).
fn graphql_query(body: &[u8]) -> String {
    let body: Option<Value> = serde_json::from_slice(body).ok();
    let query = body.as_ref().and_then(|b| b["query"].as_str());
    query.unwrap_or_default().to_owned()
}

async fn handle(State(shared): State<Arc<Shared>>, request: axum::extract::Request) -> Response {
    let latency = shared.state().latency;
    tokio::time::sleep(latency).await;
    let (parts, body) = request.into_parts();
    let header = |name: &str| Some(parts.headers.get(name)?.to_str().ok()?.to_owned());
    let received = Received {
        method: parts.method.as_str().to_owned(),
        path_and_query: (parts.uri.path_and_query())
            .map_or("/", |p| p.as_str())
            .to_owned(),
        token: header("authorization").or_else(|| header("private-token")),
        if_none_match: header("if-none-match"),
        graphql_query: graphql_query(
            &axum::body::to_bytes(body, 16 << 20)
                .await
                .unwrap_or_default(),
        ),
    };
    let response = answer(&shared, &received);
    shared.state().log.push(Logged {
        method: received.method,
        path_and_query: received.path_and_query,
        status: response.status().as_u16(),
        had_authorization: received.token.is_some(),
    });
    response
}

/// Which API a path is on: their errors and rate-limit headers differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Forge {
    /// GitHub's REST API.
    GitHub,
    /// GitHub's GraphQL API, whose budget is its own.
    Graphql,
    /// GitLab's REST API.
    GitLab,
}

/// The path as registered (GitHub Enterprise's prefixes taken off), and
/// the forge it is on.
fn normalise(path: &str) -> (&str, Forge) {
    let path = match path {
        "/api/graphql" => "/graphql",
        p => p
            .strip_prefix("/api/v3")
            .filter(|p| !p.is_empty())
            .unwrap_or(p),
    };
    let forge = match path {
        "/graphql" => Forge::Graphql,
        p if p.starts_with("/api/v4/") => Forge::GitLab,
        _ => Forge::GitHub,
    };
    (path, forge)
}

/// The answer to a request: the registered one, or a fault's, with the
/// headers of the forge it is on.
fn answer(shared: &Shared, received: &Received) -> Response {
    let (raw_path, raw_query) = split(&received.path_and_query);
    let (path, forge) = normalise(raw_path);
    let query = query_pairs(raw_query);
    let account = received.token.clone().unwrap_or_default();
    let mut state = shared.state();
    let fault = faults::take(&mut state.faults, &received.path_and_query);
    let page_url = format!("{}{raw_path}", shared.origin);
    // The answer registered first among those that match.
    let asked = |(r, _): &&(Request, Answer)| {
        r.matches(&received.method, path, &query, &received.graphql_query)
    };
    let found = state.answers.iter().find(asked).map(|(_, a)| a.clone());
    let (mut status, mut body, link) = match found {
        Some(Answer::Json(value)) => (200, value, None),
        Some(Answer::List(items)) => {
            let (items, link) = page(since(items, &query), &query, raw_query, &page_url);
            (200, Value::Array(items), link)
        }
        None => (404, faults::not_found(forge), None),
    };
    if let Some(f) = fault.as_ref().filter(|f| f.replaces_answer()) {
        (status, body) = f.answer(forge, received.token.is_some());
    }
    // Recorded addresses point at GitHub: sent back here instead.
    let mut text = serde_json::to_string(&body).expect("JSON");
    text = text.replace("https://api.github.com", &shared.origin);
    if let Some(root) = &state.web_root {
        text = text.replace("https://github.com/", &format!("{root}/"));
    }
    let etag = etag(text.as_bytes());
    let mut used = *state.used.get(&account).unwrap_or(&0);
    let mut reset = shared.reset;
    if fault.is_none()
        && status == 200
        && (received.if_none_match.as_deref()).is_some_and(|tags| tags.contains(&etag))
    {
        // GitHub does not count a 304 against the rate limit.
        let head = rate_headers(forge, 304, LIMIT - used, reset, &etag);
        return head.body(Body::empty()).expect("a response");
    }
    match &fault {
        None => {
            used = (used + 1).min(LIMIT);
            state.used.insert(account, used);
        }
        Some(Fault::RateLimitExhausted { reset_in_secs, .. }) => {
            (used, reset) = (LIMIT, now() + reset_in_secs);
        }
        Some(_) => {}
    }
    let mut head = rate_headers(forge, status, LIMIT - used, reset, &etag)
        .header("content-type", "application/json; charset=utf-8");
    if let Some(link) = link {
        head = head.header("link", link);
    }
    let response = match fault {
        Some(fault) => fault.respond(forge, head, text.into_bytes()),
        None => head.body(Body::from(text)),
    };
    response.expect("a response")
}

/// GitHub's `X-RateLimit-*` headers (GraphQL's budget is its own resource),
/// or GitLab's `RateLimit-*`.
fn rate_headers(
    forge: Forge,
    status: u16,
    remaining: u32,
    reset: u64,
    etag: &str,
) -> axum::http::response::Builder {
    let builder = Response::builder().status(status).header("etag", etag);
    let (prefix, resource) = match forge {
        Forge::GitHub => ("x-ratelimit-", Some("core")),
        Forge::Graphql => ("x-ratelimit-", Some("graphql")),
        Forge::GitLab => ("ratelimit-", None),
    };
    let builder = builder
        .header(format!("{prefix}limit"), LIMIT)
        .header(format!("{prefix}remaining"), remaining)
        .header(format!("{prefix}reset"), reset);
    match resource {
        Some(resource) => builder.header("x-ratelimit-resource", resource),
        None => builder,
    }
}

/// `W/"<FNV-1a 64 of the body>"`: stable for a body, as GitHub's are.
fn etag(body: &[u8]) -> String {
    let hash = body.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("W/\"{hash:016x}\"")
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
