//! Sessions: signing in (slow on purpose, and limited: [`super::attempts`]),
//! the reader a session cookie stands for while its account lasts with the
//! same password, and signing out. Sessions live in memory, so a restart
//! signs everyone out.

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{header, HeaderMap};
use vigie_app::auth::{Role, Viewer};

use super::attempts::{account_key, address_key, limited, Attempts};
use super::passwords::{decoy_hash, random_token, verify_password};
use super::users_file::UsersFile;
use crate::config::AuthConfig;

/// The session cookie's name over HTTPS: the `__Host-` prefix makes
/// browsers refuse it from anywhere but this host (not a sibling
/// subdomain), over HTTPS only, for the whole site.
pub(super) const SECURE_COOKIE: &str = "__Host-vigie_session";
/// Its name when `[auth] secure_cookies = false`.
const PLAIN_COOKIE: &str = "vigie_session";

/// Each account's role and password hash, by name.
type Accounts = HashMap<String, (Role, String)>;

/// An open session.
struct Session {
    /// Who signed in, with the session's anti-forgery token.
    viewer: Viewer,
    /// The account's password hash at sign-in: a new password ends the
    /// sessions opened with the old one.
    password: String,
    /// When it ends, whatever the reader does.
    expires: Instant,
}

/// Sessions and sign-in attempts.
pub struct Auth {
    /// The users file (`[auth] users`).
    pub(super) users: PathBuf,
    /// How long a session lasts (`[auth] session_hours`).
    lifetime: Duration,
    /// Cookies over HTTPS only (`[auth] secure_cookies`).
    secure: bool,
    /// Failures allowed per account (`[auth] login_attempts`).
    attempts: u32,
    /// Count the address a reverse proxy saw (`[auth] behind_proxy`).
    pub(super) behind_proxy: bool,
    /// The open sessions, by token.
    sessions: Mutex<HashMap<String, Session>>,
    /// Sign-in attempts by account and by address ([`account_key`],
    /// [`address_key`]).
    counted: Mutex<HashMap<String, Attempts>>,
    /// Password checks at once, at most: each holds 19 MiB for argon2.
    pub(super) checking: tokio::sync::Semaphore,
    /// The accounts' roles as of the users file's modification time: a
    /// session lasts only while its account does, with its current role.
    roles: Mutex<Option<(std::time::SystemTime, Accounts)>>,
}

/// Why a sign-in was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Wrong name or password.
    Wrong,
    /// Too many failures lately; try again after this long.
    Limited(Duration),
}

impl Auth {
    /// Sessions for the configured accounts.
    pub fn new(config: &AuthConfig) -> Self {
        Self {
            users: config.users.clone(),
            lifetime: Duration::from_secs(u64::from(config.session_hours) * 3600),
            secure: config.secure_cookies,
            attempts: config.login_attempts,
            behind_proxy: config.behind_proxy,
            sessions: Mutex::new(HashMap::new()),
            counted: Mutex::new(HashMap::new()),
            checking: tokio::sync::Semaphore::new(2),
            roles: Mutex::new(None),
        }
    }

    /// The current role and password hash of an account (`None`: no such
    /// account now, or the users file cannot be read: signed out).
    fn current(&self, name: &str) -> Option<(Role, String)> {
        let modified = std::fs::metadata(&self.users)
            .and_then(|m| m.modified())
            .ok()?;
        let mut roles = self.roles.lock().unwrap_or_else(|e| e.into_inner());
        if roles.as_ref().is_none_or(|(at, _)| *at != modified) {
            // Read once per change of the file; a file that cannot be read
            // has no accounts (said once, not at every request).
            let file = UsersFile::load(&self.users).unwrap_or_else(|e| {
                tracing::error!(error = %e, "nobody can sign in");
                UsersFile::default()
            });
            let map = file
                .users
                .into_iter()
                .map(|u| (u.name, (u.role, u.password)))
                .collect();
            *roles = Some((modified, map));
        }
        roles.as_ref().and_then(|(_, map)| map.get(name).cloned())
    }

