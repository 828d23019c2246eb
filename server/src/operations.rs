//! What operators and browsers get besides the pages: liveness and
//! readiness probes, and the security headers of every response.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use vigie_app::backend::Dashboard;
use vigie_app::i18n::Lang;

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

/// The nonce a page's scripts carry: made for each request by
/// [`security_headers`], given to leptos for the page's inline scripts
/// ([`provide_script_nonce`]), and named in the response's
/// Content-Security-Policy. A page sent from the response cache carries the
/// nonce it was rendered with, as a response extension.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptNonce(pub Arc<str>);

impl ScriptNonce {
    /// 132 random bits: 22 characters of the URL-safe alphabet, as long
    /// as leptos' own.
    fn new() -> Self {
        use argon2::password_hash::rand_core::{OsRng, RngCore};
        const DIGITS: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut bytes = [0u8; 22];
        OsRng.fill_bytes(&mut bytes);
        Self(
            bytes
                .iter()
                .map(|b| DIGITS[usize::from(b & 63)] as char)
                .collect::<String>()
                .into(),
        )
    }
}

/// Makes the request's [`ScriptNonce`] the one leptos puts on the page's
/// inline scripts. Part of the pages' context, after leptos' own (which it
/// replaces), so the server alone decides what its policy names.
pub fn provide_script_nonce() {
    use leptos::prelude::{provide_context, use_context};
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ScriptNonce>().cloned());
    if let Some(ScriptNonce(nonce)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

/// The headers every response carries: no framing by other sites (against
/// clickjacking), no MIME sniffing, no full address sent to other sites,
/// no plugins and no `<base>` from elsewhere.
pub async fn security_headers(mut request: Request, next: Next) -> Response {
    let made = ScriptNonce::new();
    request.extensions_mut().insert(made.clone());
    let mut response = next.run(request).await;
    // A kept page names the nonce it was rendered with.
    let ScriptNonce(nonce) = response
        .extensions_mut()
        .remove::<ScriptNonce>()
        .unwrap_or(made);
    let headers = response.headers_mut();
    // Scripts: a page's own (their nonce, and what they load), WebAssembly;
    // nothing at all in any other answer (an SVG download opened alone).
    let html = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    let scripts = if html {
        format!("script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'")
    } else {
        "script-src 'none'".to_owned()
    };
    let policy = format!(
        "{scripts}; frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'"
    );
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    for (name, value) in [
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Refuses (400) a request whose path or parameters could only be an
/// attempt on the server: a `..` or `.` path segment, control characters,
/// SQL syntax (`;`, `--`, `/*`, a quote followed by a SQL keyword), or a
/// value longer than any name. Nothing reaches SQL without bound
/// parameters anyway; this answers such requests plainly instead of
/// serving a page that ignores them. Ordinary unusable values (a month
/// that does not exist, an unknown repository) are not refused: the pages
/// name them in a notice. The answer is a page in the reader's language.
pub async fn reject_hostile(request: Request, next: Next) -> Response {
    if let Some(reason) = hostile(request.uri()) {
        tracing::info!(
            path = request.uri().path(),
            reason = Lang::En.t(reason),
            "a hostile request was refused"
        );
        let params = crate::download::params(request.uri().query().unwrap_or_default());
        let chosen = Lang::of_query(&params);
        let lang = chosen
            .or_else(|| {
                request
                    .headers()
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .map(Lang::from_accept_language)
            })
            .unwrap_or_default();
        return refused_page(lang, chosen.is_some(), reason);
    }
    next.run(request).await
}

/// The 400 page of a refused address: why (`reason`, a message id) and the
/// way back to the summary (in the language the address chose, if any).
fn refused_page(lang: Lang, chosen: bool, reason: &str) -> Response {
    let t = |id: &str| escape_html(&lang.t(id));
    let home = if chosen {
        format!("/?lang={}", lang.code())
    } else {
        "/".to_owned()
    };
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · Vigie</title>\
         <link rel=\"icon\" type=\"image/svg+xml\" href=\"/favicon.svg\">\
         <link rel=\"stylesheet\" href=\"/pkg/vigie.css\"></head>\
         <body><header class=\"site\"><a class=\"brand\" href=\"{home}\">Vigie</a></header>\
         <main id=\"content\"><h1>{title}</h1>\
         <p class=\"notices\" role=\"status\" data-testid=\"refused\">{reason}</p>\
         <p>{advice}</p><p><a href=\"{home}\">{back}</a></p></main></body></html>\n",
        code = lang.code(),
        title = t("refused-title"),
        reason = t(reason),
        advice = t("refused-advice"),
        back = t("refused-back"),
    );
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// Text for HTML.
fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Answers a server function call whose arguments cannot be read with a
/// 400, not the 500 leptos gives it: the caller sent something wrong, the
/// server did not fail.
pub async fn bad_arguments(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !api || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "the answer could not be read\n",
        )
            .into_response();
    };
    if bytes.starts_with(b"Args|") || bytes.starts_with(b"Deserialization|") {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Why an address is refused, if it is (a message id).
fn hostile(uri: &axum::http::Uri) -> Option<&'static str> {
    /// Longer than any repository, group or contributor name.
    const LONGEST: usize = 512;
    for segment in uri.path().split('/') {
        let segment = leptos_router::location::Url::unescape(segment);
        if segment
            .split(['/', '\\'])
            .any(|part| part == ".." || part == ".")
        {
            return Some("refused-path-climbs");
        }
        if segment.chars().any(char::is_control) || segment.contains('\\') {
            return Some("refused-path-control");
        }
    }
    // The parameters as the pages read them.
    let params = crate::download::params(uri.query().unwrap_or_default());
    for (_, value) in &params {
        if value.len() > LONGEST {
            return Some("refused-long");
        }
        if value.chars().any(char::is_control) {
            return Some("refused-control");
        }
        if value.split(['/', '\\']).any(|part| part == "..") {
            return Some("refused-param-climbs");
        }
        if looks_like_sql(value) {
            return Some("refused-code");
        }
    }
    None
}

/// Statement separators, comments (`--` ending the value or followed by a
/// space, `/*`), or a quote closing a string then a space and a SQL
/// keyword (`' OR 1=1`, `' UNION SELECT`). Names with an apostrophe
/// ("L'or et l'argent", "O'Brien") or a double hyphen inside them pass.
fn looks_like_sql(value: &str) -> bool {
    if value.contains(';') || value.contains("/*") {
        return true;
    }
    let comment = value.match_indices("--").any(|(at, _)| {
        value[at + 2..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
    });
    if comment {
        return true;
    }
    let lower = value.to_lowercase();
    lower.match_indices(['\'', '"']).any(|(at, _)| {
        let rest = &lower[at + 1..];
        let spaced = rest.trim_start_matches([' ', ')', '(']);
        // A space (or bracket) between the quote and the keyword.
        spaced.len() < rest.len()
            && [
                "or ", "and ", "union ", "select ", "drop ", "insert ", "update ", "delete ",
                "exec",
            ]
            .iter()
            .any(|keyword| spaced.starts_with(keyword))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(address: &str) -> bool {
        hostile(&address.parse().unwrap()).is_some()
    }

    /// The status, content type and body of a request through the filter.
    async fn answer(address: &str, accept_language: &str) -> (StatusCode, String, String) {
        use tower::ServiceExt;
        let router = axum::Router::new()
            .fallback(|| async { "the page" })
            .layer(axum::middleware::from_fn(reject_hostile));
        let request = axum::http::Request::get(address)
            .header(header::ACCEPT_LANGUAGE, accept_language)
            .body(axum::body::Body::empty())
            .unwrap();
        let response = router.oneshot(request).await.unwrap();
        let status = response.status();
        let kind = response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_owned();
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        (status, kind, String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn a_refused_address_gets_a_page_in_the_readers_language() {
        let sql = "/?repo=x%27%3B%20DROP%20TABLE%20activities%3B--";
        let (status, kind, body) = answer(sql, "fr-FR,fr;q=0.9").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(kind, "text/html; charset=utf-8");
        assert!(body.starts_with("<!DOCTYPE html>"), "{body}");
        assert!(body.contains("<html lang=\"fr\">"), "{body}");
        assert!(body.contains("Adresse refusée"), "{body}");
        assert!(body.contains("ressemble à du code"), "{body}");
        assert!(body.contains("<a href=\"/\">"), "{body}");
        // Nothing about how the server stores its data.
        for word in ["SQL", "database", "duckdb", "select"] {
            assert!(
                !body.to_lowercase().contains(&word.to_lowercase()),
                "{word}: {body}"
            );
        }
        // The address's own language wins, and the way back keeps it.
        let (_, _, body) = answer("/repositories/..%2Fetc?lang=en", "fr").await;
        assert!(body.contains("<html lang=\"en\">"), "{body}");
        assert!(
            body.contains("Its path climbs out of its folder."),
            "{body}"
        );
        assert!(
            body.contains("<a href=\"/?lang=en\">Go to the summary</a>"),
            "{body}"
        );
        // An ordinary address goes through.
        let (status, _, body) = answer("/?repo=lutece-platform%2Flutece-core", "fr").await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, "the page"));
    }

    #[test]
    fn attempts_are_refused() {
        for address in [
            "/?repo=x%27%3B%20DROP%20TABLE%20activities%3B--",
            "/?from=2024-01%27%20OR%201%3D1",
            "/contributors?q=%27+UNION+SELECT+*+FROM+contributors",
            "/?repo=..%2F..%2Fetc%2Fpasswd",
            "/?repo=..\\..\\boot.ini",
            "/repositories/..%2F..%2Fetc%2Fpasswd",
            "/pkg/%2e%2e/vigie.toml",
            "/download/summary/contributors.csv?repo=%00",
            "/?q=a%0Ab",
            "/contributors/1%5C..",
        ] {
            assert!(refused(address), "{address}");
        }
        assert!(refused(&format!("/?q={}", "a".repeat(600))));
    }

    #[test]
    fn ordinary_addresses_pass() {
        for address in [
            "/",
            "/?repo=lutece-platform%2Flutece-core&from=2024-01&to=2024-12&period=quarter",
            "/?group=Secteur+public&lang=fr",
            "/?group=Ville+d%27Avenir",
            "/contributors?q=O%27Brien&status=away&min=5&sort=last&reverse=1",
            "/contributors?q=jean-pierre",
            "/?group=L%27or+et+l%27argent",
            "/?repo=owner%2Fname--with--dashes",
            "/repositories/lutece-platform/lutece-core",
            "/repositories/group/sub.group/project.name",
            "/download/community/cohorts.png?lang=fr",
            "/pkg/vigie_bg.wasm",
            "/api/summary_page",
        ] {
            assert!(!refused(address), "{address}");
        }
    }
}
