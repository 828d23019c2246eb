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
    /// Where activity comes from.
    #[serde(default)]
    pub sources: Vec<SourceConfig>,
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
        config.store.resolve_paths(&base);
        config.identities.resolve_paths(&base);
        for source in &mut config.sources {
            source.resolve_paths(&base);
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
            config.sources,
            [SourceConfig::GitLog {
                path: dir.path().join("logs")
            }]
        );
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