    /// How many accounts the users file has (for the start-up log).
    pub fn accounts(&self) -> anyhow::Result<usize> {
        Ok(UsersFile::load(&self.users)?.users.len())
    }

    /// The reader a session cookie stands for, if it is current.
    pub fn viewer(&self, headers: &HeaderMap) -> Option<Viewer> {
        let token = session_cookie(headers, self.cookie_name())?;
        let (viewer, password) = {
            let mut sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
            match sessions.get(token) {
                Some(s) if s.expires > Instant::now() => (s.viewer.clone(), s.password.clone()),
                Some(_) => {
                    sessions.remove(token);
                    return None;
                }
                None => return None,
            }
        };
        match self.current(&viewer.name) {
            Some((role, now)) if now == password => Some(Viewer { role, ..viewer }),
            _ => {
                // The account was removed or its password changed: the
                // sessions opened before end now.
                let mut sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
                sessions.retain(|_, s| s.viewer.name != viewer.name || s.password != password);
                None
            }
        }
    }

    /// Checks a name and password (slow on purpose: argon2), counting
    /// failures per account and per address; returns the new session's
    /// token and reader.
    pub fn sign_in(
        &self,
        name: &str,
        password: &str,
        from: IpAddr,
    ) -> Result<(String, Viewer), Refused> {
        // An address may fail for several accounts (people behind one
        // office's network) but not without end.
        let keys = [
            (account_key(name), self.attempts),
            (address_key(from), self.attempts.saturating_mul(4)),
        ];
        // An attempt counts against the limits while it is checked (slow,
        // on purpose), so that attempts sent together cannot all pass
        // them; once checked, only a failure stays counted.
        {
            let mut attempts = self.counted.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(wait) = limited(&mut attempts, &keys) {
                return Err(Refused::Limited(wait));
            }
            for (key, _) in &keys {
                attempts.entry(key.clone()).or_default().checking += 1;
            }
        }
        let name = name.trim();
        let account = self.current(name);
        let hash = match &account {
            Some((_, hash)) => hash.as_str(),
            None => decoy_hash(),
        };
        let matches = verify_password(password, hash);
        let account = account.filter(|_| matches);
        {
            let mut attempts = self.counted.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            for (key, _) in &keys {
                let counted = attempts.entry(key.clone()).or_default();
                counted.checking = counted.checking.saturating_sub(1);
                if account.is_none() {
                    counted.failed.push(now);
                }
            }
        }
        match account {
            Some((role, hash)) => {
                let viewer = Viewer {
                    name: name.to_owned(),
                    role,
                    csrf: random_token(),
                };
                let token = random_token();
                let mut sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
                let now = Instant::now();
                sessions.retain(|_, s| s.expires > now);
                sessions.insert(
                    token.clone(),
                    Session {
                        viewer: viewer.clone(),
                        password: hash,
                        expires: now + self.lifetime,
                    },
                );
                tracing::info!(account = %name, role = role.key(), "signed in");
                Ok((token, viewer))
            }
            None => {
                tracing::warn!(%from, "a sign-in was refused");
                Err(Refused::Wrong)
            }
        }
    }

    /// Ends the session of these headers.
    pub fn sign_out(&self, headers: &HeaderMap) {
        if let Some(token) = session_cookie(headers, self.cookie_name()) {
            let mut sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(s) = sessions.remove(token) {
                tracing::info!(account = %s.viewer.name, "signed out");
            }
        }
    }

    /// The session cookie's name.
    pub(super) fn cookie_name(&self) -> &'static str {
        if self.secure {
            SECURE_COOKIE
        } else {
            PLAIN_COOKIE
        }
    }

    /// The `Set-Cookie` value that starts a session.
    pub(super) fn cookie(&self, token: &str) -> String {
        format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
            self.cookie_name(),
            self.lifetime.as_secs(),
            if self.secure { "; Secure" } else { "" }
        )
    }

    /// The `Set-Cookie` value that ends it.
    pub(super) fn expired_cookie(&self) -> String {
        format!(
            "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}",
            self.cookie_name(),
            if self.secure { "; Secure" } else { "" }
        )
    }
}

