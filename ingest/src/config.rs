//! The `[store]`, `[identities]`, `[estate]` and `[[sources]]` parts of `vigie.toml`.
//!
//! Every field is documented here because this is the user's reference: the
//! README links to it. Relative paths are relative to the configuration file.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Where the data lives.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StoreConfig {
    /// The DuckDB database file. Default: `data/vigie.duckdb`.
    #[serde(default = "default_database")]
    pub database: PathBuf,
    /// Where repositories given by URL are cloned (bare) and then fetched.
    /// Default: `data/repositories`.
    #[serde(default = "default_clones")]
    pub clones: PathBuf,
}

impl Default for StoreConfig {
    fn default() -> Self {
        Self {
            database: default_database(),
            clones: default_clones(),
        }
    }
}

fn yes() -> bool {
    true
}

/// The `[identities]` table: how identities become contributors.
///
/// ```toml
/// [identities]
/// file = "identities.toml"        # decisions: merges, renames, bots (see below)
/// mailmap = "mailmap"             # a .mailmap applied to every repository
/// bot_patterns = ["^lutece_jenkins@", "(?i)version changer"]
/// internal_domains = ["paris.mdp"]   # workstations' host names
/// ```
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IdentityConfig {
    /// The identities file (`[[person]]`, `[[shared]]`, `[[different]]`);
    /// `vigie identities` appends decisions to it. Default: `identities.toml`.
    #[serde(default = "default_identities_file")]
    pub file: PathBuf,
    /// A `.mailmap` applied on top of each repository's own.
    #[serde(default)]
    pub mailmap: Option<PathBuf>,
    /// Regular expressions; a name or e-mail matching one is a bot, besides
    /// the built-in list and `[bot]` accounts.
    #[serde(default)]
    pub bot_patterns: Vec<String>,
    /// An organisation's internal domains: an address on one of their hosts
    /// (`oughdi@u06-pr-v1.ressources.paris.mdp`) is a workstation's user
    /// name, matched to the person's login or name (docs/identities.md).
    /// Hosts without a dot, `localhost`, `.localdomain`, `.local`,
    /// `.internal`, `.lan` and the like always are.
    #[serde(default)]
    pub internal_domains: Vec<String>,
}

impl IdentityConfig {
    /// Loads the identities file and mailmap and compiles the bot patterns.
    pub fn rules(
        &self,
        affiliations: &[crate::affiliation::AffiliationRule],
    ) -> Result<crate::identity::Rules, crate::error::ConfigError> {
        use crate::error::ConfigError;
        let bots = crate::identity::BotRules::new(&self.bot_patterns).map_err(|message| {
            ConfigError::Invalid {
                path: "[identities] bot_patterns".into(),
                message,
            }
        })?;
        let mailmap = match &self.mailmap {
            None => Vec::new(),
            Some(path) => crate::identity::mailmap::parse(&std::fs::read_to_string(path).map_err(
                |source| ConfigError::Read {
                    path: path.clone(),
                    source,
                },
            )?),
        };
        Ok(crate::identity::Rules {
            bots,
            file: crate::identity::IdentitiesFile::load(&self.file)?,
            mailmap,
            affiliations: crate::affiliation::Affiliations::new(affiliations),
            internal_domains: self.internal_domains.clone(),
        })
    }
}

impl Default for IdentityConfig {
    fn default() -> Self {
        Self {
            file: default_identities_file(),
            mailmap: None,
            bot_patterns: Vec::new(),
            internal_domains: Vec::new(),
        }
    }
}

fn default_identities_file() -> PathBuf {
    PathBuf::from("identities.toml")
}

impl IdentityConfig {
    /// Makes relative paths relative to `base` (the configuration file's folder).
    pub fn resolve_paths(&mut self, base: &Path) {
        self.file = anchored_at(base, &self.file);
        if let Some(m) = &mut self.mailmap {
            *m = anchored_at(base, m);
        }
    }
}

fn default_database() -> PathBuf {
    PathBuf::from("data/vigie.duckdb")
}

fn default_clones() -> PathBuf {
    PathBuf::from("data/repositories")
}

