//! `POST /admin/ggi`: an administrator's decision on a GGI activity (its
//! status and notes), from the GGI page's form. Recorded in the store with
//! who took it and when, earlier decisions kept (docs/governance.md); then
//! back to the activity on the page, saying whether it was recorded.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use vigie_app::auth::Viewer;
use vigie_app::backend::ggi::DecisionRefused;
use vigie_app::backend::Dashboard;

use crate::admin::refused;

/// The decision form.
#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    csrf: String,
    activity: String,
    status: String,
    #[serde(default)]
    notes: String,
}

/// The handler.
pub async fn decide(
    State(dashboard): State<Arc<Dashboard>>,
    viewer: Option<axum::Extension<Viewer>>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<DecisionForm>,
) -> Response {
    if let Some(response) = refused(viewer.as_deref(), &headers, &form.csrf) {
        return response;
    }
    let Some(viewer) = viewer else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let by = viewer.name.clone();
    let (activity, status, notes) = (form.activity, form.status, form.notes);
    let anchor = activity.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        dashboard.record_ggi_decision(&activity, &status, &notes, &by)
    })
    .await;
    let outcome = match outcome {
        Ok(Ok(Ok(()))) => {
            tracing::info!(account = %viewer.name, activity = %anchor, "GGI decision recorded");
            "done=decision"
        }
        Ok(Ok(Err(why))) => match why {
            DecisionRefused::NoHandbook => "error=handbook",
            DecisionRefused::UnknownActivity => "error=activity",
            DecisionRefused::UnknownStatus => "error=status",
            DecisionRefused::BadNotes => "error=notes",
        },
        Ok(Err(e)) => {
            tracing::error!(error = %e, "a GGI decision could not be recorded");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "The decision could not be recorded; the log says why.\n",
            )
                .into_response();
        }
        Err(e) => {
            tracing::error!(error = %e, "a GGI decision was interrupted");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    // The anchor only when it is an activity's id: the address is built here.
    let fragment = anchor
        .parse::<vigie_ingest::ggi::ActivityId>()
        .map(|id| format!("#{id}"))
        .unwrap_or_default();
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/ggi?{outcome}{fragment}")) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}
