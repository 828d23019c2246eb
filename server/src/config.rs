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
//! fix (see `explain`).

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

    /// Reads and checks a configuration file; relative paths in it become
    /// relative to its folder. An error names the line, the key and the fix.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source: if source.kind() == std::io::ErrorKind::NotFound {
                std::io::Error::new(
                    source.kind(),
                    "there is no such file: run `vigie init` to write one, \
                     or name another with --config FILE",
                )
            } else {
                source
            },
        })?;
        let invalid = |message: String| ConfigError::Invalid {
            path: path.to_owned(),
            message,
        };
        let mut config: Config = toml::from_str(&text).map_err(|e| invalid(explain(&text, &e)))?;
        config.check(&FileMap::new(&text)).map_err(invalid)?;
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_owned)
            .unwrap_or_else(|| PathBuf::from("."));
        config.store.resolve_paths(&base);
        config.identities.resolve_paths(&base);
        config.auth.users = base.join(&config.auth.users);
        for source in &mut config.sources {
            source.source.resolve_paths(&base);
        }
        Ok(config)
    }

    /// The checks the types cannot make, each naming its key and line.
    fn check(&self, file: &FileMap) -> Result<(), String> {
        let mut names = std::collections::HashMap::new();
        for (i, group) in self.groups.iter().enumerate() {
            let key = |name: &str| vec![Step::from("groups"), Step::Index(i), Step::from(name)];
            if group.name.trim().is_empty() {
                return Err(file.problem(
                    &key("name"),
                    "a [[groups]] entry has an empty `name`",
                    "give the group the name the dashboard's filter shows, \
                     such as `name = \"Plugins\"`",
                ));
            }
            if let Some(first) = names.insert(group.name.as_str(), i) {
                let first = file
                    .line_of(&[Step::from("groups"), Step::Index(first), Step::from("name")])
                    .map(|line| format!(" (the first on line {line})"))
                    .unwrap_or_default();
                return Err(file.problem(
                    &key("name"),
                    &format!("two [[groups]] are named “{}”{first}", group.name),
                    "give each group its own name",
                ));
            }
            if group.repositories.is_empty() {
                return Err(file.problem(
                    &key("repositories"),
                    &format!("the group “{}” lists no `repositories`", group.name),
                    "list repository names or patterns, where * stands for any text, \
                     such as `repositories = [\"owner/plugin-*\"]`",
                ));
            }
        }
        for (i, pattern) in self.identities.bot_patterns.iter().enumerate() {
            if let Err(e) = vigie_ingest::identity::BotRules::new(std::slice::from_ref(pattern)) {
                // The regex crate's last line says what is wrong.
                let reason = e.lines().last().unwrap_or(&e).trim();
                let reason = reason.strip_prefix("error: ").unwrap_or(reason);
                return Err(file.problem(
                    &[
                        Step::from("identities"),
                        Step::from("bot_patterns"),
                        Step::Index(i),
                    ],
                    &format!("`{pattern}` is not a regular expression: {reason}"),
                    "correct the pattern: write \\\\ before a literal . ( ) [ ] { } + * ? | ^ $, \
                     and start it with (?i) to ignore case",
                ));
            }
        }
        let t = &self.thresholds;
        let threshold = |name: &str| vec![Step::from("thresholds"), Step::from(name)];
        if t.drifting_after_months > t.away_after_months {
            // Name the key the file sets: the other one is a default.
            let drifting = threshold("drifting_after_months");
            let key = if file.line_of(&drifting).is_some() {
                drifting
            } else {
                threshold("away_after_months")
            };
            return Err(file.problem(
                &key,
                &format!(
                    "`drifting_after_months` ({}) must not exceed `away_after_months` ({})",
                    t.drifting_after_months, t.away_after_months
                ),
                "a contributor drifts before going away: make `drifting_after_months` \
                 at most `away_after_months`",
            ));
        }
        let defaults = Thresholds::default();
        for (name, value, default) in [
            (
                "absence_percent",
                t.absence_percent,
                defaults.absence_percent,
            ),
            ("core_percent", t.core_percent, defaults.core_percent),
            (
                "regular_percent",
                t.regular_percent,
                defaults.regular_percent,
            ),
        ] {
            if !(1..=100).contains(&value) {
                return Err(file.problem(
                    &threshold(name),
                    &format!("`{name}` is a percentage from 1 to 100, not {value}"),
                    &format!("write a whole number from 1 to 100, such as `{name} = {default}`"),
                ));
            }
        }
        let auth = |name: &str| vec![Step::from("auth"), Step::from(name)];
        if !(1..=24 * 30).contains(&self.auth.session_hours) {
            return Err(file.problem(
                &auth("session_hours"),
                &format!(
                    "`session_hours` is from 1 to 720, not {}",
                    self.auth.session_hours
                ),
                "write a number of hours from 1 to 720 (30 days), such as `session_hours = 12`",
            ));
        }
        if self.auth.login_attempts == 0 {
            return Err(file.problem(
                &auth("login_attempts"),
                "`login_attempts` must be at least 1",
                "write 1 or more, such as `login_attempts = 5`",
            ));
        }
        Ok(())
    }
}

