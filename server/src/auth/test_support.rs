//! Helpers of the sign-in tests: accounts in a temporary users file, and
//! the request headers a signed-in browser sends.

use std::net::IpAddr;

use axum::http::{header, HeaderMap, HeaderValue};
use vigie_app::auth::Role;

use super::passwords::hash_password;
use super::sessions::{Auth, SECURE_COOKIE};
use super::users_file::{User, UsersFile};
use crate::config::AuthConfig;

/// An [`Auth`] over a users file of these accounts (name, role,
/// password), with `login_attempts = 3`.
pub(super) fn auth_with(users: &[(&str, Role, &str)]) -> (tempfile::TempDir, Auth) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("users.toml");
    UsersFile {
        users: users
            .iter()
            .map(|(name, role, password)| User {
                name: (*name).to_owned(),
                role: *role,
                password: hash_password(password).unwrap(),
            })
            .collect(),
    }
    .save(&path)
    .unwrap();
    let config = AuthConfig {
        users: path,
        login_attempts: 3,
        ..AuthConfig::default()
    };
    (dir, Auth::new(&config))
}

/// The headers of a browser that holds the session `token`.
pub(super) fn cookie_headers(token: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::COOKIE,
        HeaderValue::from_str(&format!("other=1; {SECURE_COOKIE}={token}")).unwrap(),
    );
    headers
}

/// The address the tests sign in from.
pub(super) const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

/// The accounts of [`auth_with`] under the default `[auth]` limits.
pub(super) fn auth_with_defaults(users: &[(&str, Role, &str)]) -> (tempfile::TempDir, Auth) {
    let (dir, auth) = auth_with(users);
    let config = AuthConfig {
        users: auth.users.clone(),
        ..AuthConfig::default()
    };
    (dir, Auth::new(&config))
}
