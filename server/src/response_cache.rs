//! Whole responses kept until the data changes: a page or download asked
//! again is sent as stored (already compressed) instead of being rendered
//! again. Pages depend only on their address, the reader's language and
//! the data, so that is the key, with whether the browser takes gzip;
//! every entry is dropped when the store's data version or its ingest runs
//! move ([`Dashboard::freshness`]).
//!
//! Only `GET`s are kept. A signed-in reader's answers are kept under their
//! session and role ([`crate::auth::SessionKey`], put in the request by
//! [`crate::auth::attach_viewer`], which runs first and checks the session on
//! every request): they are served to that session only, and never once it
//! has ended (signed out, account removed, password changed). A request
//! with a cookie that is no valid session, or with an authorisation
//! header, is never kept or served from the cache. The browser bundle and
//! server functions are never kept.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use vigie_app::backend::Dashboard;
use vigie_app::i18n::Lang;

use crate::auth::SessionKey;
use crate::operations::ScriptNonce;

/// Responses kept (pages are 10 to 100 KB gzipped).
const ENTRIES: usize = 256;
/// The bytes kept at most, all responses together.
const BUDGET: usize = 64 << 20;
/// Larger responses are sent but not kept.
const LARGEST: usize = 4 << 20;
/// Responses are read whole before they are sent (to be kept): none of
/// the dashboard's comes near this.
const READ_AT_MOST: usize = 256 << 20;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    /// Path and query, as asked.
    target: String,
    /// The language the browser's `Accept-Language` gives.
    lang: Lang,
    /// The browser takes gzip.
    gzip: bool,
    /// The reader's session and role; `None`: anonymous.
    session: Option<String>,
}

#[derive(Clone)]
struct Stored {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    /// The nonce the page's scripts were rendered with, named again in
    /// the policy each time the page is sent.
    nonce: Option<ScriptNonce>,
}

/// What the kept responses depend on: a string that changes whenever any
/// response could (`None`: unknown, keep nothing).
type Freshness = Box<dyn Fn() -> Option<String> + Send + Sync>;

/// The kept responses of one data version.
pub struct ResponseCache {
    freshness: Freshness,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    version: Option<String>,
    entries: HashMap<Key, Stored>,
    order: VecDeque<Key>,
    bytes: usize,
}

impl ResponseCache {
    /// An empty cache over `dashboard`'s data.
    pub fn new(dashboard: Arc<Dashboard>) -> Self {
        Self::with_freshness(Box::new(move || dashboard.freshness().ok()))
    }

    fn with_freshness(freshness: Freshness) -> Self {
        Self {
            freshness,
            inner: Mutex::new(Inner::default()),
        }
    }

    fn get(&self, key: &Key, version: &str) -> Option<Stored> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.version.as_deref() != Some(version) {
            *inner = Inner {
                version: Some(version.to_owned()),
                ..Inner::default()
            };
        }
        inner.entries.get(key).cloned()
    }

    fn put(&self, key: Key, version: &str, stored: Stored) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.version.as_deref() != Some(version) {
            // The data moved while this was rendered: it may be stale.
            return;
        }
        // The oldest go first, until there is room by count and by size.
        while inner.entries.len() >= ENTRIES || inner.bytes + stored.body.len() > BUDGET {
            let Some(oldest) = inner.order.pop_front() else {
                break;
            };
            if let Some(gone) = inner.entries.remove(&oldest) {
                inner.bytes -= gone.body.len();
            }
        }
        inner.bytes += stored.body.len();
        match inner.entries.insert(key.clone(), stored) {
            Some(replaced) => inner.bytes -= replaced.body.len(),
            None => inner.order.push_back(key),
        }
    }
}

/// Whether a request may be answered from the cache (its session aside).
fn cacheable(request: &Request) -> bool {
    let path = request.uri().path();
    request.method() == Method::GET
        && !request.headers().contains_key(header::AUTHORIZATION)
        && !path.starts_with("/pkg/")
        && !path.starts_with("/api/")
        && path != "/healthz"
        && path != "/readyz"
        && path != "/metrics"
}

/// The middleware: answers from the cache, or runs the request and keeps
/// a successful (or 404) answer.
pub async fn layer(
    State(cache): State<Arc<ResponseCache>>,
    request: Request,
    next: Next,
) -> Response {
    if !cacheable(&request) {
        return next.run(request).await;
    }
    // Checked by the session layer on this very request: an ended session
    // has no key, and is never served.
    let session = request
        .extensions()
        .get::<SessionKey>()
        .map(|s| s.0.clone());
    if session.is_none() && request.headers().contains_key(header::COOKIE) {
        return next.run(request).await;
    }
    // A DuckDB query under the store's lock: off the async workers.
    let ask = Arc::clone(&cache);
    let Ok(Some(version)) = tokio::task::spawn_blocking(move || (ask.freshness)()).await else {
        // The page will say what is wrong; nothing is kept.
        return next.run(request).await;
    };
    let headers = request.headers();
    let key = Key {
        target: request
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
        lang: headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Lang::from_accept_language)
            .unwrap_or_default(),
        gzip: accepts_gzip(headers),
        session,
    };
    if let Some(hit) = cache.get(&key, &version) {
        return respond(hit);
    }
    let nonce = request.extensions().get::<ScriptNonce>().cloned();
    let response = next.run(request).await;
    if !matches!(response.status(), StatusCode::OK | StatusCode::NOT_FOUND) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = match to_bytes(body, READ_AT_MOST).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::warn!(error = %e, "a response could not be read whole");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the response could not be sent",
            )
                .into_response();
        }
    };
    let stored = Stored {
        status: parts.status,
        headers: parts.headers,
        body,
        nonce,
    };
    // What the key says of the encoding must be what was sent.
    let gzipped = stored
        .headers
        .get(header::CONTENT_ENCODING)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"gzip"));
    if stored.body.len() <= LARGEST && (!gzipped || key.gzip) {
        cache.put(key, &version, stored.clone());
    }
    respond(stored)
}