/// One step of a key's place in the file: a key, or an entry of a list
/// (counted from 0).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

impl From<&str> for Step {
    fn from(key: &str) -> Self {
        Self::Key(key.to_owned())
    }
}

/// A key's place as written in messages: `server.address`,
/// `sources[2].every`.
fn show(path: &[Step]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            Step::Key(key) if text.is_empty() => text.push_str(key),
            Step::Key(key) => {
                text.push('.');
                text.push_str(key);
            }
            Step::Index(i) => text.push_str(&format!("[{i}]")),
        }
    }
    text
}

/// The text of a configuration file and, when it is valid TOML, its tree
/// with the position of every key, to say where a problem is.
struct FileMap<'a> {
    text: &'a str,
    doc: Option<toml::Spanned<toml::de::DeTable<'a>>>,
}

type Span = std::ops::Range<usize>;

impl<'a> FileMap<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            doc: toml::de::DeTable::parse(text).ok(),
        }
    }

    /// The line and column (from 1) of a byte offset.
    fn line_column(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..floor_char_boundary(self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (line, column)
    }

    /// The innermost key, or entry of a list, written at `offset`. An entry
    /// of a list of tables (`[[sources]]`) is at its header.
    fn path_at(&self, offset: usize) -> Option<Vec<Step>> {
        fn holds(span: &Span, offset: usize) -> bool {
            span.contains(&offset) || span.start == offset
        }
        fn in_table(table: &toml::de::DeTable, offset: usize, path: &mut Vec<Step>) -> bool {
            for (key, value) in table.iter() {
                path.push(Step::Key(key.get_ref().to_string()));
                if in_value(value, offset, path)
                    || holds(&key.span(), offset)
                    || holds(&value.span(), offset)
                {
                    return true;
                }
                path.pop();
            }
            false
        }
        fn in_value(
            value: &toml::Spanned<toml::de::DeValue>,
            offset: usize,
            path: &mut Vec<Step>,
        ) -> bool {
            match value.get_ref() {
                toml::de::DeValue::Table(table) => in_table(table, offset, path),
                toml::de::DeValue::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        path.push(Step::Index(i));
                        if in_value(item, offset, path) || holds(&item.span(), offset) {
                            return true;
                        }
                        path.pop();
                    }
                    false
                }
                _ => false,
            }
        }
        let mut path = Vec::new();
        in_table(self.doc.as_ref()?.get_ref(), offset, &mut path).then_some(path)
    }

    /// Where the key at `path` is written (for a list entry, its header),
    /// and its value.
    fn find(&self, path: &[Step]) -> Option<(Span, &toml::Spanned<toml::de::DeValue<'a>>)> {
        use toml::de::DeValue;
        fn lookup<'t, 'a>(
            table: &'t toml::de::DeTable<'a>,
            name: &str,
        ) -> Option<(Span, &'t toml::Spanned<DeValue<'a>>)> {
            table
                .iter()
                .find(|(key, _)| key.get_ref() == name)
                .map(|(key, value)| (key.span(), value))
        }
        let mut current: Option<(Span, &toml::Spanned<DeValue<'a>>)> = None;
        for step in path {
            let next = match (step, current) {
                (Step::Key(name), None) => lookup(self.doc.as_ref()?.get_ref(), name),
                (Step::Key(name), Some((_, value))) => match value.get_ref() {
                    DeValue::Table(table) => lookup(table, name),
                    _ => None,
                },
                (Step::Index(i), Some((_, value))) => match value.get_ref() {
                    DeValue::Array(items) => items.get(*i).map(|item| (item.span(), item)),
                    _ => None,
                },
                (Step::Index(_), None) => None,
            };
            current = Some(next?);
        }
        current
    }

    /// The line of the key at `path`, if the file writes it.
    fn line_of(&self, path: &[Step]) -> Option<usize> {
        self.find(path)
            .map(|(span, _)| self.line_column(span.start).0)
    }

    /// The line of the key at `path`, or of the nearest table holding it.
    fn nearest_line(&self, path: &[Step]) -> Option<usize> {
        (1..=path.len())
            .rev()
            .find_map(|len| self.line_of(&path[..len]))
    }

    /// One message: `line 2, key server.adress: what. Fix: fix.`
    fn problem(&self, path: &[Step], what: &str, fix: &str) -> String {
        message(self.nearest_line(path), None, Some(&show(path)), what, fix)
    }
}

