//! The page for unknown addresses, served with status 404.

use leptos::prelude::*;
use leptos_meta::Title;

/// "Not found", with the status code set on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Not found"/>
        <h1>"This page does not exist"</h1>
        <p><a href="/">"Back to the dashboard"</a></p>
    }
}
