//! [`MockArchive`]: a local GH Archive answering what a test registers:
//! an hour's bytes (whole, honouring `Range: bytes=N-` as gharchive.org's
//! storage does), a body cut short, or nothing (404, an hour the archive
//! lacks). Every request is logged with the range it asked for.

use std::collections::HashMap;
use std::future::IntoFuture;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use axum::Router;

/// What the mock serves for a file name.
#[derive(Clone)]
pub enum Served {
    /// The file, whole or from the range asked.
    Whole(Arc<Vec<u8>>),
    /// Only the first `n` bytes, announced as the whole file (200).
    CutAfter(Arc<Vec<u8>>, usize),
}

/// A request the mock answered: path, `Range` header, status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    pub path: String,
    pub range: Option<String>,
    pub status: u16,
}

#[derive(Default)]
struct Shared {
    files: Mutex<HashMap<String, Served>>,
    log: Mutex<Vec<Logged>>,
}

/// The running mock; it stops when dropped.
pub struct MockArchive {
    origin: String,
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl MockArchive {
    /// Starts on a free local port.
    pub fn start() -> MockArchive {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("a local port");
        listener
            .set_nonblocking(true)
            .expect("a non-blocking socket");
        let origin = format!("http://{}", listener.local_addr().expect("an address"));
        let shared = Arc::new(Shared::default());
        let app = Router::new().fallback(handle).with_state(shared.clone());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a tokio runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("a listener");
                tokio::select! {
                    _ = axum::serve(listener, app).into_future() => {}
                    _ = stopped => {}
                }
            });
            runtime.shutdown_timeout(Duration::from_millis(100));
        });
        MockArchive {
            origin,
            shared,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("{}/", self.origin)
    }

    /// Serves `served` as `/name`.
    pub fn serve(&self, name: &str, served: Served) {
        let mut files = self.shared.files.lock().unwrap();
        files.insert(format!("/{name}"), served);
    }

    /// The requests answered so far.
    pub fn log(&self) -> Vec<Logged> {
        self.shared.log.lock().unwrap().clone()
    }
}

impl Drop for MockArchive {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let range = request
        .headers()
        .get("range")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let served = shared.files.lock().unwrap().get(&path).cloned();
    let from = range
        .as_deref()
        .and_then(|r| r.strip_prefix("bytes="))
        .and_then(|r| r.strip_suffix('-'))
        .and_then(|n| n.parse::<usize>().ok());
    let (status, body) = match (served, from) {
        (None, _) => (404, Vec::new()),
        (Some(Served::CutAfter(bytes, n)), _) => (200, bytes[..n].to_vec()),
        (Some(Served::Whole(bytes)), None) => (200, bytes.to_vec()),
        (Some(Served::Whole(bytes)), Some(from)) if from < bytes.len() => {
            (206, bytes[from..].to_vec())
        }
        (Some(Served::Whole(_)), Some(_)) => (416, Vec::new()),
    };
    shared.log.lock().unwrap().push(Logged {
        path,
        range,
        status,
    });
    Response::builder()
        .status(status)
        .body(Body::from(body))
        .expect("a response")
}