/// The largest char boundary at or before `offset`.
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// `line 2, column 5, key server.address: what. Fix: fix.`
fn message(
    line: Option<usize>,
    column: Option<usize>,
    key: Option<&str>,
    what: &str,
    fix: &str,
) -> String {
    let mut place = Vec::new();
    if let Some(line) = line {
        place.push(format!("line {line}"));
    }
    if let Some(column) = column {
        place.push(format!("column {column}"));
    }
    if let Some(key) = key.filter(|k| !k.is_empty()) {
        place.push(format!("key {key}"));
    }
    let place = if place.is_empty() {
        String::new()
    } else {
        format!("{}: ", place.join(", "))
    };
    let what = what.trim_end_matches('.');
    let end = if fix.ends_with(['.', '?', '!']) {
        ""
    } else {
        "."
    };
    format!("{place}{what}. Fix: {fix}{end}")
}

/// The keys `a`, `b` in a serde message (“expected `a` or `b`”).
pub(crate) fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The keys a serde “unknown field” or “unknown variant” message allows.
fn allowed(message: &str) -> Vec<String> {
    message
        .split_once(", expected ")
        .map(|(_, rest)| backticked(rest))
        .unwrap_or_default()
}

/// The first name between backticks after `prefix`, in a serde message.
fn named(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?;
    Some(rest.split('`').next()?.to_owned())
}

/// Edits (insertions, deletions, substitutions) between two words.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(previous + 1).min(row[j] + 1);
        }
    }
    row[b.len()]
}

/// The allowed word closest to `word`, if a slip of at most two letters.
fn closest<'w>(word: &str, allowed: &'w [String]) -> Option<&'w str> {
    let word = word.to_lowercase();
    allowed
        .iter()
        .map(|a| (edit_distance(&word, a), a))
        .filter(|(d, _)| *d <= 2 && *d < word.chars().count())
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a.as_str())
}

/// Tables that are lists: one `[[name]]` header per entry.
const LISTS: [&str; 3] = ["sources", "affiliations", "groups"];

