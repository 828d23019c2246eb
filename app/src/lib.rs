//! Vigie's pages: components, routes and server functions, shared by the
//! server (feature `ssr`) and the browser (feature `hydrate`).
//!
//! - [`App`] is the router; [`shell`] the HTML document around it.
//! - [`routes`] has one module per page; [`components`] what they share.
//! - [`data`] holds what the browser and server exchange: each page's data.
//! - [`api`] has the server functions, each a thin wrapper over `backend`
//!   (server only), which builds the data.
//! - [`filter::Filter`] is the page filter carried in the URL.
//! - [`i18n`] has the French and English texts and number and date formats.

// Deep view types (leptos) need more than the default of 128.
#![recursion_limit = "256"]
#![warn(missing_docs)]

pub mod api;
pub mod auth;
pub mod components;
pub mod data;
pub mod filter;
pub mod i18n;
pub mod routes;

#[cfg(feature = "ssr")]
pub mod backend;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::hooks::{use_location, use_query_map};
use leptos_router::{ParamSegment, SsrMode, StaticSegment, WildcardSegment};

use crate::components::query_of;
use crate::filter::Filter;
use crate::i18n::Lang;

/// The HTML document the server renders around [`App`]. Its `lang` is set
/// by the app ([`Html`]).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
                <auth::ViewerMeta/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The language before the URL says otherwise: on the server the browser's
/// `Accept-Language`; in the browser what the server wrote in `<html lang>`.
fn initial_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .headers
                    .get(http::header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .map(Lang::from_accept_language)
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|tag| Lang::parse(&tag))
            .unwrap_or_default()
    }
}

/// The application: its stylesheet, title and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="vigie" href="/pkg/vigie.css"/>
        <Router>
            <Layout/>
        </Router>
    }
}

/// The header (brand, pages, language switch) and the page.
#[component]
fn Layout() -> impl IntoView {
    let query = use_query_map();
    let initial = initial_lang();
    let lang = Memo::new(move |_| query.with(Lang::of_query).unwrap_or(initial));
    provide_context(lang);
    provide_context(auth::ViewerContext(auth::initial_viewer()));
    view! {
        <Html {..} lang=move || lang.try_get().unwrap_or_default().code()/>
        <Title formatter=|page: String| format!("{page} · Vigie")/>
        // Left to the browser (`rel="external"`), which moves the focus to
        // the content; the router would only scroll there.
        <a class="skip" href="#content" rel="external">{move || lang.get().t("skip-link")}</a>
        <header class="site">
            <a class="brand" href="/">"Vigie"</a>
            <span class="tagline">{move || lang.get().t("app-tagline")}</span>
            <Nav/>
            <LangSwitch/>
            <Account/>
        </header>
        <main id="content" tabindex="-1">
            <Routes fallback=routes::not_found::NotFound>
                // Rendered whole on the server (not streamed) so that each
                // page is complete without JavaScript.
                <Route path=StaticSegment("") view=routes::summary::SummaryPage ssr=SsrMode::Async/>
                <Route path=StaticSegment("community") view=routes::community::CommunityPage ssr=SsrMode::Async/>
                <Route path=StaticSegment("contributors") view=routes::contributors::ContributorsPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("contributors"), ParamSegment("id")) view=routes::contributor::ContributorPage ssr=SsrMode::Async/>
                <Route path=StaticSegment("repositories") view=routes::repositories::RepositoriesPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("repositories"), WildcardSegment("name")) view=routes::repository::RepositoryPage ssr=SsrMode::Async/>
                <Route path=StaticSegment("technical-debt") view=routes::technical_debt::TechnicalDebtPage ssr=SsrMode::Async/>
                <Route path=StaticSegment("ggi") view=routes::ggi::GgiPage ssr=SsrMode::Async/>
                <Route path=StaticSegment("federation") view=routes::federation::FederationPage ssr=SsrMode::Async/>
                <Route path=StaticSegment("sources") view=routes::sources::SourcesPage ssr=SsrMode::Async/>
                <Route path=StaticSegment("login") view=routes::login::LoginPage/>
                <Route path=StaticSegment("admin") view=routes::admin::AdminPage ssr=SsrMode::Async/>
            </Routes>
        </main>
    }
}

/// The pages, each link keeping the filter and the chosen language.
#[component]
fn Nav() -> impl IntoView {
    let lang = components::use_lang();
    let query = use_query_map();
    let links = move || {
        let (filter, chosen) =
            query.with(|q| (Filter::from_query(q).0, Lang::of_query(q).map(Lang::code)));
        let q = query_of(&filter, chosen);
        let lang = lang.get();
        [
            ("/", "nav-summary"),
            ("/community", "nav-community"),
            ("/contributors", "nav-contributors"),
            ("/repositories", "nav-repositories"),
            ("/technical-debt", "nav-technical-debt"),
            ("/ggi", "nav-ggi"),
            ("/federation", "nav-federation"),
            ("/sources", "nav-sources"),
        ]
        .into_iter()
        .map(|(path, id)| {
            let href = format!("{path}{q}");
            view! { <li><A href=href>{lang.t(id)}</A></li> }
        })
        .collect_view()
    };
    view! {
        <nav aria-label=move || lang.get().t("nav-label")>
            <ul>{links}</ul>
        </nav>
    }
}

/// Who is reading: a link to sign in, or the account and a button to sign
/// out (a form: signing out changes something, so it is a POST with the
/// session's anti-forgery token).
#[component]
fn Account() -> impl IntoView {
    let lang = components::use_lang();
    let location = use_location();
    match auth::use_viewer() {
        None => {
            let href = move || {
                let path = location.pathname.get();
                if path == "/login" {
                    "/login".to_owned()
                } else {
                    auth::sign_in_href(&auth::address_of(&path, &location.search.get()))
                }
            };
            view! {
                <p class="account"><a href=href rel="external" data-testid="sign-in-link">{move || lang.get().t("sign-in")}</a></p>
            }
            .into_any()
        }
        Some(viewer) => view! {
            <form class="account" method="post" action="/auth/logout">
                {viewer.is_admin().then(|| view! {
                    <a href="/admin" data-testid="admin-link">{move || lang.get().t("nav-admin")}</a>
                })}
                <span data-testid="signed-in">{viewer.name}</span>
                <input type="hidden" name="csrf" value=viewer.csrf/>
                <button type="submit">{move || lang.get().t("sign-out")}</button>
            </form>
        }
        .into_any(),
    }
}

/// Links to the same page in each language.
#[component]
fn LangSwitch() -> impl IntoView {
    let lang = components::use_lang();
    let location = use_location();
    let query = use_query_map();
    let links = move || {
        let path = location.pathname.get();
        let current = lang.get();
        Lang::ALL
            .into_iter()
            .map(|l| {
                let mut q = query.get();
                q.replace("lang", l.code().to_owned());
                let href = format!("{path}{}", q.to_query_string());
                let is_current = l == current;
                view! {
                    <li>
                        <a href=href hreflang=l.code() lang=l.code()
                            aria-current=move || is_current.then_some("true")>
                            {l.name()}
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <nav class="lang" aria-label=move || lang.get().t("lang-switch-label")>
            <ul>{links}</ul>
        </nav>
    }
}
