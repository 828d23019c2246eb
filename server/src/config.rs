//! `vigie.toml`: the store, the web server, and the sources to ingest.
//!
//! ```toml
//! [store]
//! database = "data/vigie.duckdb"     # default
//! clones = "data/repositories"       # default; where URL sources are cloned
//!
//! [server]
//! address = "127.0.0.1:3000"         # default
//!
//! [[sources]]
//! kind = "git"
//! urls = ["https://github.com/lutece-platform/lutece-core.git"]
//!
//! [identities]
//! file = "identities.toml"           # default
//! bot_patterns = ["^lutece_jenkins@"]
//!
//! [[affiliations]]
//! domain = "paris.fr"
//! organisation = "Ville de Paris"
//!
//! [[groups]]                         # named scopes for the dashboard
//! name = "Plugins"
//! repositories = ["lutece-platform/lutece-plugin-*"]
//!
//! [thresholds]                       # DESIGN.md's defaults; any of them
//! drifting_after_months = 6
//! away_after_months = 12
//! ```
//!
//! The source kinds and their keys are documented on
//! [`vigie_ingest::SourceConfig`]. Relative paths are relative to the file.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use vigie_ingest::affiliation::AffiliationRule;
use vigie_ingest::{ConfigError, IdentityConfig, SourceConfig, StoreConfig};
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