/// One readable message for a file the TOML parser or the types refused:
/// the line, the key, what is wrong and the fix. Values of text are never
/// repeated (one might be a secret).
pub(crate) fn explain(text: &str, error: &toml::de::Error) -> String {
    let file = FileMap::new(text);
    let error_message = error.message();
    let offset = error.span().map_or(0, |span| span.start);
    if file.doc.is_none() {
        let (line, column) = file.line_column(offset);
        return message(
            Some(line),
            Some(column),
            key_on_line(text, line).as_deref(),
            &format!("TOML syntax error: {error_message}"),
            syntax_fix(error_message),
        );
    }
    let mut path = error
        .span()
        .and_then(|span| file.path_at(span.start))
        .unwrap_or_default();
    if let Some(Step::Key(table)) = path.first() {
        let list = file
            .find(&path[..1])
            .map(|(_, value)| value.get_ref().is_array());
        if !LISTS.contains(&table.as_str()) && list == Some(true) {
            let line = file.line_of(&path[..1]);
            return message(
                line,
                None,
                Some(table),
                &format!("[[{table}]] makes a list, but there is one [{table}] table"),
                &format!("write `[{table}]`, with one pair of brackets, once"),
            );
        }
    }
    // In a `[[sources]]` entry the types report the entry's header, not the
    // key (the kind's keys are read as a whole): find the key.
    let in_source = matches!(path.as_slice(), [Step::Key(s), Step::Index(_)] if s == "sources");
    let source_kind = |path: &[Step]| -> Option<String> {
        let mut kind = path[..2].to_vec();
        kind.push(Step::from("kind"));
        let (_, value) = file.find(&kind)?;
        value.get_ref().as_str().map(str::to_owned)
    };
    let push = |path: &mut Vec<Step>, key: &str| {
        if path.last() != Some(&Step::from(key)) {
            path.push(Step::from(key));
        }
    };
    let (what, fix) = if let Some(name) = named(error_message, "unknown field `") {
        push(&mut path, &name);
        let mut keys = allowed(error_message);
        let parent = &path[..path.len() - 1];
        let source = matches!(parent, [Step::Key(s), Step::Index(_)] if s == "sources");
        if source {
            keys.insert(0, "kind".to_owned());
            keys.push("every".to_owned());
        }
        let fix = if source && name.to_lowercase().contains("token") {
            let kind = source_kind(&path).unwrap_or_default();
            let variable = if kind == "gitlab" {
                "GITLAB_TOKEN"
            } else {
                "GITHUB_TOKEN"
            };
            let fix = format!(
                "tokens are read from the environment: set token_env = [\"{variable}\"] \
                 and export {variable}"
            );
            if kind == "github" || kind == "gitlab" {
                format!("{fix}. Remove the token from this file")
            } else {
                format!("{fix}, in a source of kind \"github\" or \"gitlab\" (git sources take no token)")
            }
        } else if keys.is_empty() {
            "remove it: this table takes no keys".to_owned()
        } else {
            let list = keys.join(", ");
            match closest(&name, &keys) {
                Some(key) => format!("did you mean `{key}`? Allowed keys here: {list}"),
                None => format!("remove it, or use one of the keys allowed here: {list}"),
            }
        };
        (format!("unknown field `{name}`"), fix)
    } else if let Some(value) = named(error_message, "unknown variant `") {
        push(&mut path, "kind");
        let values = allowed(error_message);
        let list = values
            .iter()
            .map(|v| format!("\"{v}\""))
            .collect::<Vec<_>>();
        let list = list.join(", ");
        let fix = match closest(&value, &values) {
            Some(close) => format!("did you mean \"{close}\"? Write one of {list}"),
            None => format!("write one of {list}"),
        };
        (format!("unknown source kind “{value}”"), fix)
    } else if let Some(name) = named(error_message, "missing field `") {
        push(&mut path, &name);
        let fix = match name.as_str() {
            "kind" => "add `kind = \"git\"`, \"git-log\", \"github\" or \"gitlab\"".to_owned(),
            "path" => "add `path = \"...\"`: a git-log file or a folder of them".to_owned(),
            "name" => "add `name = \"...\"`".to_owned(),
            "repositories" => {
                "add `repositories = [\"owner/name\"]` (names or patterns with *)".to_owned()
            }
            "domain" => "add `domain = \"example.org\"`".to_owned(),
            "organisation" => "add `organisation = \"...\"`".to_owned(),
            _ => format!("add `{name} = ...`"),
        };
        (format!("the required key `{name}` is missing"), fix)
    } else {
        if in_source {
            if let Some(key) = error_source_key(text, &path) {
                path.push(Step::Key(key));
            }
        }
        let key = match path.last() {
            Some(Step::Key(key)) => key.clone(),
            _ => "key".to_owned(),
        };
        // A list's item, or a list where one item is expected?
        let last_key = path.iter().rposition(|step| matches!(step, Step::Key(_)));
        let in_list = last_key.is_some_and(|i| {
            i + 1 < path.len()
                || file
                    .find(&path[..=i])
                    .is_some_and(|(_, value)| value.get_ref().is_array())
        });
        match wrong_type(error_message, &key, &path, in_list) {
            Some(explained) => explained,
            None => {
                let (what, fix) = match error_message.split_once(". Fix: ") {
                    Some((what, fix)) => (what.to_owned(), fix.to_owned()),
                    None => (error_message.to_owned(), value_fix(&key)),
                };
                (what, fix)
            }
        }
    };
    let line = file
        .nearest_line(&path)
        .or_else(|| error.span().map(|span| file.line_column(span.start).0));
    message(line, None, Some(&show(&path)), &what, &fix)
}

