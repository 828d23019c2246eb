//! Accounts, sign-in and sessions.
//!
//! - Accounts live in the users file (`[auth] users`, written by
//!   `vigie users`): a name, a role and an argon2id hash of the password.
//!   The file is read again whenever its modification time moves, so a
//!   change takes effect at the next request.
//! - A session is 32 random bytes in an `HttpOnly`, `SameSite=Strict`
//!   (and, by default, `Secure`) cookie; the server keeps sessions in
//!   memory, so a restart signs everyone out.
//! - Every state-changing request carries the session's anti-forgery token
//!   ([`check_csrf`]) and must come from the dashboard's own origin
//!   ([`same_origin`]).
//! - Failed sign-ins are counted per account and per client address (an
//!   IPv6 one by its /64 network); past `[auth] login_attempts` in 15
//!   minutes, further attempts get a 429. Successes are never counted.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use vigie_app::auth::{Role, Viewer};

use crate::config::AuthConfig;

/// The session cookie's name over HTTPS: the `__Host-` prefix makes
/// browsers refuse it from anywhere but this host (not a sibling
/// subdomain), over HTTPS only, for the whole site.
const SECURE_COOKIE: &str = "__Host-vigie_session";
/// Its name when `[auth] secure_cookies = false`.
const PLAIN_COOKIE: &str = "vigie_session";
/// How long failed sign-ins are remembered.
const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// The users file.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsersFile {
    /// The accounts.
    #[serde(default)]
    pub users: Vec<User>,
}

/// One account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    /// The name to sign in with.
    pub name: String,
    /// `manager` or `admin`.
    pub role: Role,
    /// The password's argon2id hash (PHC string).
    pub password: String,
}

impl UsersFile {
    /// Reads the users file; a missing file has no accounts.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text)
                .map_err(|e| anyhow::anyhow!("invalid users file {}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(anyhow::anyhow!(
                "cannot read the users file {}: {e}",
                path.display()
            )),
        }
    }

    /// Writes the file whole, readable by its owner only.
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        let text = format!(
            "# Vigie's accounts, written by `vigie users`. Passwords are argon2id hashes.\n\n{}",
            toml::to_string(self)?
        );
        let partial = path.with_extension("toml.partial");
        {
            use std::io::Write;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options
                .open(&partial)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", partial.display()))?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
        }
        std::fs::rename(&partial, path)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))
    }
}

/// The argon2id hash of a password, with a fresh salt.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))?
        .to_string())
}

/// Whether `password` matches the PHC `hash`.
fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to check unknown names against, so that an unknown name takes as
/// long to refuse as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("not a password").unwrap_or_default())
}

/// 32 random bytes, in hexadecimal.
fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two secrets in time independent of where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |diff, (x, y)| diff | (x ^ y))
            == 0
}

/// Each account's role and password hash, by name.
type Accounts = HashMap<String, (Role, String)>;

struct Session {
    viewer: Viewer,
    /// The account's password hash at sign-in: a new password ends the
    /// sessions opened with the old one.
    password: String,
    expires: Instant,
}

/// Sessions and sign-in attempts.
pub struct Auth {
    users: PathBuf,
    lifetime: Duration,
    secure: bool,
    attempts: u32,
    behind_proxy: bool,
    sessions: Mutex<HashMap<String, Session>>,
    /// Sign-in attempts by account and by address ([`account_key`],
    /// [`address_key`]).
    counted: Mutex<HashMap<String, Attempts>>,
    /// Password checks at once, at most: each holds 19 MiB for argon2.
    checking: tokio::sync::Semaphore,
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
    fn cookie_name(&self) -> &'static str {
        if self.secure {
            SECURE_COOKIE
        } else {
            PLAIN_COOKIE
        }
    }

    /// The `Set-Cookie` value that starts a session.
    fn cookie(&self, token: &str) -> String {
        format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
            self.cookie_name(),
            self.lifetime.as_secs(),
            if self.secure { "; Secure" } else { "" }
        )
    }

    /// The `Set-Cookie` value that ends it.
    fn expired_cookie(&self) -> String {
        format!(
            "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}",
            self.cookie_name(),
            if self.secure { "; Secure" } else { "" }
        )
    }
}

/// The sign-in attempts of one account or one address.
#[derive(Debug, Default)]
struct Attempts {
    /// When each failed, within [`FAILURE_WINDOW`], oldest first.
    failed: Vec<Instant>,
    /// How many are being checked now.
    checking: u32,
}

/// The key an account's attempts are counted under, whatever the case
/// and spaces it is typed with.
fn account_key(name: &str) -> String {
    format!("account {}", name.trim().to_lowercase())
}

