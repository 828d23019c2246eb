//! How a forge client is set up: its tokens, how it authenticates, and its
//! retry and pacing policy.

use std::time::Duration;

/// A token and the environment variable it came from (the only name shown).
#[derive(Clone)]
pub struct Token {
    /// The variable's name, e.g. `GITHUB_TOKEN`.
    pub variable: String,
    /// The secret itself: sent in a header, never shown.
    pub(super) value: String,
}

impl Token {
    /// Reads each named environment variable; a missing or empty one is an
    /// error naming it.
    pub fn from_env(variables: &[String]) -> Result<Vec<Token>, String> {
        variables
            .iter()
            .map(|name| match std::env::var(name) {
                Ok(value) if !value.trim().is_empty() => Ok(Token {
                    variable: name.clone(),
                    value: value.trim().to_owned(),
                }),
                _ => Err(format!(
                    "the environment variable {name} (named in token_env) is not set or empty"
                )),
            })
            .collect()
    }

    /// A token for tests.
    pub fn new(variable: &str, value: &str) -> Token {
        Token {
            variable: variable.to_owned(),
            value: value.to_owned(),
        }
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Token(${})", self.variable)
    }
}

/// How the client authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthStyle {
    /// GitHub: `Authorization: Bearer <token>`.
    Bearer,
    /// GitLab: `PRIVATE-TOKEN: <token>`.
    PrivateToken,
}

/// Retry and pacing settings.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Attempts per request, the first included.
    pub attempts: u32,
    /// The first backoff; it doubles at each retry.
    pub backoff: Duration,
    /// The longest wait for a rate limit or `Retry-After`; a longer one is
    /// an error rather than a silent stall ([`HttpError::RateLimited`]
    /// without a token).
    pub max_wait: Duration,
    /// Requests in flight at most.
    pub concurrency: usize,
    /// Timeout of one request.
    pub timeout: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            attempts: 5,
            backoff: Duration::from_secs(1),
            max_wait: Duration::from_secs(3_700),
            concurrency: 4,
            timeout: Duration::from_secs(60),
        }
    }
}
