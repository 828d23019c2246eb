//! The configuration's model: one `deny_unknown_fields` struct per table of
//! `vigie.toml`, each field documented as users read it (docs/configuration.md
//! says the same in prose), with defaults that work. Reading a file is
//! [`super::load`]'s part; these types only say what a file may hold.

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::Deserialize;
use vigie_ingest::affiliation::AffiliationRule;
use vigie_ingest::config::GovernanceConfig;
use vigie_ingest::{ConfigError, EstateConfig, IdentityConfig, SourceConfig, StoreConfig};
use vigie_metrics::{RepositoryGroup, Thresholds};

/// The whole configuration file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the data lives.
    #[serde(default)]
    pub store: StoreConfig,
    /// The web server.
    #[serde(default)]
    pub server: ServerConfig,
    /// Where activity comes from, each with its own schedule.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// How identities become contributors.
    #[serde(default)]
    pub identities: IdentityConfig,
    /// E-mail domains to organisations.
    #[serde(default)]
    pub affiliations: Vec<AffiliationRule>,
    /// Named sets of repositories, offered as scopes.
    #[serde(default)]
    pub groups: Vec<RepositoryGroup>,
    /// The metrics' thresholds (see [`vigie_metrics::Thresholds`] for every
    /// key and its default).
    #[serde(default)]
    pub thresholds: Thresholds,
    /// When `vigie serve` ingests by itself.
    #[serde(default)]
    pub schedule: ScheduleConfig,
    /// Where the freshness of the estate's external dependencies is read.
    #[serde(default)]
    pub estate: EstateConfig,
    /// What the GGI scorecard reads: the handbook, the organisation, the
    /// repositories upstream of it.
    #[serde(default)]
    pub governance: GovernanceConfig,
    /// Who may see people and manage the service.
    #[serde(default)]
    pub auth: AuthConfig,
    /// What the pages say of people.
    #[serde(default)]
    pub privacy: PrivacyConfig,
}

/// One `[[sources]]` entry: the source (see [`SourceConfig`] for each
/// kind's keys) and, optionally, how often `vigie serve` reads it.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Source {
    /// How often `vigie serve` reads this source again, instead of
    /// `[schedule] every`.
    #[serde(default)]
    pub every: Option<Every>,
    /// The source itself.
    #[serde(flatten)]
    pub source: SourceConfig,
}

/// The `[schedule]` table.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ScheduleConfig {
    /// How long after its last run `vigie serve` reads a source again
    /// (`"30m"`, `"6h"`, `"1d"`), or `"off"`. Default: `"6h"`.
    #[serde(default = "default_every")]
    pub every: Every,
}

impl Default for ScheduleConfig {
    fn default() -> Self {
        Self {
            every: default_every(),
        }
    }
}

/// `[schedule] every` when the file does not say: six hours.
pub(super) fn default_every() -> Every {
    Every(Some(std::time::Duration::from_secs(6 * 3600)))
}

/// An interval between runs (`"90s"`, `"30m"`, `"6h"`, `"1d"`), or
/// `"off"` (`None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Every(pub Option<std::time::Duration>);

impl std::str::FromStr for Every {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text == "off" {
            return Ok(Self(None));
        }
        let fix = || {
            format!(
                "“{text}” is not an interval. Fix: write a number and a unit (s, m, h or d), \
                 such as \"30m\" or \"6h\", or \"off\""
            )
        };
        let split = text.find(|c: char| !c.is_ascii_digit()).ok_or_else(fix)?;
        let (number, unit) = text.split_at(split);
        let number: u64 = number.parse().map_err(|_| fix())?;
        let seconds = match unit {
            "s" => 1,
            "m" => 60,
            "h" => 3600,
            "d" => 86_400,
            _ => return Err(fix()),
        };
        if number == 0 {
            return Err(format!(
                "“{text}” is no interval. Fix: write \"off\" to turn the schedule off"
            ));
        }
        // A year at most: longer is surely a typing mistake (and would
        // overflow).
        const LONGEST: u64 = 366 * 86_400;
        match number.checked_mul(seconds) {
            Some(total) if total <= LONGEST => {
                Ok(Self(Some(std::time::Duration::from_secs(total))))
            }
            _ => Err(format!(
                "“{text}” is longer than a year: write \"366d\" at most, or \"off\""
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Every {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The `[auth]` table: the accounts of community managers and
/// administrators. Anonymous visitors see aggregate pages only.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    /// The accounts file, written by `vigie users`. Default: `users.toml`.
    #[serde(default = "default_users")]
    pub users: PathBuf,
    /// How long a sign-in lasts, in hours. Default: 12.
    #[serde(default = "default_session_hours")]
    pub session_hours: u32,
    /// Send the session cookie over HTTPS only. Default: true. Browsers
    /// count `http://localhost` and `http://127.0.0.1` as secure; turn it
    /// off only to sign in over plain HTTP on another address.
    #[serde(default = "yes")]
    pub secure_cookies: bool,
    /// Failed sign-ins allowed per account and per address in 15 minutes
    /// before further attempts are refused. Default: 5.
    #[serde(default = "default_login_attempts")]
    pub login_attempts: u32,
    /// Vigie is reached through a reverse proxy that adds the client's
    /// address to `X-Forwarded-For`: sign-in limits then count that
    /// address (the last one the proxy added) instead of the proxy's.
    /// Default: false (a client could otherwise name any address).
    #[serde(default)]
    pub behind_proxy: bool,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            users: default_users(),
            session_hours: default_session_hours(),
            secure_cookies: true,
            login_attempts: default_login_attempts(),
            behind_proxy: false,
        }
    }
}

fn default_users() -> PathBuf {
    PathBuf::from("users.toml")
}

fn default_session_hours() -> u32 {
    12
}

fn default_login_attempts() -> u32 {
    5
}

fn yes() -> bool {
    true
}

/// The `[privacy]` table.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PrivacyConfig {
    /// Show every person as a pseudonym (“Contributor 3f9a2c41d0”), without
    /// e-mail, on every page and download, even to signed-in readers: for
    /// a public deployment. Default: false.
    #[serde(default)]
    pub pseudonymise: bool,
}

/// The `[server]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    /// The address and port to listen on. Default: `127.0.0.1:3000`.
    #[serde(default = "default_address")]
    pub address: SocketAddr,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            address: default_address(),
        }
    }
}

fn default_address() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 3000))
}

impl Config {
    /// The sources as the ingest reads them.
    pub fn source_configs(&self) -> Vec<SourceConfig> {
        self.sources.iter().map(|s| s.source.clone()).collect()
    }

    /// The identity rules: the identities file, mailmap, bot patterns and
    /// affiliations, loaded and checked.
    pub fn rules(&self) -> Result<vigie_ingest::identity::Rules, ConfigError> {
        self.identities.rules(&self.affiliations)
    }
}
