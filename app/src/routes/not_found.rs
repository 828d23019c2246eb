//! The page for unknown addresses, served with status 404.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::use_lang;

/// "Not found", with the status code set on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let lang = use_lang();
    view! {
        <Title text=move || lang.get().t("not-found-title")/>
        <h1>{move || lang.get().t("not-found-title")}</h1>
        <p>{move || lang.get().t("not-found-text")}</p>
        <p><a href="/">{move || lang.get().t("not-found-home")}</a></p>
    }
}