/// The `[governance]` table: what the GGI scorecard reads
/// (docs/governance.md).
///
/// ```toml
/// [governance]
/// ggi_handbook = "ggi_activities_full.json"   # the OSPO Alliance's handbook, as data
/// organisation = "Ville de Paris"             # whose people's contributions count
/// upstream = ["apache/*", "spring-projects/spring-framework"]
/// ```
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GovernanceConfig {
    /// The Good Governance Initiative handbook's activities as my-ggi-board
    /// ships them (`conf/ggi_activities_full.json`); without it the GGI
    /// page says where to find the file.
    #[serde(default)]
    pub ggi_handbook: Option<PathBuf>,
    /// The organisation the OSPO works for, as its `[[affiliations]]`
    /// rules name it: its people's contributions outside the estate are
    /// GGI-A-26's and GGI-A-39's evidence.
    #[serde(default)]
    pub organisation: Option<String>,
    /// Repositories read from the sources that are not the organisation's
    /// own but projects it contributes to (`owner/name`, or `owner/*` for
    /// all of an owner's).
    #[serde(default)]
    pub upstream: Vec<String>,
}

impl GovernanceConfig {
    /// Makes a relative handbook path relative to `base` (the configuration
    /// file's folder).
    pub fn resolve_paths(&mut self, base: &Path) {
        if let Some(path) = &mut self.ggi_handbook {
            *path = anchored_at(base, path);
        }
    }

    /// Whether the repository named `name` (`owner/name`) is upstream: not
    /// the organisation's, but one it contributes to.
    pub fn is_upstream(&self, name: &str) -> bool {
        let name = name.to_lowercase();
        self.upstream.iter().any(|pattern| {
            let pattern = pattern.to_lowercase();
            match pattern.strip_suffix("/*") {
                Some(owner) => name
                    .strip_prefix(owner)
                    .is_some_and(|rest| rest.starts_with('/')),
                None => name == pattern,
            }
        })
    }

    /// Why an `upstream` entry is not one, if one is not.
    pub fn check_upstream(pattern: &str) -> Result<(), String> {
        let parts: Vec<&str> = pattern.split('/').collect();
        let fine = parts.len() == 2
            && parts.iter().all(|p| {
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_.*".contains(c))
            })
            && !parts[0].contains('*')
            && (parts[1] == "*" || !parts[1].contains('*'));
        if fine {
            Ok(())
        } else {
            Err(format!(
                "{pattern:?} is not a repository (`owner/name`) or an owner's repositories \
                 (`owner/*`)"
            ))
        }
    }
}

/// The `[estate]` table: where the freshness of the estate's external
/// dependencies is read (docs/estate.md).
///
/// ```toml
/// [estate]
/// maven_repository = "https://repo.maven.apache.org/maven2/"   # default
/// maven_cache = "data/maven-metadata"                          # default
/// maven_cache_hours = 24                                       # default
/// offline = false                                              # default
/// ```
#[derive(Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EstateConfig {
    /// The Maven repository asked for each external artifact's
    /// `maven-metadata.xml`: Maven Central by default, or a repository
    /// manager (Nexus, Artifactory). Credentials, if any, go in it as
    /// `https://user:password@host/path/`; they are never shown.
    #[serde(default = "default_maven_repository")]
    pub maven_repository: String,
    /// Where the repository's answers are kept between runs. Default:
    /// `data/maven-metadata`.
    #[serde(default = "default_maven_cache")]
    pub maven_cache: PathBuf,
    /// How many hours a kept answer is used before the repository is asked
    /// again (with `If-None-Match`). Default: 24.
    #[serde(default = "default_maven_cache_hours")]
    pub maven_cache_hours: u32,
    /// Never ask the repository, read only what is kept: for machines
    /// without network. The technical debt page then says why freshness is
    /// missing. Default: false.
    #[serde(default)]
    pub offline: bool,
}

impl Default for EstateConfig {
    fn default() -> Self {
        Self {
            maven_repository: default_maven_repository(),
            maven_cache: default_maven_cache(),
            maven_cache_hours: default_maven_cache_hours(),
            offline: false,
        }
    }
}

impl std::fmt::Debug for EstateConfig {
    // By hand, so that a logged configuration never shows a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EstateConfig")
            .field(
                "maven_repository",
                &crate::estate::maven::metadata::without_credentials(&self.maven_repository),
            )
            .field("maven_cache", &self.maven_cache)
            .field("maven_cache_hours", &self.maven_cache_hours)
            .field("offline", &self.offline)
            .finish()
    }
}

impl EstateConfig {
    /// Makes relative paths relative to `base` (the configuration file's folder).
    pub fn resolve_paths(&mut self, base: &Path) {
        self.maven_cache = anchored_at(base, &self.maven_cache);
    }

