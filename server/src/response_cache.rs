//! Whole responses kept until the data changes: a page or download asked
//! again is sent as stored (already compressed) instead of being rendered
//! again. Pages depend only on their address, the reader's language and
//! the data, so that is the key, with whether the browser takes gzip;
//! every entry is dropped when the store's data version or its ingest runs
//! move ([`Dashboard::freshness`]).
//!
//! Only anonymous `GET`s are kept (no cookie, no authorisation header), so
//! that nothing one reader was allowed to see is ever served to another;
//! the browser bundle and server functions are never kept.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use vigie_app::backend::Dashboard;
use vigie_app::i18n::Lang;

/// Responses kept (pages are 10 to 100 KB gzipped).
const ENTRIES: usize = 256;
/// Larger responses are sent but not kept.
const LARGEST: usize = 4 << 20;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    /// Path and query, as asked.
    target: String,
    /// The language the browser's `Accept-Language` gives.
    lang: Lang,
    /// The browser takes gzip.
    gzip: bool,
}

#[derive(Clone)]
struct Stored {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

/// The kept responses of one data version.
pub struct ResponseCache {
    dashboard: Arc<Dashboard>,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    version: Option<String>,
    entries: HashMap<Key, Stored>,
    order: VecDeque<Key>,
}

impl ResponseCache {
    /// An empty cache over `dashboard`'s data.
    pub fn new(dashboard: Arc<Dashboard>) -> Self {
        Self {
            dashboard,
            inner: Mutex::new(Inner::default()),
        }
    }

    fn get(&self, key: &Key, version: &str) -> Option<Stored> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.version.as_deref() != Some(version) {
            inner.entries.clear();
            inner.order.clear();
            inner.version = Some(version.to_owned());
        }
        inner.entries.get(key).cloned()
    }

    fn put(&self, key: Key, version: &str, stored: Stored) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.version.as_deref() != Some(version) {
            // The data moved while this was rendered: it may be stale.
            return;
        }
        if inner.entries.len() >= ENTRIES {
            if let Some(oldest) = inner.order.pop_front() {
                inner.entries.remove(&oldest);
            }
        }
        if inner.entries.insert(key.clone(), stored).is_none() {
            inner.order.push_back(key);
        }
    }
}

/// Whether a request may be answered from the cache.
fn cacheable(request: &Request) -> bool {
    let path = request.uri().path();
    request.method() == Method::GET
        && !request.headers().contains_key(header::COOKIE)
        && !request.headers().contains_key(header::AUTHORIZATION)
        && !path.starts_with("/pkg/")
        && !path.starts_with("/api/")
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
    let version = match cache.dashboard.freshness() {
        Ok(v) => v,
        // The page will say what is wrong; nothing is kept.
        Err(_) => return next.run(request).await,
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
        gzip: headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip"))),
    };
    if let Some(hit) = cache.get(&key, &version) {
        return respond(hit);
    }
    let response = next.run(request).await;
    if !matches!(response.status(), StatusCode::OK | StatusCode::NOT_FOUND) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = match to_bytes(body, LARGEST).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::warn!(error = %e, "a response could not be kept");
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
    };
    cache.put(key, &version, stored.clone());
    respond(stored)
}

fn respond(stored: Stored) -> Response {
    let mut response = Response::new(Body::from(stored.body));
    *response.status_mut() = stored.status;
    *response.headers_mut() = stored.headers;
    response.headers_mut().insert(
        header::VARY,
        HeaderValue::from_static("accept-encoding, accept-language"),
    );
    response
}