/// Whether `Accept-Encoding` takes gzip (`gzip` or `x-gzip`, any case,
/// not with `q=0`), as the compression layer reads it.
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|entry| {
            let mut parts = entry.split(';');
            let coding = parts.next().unwrap_or_default().trim();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip"))
                && !refused
        })
}

fn respond(stored: Stored) -> Response {
    let mut response = Response::new(Body::from(stored.body));
    *response.status_mut() = stored.status;
    *response.headers_mut() = stored.headers;
    if let Some(nonce) = stored.nonce {
        response.extensions_mut().insert(nonce);
    }
    response.headers_mut().insert(
        header::VARY,
        HeaderValue::from_static("accept-encoding, accept-language"),
    );
    response
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};

    use axum::routing::get;
    use axum::Router;
    use tower::ServiceExt;

    use super::*;

    /// A router whose one page says how many times it was rendered, behind
    /// the cache; the data version is `version`.
    fn app(version: Arc<AtomicU64>) -> (Router, Arc<AtomicU64>) {
        let rendered = Arc::new(AtomicU64::new(0));
        let count = Arc::clone(&rendered);
        let cache = Arc::new(ResponseCache::with_freshness(Box::new(move || {
            Some(version.load(Ordering::SeqCst).to_string())
        })));
        let router = Router::new()
            .route(
                "/page",
                get(move || {
                    let n = count.fetch_add(1, Ordering::SeqCst) + 1;
                    async move { format!("rendered {n} times") }
                }),
            )
            .layer(axum::middleware::from_fn_with_state(cache, layer))
            // As the session layer does (it runs first): two sessions are
            // valid here.
            .layer(axum::middleware::from_fn(
                |mut request: Request, next: Next| async move {
                    let valid = request
                        .headers()
                        .get(header::COOKIE)
                        .and_then(|v| v.to_str().ok())
                        .filter(|c| ["session=ana", "session=bob"].contains(c))
                        .map(|c| SessionKey(c.to_owned()));
                    if let Some(session) = valid {
                        request.extensions_mut().insert(session);
                    }
                    next.run(request).await
                },
            ));
        (router, rendered)
    }

    async fn body(router: &Router, request: axum::http::Request<Body>) -> String {
        let response = router.clone().oneshot(request).await.unwrap();
        let bytes = to_bytes(response.into_body(), 1 << 20).await.unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    fn get_page(headers: &[(&str, &str)]) -> axum::http::Request<Body> {
        let mut request = axum::http::Request::get("/page");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.body(Body::empty()).unwrap()
    }

    #[tokio::test]
    async fn a_page_is_rendered_once_per_data_version_language_and_encoding() {
        let version = Arc::new(AtomicU64::new(1));
        let (router, rendered) = app(Arc::clone(&version));
        assert_eq!(body(&router, get_page(&[])).await, "rendered 1 times");
        assert_eq!(body(&router, get_page(&[])).await, "rendered 1 times");
        // Another language or encoding is another response.
        assert_eq!(
            body(&router, get_page(&[("accept-language", "fr-FR")])).await,
            "rendered 2 times"
        );
        assert_eq!(
            body(&router, get_page(&[("accept-encoding", "gzip, br")])).await,
            "rendered 3 times"
        );
        // New data: everything is rendered again.
        version.store(2, Ordering::SeqCst);
        assert_eq!(body(&router, get_page(&[])).await, "rendered 4 times");
        assert_eq!(rendered.load(Ordering::SeqCst), 4);
    }

    #[test]
    fn gzip_is_read_as_the_compression_layer_reads_it() {
        let accepts = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(value).unwrap(),
            );
            accepts_gzip(&headers)
        };
        assert!(accepts("gzip"));
        assert!(accepts("br, GZIP;q=0.5"));
        assert!(accepts("x-gzip"));
        assert!(!accepts("gzip;q=0"));
        assert!(!accepts("br, deflate"));
        assert!(!accepts("gzipper"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[tokio::test]
    async fn a_session_is_served_only_its_own_answers_and_only_while_valid() {
        let (router, rendered) = app(Arc::new(AtomicU64::new(1)));
        assert_eq!(body(&router, get_page(&[])).await, "rendered 1 times");
        // A valid session: kept for it alone.
        assert_eq!(
            body(&router, get_page(&[("cookie", "session=ana")])).await,
            "rendered 2 times"
        );
        assert_eq!(
            body(&router, get_page(&[("cookie", "session=ana")])).await,
            "rendered 2 times"
        );
        assert_eq!(
            body(&router, get_page(&[("cookie", "session=bob")])).await,
            "rendered 3 times"
        );
        assert_eq!(body(&router, get_page(&[])).await, "rendered 1 times");
        // A cookie that is no valid session (ended, forged) and a token
        // are never served from the cache, nor kept.
        for headers in [[("cookie", "session=eve")], [("authorization", "Bearer x")]] {
            body(&router, get_page(&headers)).await;
            body(&router, get_page(&headers)).await;
        }
        assert_eq!(rendered.load(Ordering::SeqCst), 7);
    }
}