    /// The Maven repository client's settings.
    pub fn repository_config(&self) -> crate::estate::maven::metadata::RepositoryConfig {
        crate::estate::maven::metadata::RepositoryConfig {
            base_url: self.maven_repository.clone(),
            cache_lifetime: std::time::Duration::from_secs(
                u64::from(self.maven_cache_hours) * 3600,
            ),
            offline: self.offline,
            ..crate::estate::maven::metadata::RepositoryConfig::new(&self.maven_cache)
        }
    }
}

fn default_maven_repository() -> String {
    crate::estate::maven::metadata::MAVEN_CENTRAL.to_owned()
}

fn default_maven_cache() -> PathBuf {
    PathBuf::from("data/maven-metadata")
}

fn default_maven_cache_hours() -> u32 {
    24
}

/// One `[[sources]]` entry: where activity comes from.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum SourceConfig {
    /// Git repositories, by URL (cloned, then fetched on each run) or by
    /// local path (bare or not; read in place, never modified).
    ///
    /// ```toml
    /// [[sources]]
    /// kind = "git"
    /// urls = ["https://github.com/lutece-platform/lutece-core.git"]
    /// paths = ["/srv/git/lutece-core.git"]
    /// ```
    Git {
        /// Remote repositories to clone into `store.clones`.
        #[serde(default)]
        urls: Vec<String>,
        /// Local repositories.
        #[serde(default)]
        paths: Vec<PathBuf>,
        /// Read per-commit line stats (files, insertions, deletions).
        /// `false` is several times faster on large histories. Default: true.
        #[serde(default = "yes")]
        stats: bool,
        /// The refs to read (`main`, `refs/heads/release/*`, ...). Default:
        /// every branch and tag.
        #[serde(default)]
        refs: Vec<String>,
        /// Paths left out of the line stats (git pathspecs such as `*.jpg`
        /// or `vendor/`), for generated or vendored files, or for blobs a
        /// partial clone lacks. Every commit is still read.
        #[serde(default)]
        exclude: Vec<String>,
    },
    /// Files holding the output of Perceval's `git log` command (plain or
    /// `.gz`), one repository per file, named `OWNER+NAME.gitlog.txt[.gz]`
    /// so that the repository is `OWNER/NAME`.
    ///
    /// ```toml
    /// [[sources]]
    /// kind = "git-log"
    /// path = "../shared/data/lutece-gitlog"   # a file, or a folder of them
    /// heads = "../shared/data/lutece-heads"    # optional: each tip's contents
    /// refs = "../shared/data/lutece-refs.csv.gz" # optional: branches and tags
    /// ```
    ///
    /// A log has no contents (files, poms, licences): the estate pages say
    /// so, unless `heads` names a folder of git bundles recorded beside the
    /// logs, one per repository (`OWNER+NAME.bundle`, its default branch's
    /// tip), and `refs` a listing of the repositories' branches and tags
    /// with their dates ([`crate::estate::recorded`]).
    GitLog {
        /// A log file, or a folder whose `*.gitlog.txt` and `*.gitlog.txt.gz`
        /// files are all read.
        path: PathBuf,
        /// A folder of git bundles holding each repository's tip.
        #[serde(default)]
        heads: Option<PathBuf>,
        /// A CSV listing each repository's refs with their dates.
        #[serde(default)]
        refs: Option<PathBuf>,
    },
    /// GitHub (or GitHub Enterprise) repositories: metadata, issues, pull
    /// requests, comments, reviews and releases.
    ///
    /// ```toml
    /// [[sources]]
    /// kind = "github"
    /// organisations = ["lutece-platform"]       # every repository of each
    /// repositories = ["lutece-secteur-public/lutece-plugin-x"]
    /// token_env = ["GITHUB_TOKEN"]             # variables holding tokens, used in turn
    /// api = "https://api.github.com"           # GitHub Enterprise: https://HOST/api/v3
    /// forks = false                            # forks of an organisation are left out
    /// concurrency = 4                          # requests in flight at most
    /// git = true                               # and each repository's git history
    /// ```
    ///
    /// Without a token the repositories are still listed and their history
    /// cloned; GitHub then allows 60 requests an hour, and the issues, pull
    /// requests... of the repositories it leaves no request for are named as
    /// not read, for the next run.
    Github {
        /// Organisations whose repositories are all read.
        #[serde(default)]
        organisations: Vec<String>,
        /// Repositories (`owner/name`) read besides.
        #[serde(default)]
        repositories: Vec<String>,
        /// The API root. Default: `https://api.github.com`.
        #[serde(default = "github_api")]
        api: String,
        /// Names of environment variables holding tokens, used in turn
        /// (tokens never appear in the file). Without one, GitHub allows 60
        /// requests an hour.
        #[serde(default)]
        token_env: Vec<String>,
        /// Read the forks an organisation lists too. Default: false.
        #[serde(default)]
        forks: bool,
        /// Requests in flight at most. Default: 4.
        #[serde(default = "default_concurrency")]
        concurrency: usize,
        /// Also read each repository's git history, as a `kind = "git"`
        /// URL would be: cloned (bare) into `store.clones` on the first run,
        /// fetched on later ones, a repository without new commits costing
        /// one look at its refs. A repository also given as a git URL is
        /// read once. Default: true.
        #[serde(default = "yes")]
        git: bool,
    },
    /// GitLab projects; see [`GitlabSource`].
    Gitlab(GitlabSource),
    /// GH Archive's hourly files of public GitHub events; see
    /// [`GharchiveSource`].
    Gharchive(GharchiveSource),
}