/// The session token in a request's cookies (`cookie`: its name).
pub(super) fn session_cookie<'h>(headers: &'h HeaderMap, cookie: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(name, _)| *name == cookie)
        .map(|(_, value)| value)
        .find(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::check_csrf;
    use crate::auth::passwords::hash_password;
    use crate::auth::test_support::{auth_with, cookie_headers, HOME};

    #[test]
    fn a_session_stands_for_its_account_until_signed_out() {
        let (_dir, auth) = auth_with(&[("ana", Role::Manager, "s3cret-pass")]);
        let (token, viewer) = auth.sign_in("ana", "s3cret-pass", HOME).unwrap();
        assert_eq!(viewer.role, Role::Manager);
        assert_eq!(token.len(), 64);
        assert_ne!(viewer.csrf, token);
        let headers = cookie_headers(&token);
        assert_eq!(auth.viewer(&headers), Some(viewer.clone()));
        assert!(check_csrf(&viewer, &viewer.csrf));
        assert!(!check_csrf(&viewer, ""));
        assert_eq!(auth.viewer(&cookie_headers(&"0".repeat(64))), None);
        auth.sign_out(&headers);
        assert_eq!(auth.viewer(&headers), None);
    }

    #[test]
    fn sessions_follow_the_users_file() {
        let (_dir, auth) = auth_with(&[("ana", Role::Admin, "s3cret-pass")]);
        let (token, _) = auth.sign_in("ana", "s3cret-pass", HOME).unwrap();
        let headers = cookie_headers(&token);
        assert_eq!(auth.viewer(&headers).unwrap().role, Role::Admin);
        let mut file = UsersFile::load(&auth.users).unwrap();
        file.users[0].role = Role::Manager;
        // A later modification time, even on a coarse-grained file system.
        std::thread::sleep(Duration::from_millis(20));
        file.save(&auth.users).unwrap();
        let touched = std::time::SystemTime::now() + Duration::from_secs(2);
        std::fs::File::options()
            .append(true)
            .open(&auth.users)
            .unwrap()
            .set_modified(touched)
            .unwrap();
        assert_eq!(auth.viewer(&headers).unwrap().role, Role::Manager);
        file.users.clear();
        file.save(&auth.users).unwrap();
        std::fs::File::options()
            .append(true)
            .open(&auth.users)
            .unwrap()
            .set_modified(touched + Duration::from_secs(2))
            .unwrap();
        assert_eq!(
            auth.viewer(&headers),
            None,
            "a removed account's session ends"
        );
    }

    #[test]
    fn a_new_password_ends_the_sessions_of_the_old_one() {
        let (_dir, auth) = auth_with(&[("ana", Role::Manager, "s3cret-pass")]);
        let (token, _) = auth.sign_in("ana", "s3cret-pass", HOME).unwrap();
        let headers = cookie_headers(&token);
        let mut file = UsersFile::load(&auth.users).unwrap();
        file.users[0].password = hash_password("an0ther-pass").unwrap();
        file.save(&auth.users).unwrap();
        std::fs::File::options()
            .append(true)
            .open(&auth.users)
            .unwrap()
            .set_modified(std::time::SystemTime::now() + Duration::from_secs(2))
            .unwrap();
        assert_eq!(auth.viewer(&headers), None);
        assert!(auth.sign_in("ana", "an0ther-pass", HOME).is_ok());
    }

    #[test]
    fn cookies_are_http_only_strict_and_secure() {
        let (_dir, auth) = auth_with(&[]);
        let cookie = auth.cookie("abc");
        for part in [
            "HttpOnly",
            "SameSite=Strict",
            "Secure",
            "Path=/",
            "Max-Age=43200",
        ] {
            assert!(cookie.contains(part), "{cookie}");
        }
        assert!(cookie.starts_with("__Host-vigie_session=abc;"), "{cookie}");
        assert!(auth.expired_cookie().contains("Max-Age=0"));
    }
}