/// The key a client address's attempts are counted under: an IPv4
/// address as it is (also when a dual-stack listener sees it as
/// `::ffff:a.b.c.d`), an IPv6 address by its /64 network, the block one
/// household or server is given: counted address by address, one client
/// could try 2^64 times as often.
fn address_key(from: IpAddr) -> String {
    match from.to_canonical() {
        IpAddr::V4(v4) => format!("address {v4}"),
        IpAddr::V6(v6) => {
            let [a, b, c, d, ..] = v6.segments();
            let network = std::net::Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0);
            format!("address {network}/64")
        }
    }
}

/// How long until one of `keys` may try again, if its failures and the
/// attempts being checked reach its limit (forgetting failures older than
/// the window).
fn limited(attempts: &mut HashMap<String, Attempts>, keys: &[(String, u32)]) -> Option<Duration> {
    let now = Instant::now();
    attempts.retain(|_, counted| {
        counted
            .failed
            .retain(|t| now.duration_since(*t) < FAILURE_WINDOW);
        !counted.failed.is_empty() || counted.checking > 0
    });
    keys.iter()
        .filter_map(|(key, limit)| Some((attempts.get(key)?, *limit)))
        .filter(|(counted, limit)| {
            counted.failed.len() + counted.checking as usize >= *limit as usize
        })
        .map(|(counted, _)| match counted.failed.first() {
            Some(first) => FAILURE_WINDOW.saturating_sub(now.duration_since(*first)),
            // Only attempts being checked fill the limit: in a moment.
            None => Duration::from_secs(1),
        })
        .max()
}

/// The session token in a request's cookies (`cookie`: its name).
fn session_cookie<'h>(headers: &'h HeaderMap, cookie: &str) -> Option<&'h str> {
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

/// A valid session's token and the account's current role: what the
/// response cache keeps this reader's answers under (in the request's
/// extensions, beside the [`Viewer`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionKey(pub String);

/// Puts the request's reader (if signed in) into its extensions, where
/// the response cache, pages, server functions and downloads find it:
/// the session is checked once per request, here.
pub async fn resolve(State(auth): State<Arc<Auth>>, mut request: Request, next: Next) -> Response {
    let viewer = auth.viewer(request.headers());
    let session = viewer.as_ref().and_then(|v| {
        let token = session_cookie(request.headers(), auth.cookie_name())?;
        Some(SessionKey(format!("{token} {}", v.role.key())))
    });
    let signed_in = viewer.is_some();
    let extensions = request.extensions_mut();
    extensions.remove::<Viewer>();
    extensions.remove::<SessionKey>();
    if let (Some(viewer), Some(session)) = (viewer, session) {
        extensions.insert(viewer);
        extensions.insert(session);
    }
    let mut response = next.run(request).await;
    // What a signed-in reader sees (people, their anti-forgery token) and
    // what a visitor is refused are kept by no cache.
    if signed_in || response.status() == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    response
}

/// Whether a state-changing request comes from the dashboard's own pages:
/// the browser's `Origin` (or, failing that, `Sec-Fetch-Site`) must say so.
/// A request with neither (not a browser) passes: it cannot carry a
/// victim's session cookie and token anyway.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or_default();
        let origin_host = origin
            .strip_prefix("https://")
            .or_else(|| origin.strip_prefix("http://"));
        return matches!((origin_host, host), (Some(o), Some(h)) if o == h);
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => site == "same-origin" || site == "none",
        None => true,
    }
}

/// Whether a form's anti-forgery token is the session's.
pub fn check_csrf(viewer: &Viewer, token: &str) -> bool {
    same_secret(&viewer.csrf, token)
}

