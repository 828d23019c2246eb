//! What every request goes through: the reader its session cookie stands
//! for, put in the request ([`attach_viewer`]), and the checks a
//! state-changing request must pass ([`same_origin`], [`check_csrf`]).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use vigie_app::auth::Viewer;

use super::passwords::same_secret;
use super::sessions::{session_cookie, Auth};

/// A valid session's token and the account's current role: what the
/// response cache keeps this reader's answers under (in the request's
/// extensions, beside the [`Viewer`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionKey(pub String);

/// Puts the request's reader (if signed in) into its extensions, where
/// the response cache, pages, server functions and downloads find it:
/// the session is checked once per request, here.
pub async fn attach_viewer(
    State(auth): State<Arc<Auth>>,
    mut request: Request,
    next: Next,
) -> Response {
    let viewer = auth.viewer(request.headers());
    let session = viewer.as_ref().and_then(|v| {
        let token = session_cookie(request.headers(), auth.cookie_name())?;
        Some(SessionKey(format!("{token} {}", v.role.key())))
    });
    let signed_in = viewer.is_some();
    let extensions = request.extensions_mut();
    extensions.remove::<Viewer>();
    extensions.remove::<SessionKey>();
    if let (Some(viewer), Some(session)) = (viewer, session) {
        extensions.insert(viewer);
        extensions.insert(session);
    }
    let mut response = next.run(request).await;
    // What a signed-in reader sees (people, their anti-forgery token) and
    // what a visitor is refused are kept by no cache.
    if signed_in || response.status() == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    response
}

/// Whether a state-changing request comes from the dashboard's own pages:
/// the browser's `Origin` (or, failing that, `Sec-Fetch-Site`) must say so.
/// A request with neither (not a browser) passes: it cannot carry a
/// victim's session cookie and token anyway.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or_default();
        let origin_host = origin
            .strip_prefix("https://")
            .or_else(|| origin.strip_prefix("http://"));
        return matches!((origin_host, host), (Some(o), Some(h)) if o == h);
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => site == "same-origin" || site == "none",
        None => true,
    }
}

/// Whether a form's anti-forgery token is the session's.
pub fn check_csrf(viewer: &Viewer, token: &str) -> bool {
    same_secret(&viewer.csrf, token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_must_come_from_the_dashboard() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("vigie.example"));
        assert!(same_origin(&headers), "no browser headers: not a browser");
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://vigie.example"),
        );
        assert!(same_origin(&headers));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(!same_origin(&headers));
        headers.remove(header::ORIGIN);
        headers.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(!same_origin(&headers));
    }
}
