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
//! ```
//!
//! The source kinds and their keys are documented on
//! [`vigie_ingest::SourceConfig`]. Relative paths are relative to the file.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use vigie_ingest::affiliation::AffiliationRule;
use vigie_ingest::{ConfigError, IdentityConfig, SourceConfig, StoreConfig};

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
    fn the_shipped_configurations_are_valid() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
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