/// The client's address: the connection's, or behind a reverse proxy the
/// last address the proxy added to `X-Forwarded-For` (the ones before it
/// are the client's own word).
fn client_address(headers: &HeaderMap, peer: IpAddr, behind_proxy: bool) -> IpAddr {
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
fn local_path(next: &str) -> &str {
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

fn redirect(to: &str) -> Response {
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
    use super::*;

    fn auth_with(users: &[(&str, Role, &str)]) -> (tempfile::TempDir, Auth) {
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

    fn cookie_headers(token: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("other=1; {SECURE_COOKIE}={token}")).unwrap(),
        );
        headers
    }

    const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

    #[test]
    fn passwords_are_hashed_and_checked() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(!hash.contains("correct horse"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("correct horsE", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
    }

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
    fn attempts_sent_together_cannot_pass_the_limit() {
        let (_dir, auth) = auth_with(&[("ana", Role::Admin, "s3cret-pass")]);
        let auth = Arc::new(auth);
        let refused: usize = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..8)
                .map(|i| {
                    let auth = Arc::clone(&auth);
                    scope.spawn(move || auth.sign_in("ana", &format!("guess {i}"), HOME))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap())
                .filter(|r| matches!(r, Err(Refused::Limited(_))))
                .count()
        });
        // Three may be checked (the limit); the other five are refused
        // before any check.
        assert_eq!(refused, 5);
    }

    #[test]
    fn failures_are_limited_per_account_and_address() {
        let (_dir, auth) = auth_with(&[("ana", Role::Admin, "s3cret-pass")]);
        for _ in 0..3 {
            assert_eq!(
                auth.sign_in("ana", "guess", HOME).unwrap_err(),
                Refused::Wrong
            );
        }
        // Even the right password is refused now, from anywhere.
        let elsewhere = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 9));
        assert!(matches!(
            auth.sign_in("ana", "s3cret-pass", elsewhere),
            Err(Refused::Limited(wait)) if wait > Duration::from_secs(800)
        ));
        // Unknown accounts count too, and are refused like wrong passwords.
        assert_eq!(
            auth.sign_in("nobody", "x", elsewhere).unwrap_err(),
            Refused::Wrong
        );
        // An address may try other accounts, but only four times the limit.
        assert!(
            auth.sign_in("ana", "s3cret-pass", HOME).is_err(),
            "ana is still limited"
        );
        // 3 failures so far from HOME; the address limit is 12.
        for i in 0..9 {
            assert_eq!(
                auth.sign_in(&format!("user{i}"), "x", HOME).unwrap_err(),
                Refused::Wrong
            );
        }
        assert!(matches!(
            auth.sign_in("someone", "x", HOME),
            Err(Refused::Limited(_))
        ));
    }

    /// The accounts of [`auth_with`] under the default `[auth]` limits.
    fn auth_with_defaults(users: &[(&str, Role, &str)]) -> (tempfile::TempDir, Auth) {
        let (dir, auth) = auth_with(users);
        let config = AuthConfig {
            users: auth.users.clone(),
            ..AuthConfig::default()
        };
        (dir, Auth::new(&config))
    }

    #[test]
    fn successful_sign_ins_are_never_counted_as_failures() {
        let (_dir, auth) = auth_with_defaults(&[("ana", Role::Manager, "s3cret-pass")]);
        // Many more than `login_attempts` (5) and than the address's limit
        // (20), from one address, as a reader signing in all day would.
        for i in 0..25 {
            assert!(
                auth.sign_in("ana", "s3cret-pass", HOME).is_ok(),
                "sign-in {} was refused",
                i + 1
            );
        }
        // A mistake or two between them are not enough to lock out either.
        for _ in 0..4 {
            assert_eq!(
                auth.sign_in("ana", "typo", HOME).unwrap_err(),
                Refused::Wrong
            );
            assert!(auth.sign_in("ana", "s3cret-pass", HOME).is_ok());
        }
        assert!(matches!(
            auth.sign_in("ana", "typo", HOME),
            Err(Refused::Wrong)
        ));
        // The fifth failure in the window is the last one checked.
        assert!(matches!(
            auth.sign_in("ana", "s3cret-pass", HOME),
            Err(Refused::Limited(_))
        ));
    }

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
    fn an_address_is_counted_as_the_client_it_stands_for() {
        let key = |a: &str| address_key(a.parse().unwrap());
        assert_eq!(key("192.0.2.7"), "address 192.0.2.7");
        // An IPv4 client of a dual-stack listener.
        assert_eq!(key("::ffff:192.0.2.7"), "address 192.0.2.7");
        // One IPv6 client has a whole /64 to choose its addresses from.
        assert_eq!(key("2001:db8:1:2:aaaa::1"), "address 2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2:bbbb:4:3:9"), "address 2001:db8:1:2::/64");
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
        assert_eq!(account_key("  Ana "), account_key("ana"));
    }

    #[test]
    fn a_client_changing_its_ipv6_address_is_still_limited() {
        let (_dir, auth) = auth_with(&[]);
        // The address limit is four times `login_attempts` (3): 12.
        for i in 0..12 {
            let from: IpAddr = format!("2001:db8:7:7::{:x}", i + 1).parse().unwrap();
            assert_eq!(
                auth.sign_in(&format!("user{i}"), "x", from).unwrap_err(),
                Refused::Wrong
            );
        }
        let another: IpAddr = "2001:db8:7:7:ffff::1".parse().unwrap();
        assert!(matches!(
            auth.sign_in("someone", "x", another),
            Err(Refused::Limited(_))
        ));
        let elsewhere: IpAddr = "2001:db8:7:8::1".parse().unwrap();
        assert_eq!(
            auth.sign_in("someone", "x", elsewhere).unwrap_err(),
            Refused::Wrong
        );
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

    #[test]
    fn forms_must_come_from_the_dashboard() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("vigie.example"));
        assert!(same_origin(&headers), "no browser headers: not a browser");
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://vigie.example"),
        );
        assert!(same_origin(&headers));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(!same_origin(&headers));
        headers.remove(header::ORIGIN);
        headers.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(!same_origin(&headers));
    }
}
