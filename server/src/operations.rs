//! What operators and browsers get besides the pages: liveness and
//! readiness probes, and the security headers of every response.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use vigie_app::backend::Dashboard;

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

/// The headers every response carries: no framing by other sites (against
/// clickjacking), no MIME sniffing, no full address sent to other sites,
/// no plugins and no `<base>` from elsewhere.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // Scripts: a page's own (their nonce, and what they load), WebAssembly;
    // nothing at all in any other answer (an SVG download opened alone).
    let scripts = match headers
        .remove(vigie_app::SCRIPT_NONCE_HEADER)
        .and_then(|v| v.to_str().ok().map(str::to_owned))
        .filter(|n| {
            n.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        }) {
        Some(nonce) => format!("script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'"),
        None => "script-src 'none'".to_owned(),
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
/// name them in a notice.
pub async fn reject_hostile(request: Request, next: Next) -> Response {
    if let Some(reason) = hostile(request.uri()) {
        tracing::info!(
            path = request.uri().path(),
            reason,
            "a hostile request was refused"
        );
        return (
            StatusCode::BAD_REQUEST,
            format!("Vigie cannot answer this address: {reason}.\n"),
        )
            .into_response();
    }
    next.run(request).await
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

/// Why an address is refused, if it is.
fn hostile(uri: &axum::http::Uri) -> Option<&'static str> {
    /// Longer than any repository, group or contributor name.
    const LONGEST: usize = 512;
    for segment in uri.path().split('/') {
        let segment = leptos_router::location::Url::unescape(segment);
        if segment
            .split(['/', '\\'])
            .any(|part| part == ".." || part == ".")
        {
            return Some("the path climbs out of its folder");
        }
        if segment.chars().any(char::is_control) || segment.contains('\\') {
            return Some("the path has control characters or backslashes");
        }
    }
    // The parameters as the pages read them.
    let params = crate::download::params(uri.query().unwrap_or_default());
    for (_, value) in &params {
        if value.len() > LONGEST {
            return Some("a parameter is longer than any name");
        }
        if value.chars().any(char::is_control) {
            return Some("a parameter has control characters");
        }
        if value.split(['/', '\\']).any(|part| part == "..") {
            return Some("a parameter climbs out of its folder");
        }
        if looks_like_sql(value) {
            return Some("a parameter carries SQL");
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
