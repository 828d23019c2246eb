//! Vigie's pages: components, routes and server functions, shared by the
//! server (feature `ssr`) and the browser (feature `hydrate`).
//!
//! - [`App`] is the router; [`shell`] the HTML document around it.
//! - [`routes`] has one module per page.
//! - [`api`] holds the data the browser and server exchange, and the server
//!   functions, each a thin wrapper over [`backend`] (server only).
//! - [`filter::Filter`] is the page filter carried in the URL.

pub mod api;
pub mod filter;
pub mod routes;

#[cfg(feature = "ssr")]
pub mod backend;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, StaticSegment};

/// The HTML document the server renders around [`App`].
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The application: its stylesheet, title and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="vigie" href="/pkg/vigie.css"/>
        <Title formatter=|page: String| format!("{page} · Vigie")/>
        <Router>
            <header class="site">
                <a class="brand" href="/">"Vigie"</a>
                <span class="tagline">"Community health of your open source"</span>
            </header>
            <main>
                <Routes fallback=routes::not_found::NotFound>
                    // Rendered whole on the server (not streamed) so that the
                    // page is complete without JavaScript.
                    <Route path=StaticSegment("") view=routes::trend::TrendPage ssr=SsrMode::Async/>
                </Routes>
            </main>
        </Router>
    }
}