/// The key of a `[[sources]]` entry whose value the types refused, found by
/// reading each key alone with the entry's kind.
fn error_source_key(text: &str, path: &[Step]) -> Option<String> {
    let Some(Step::Index(index)) = path.get(1) else {
        return None;
    };
    let table: toml::Table = toml::from_str(text).ok()?;
    let entry = table.get("sources")?.as_array()?.get(*index)?.as_table()?;
    let kind = entry.get("kind")?;
    entry
        .iter()
        .filter(|(key, _)| *key != "kind" && *key != "every")
        .find_map(|(key, value)| {
            let mut alone = toml::Table::new();
            alone.insert("kind".to_owned(), kind.clone());
            alone.insert(key.clone(), value.clone());
            match toml::Value::Table(alone).try_into::<SourceConfig>() {
                Err(e) if !e.message().starts_with("missing field") => Some(key.clone()),
                _ => None,
            }
        })
}

/// “invalid type: string "x", expected u32” in words, with the fix.
/// `in_list`: the value refused is an item of a list.
fn wrong_type(
    error_message: &str,
    key: &str,
    path: &[Step],
    in_list: bool,
) -> Option<(String, String)> {
    let (is_type, rest) = match (
        error_message.strip_prefix("invalid type: "),
        error_message.strip_prefix("invalid value: "),
    ) {
        (Some(rest), _) => (true, rest),
        (_, Some(rest)) => (false, rest),
        _ => return None,
    };
    let (found, expected) = rest.rsplit_once(", expected ")?;
    let kind = found.split_whitespace().next().unwrap_or(found);
    let found_text = match kind {
        // The text itself is not repeated: it might be a secret.
        "string" => "text".to_owned(),
        "integer" | "floating" => format!("the number {}", backticked(found).join("")),
        "boolean" => format!("`{}`", backticked(found).join("")),
        "sequence" => "a list".to_owned(),
        "map" if expected.contains("date") => "a date without quotes".to_owned(),
        "map" => "a table".to_owned(),
        _ => found.to_owned(),
    };
    let quoted_number = (kind == "string")
        .then(|| found.trim_start_matches("string ").trim_matches('"'))
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    let whole = [
        "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize",
    ];
    let top = show(path);
    let (expected_text, fix) = if whole.contains(&expected) {
        let text = if expected.starts_with('u') {
            "a whole number (0 or more)"
        } else {
            "a whole number"
        };
        let fix = match quoted_number {
            Some(n) => format!("write the number without quotes: `{key} = {n}`"),
            None => format!("write a whole number without quotes, such as `{key} = 10`"),
        };
        (text.to_owned(), fix)
    } else if expected == "a boolean" {
        (
            "true or false".to_owned(),
            format!("write `{key} = true` or `{key} = false`, without quotes"),
        )
    } else if expected.contains("date") {
        ("a date".to_owned(), value_fix(key))
    } else if expected.contains("string") && in_list {
        (
            "text in double quotes".to_owned(),
            format!("put each item of the list in double quotes: `{key} = [\"...\", \"...\"]`"),
        )
    } else if expected.contains("string") {
        (
            "text in double quotes".to_owned(),
            format!("put the text in double quotes: `{key} = \"...\"`"),
        )
    } else if expected == "a sequence" && LISTS.contains(&top.as_str()) {
        (
            format!("one [[{top}]] table per entry"),
            format!("write each entry under its own `[[{top}]]` header, with two brackets"),
        )
    } else if expected == "a sequence" {
        (
            "a list".to_owned(),
            format!("write a list in brackets, even of one item: `{key} = [\"...\"]`"),
        )
    } else if expected == "socket address" {
        ("an address and a port".to_owned(), value_fix("address"))
    } else if expected.starts_with("struct ") || expected == "a map" || expected.contains("enum") {
        (
            "a table".to_owned(),
            format!("write it as a table: a `[{top}]` header, with one pair of brackets, and its keys below"),
        )
    } else {
        (expected.to_owned(), value_fix(key))
    };
    let what = if is_type {
        format!("wrong type: {found_text} where {expected_text} is expected")
    } else {
        format!("{found_text} is not allowed here: {expected_text} is expected")
    };
    Some((what, fix))
}

