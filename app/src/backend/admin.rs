//! The administration page's data: the configured sources and affiliation
//! rules, the likely duplicate identities and the accounts that are, or
//! behave like, bots. The server holds the configuration ([`AdminSettings`],
//! given through [`AdminSettingsSource`]); the store has the rest.

use std::sync::Arc;
use std::time::Duration;

use vigie_ingest::affiliation::{AffiliationRule, Affiliations};
use vigie_ingest::identity::duplicates::{likely_duplicates, Likeness, Suggestion};
use vigie_ingest::identity::Rules;
use vigie_ingest::SourceConfig;

use crate::data::{AdminData, BotAccount, Cell, Column, Duplicate, Table};
use crate::i18n::{Arg, Lang};

use super::{people, Dashboard, DashboardError};

/// Likely duplicates and behaviours like a bot's shown at once.
const SUGGESTIONS_SHOWN: usize = 20;
/// Accounts counted as bots shown.
const BOTS_SHOWN: usize = 50;
/// E-mail domains without a rule shown.
const DOMAINS_SHOWN: usize = 15;

/// What the administration page shows of the server's configuration.
#[derive(Debug, Clone)]
pub struct AdminSettings {
    /// The configuration file the page edits.
    pub config_file: String,
    /// Each configured source and how often it is read again (`None`:
    /// only when an administrator asks).
    pub sources: Vec<(SourceConfig, Option<Duration>)>,
    /// The affiliation rules in force.
    pub affiliations: Vec<AffiliationRule>,
    /// The identity rules in force (the identities file's decisions).
    pub identity_rules: Rules,
    /// An ingest run is in progress.
    pub running: bool,
}

/// Where the administration page's settings come from: the server, which
/// reads the configuration file again after each change.
pub trait AdminSettingsSource: Send + Sync {
    /// The settings as they are now, or why they cannot be read.
    fn admin_settings(&self) -> Result<AdminSettings, String>;
}

impl Dashboard {
    /// The administration page, in `lang`.
    pub async fn admin_page(
        self: Arc<Self>,
        settings: Arc<dyn AdminSettingsSource>,
        lang: Lang,
    ) -> Result<AdminData, DashboardError> {
        self.blocking(move |dashboard| {
            let settings = settings
                .admin_settings()
                .map_err(DashboardError::Settings)?;
            page(dashboard, settings, lang)
        })
        .await
    }
}

/// The page: the configuration's tables, then what the store suggests.
fn page(
    dashboard: &Dashboard,
    settings: AdminSettings,
    lang: Lang,
) -> Result<AdminData, DashboardError> {
    let rules = &settings.identity_rules;
    let affiliations = Affiliations::new(&settings.affiliations);
    let (duplicates, bot_suggestions, unknown_domains) = dashboard.read_store(|store| {
        let (rows, resolution) = store.identity_rows(rules)?;
        let duplicates = likely_duplicates(&rows, &resolution, &rules.file);
        let bots = store.bot_suggestions(&rules.file)?;
        let report =
            vigie_ingest::affiliation::report(&store.contributions_by_address()?, &affiliations);
        Ok((duplicates, bots, report.unknown_domains))
    })?;
    Ok(AdminData {
        config_file: settings.config_file.clone(),
        sources: sources_table(&settings.sources, lang),
        duplicates: duplicates
            .into_iter()
            .take(SUGGESTIONS_SHOWN)
            .map(|s| duplicate(s, lang))
            .collect(),
        rules: rules_table(&settings.affiliations, lang),
        bots: dashboard.read_store(|store| people::bot_accounts(store, BOTS_SHOWN, lang))?,
        bot_suggestions: bot_suggestions
            .into_iter()
            .take(SUGGESTIONS_SHOWN)
            .map(|b| BotAccount {
                name: b.name,
                emails: b.emails,
                why: b.evidence,
                contributions: String::new(),
            })
            .collect(),
        unknown_domains: unknown_domains
            .into_iter()
            .take(DOMAINS_SHOWN)
            .map(|(domain, n)| (domain, lang.int(n as i64)))
            .collect(),
        running: settings.running,
    })
}

/// A column of the page's tables.
fn column(id: &str, lang: Lang) -> Column {
    Column {
        label: lang.t(id),
        numeric: false,
    }
}

