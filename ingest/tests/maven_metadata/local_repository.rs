//! A local Maven repository over HTTP for the tests: it serves the files
//! under `tests/data/maven` as a repository manager does (ETag,
//! Last-Modified, 304 to a matching conditional request, 404 otherwise),
//! answers what a test queued for a path instead, and logs every request.

use std::collections::{HashMap, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::sync::oneshot;

/// What every file claims as its last change.
pub const LAST_MODIFIED: &str = "Thu, 20 Nov 2025 09:45:12 GMT";

/// An answer a test wants for the next request to a path.
#[derive(Debug, Clone)]
pub enum Canned {
    /// A status with headers and no body.
    Status(u16, Vec<(&'static str, &'static str)>),
    /// A 200 with this body.
    Body(String),
    /// The file, after this delay.
    Slow(Duration),
}

/// One request as the repository saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    pub status: u16,
    pub body_len: usize,
    pub if_none_match: Option<String>,
    pub if_modified_since: Option<String>,
    pub user_agent: Option<String>,
    pub authorization: Option<String>,
    /// The ETag answered.
    pub etag: Option<String>,
}

#[derive(Default)]
struct Shared {
    canned: Mutex<HashMap<String, VecDeque<Canned>>>,
    seen: Mutex<Vec<Seen>>,
}

/// The running repository; stopped when dropped.
pub struct LocalRepository {
    /// `http://127.0.0.1:<port>/`.
    pub base_url: String,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl LocalRepository {
    /// Starts serving on 127.0.0.1 and a free port, on its own thread.
    pub fn start() -> Self {
        Self::start_at("127.0.0.1:0")
    }

    /// Starts again where a stopped repository served.
    pub fn restart(stopped: &LocalRepository) -> Self {
        let address = stopped
            .base_url
            .trim_start_matches("http://")
            .trim_end_matches('/');
        Self::start_at(address)
    }

    fn start_at(address: &str) -> Self {
        let address = address.to_owned();
        let shared = Arc::new(Shared::default());
        let (stop, stopped) = oneshot::channel::<()>();
        let (address_tx, address_rx) = mpsc::channel::<SocketAddr>();
        let app = Router::new()
            .fallback(answer)
            .with_state(Arc::clone(&shared));
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind(address)
                    .await
                    .expect("a free port");
                address_tx
                    .send(listener.local_addr().expect("an address"))
                    .expect("the test waits");
                axum::serve(listener, app)
                    .with_graceful_shutdown(async move {
                        let _ = stopped.await;
                    })
                    .await
                    .expect("the server runs");
            });
        });
        let address = address_rx.recv().expect("the server's address");
        LocalRepository {
            base_url: format!("http://{address}/"),
            shared,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// Queues `canned` as the answer to the next request for `path`.
    pub fn then(&self, path: &str, canned: Canned) {
        let mut canned_answers = self.shared.canned.lock().expect("not poisoned");
        canned_answers
            .entry(path.to_owned())
            .or_default()
            .push_back(canned);
    }

    /// The requests so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.shared.seen.lock().expect("not poisoned").clone()
    }

    /// Stops serving: the port refuses connections afterwards.
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            thread.join().expect("the server thread ends");
        }
    }
}

impl Drop for LocalRepository {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn answer(State(shared): State<Arc<Shared>>, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().to_owned();
    let next = shared
        .canned
        .lock()
        .expect("not poisoned")
        .get_mut(&path)
        .and_then(VecDeque::pop_front);
    let (status, extra, body) = match next {
        Some(Canned::Status(status, extra)) => {
            let extra = extra.into_iter().map(|(k, v)| (k, v.to_owned())).collect();
            (status, extra, Vec::new())
        }
        Some(Canned::Body(body)) => (200, Vec::new(), body.into_bytes()),
        Some(Canned::Slow(delay)) => {
            tokio::time::sleep(delay).await;
            from_disk(&path, &headers)
        }
        None => from_disk(&path, &headers),
    };
    let text = |name| Some(headers.get(name)?.to_str().ok()?.to_owned());
    shared.seen.lock().expect("not poisoned").push(Seen {
        path,
        status,
        body_len: body.len(),
        if_none_match: text(header::IF_NONE_MATCH),
        if_modified_since: text(header::IF_MODIFIED_SINCE),
        user_agent: text(header::USER_AGENT),
        authorization: text(header::AUTHORIZATION),
        etag: extra
            .iter()
            .find(|(k, _)| *k == "etag")
            .map(|(_, v)| v.clone()),
    });
    let mut response = (StatusCode::from_u16(status).expect("a status"), body).into_response();
    for (name, value) in extra {
        let value = HeaderValue::from_str(&value).expect("a header value");
        response.headers_mut().insert(name, value);
    }
    response
}

/// A file of `tests/data/maven` with its validators, or 304, or 404.
fn from_disk(path: &str, headers: &HeaderMap) -> (u16, Vec<(&'static str, String)>, Vec<u8>) {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/maven")
        .join(path.trim_start_matches('/'));
    let Some(bytes) = (!path.contains(".."))
        .then(|| std::fs::read(file).ok())
        .flatten()
    else {
        return (404, Vec::new(), Vec::new());
    };
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    let etag = format!("\"{:016x}\"", hasher.finish());
    let sent = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let unchanged = match sent(header::IF_NONE_MATCH) {
        Some(tag) => tag == etag,
        None => sent(header::IF_MODIFIED_SINCE) == Some(LAST_MODIFIED),
    };
    let validators = vec![("etag", etag), ("last-modified", LAST_MODIFIED.to_owned())];
    if unchanged {
        (304, validators, Vec::new())
    } else {
        (200, validators, bytes)
    }
}