/// What to write for a refused value, by its key.
fn value_fix(key: &str) -> String {
    match key {
        "address" => "write an IP address and a port in quotes, such as \
                      `address = \"127.0.0.1:3000\"` (this machine only) \
                      or `address = \"0.0.0.0:3000\"` (every interface)"
            .to_owned(),
        "from" | "to" => {
            format!("write the date in quotes as year-month-day, such as `{key} = \"2019-06-30\"`")
        }
        _ => format!("docs/configuration.md says what `{key}` takes"),
    }
}

/// The fix for a TOML syntax error, by the parser's message.
fn syntax_fix(error_message: &str) -> &'static str {
    if error_message.starts_with("duplicate key") {
        "write each key, and each [table], once: merge the two or remove one \
         (a list of tables, such as [[sources]], takes two brackets)"
    } else if error_message.contains("string values must be quoted")
        || error_message.starts_with("invalid float")
        || error_message.starts_with("invalid integer")
    {
        "put text in double quotes, such as `address = \"127.0.0.1:3000\"`; \
         numbers are digits only"
    } else if error_message.starts_with("key with no value") {
        "write `key = value` on one line"
    } else if error_message.starts_with("invalid basic string") {
        "close the text with a double quote on the same line"
    } else if error_message.starts_with("unclosed") {
        "add the closing bracket"
    } else {
        "write one `key = value` per line, text in double quotes, lists in brackets \
         and tables as [name] (or [[name]] for an entry of a list)"
    }
}

