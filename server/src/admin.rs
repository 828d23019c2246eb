//! What administrators do from the dashboard: start an ingest run at once.
//! Every action is a POST with the session's anti-forgery token, from the
//! dashboard's own pages, by a signed-in administrator.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use vigie_app::auth::Viewer;

use crate::auth::{check_csrf, same_origin, TokenForm};
use crate::schedule::{Refresh, Scheduler};

/// Why an administrator's action is refused, if it is.
pub fn refused(viewer: Option<&Viewer>, headers: &HeaderMap, csrf: &str) -> Option<Response> {
    let Some(viewer) = viewer else {
        return Some(
            (
                StatusCode::UNAUTHORIZED,
                "Sign in as an administrator first.\n",
            )
                .into_response(),
        );
    };
    if !viewer.is_admin() {
        return Some((StatusCode::FORBIDDEN, "Only administrators can do this.\n").into_response());
    }
    if !same_origin(headers) || !check_csrf(viewer, csrf) {
        return Some(
            (
                StatusCode::FORBIDDEN,
                "This form has expired: reload the page and try again.\n",
            )
                .into_response(),
        );
    }
    None
}

/// `POST /admin/refresh`: reads every source now, then back to the sources
/// page, which says whether the run started or one was running already.
pub async fn refresh(
    State(scheduler): State<Arc<Scheduler>>,
    viewer: Option<axum::Extension<Viewer>>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<TokenForm>,
) -> Response {
    if let Some(response) = refused(viewer.as_deref(), &headers, &form.csrf) {
        return response;
    }
    let outcome = match scheduler.refresh_now() {
        Refresh::Started => "started",
        Refresh::Running => "running",
        Refresh::ShuttingDown => "stopping",
    };
    if let Some(viewer) = viewer {
        tracing::info!(account = %viewer.name, outcome, "refresh asked");
    }
    let mut response = StatusCode::SEE_OTHER.into_response();
    response.headers_mut().insert(
        header::LOCATION,
        HeaderValue::from_str(&format!("/sources?refresh={outcome}"))
            .unwrap_or(HeaderValue::from_static("/sources")),
    );
    response
}
