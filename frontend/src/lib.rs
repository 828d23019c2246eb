//! The browser entry point: hydrates the page the server rendered.

use leptos::prelude::document;

/// Called by the hydration script once the wasm module has loaded.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(vigie_app::App);
    // Marks the page as interactive (for styles and for the end-to-end tests).
    if let Some(body) = document().body() {
        let _ = body.set_attribute("data-hydrated", "");
    }
}