/// The key written on a line (from 1), with its table (`server.address`,
/// `sources[1].kind`), or the table a header line opens: for syntax errors,
/// where there is no tree to ask.
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let mut table = String::new();
    let mut entries = std::collections::HashMap::<String, usize>::new();
    for (i, raw) in text.lines().enumerate().take(line) {
        let l = raw.trim();
        let name =
            |rest: &str, close: &str| rest.split(close).next().unwrap_or("").trim().to_owned();
        if let Some(rest) = l.strip_prefix("[[") {
            let name = name(rest, "]]");
            let n = entries.entry(name.clone()).or_default();
            table = format!("{name}[{n}]");
            *n += 1;
        } else if let Some(rest) = l.strip_prefix('[') {
            table = name(rest, "]");
        } else if i + 1 == line {
            let key: String = l
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
                .collect();
            if !key.is_empty() {
                return Some(if table.is_empty() {
                    key
                } else {
                    format!("{table}.{key}")
                });
            }
        }
    }
    (!table.is_empty()).then_some(table)
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
        assert!(err.contains("run `vigie init`"), "{err}");
    }

    /// Loads `text` and returns the error, which must name the file.
    fn error(text: &str) -> String {
        let (_dir, path) = write(text);
        let err = Config::load(&path).unwrap_err().to_string();
        assert!(err.contains("vigie.toml"), "{text}: {err}");
        assert!(!err.contains('\n'), "one line: {err}");
        err
    }

    /// `err` names the line, the key and the fix.
    fn check(err: &str, line: usize, key: &str, fix: &str) {
        assert!(
            err.contains(&format!("line {line}, ")),
            "line {line}: {err}"
        );
        assert!(err.contains(&format!("key {key}: ")), "key {key}: {err}");
        assert!(err.contains(&format!("Fix: {fix}")), "fix {fix}: {err}");
    }

    #[test]
    fn unknown_keys_say_which_are_allowed() {
        let err = error("[server]\nadress = \"x\"\n");
        assert!(
            err.ends_with(
                "vigie.toml: line 2, key server.adress: unknown field `adress`. \
                 Fix: did you mean `address`? Allowed keys here: address."
            ),
            "{err}"
        );

        // A [[sources]] entry: the line of the key, not of the header.
        let err = error(
            "[[sources]]\nkind = \"git-log\"\npath = \"a\"\n\n\
             [[sources]]\nkind = \"git\"\nurls = []\nurl = \"x\"\n",
        );
        check(&err, 8, "sources[1].url", "did you mean `urls`?");
        assert!(
            err.contains("Allowed keys here: kind, urls, paths, stats, refs, exclude, every."),
            "{err}"
        );
        let err = error("[[sources]]\nkind = \"gitlab\"\ngroup = [\"fdroid\"]\n");
        check(&err, 3, "sources[0].group", "did you mean `groups`?");
        let err = error("[[sources]]\nkind = \"git-log\"\npath = \"a\"\nevry = \"1h\"\n");
        check(&err, 4, "sources[0].evry", "did you mean `every`?");

        let err = error("[sever]\naddress = \"127.0.0.1:3000\"\n");
        check(&err, 1, "sever", "did you mean `server`?");
        let err = error("[thresholds]\nwhatever = 1\n");
        check(&err, 2, "thresholds.whatever", "remove it, or use one of");
        assert!(err.contains("drifting_after_months"), "{err}");
        let err = error("[[affiliations]]\ndomain = \"a.fr\"\norganization = \"A\"\n");
        check(
            &err,
            3,
            "affiliations[0].organization",
            "did you mean `organisation`?",
        );
    }

    #[test]
    fn source_kinds_intervals_and_types() {
        let err = error("[[sources]]\nkind = \"gitub\"\norganisations = [\"x\"]\n");
        check(&err, 2, "sources[0].kind", "did you mean \"github\"?");
        assert!(
            err.contains("\"git\", \"git-log\", \"github\", \"gitlab\""),
            "{err}"
        );
        let err = error("[[sources]]\norganisations = [\"x\"]\n");
        check(&err, 1, "sources[0].kind", "add `kind = \"git\"`");

        let err = error("[[sources]]\nkind = \"git-log\"\npath = \"a\"\nevery = \"soon\"\n");
        check(&err, 4, "sources[0].every", "write a number and a unit");
        assert!(err.contains("“soon” is not an interval"), "{err}");
        let err = error("[schedule]\nevery = \"0h\"\n");
        check(&err, 2, "schedule.every", "write \"off\"");

        let err = error("[thresholds]\ncore_percent = \"80\"\n");
        check(
            &err,
            2,
            "thresholds.core_percent",
            "write the number without quotes: `core_percent = 80`",
        );
        assert!(
            err.contains("wrong type: text where a whole number"),
            "{err}"
        );
        // In a [[sources]] entry, too.
        let err = error("[[sources]]\nkind = \"gitlab\"\ngroups = [\"a\"]\nconcurrency = \"4\"\n");
        check(
            &err,
            4,
            "sources[0].concurrency",
            "write the number without quotes",
        );
        let err = error("[[sources]]\nkind = \"git\"\nurls = \"https://x/y.git\"\n");
        check(&err, 3, "sources[0].urls", "write a list in brackets");
        let err = error("[auth]\nsecure_cookies = \"no\"\n");
        check(
            &err,
            2,
            "auth.secure_cookies",
            "write `secure_cookies = true` or",
        );
        let err = error("[thresholds]\naway_after_months = -3\n");
        check(
            &err,
            2,
            "thresholds.away_after_months",
            "write a whole number",
        );
        let err = error("[server]\naddress = \"localhost\"\n");
        check(&err, 2, "server.address", "write an IP address and a port");
        let err =
            error("[[affiliations]]\ndomain = \"a.fr\"\norganisation = \"A\"\nfrom = \"2019\"\n");
        check(&err, 4, "affiliations[0].from", "write the date in quotes");
        let err =
            error("[[affiliations]]\ndomain = \"a.fr\"\norganisation = \"A\"\nto = 2019-06-30\n");
        check(&err, 4, "affiliations[0].to", "write the date in quotes");
        assert!(err.contains("a date without quotes"), "{err}");
        let err = error("[identities]\nbot_patterns = [\"^ci@\", 3]\n");
        check(
            &err,
            2,
            "identities.bot_patterns[1]",
            "put each item of the list in double quotes",
        );
        let err = error("[[sources]]\nkind = \"git\"\n\nurls = [\"a\", 3]\n");
        check(
            &err,
            4,
            "sources[0].urls",
            "put each item of the list in double quotes",
        );

        // Tables and lists of tables mixed up.
        let err = error("[sources]\nkind = \"git\"\n");
        check(
            &err,
            1,
            "sources",
            "write each entry under its own `[[sources]]` header",
        );
        let err = error("[[server]]\naddress = \"127.0.0.1:3000\"\n");
        check(
            &err,
            1,
            "server",
            "write `[server]`, with one pair of brackets",
        );
    }

    #[test]
    fn syntax_errors() {
        let err = error("[server]\naddress = 127.0.0.1:3000\n");
        assert!(err.contains("line 2, column "), "{err}");
        assert!(
            err.contains("key server.address: TOML syntax error"),
            "{err}"
        );
        assert!(err.contains("Fix: put text in double quotes"), "{err}");
        let err = error("[store]\ndatabase = \"a.duckdb\"\n\n[server\naddress = \"x\"\n");
        assert!(err.contains("line 4, column 8, key server: "), "{err}");
        let err =
            error("[[sources]]\nkind = \"git\"\n[[sources]]\nkind = \"git\"\nkind = \"git-log\"\n");
        assert!(
            err.contains("line 5, column 1, key sources[1].kind: TOML syntax error: duplicate key"),
            "{err}"
        );
    }

    #[test]
    fn tokens_come_from_the_environment() {
        let err = error(
            "[[sources]]\nkind = \"github\"\norganisations = [\"x\"]\ntoken = \"ghp_s3cret\"\n",
        );
        check(
            &err,
            4,
            "sources[0].token",
            "tokens are read from the environment: set token_env = [\"GITHUB_TOKEN\"] \
             and export GITHUB_TOKEN",
        );
        assert!(!err.contains("s3cret"), "{err}");
        let err =
            error("[[sources]]\nkind = \"gitlab\"\ngroups = [\"x\"]\ntoken = \"glpat-s3cret\"\n");
        assert!(err.contains("export GITLAB_TOKEN"), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
        // A token where the names of variables go is not repeated either.
        let err = error("[[sources]]\nkind = \"github\"\ntoken_env = \"ghp_s3cret\"\n");
        check(&err, 3, "sources[0].token_env", "write a list in brackets");
        assert!(!err.contains("s3cret"), "{err}");
    }

    #[test]
    fn checks_name_the_line() {
        let err = error(
            "[[groups]]\nname = \"A\"\nrepositories = [\"x\"]\n\n\
             [[groups]]\nname = \"A\"\nrepositories = [\"y\"]\n",
        );
        check(&err, 6, "groups[1].name", "give each group its own name");
        assert!(err.contains("(the first on line 2)"), "{err}");
        let err = error("[[groups]]\nname = \"A\"\nrepositories = []\n");
        check(&err, 3, "groups[0].repositories", "list repository names");
        let err = error("[thresholds]\naway_after_months = 3\n");
        check(
            &err,
            2,
            "thresholds.away_after_months",
            "a contributor drifts",
        );
        let err = error("[identities]\nbot_patterns = [\n  \"^ci@\",\n  \"(jenkins\",\n]\n");
        check(&err, 4, "identities.bot_patterns[1]", "correct the pattern");
        assert!(
            err.contains("`(jenkins` is not a regular expression: unclosed group"),
            "{err}"
        );
        let err = error("\n[auth]\nlogin_attempts = 0\n");
        check(&err, 3, "auth.login_attempts", "write 1 or more");
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("adress", "address"), 1);
        assert_eq!(edit_distance("evrey", "every"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        let keys = ["address".to_owned(), "users".to_owned()];
        assert_eq!(closest("Adress", &keys), Some("address"));
        assert_eq!(closest("x", &keys), None);
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
                "[schedule]\nevery = \"213503982334601d\"\n",
                "longer than a year",
            ),
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
