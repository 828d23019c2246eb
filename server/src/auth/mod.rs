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
//!
//! One module per concern: [`users_file`], [`passwords`], [`sessions`],
//! [`attempts`] (sign-in limits), [`middleware`] (every request) and
//! [`handlers`] (the sign-in and sign-out forms).

mod attempts;
mod handlers;
mod middleware;
mod passwords;
mod sessions;
#[cfg(test)]
mod test_support;
mod users_file;

pub use handlers::{login, logout, TokenForm};
pub use middleware::{attach_viewer, check_csrf, same_origin, SessionKey};
pub use passwords::hash_password;
pub use sessions::Auth;
pub use users_file::{User, UsersFile};