/// GH Archive (gharchive.org): every public GitHub event, one gzipped file
/// of JSON lines per hour, from 2015 on. Its issues, pull requests,
/// comments, reviews, releases and pushed commits are stored as the GitHub
/// source stores them, so that years of history and the API's recent data
/// meet without duplicates ([`crate::gharchive`]).
///
/// ```toml
/// [[sources]]
/// kind = "gharchive"
/// from = "2015-01-01T15"                  # first hour (UTC), downloaded...
/// to = "2015-01-01T18"                    # ...to this one, included
/// url = "https://data.gharchive.org/"     # default
/// cache = "data/gharchive"                # default: where hours are kept
/// organisations = ["lutece-platform"]     # neither this nor repositories: everything
/// repositories = ["rust-lang/rust"]
///
/// [[sources]]
/// kind = "gharchive"
/// path = "archive/"                       # or hour files already on disk
/// ```
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GharchiveSource {
    /// A folder whose `*.json.gz` hour files (`YYYY-MM-DD-H.json.gz`) are
    /// all read, in time order; instead of `from` and `to`.
    #[serde(default)]
    pub path: Option<PathBuf>,
    /// The first hour to download, `YYYY-MM-DDTHH` in UTC.
    #[serde(default)]
    pub from: Option<crate::gharchive::Hour>,
    /// The last hour to download, included. Default: `from` alone.
    #[serde(default)]
    pub to: Option<crate::gharchive::Hour>,
    /// Where hours are downloaded from. Default:
    /// `https://data.gharchive.org/`.
    #[serde(default = "gharchive_url")]
    pub url: String,
    /// Where downloaded hours are kept: an hour already there is not
    /// downloaded again. Default: `data/gharchive`.
    #[serde(default = "gharchive_cache")]
    pub cache: PathBuf,
    /// Organisations (repository owners) whose events are kept.
    #[serde(default)]
    pub organisations: Vec<String>,
    /// Repositories (`owner/name`) whose events are kept besides.
    #[serde(default)]
    pub repositories: Vec<String>,
}

fn gharchive_url() -> String {
    crate::gharchive::DEFAULT_URL.to_owned()
}

fn gharchive_cache() -> PathBuf {
    PathBuf::from("data/gharchive")
}

impl GharchiveSource {
    /// A source reading the hour files of a folder, keeping the events of
    /// `organisations` (empty: all).
    pub fn folder(path: impl Into<PathBuf>, organisations: Vec<String>) -> Self {
        Self {
            path: Some(path.into()),
            from: None,
            to: None,
            url: gharchive_url(),
            cache: gharchive_cache(),
            organisations,
            repositories: Vec::new(),
        }
    }
}

