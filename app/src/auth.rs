//! Who is reading: an anonymous visitor, a community manager or an
//! administrator. The server decides (session cookie → [`Viewer`] in the
//! request's extensions); the document carries it to the browser in a
//! `<meta name="vigie-viewer">` so that hydration renders the same page.
//!
//! Anonymous visitors see aggregate pages only: the pages and downloads
//! that name people ask them to sign in ([`SignInRequired`]).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::use_lang;

/// What a signed-in account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Sees the contributor pages and exports them.
    Manager,
    /// Also manages sources, identities and affiliations, and refreshes
    /// the data.
    Admin,
}

impl Role {
    /// Its name in the users file and the document.
    pub fn key(self) -> &'static str {
        match self {
            Role::Manager => "manager",
            Role::Admin => "admin",
        }
    }

    /// The role of a name in the users file.
    pub fn parse(key: &str) -> Option<Role> {
        match key {
            "manager" => Some(Role::Manager),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// A signed-in reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    /// The account's name.
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// The session's anti-forgery token, sent back with every form that
    /// changes something.
    pub csrf: String,
}

impl Viewer {
    /// May see people (names, e-mails, contributor pages and exports).
    pub fn sees_people(&self) -> bool {
        self.role >= Role::Manager
    }

    /// May manage the service.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// The reader of this request, as the server found it.
#[cfg(feature = "ssr")]
pub fn request_viewer() -> Option<Viewer> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Viewer>().cloned())
}

/// The reader, for components: provided once by the layout.
pub fn use_viewer() -> Option<Viewer> {
    use_context::<ViewerContext>().and_then(|c| c.0)
}

/// The reader, as a context value.
#[derive(Debug, Clone)]
pub struct ViewerContext(pub Option<Viewer>);

/// The reader before hydration: on the server from the request, in the
/// browser from the document's `<meta name="vigie-viewer">`.
pub fn initial_viewer() -> Option<Viewer> {
    #[cfg(feature = "ssr")]
    {
        request_viewer()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let meta = document()
            .query_selector("meta[name=vigie-viewer]")
            .ok()
            .flatten()?;
        Some(Viewer {
            name: meta.get_attribute("data-name")?,
            role: Role::parse(&meta.get_attribute("data-role")?)?,
            csrf: meta.get_attribute("data-csrf")?,
        })
    }
}

/// The `<meta>` that carries the reader to the browser (nothing for an
/// anonymous visitor). Server only: part of the document's head.
#[component]
pub fn ViewerMeta() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        request_viewer().map(|v| {
            view! {
                <meta name="vigie-viewer" data-name=v.name data-role=v.role.key() data-csrf=v.csrf/>
            }
        })
    }
    #[cfg(not(feature = "ssr"))]
    {}
}

/// Marks the response as 401 Unauthorized (on the server).
pub fn unauthorized_status() {
    crate::components::set_status(401);
}

/// Whether this reader may see people (pages).
pub fn may_see_people() -> bool {
    use_viewer().is_some_and(|v| v.sees_people())
}

/// The server functions' answer to a signed-in reader who is not an
/// administrator, on an administrator's page.
pub const ADMIN_REQUIRED: &str = "admin-required";

/// The server functions' answer to a reader who may not see people.
pub const SIGN_IN_REQUIRED: &str = "sign-in-required";

/// Fails unless the reader may see people (server functions).
#[cfg(feature = "ssr")]
pub fn require_people() -> Result<Viewer, ServerFnError> {
    match request_viewer() {
        Some(v) if v.sees_people() => Ok(v),
        _ => Err(sign_in_required()),
    }
}

/// The answer to a reader who must sign in first (the status is 401).
#[cfg(feature = "ssr")]
pub fn sign_in_required() -> ServerFnError {
    unauthorized_status();
    ServerFnError::ServerError(SIGN_IN_REQUIRED.to_owned())
}

/// A page's address (path and query) from the router's location parts.
pub fn address_of(path: &str, search: &str) -> String {
    match search.trim_start_matches('?') {
        "" => path.to_owned(),
        search => format!("{path}?{search}"),
    }
}

/// The sign-in address that comes back to `path` afterwards.
pub fn sign_in_href(path: &str) -> String {
    format!("/login?next={}", crate::filter::encode(path))
}

/// Shown instead of a page that names people, to a reader who has not
/// signed in (a 401).
#[component]
pub fn SignInRequired(
    /// The page's title (a message id).
    title_id: &'static str,
    /// Who may see the page and how (a message id): by default, a page
    /// that names people, for community managers.
    #[prop(default = SIGN_IN_REQUIRED)]
    message_id: &'static str,
) -> impl IntoView {
    unauthorized_status();
    let lang = use_lang().get_untracked();
    let location = leptos_router::hooks::use_location();
    let next = address_of(
        &location.pathname.get_untracked(),
        &location.search.get_untracked(),
    );
    view! {
        <leptos_meta::Title text=lang.t(title_id)/>
        <h1>{lang.t(title_id)}</h1>
        <div class="notices" role="status" data-testid="sign-in-required">
            <p>{lang.t(message_id)}</p>
            <p><a href=sign_in_href(&next) rel="external">{lang.t("sign-in")}</a></p>
        </div>
    }
}
