//! The sign-in and sign-out forms' endpoints: `POST /auth/login` and
//! `POST /auth/logout`.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::middleware::{check_csrf, same_origin};
use super::sessions::{Auth, Refused};

/// The client's address: the connection's, or behind a reverse proxy the
/// last address the proxy added to `X-Forwarded-For` (the ones before it
/// are the client's own word).
pub(super) fn client_address(headers: &HeaderMap, peer: IpAddr, behind_proxy: bool) -> IpAddr {
    if !behind_proxy {
        return peer;
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .next_back()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|last| last.trim().parse().ok())
        .unwrap_or(peer)
}

/// A local path to go back to after signing in (never another site).
pub(super) fn local_path(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    if local {
        next
    } else {
        "/"
    }
}

/// A “303 See Other” to `to`.
pub(super) fn redirect(to: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// The sign-in form's fields.
#[derive(Debug, Deserialize)]
pub struct SignInForm {
    name: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// `POST /auth/login`: on success a session cookie and back to `next`; else
/// back to the form, which says why; a 429 when over the limit.
pub async fn login(
    State(auth): State<Arc<Auth>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<SignInForm>,
) -> Response {
    let next = local_path(&form.next).to_owned();
    if !same_origin(&headers) {
        return (
            StatusCode::FORBIDDEN,
            "This form must be sent from Vigie's own page.",
        )
            .into_response();
    }
    let checked = {
        // Waits its turn: a burst of sign-ins costs time, not memory.
        let Ok(_turn) = auth.checking.acquire().await else {
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        };
        let auth = Arc::clone(&auth);
        let from = client_address(&headers, peer.ip(), auth.behind_proxy);
        tokio::task::spawn_blocking(move || auth.sign_in(&form.name, &form.password, from)).await
    };
    let back = |error: &str| {
        format!(
            "/login?error={error}&next={}",
            vigie_app::filter::encode(&next)
        )
    };
    match checked {
        Ok(Ok((token, _))) => {
            let mut response = redirect(&next);
            if let Ok(cookie) = HeaderValue::from_str(&auth.cookie(&token)) {
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            response
        }
        Ok(Err(Refused::Wrong)) => redirect(&back("wrong")),
        Ok(Err(Refused::Limited(wait))) => {
            // A page of its own (browsers show a 429's body, and follow no
            // Location but a 3xx's), in both languages.
            let minutes = wait.as_secs().div_ceil(60).max(1);
            let body = format!(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
                 <title>Too many attempts · Vigie</title></head><body>\
                 <p>Too many failed sign-ins: wait {minutes} minutes and try again.</p>\
                 <p lang=\"fr\">Trop de tentatives échouées : attendez {minutes} minutes avant de réessayer.</p>\
                 <p><a href=\"{}\">Sign in · Se connecter</a></p></body></html>",
                back("limited")
            );
            let mut response = (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                body,
            )
                .into_response();
            if let Ok(v) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "the sign-in check failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// A form that only carries the anti-forgery token.
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    pub csrf: String,
}

/// `POST /auth/logout`: ends the session and goes to the summary.
pub async fn logout(
    State(auth): State<Arc<Auth>>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<TokenForm>,
) -> Response {
    let Some(viewer) = auth.viewer(&headers) else {
        return redirect("/");
    };
    if !same_origin(&headers) || !check_csrf(&viewer, &form.csrf) {
        return (
            StatusCode::FORBIDDEN,
            "This form has expired: reload the page and try again.",
        )
            .into_response();
    }
    auth.sign_out(&headers);
    let mut response = redirect("/");
    if let Ok(cookie) = HeaderValue::from_str(&auth.expired_cookie()) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

#[cfg(test)]
mod tests {
    use vigie_app::auth::Role;

    use super::*;
    use crate::auth::test_support::{auth_with_defaults, HOME};

    /// Posts the sign-in form to the login handler, as a browser at
    /// `from` does; the response's status.
    async fn post_sign_in(
        auth: &Arc<Auth>,
        name: &str,
        password: &str,
        from: IpAddr,
    ) -> StatusCode {
        use axum::extract::connect_info::MockConnectInfo;
        use tower::ServiceExt;
        let router = axum::Router::new()
            .route("/auth/login", axum::routing::post(login))
            .with_state(Arc::clone(auth))
            .layer(MockConnectInfo(SocketAddr::new(from, 50_000)));
        let request = axum::http::Request::post("/auth/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "vigie.example")
            .header(header::ORIGIN, "https://vigie.example")
            .body(axum::body::Body::from(format!(
                "name={name}&password={password}&next=%2F"
            )))
            .unwrap();
        router.oneshot(request).await.unwrap().status()
    }

    #[tokio::test]
    async fn the_sign_in_form_never_counts_a_success_as_a_failure() {
        let (_dir, auth) = auth_with_defaults(&[("ana", Role::Manager, "s3cret-pass")]);
        let auth = Arc::new(auth);
        for i in 0..12 {
            assert_eq!(
                post_sign_in(&auth, "ana", "s3cret-pass", HOME).await,
                StatusCode::SEE_OTHER,
                "sign-in {} was refused",
                i + 1
            );
        }
    }

    #[test]
    fn behind_a_proxy_the_address_it_saw_counts() {
        let proxy = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1));
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 203.0.113.7"),
        );
        assert_eq!(client_address(&headers, proxy, false), proxy);
        assert_eq!(
            client_address(&headers, proxy, true),
            "203.0.113.7".parse::<IpAddr>().unwrap()
        );
        assert_eq!(client_address(&HeaderMap::new(), proxy, true), proxy);
    }

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(local_path("/contributors?q=a"), "/contributors?q=a");
        for hostile in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil",
            "",
            "/a\nb",
        ] {
            assert_eq!(local_path(hostile), "/", "{hostile:?}");
        }
    }
}