/// GitLab (gitlab.com or self-hosted) projects: metadata, issues, merge
/// requests, their notes and releases.
///
/// ```toml
/// [[sources]]
/// kind = "gitlab"
/// groups = ["fdroid"]                       # every project, subgroups included
/// projects = ["fdroid/fdroidclient"]
/// token_env = ["GITLAB_TOKEN"]
/// api = "https://gitlab.com/api/v4"         # self-hosted: https://HOST/api/v4
/// git = true                                # and each project's git history
/// ```
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GitlabSource {
    /// Groups whose projects (subgroups included) are all read.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Projects (`group/name`) read besides.
    #[serde(default)]
    pub projects: Vec<String>,
    /// The API root. Default: `https://gitlab.com/api/v4`.
    #[serde(default = "gitlab_api")]
    pub api: String,
    /// Names of environment variables holding tokens, used in turn.
    #[serde(default)]
    pub token_env: Vec<String>,
    /// Read forks too. Default: false.
    #[serde(default)]
    pub forks: bool,
    /// Requests in flight at most. Default: 4.
    #[serde(default = "default_concurrency")]
    pub concurrency: usize,
    /// Also read each project's git history (cloned from its
    /// `http_url_to_repo`, then fetched), as for `kind = "github"`.
    /// Default: true.
    #[serde(default = "yes")]
    pub git: bool,
}

fn gitlab_api() -> String {
    "https://gitlab.com/api/v4".to_owned()
}

fn github_api() -> String {
    "https://api.github.com".to_owned()
}

fn default_concurrency() -> usize {
    4
}

impl SourceConfig {
    /// A git-log source over `path` (a file or a folder), without recordings.
    pub fn git_log(path: impl Into<PathBuf>) -> Self {
        SourceConfig::GitLog {
            path: path.into(),
            heads: None,
            refs: None,
        }
    }

    /// Makes relative paths relative to `base` (the configuration file's folder).
    pub fn resolve_paths(&mut self, base: &Path) {
        match self {
            SourceConfig::Git { paths, .. } => {
                for p in paths {
                    *p = anchored_at(base, p);
                }
            }
            SourceConfig::GitLog { path, heads, refs } => {
                *path = anchored_at(base, path);
                for recording in [heads, refs].into_iter().flatten() {
                    *recording = anchored_at(base, recording);
                }
            }
            SourceConfig::Gharchive(g) => {
                if let Some(path) = &mut g.path {
                    *path = anchored_at(base, path);
                }
                g.cache = anchored_at(base, &g.cache);
            }
            SourceConfig::Github { .. } | SourceConfig::Gitlab(_) => {}
        }
    }
}

impl StoreConfig {
    /// Makes relative paths relative to `base` (the configuration file's folder).
    pub fn resolve_paths(&mut self, base: &Path) {
        self.database = anchored_at(base, &self.database);
        self.clones = anchored_at(base, &self.clones);
    }
}

/// `path` read from the folder `base`: a relative path is joined to it, an
/// absolute one kept as it is.
fn anchored_at(base: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_owned()
    } else {
        base.join(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        #[serde(default)]
        store: StoreConfig,
        sources: Vec<SourceConfig>,
    }

    #[test]
    fn reads_every_source_kind() {
        let doc: Doc = toml::from_str(
            r#"
            [[sources]]
            kind = "git"
            urls = ["https://github.com/lutece-platform/lutece-core.git"]
            [[sources]]
            kind = "git-log"
            path = "logs"
            "#,
        )
        .unwrap();
        assert_eq!(doc.store, StoreConfig::default());
        assert_eq!(doc.sources.len(), 2);
        let mut log = doc.sources[1].clone();
        log.resolve_paths(Path::new("/etc/vigie"));
        assert_eq!(log, SourceConfig::git_log("/etc/vigie/logs"));
    }

    #[test]
    fn forge_sources_read_git_history_unless_told_not_to() {
        let doc: Doc = toml::from_str(
            r#"
            [[sources]]
            kind = "github"
            organisations = ["lutece-platform", "lutece-secteur-public"]
            [[sources]]
            kind = "gitlab"
            groups = ["fdroid"]
            git = false
            "#,
        )
        .unwrap();
        assert!(matches!(
            doc.sources[0],
            SourceConfig::Github { git: true, .. }
        ));
        assert!(matches!(&doc.sources[1], SourceConfig::Gitlab(g) if !g.git));
    }

    #[test]
    fn unknown_keys_and_kinds_are_named() {
        let err = toml::from_str::<Doc>("[[sources]]\nkind = \"git\"\nurl = \"x\"\n").unwrap_err();
        assert!(err.to_string().contains("unknown field `url`"), "{err}");
        let err = toml::from_str::<Doc>("[[sources]]\nkind = \"svn\"\n").unwrap_err();
        assert!(err.to_string().contains("unknown variant `svn`"), "{err}");
    }
}
