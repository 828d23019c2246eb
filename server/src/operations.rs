//! What operators and browsers get besides the pages: liveness and
//! readiness probes, and the security headers of every response.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use vigie_app::backend::Dashboard;

/// `/healthz`: the process is up and answering.
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// `/readyz`: the store can be read (503 with the reason in the log when
/// not), so a load balancer sends readers only to a server that can answer.
pub async fn readyz(State(dashboard): State<Arc<Dashboard>>) -> Response {
    match tokio::task::spawn_blocking(move || dashboard.freshness()).await {
        Ok(Ok(_)) => "ready\n".into_response(),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "not ready: the store cannot be read");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "the store cannot be read\n",
            )
                .into_response()
        }
        Err(e) => {
            tracing::warn!(error = %e, "not ready: the check was interrupted");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "the check was interrupted\n",
            )
                .into_response()
        }
    }
}

/// The headers every response carries: no framing by other sites (against
/// clickjacking), no MIME sniffing, no full address sent to other sites,
/// no plugins and no `<base>` from elsewhere.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'",
        ),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}
