//! The page for unknown addresses, served with status 404.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::use_lang;

/// "Not found", with the status code set on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    crate::components::not_found_status();
    let lang = use_lang();
    view! {
        <Title text=move || lang.try_get().map(|l| l.t("not-found-title")).unwrap_or_default()/>
        <h1>{move || lang.get().t("not-found-title")}</h1>
        <p>{move || lang.get().t("not-found-text")}</p>
        <p><a href="/">{move || lang.get().t("not-found-home")}</a></p>
    }
}