fn default_every() -> Every {
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
                "“{text}” is not an interval: write a number and a unit (s, m, h or d), \
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
                "“{text}” is no interval: write \"off\" to turn the schedule off"
            ));
        }
        Ok(Self(Some(std::time::Duration::from_secs(number * seconds))))
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
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            users: default_users(),
            session_hours: default_session_hours(),
            secure_cookies: true,
            login_attempts: default_login_attempts(),
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
    /// Show every person as a pseudonym (“Contributor 3f9a2c”), without
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

    /// Reads and checks a configuration file; relative paths in it become
    /// relative to its folder.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        let mut config: Config = toml::from_str(&text).map_err(|e| ConfigError::Invalid {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_owned)
            .unwrap_or_else(|| PathBuf::from("."));
        let invalid = |message: String| ConfigError::Invalid {
            path: path.to_owned(),
            message,
        };
        let mut names = std::collections::HashSet::new();
        for group in &config.groups {
            if group.name.trim().is_empty() {
                return Err(invalid("a [[groups]] entry has an empty `name`".into()));
            }
            if !names.insert(group.name.as_str()) {
                return Err(invalid(format!(
                    "two [[groups]] are named “{}”: give each group its own name",
                    group.name
                )));
            }
            if group.repositories.is_empty() {
                return Err(invalid(format!(
                    "the group “{}” lists no `repositories`",
                    group.name
                )));
            }
        }
        let t = &config.thresholds;
        if t.drifting_after_months > t.away_after_months {
            return Err(invalid(format!(
                "thresholds: `drifting_after_months` ({}) must not exceed `away_after_months` ({})",
                t.drifting_after_months, t.away_after_months
            )));
        }
        for (key, value) in [
            ("absence_percent", t.absence_percent),
            ("core_percent", t.core_percent),
            ("regular_percent", t.regular_percent),
        ] {
            if !(1..=100).contains(&value) {
                return Err(invalid(format!(
                    "thresholds: `{key}` is a percentage from 1 to 100, not {value}"
                )));
            }
        }
        if !(1..=24 * 30).contains(&config.auth.session_hours) {
            return Err(invalid(format!(
                "auth: `session_hours` is from 1 to 720, not {}",
                config.auth.session_hours
            )));
        }
        if config.auth.login_attempts == 0 {
            return Err(invalid(
                "auth: `login_attempts` must be at least 1".to_string(),
            ));
        }
        config.store.resolve_paths(&base);
        config.identities.resolve_paths(&base);
        config.auth.users = base.join(&config.auth.users);
        for source in &mut config.sources {
            source.source.resolve_paths(&base);
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vigie.toml");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn defaults_and_relative_paths() {
        let (dir, path) = write("[[sources]]\nkind = \"git-log\"\npath = \"logs\"\n");
        let config = Config::load(&path).unwrap();
        assert_eq!(config.store.database, dir.path().join("data/vigie.duckdb"));
        assert_eq!(config.server.address.to_string(), "127.0.0.1:3000");
        assert_eq!(config.identities.file, dir.path().join("identities.toml"));
        assert!(config.rules().unwrap().file.people.is_empty());
        assert_eq!(
            config.source_configs(),
            [SourceConfig::GitLog {
                path: dir.path().join("logs")
            }]
        );
        assert_eq!(config.sources[0].every, None);
        assert_eq!(config.schedule.every, default_every());
        assert_eq!(config.auth.users, dir.path().join("users.toml"));
        assert!(config.auth.secure_cookies);
        assert!(!config.privacy.pseudonymise);
    }

    #[test]
    fn errors_name_the_file_and_the_key() {
        let (_dir, path) = write("[server]\nadress = \"x\"\n");
        let err = Config::load(&path).unwrap_err().to_string();
        assert!(err.contains("vigie.toml"), "{err}");
        assert!(err.contains("unknown field `adress`"), "{err}");

        let err = Config::load(Path::new("/nonexistent/vigie.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("cannot read the configuration file /nonexistent/vigie.toml"),
            "{err}"
        );
    }

    #[test]
    fn schedules() {
        let (_dir, path) = write(
            "[schedule]\nevery = \"1d\"\n\n[[sources]]\nkind = \"git-log\"\npath = \"a\"\nevery = \"30m\"\n\n\
             [[sources]]\nkind = \"git-log\"\npath = \"b\"\nevery = \"off\"\n",
        );
        let config = Config::load(&path).unwrap();
        assert_eq!(config.schedule.every.0.unwrap().as_secs(), 86_400);
        assert_eq!(config.sources[0].every.unwrap().0.unwrap().as_secs(), 1800);
        assert_eq!(config.sources[1].every, Some(Every(None)));

        for (text, expected) in [
            ("[schedule]\nevery = \"6 hours\"\n", "not an interval"),
            ("[schedule]\nevery = \"0h\"\n", "write \"off\""),
            (
                "[[sources]]\nkind = \"git-log\"\npath = \"a\"\nevery = \"soon\"\n",
                "“soon” is not an interval",
            ),
            (
                "[[sources]]\nkind = \"git-log\"\npath = \"a\"\nevrey = \"1h\"\n",
                "evrey",
            ),
            (
                "[auth]\nsession_hours = 0\n",
                "`session_hours` is from 1 to 720",
            ),
            ("[privacy]\npseudonymize = true\n", "pseudonymize"),
        ] {
            let (_dir, path) = write(text);
            let err = Config::load(&path).unwrap_err().to_string();
            assert!(err.contains(expected), "{text}: {err}");
        }
    }

    #[test]
    fn groups_and_thresholds() {
        let (_dir, path) = write(
            "[[groups]]\nname = \"Plugins\"\nrepositories = [\"o/plugin-*\"]\n\n\
             [thresholds]\naway_after_months = 18\n",
        );
        let config = Config::load(&path).unwrap();
        assert_eq!(config.groups[0].name, "Plugins");
        assert_eq!(config.thresholds.away_after_months, 18);
        assert_eq!(
            config.thresholds.drifting_after_months, 6,
            "the others keep their defaults"
        );

        for (text, expected) in [
            ("[[groups]]\nname = \"A\"\nrepositories = []\n", "lists no `repositories`"),
            (
                "[[groups]]\nname = \"A\"\nrepositories = [\"x\"]\n[[groups]]\nname = \"A\"\nrepositories = [\"y\"]\n",
                "two [[groups]] are named “A”",
            ),
            ("[thresholds]\ncore_percent = 180\n", "`core_percent` is a percentage"),
            ("[thresholds]\ndrifting_after_months = 24\n", "must not exceed"),
            ("[thresholds]\nwhatever = 1\n", "unknown field `whatever`"),
        ] {
            let (_dir, path) = write(text);
            let err = Config::load(&path).unwrap_err().to_string();
            assert!(err.contains(expected) && err.contains("vigie.toml"), "{text}: {err}");
        }
    }

    #[test]
    fn the_shipped_configurations_are_valid() {
        let root = std::env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
            .join("..");
        for file in [
            "vigie.toml",
            "end2end/vigie.e2e.toml",
            "end2end/vigie.empty.toml",
            "examples/offline.toml",
        ] {
            Config::load(&root.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        }
    }
}