/// Each configured source: its kind, what it reads, how often.
fn sources_table(sources: &[(SourceConfig, Option<Duration>)], lang: Lang) -> Table {
    Table {
        id: "sources".into(),
        caption: lang.t("admin-sources-caption"),
        columns: vec![
            column("admin-column-kind", lang),
            column("admin-column-what", lang),
            column("admin-column-every", lang),
        ],
        rows: sources
            .iter()
            .map(|(source, every)| {
                vec![
                    Cell::text(source_kind(source)),
                    Cell::text(source_what(source)),
                    Cell::text(match every {
                        Some(d) => describe_every(*d),
                        None => lang.t("admin-every-off"),
                    }),
                ]
            })
            .collect(),
    }
}

/// The affiliation rules in force.
fn rules_table(rules: &[AffiliationRule], lang: Lang) -> Table {
    Table {
        id: "rules".into(),
        caption: lang.t("admin-rules-caption"),
        columns: vec![
            column("admin-column-domain", lang),
            column("admin-column-organisation", lang),
            column("admin-column-from", lang),
            column("admin-column-to", lang),
        ],
        rows: rules
            .iter()
            .map(|r| {
                vec![
                    Cell::text(r.domain.clone()),
                    Cell::text(r.organisation.clone()),
                    Cell::text(r.from.map(|d| lang.date(d)).unwrap_or_default()),
                    Cell::text(r.to.map(|d| lang.date(d)).unwrap_or_default()),
                ]
            })
            .collect(),
    }
}

/// A likely duplicate in the reader's words.
fn duplicate(suggestion: Suggestion, lang: Lang) -> Duplicate {
    Duplicate {
        why: match &suggestion.likeness {
            Likeness::Rule(rule) => lang.t_args(
                "admin-why-rule",
                &[("rule", Arg::Text(people::rule_words(rule.id(), lang)))],
            ),
            Likeness::SameName(_) => lang.t("admin-why-name"),
            Likeness::SameEmail(email) => {
                lang.t_args("admin-why-email", &[("email", Arg::Text(email.clone()))])
            }
        },
        evidence: suggestion.evidence,
        address: match suggestion.likeness {
            Likeness::SameEmail(email) => Some(email),
            Likeness::SameName(_) | Likeness::Rule(_) => None,
        },
        identities: suggestion
            .identities
            .into_iter()
            .map(|(_, name, email, n)| (name, email, lang.int(n as i64)))
            .collect(),
    }
}

/// A source's kind, as the configuration writes it.
fn source_kind(source: &SourceConfig) -> &'static str {
    match source {
        SourceConfig::Git { .. } => "git",
        SourceConfig::GitLog { .. } => "git-log",
        SourceConfig::Github { .. } => "github",
        SourceConfig::Gitlab(_) => "gitlab",
        SourceConfig::Gharchive(_) => "gharchive",
    }
}

/// What a source reads: its URLs, paths, organisations, groups or
/// projects.
fn source_what(source: &SourceConfig) -> String {
    let listed: Vec<String> = match source {
        SourceConfig::Git { urls, paths, .. } => urls
            .iter()
            .cloned()
            .chain(paths.iter().map(|p| p.display().to_string()))
            .collect(),
        SourceConfig::GitLog { path, .. } => vec![path.display().to_string()],
        SourceConfig::Github {
            organisations,
            repositories,
            ..
        } => organisations.iter().chain(repositories).cloned().collect(),
        SourceConfig::Gitlab(g) => g.groups.iter().chain(&g.projects).cloned().collect(),
        SourceConfig::Gharchive(g) => {
            let hours = match (&g.path, g.from) {
                (Some(path), _) => path.display().to_string(),
                (None, Some(from)) => format!("{from} to {}", g.to.unwrap_or(from)),
                (None, None) => String::new(),
            };
            std::iter::once(hours)
                .filter(|h| !h.is_empty())
                .chain(g.organisations.iter().chain(&g.repositories).cloned())
                .collect()
        }
    };
    listed.join(", ")
}

/// `6h`, `30m`, `1d`... as written in the configuration.
fn describe_every(every: Duration) -> String {
    let s = every.as_secs();
    match s {
        _ if s % 86_400 == 0 => format!("{}d", s / 86_400),
        _ if s % 3600 == 0 => format!("{}h", s / 3600),
        _ if s % 60 == 0 => format!("{}m", s / 60),
        _ => format!("{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn how_often_reads_as_the_configuration_writes_it() {
        assert_eq!(describe_every(Duration::from_secs(6 * 3600)), "6h");
        assert_eq!(describe_every(Duration::from_secs(86_400)), "1d");
        assert_eq!(describe_every(Duration::from_secs(1800)), "30m");
        assert_eq!(describe_every(Duration::from_secs(45)), "45s");
    }
}
