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
//! Every key is described in docs/configuration.md (`vigie init` writes a
//! commented file to start from); the source kinds and their keys are also
//! documented on [`vigie_ingest::SourceConfig`]. Relative paths are relative
//! to the file.
//!
//! A file that cannot be used is one error naming the line, the key and the
//! fix.
//!
//! - [`model`]: the tables and their keys, as `deny_unknown_fields` types;
//! - [`load`]: reading a file and the checks the types cannot make;
//! - [`explain`]: what a file the parser or the types refused gets wrong;
//! - [`file_map`]: where each key is written, for every message.

mod explain;
mod file_map;
mod load;
mod model;
#[cfg(test)]
mod testing;

#[cfg(test)]
pub(crate) use explain::keys_allowed_at_end_of;
pub use model::{AuthConfig, Config, Every};
