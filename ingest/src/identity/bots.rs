//! Which identities are automated accounts, and why.
//!
//! Built in: `[bot]` accounts, the usual dependency and CI bots, and the
//! service accounts of translation platforms, CI servers, release tools and
//! coding assistants ([`SERVICES`]). Configured: `bot_patterns`. Decided:
//! the identities file's `bot = true` (the administration page writes it).
//! Accounts that only behave like bots are suggested, not counted
//! (`crate::store::Store::bot_suggestions`).

use super::names::tokens;

/// Built-in bot accounts, matched against the e-mail's local part and the name.
const KNOWN_BOTS: &[&str] = &[
    "dependabot",
    "dependabot-preview",
    "renovate",
    "renovate-bot",
    "github-actions",
    "snyk-bot",
    "greenkeeper",
    "pre-commit-ci",
];

/// Where a service's word must appear to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// A word of the local part, login or domain, or the whole name
    /// (`lutece-crowdin`, `lutece_jenkins@paris.fr`, `Crowdin`).
    Anywhere,
    /// A word of the domain only: the word is also a person's name
    /// (`travis@travis-ci.org`, not `travis.scott@example.org`).
    Domain,
}

/// Service accounts: a word, where it must appear, and what the service is.
pub const SERVICES: &[(&str, Scope, &str)] = &[
    (
        "crowdin",
        Scope::Anywhere,
        "Crowdin, a translation platform",
    ),
    (
        "transifex",
        Scope::Anywhere,
        "Transifex, a translation platform",
    ),
    (
        "weblate",
        Scope::Anywhere,
        "Weblate, a translation platform",
    ),
    (
        "lokalise",
        Scope::Anywhere,
        "Lokalise, a translation platform",
    ),
    ("jenkins", Scope::Anywhere, "Jenkins, a CI server"),
    ("buildbot", Scope::Anywhere, "a CI server"),
    ("codecov", Scope::Anywhere, "Codecov"),
    ("sonarcloud", Scope::Anywhere, "SonarCloud"),
    ("imgbot", Scope::Anywhere, "ImgBot"),
    ("allcontributors", Scope::Anywhere, "All Contributors"),
    ("travis", Scope::Domain, "Travis CI"),
    ("circleci", Scope::Domain, "CircleCI"),
    (
        "moderne",
        Scope::Domain,
        "Moderne, an automated refactoring service",
    ),
    ("anthropic", Scope::Domain, "a coding assistant"),
    ("openai", Scope::Domain, "a coding assistant"),
    (
        "copilot",
        Scope::Anywhere,
        "GitHub Copilot, a coding assistant",
    ),
];

/// Logins or local parts of release and CI tools, matched whole
/// (`release@<svn uuid>` is the Maven release plugin's).
const TOOL_ACCOUNTS: &[&str] = &[
    "release",
    "releases",
    "releaser",
    "maven-release",
    "semantic-release-bot",
    "release-please",
    "release-bot",
    "gitlab-ci",
    "ci",
];

/// The built-in rules plus the configured patterns (regular expressions,
/// matched against the name and against the e-mail address).
#[derive(Debug, Clone, Default)]
pub struct BotRules {
    patterns: Vec<regex::Regex>,
}

impl BotRules {
    /// Compiles the configured patterns; the error names the bad one.
    pub fn new(patterns: &[String]) -> Result<Self, String> {
        let patterns = patterns
            .iter()
            .map(|p| regex::Regex::new(p).map_err(|e| format!("bot pattern `{p}`: {e}")))
            .collect::<Result<_, _>>()?;
        Ok(Self { patterns })
    }

    /// Whether a name and e-mail belong to an automated account.
    pub fn is_bot(&self, name: &str, email: &str) -> bool {
        self.reason(name, email, None).is_some()
    }

    /// Why a name, e-mail and login belong to an automated account, in
    /// words; `None` for a person.
    pub fn reason(&self, name: &str, email: &str, login: Option<&str>) -> Option<String> {
        if let Some(reason) = builtin_reason(name, email, login) {
            return Some(reason);
        }
        self.patterns
            .iter()
            .find(|p| p.is_match(name) || p.is_match(email))
            .map(|p| format!("matches the configured pattern `{}`", p.as_str()))
    }
}

/// The built-in rules: `[bot]` accounts and the list of well-known bots.
pub fn is_builtin_bot(name: &str, email: &str) -> bool {
    builtin_reason(name, email, None).is_some()
}

fn builtin_reason(name: &str, email: &str, login: Option<&str>) -> Option<String> {
    let name = name.trim().to_lowercase();
    let email = email.trim().to_lowercase();
    let login = login.map(str::to_lowercase).unwrap_or_default();
    if name.ends_with("[bot]") || email.contains("[bot]") || login.ends_with("[bot]") {
        return Some("a `[bot]` account".to_owned());
    }
    let (local, domain) = email.rsplit_once('@').unwrap_or((email.as_str(), ""));
    // `12345+lutece-crowdin@users.noreply.github.com`: the login after `+`.
    let local = local.split_once('+').map_or(local, |(_, l)| l);
    // `49699333+dependabot[bot]@users.noreply.github.com` is caught above;
    // `support@dependabot.com` and plain names here.
    if KNOWN_BOTS
        .iter()
        .any(|bot| name == *bot || local == *bot || login == *bot || domain == format!("{bot}.com"))
    {
        return Some("a well-known dependency or CI bot".to_owned());
    }
    if TOOL_ACCOUNTS.contains(&local) || TOOL_ACCOUNTS.contains(&login.as_str()) {
        return Some("a release or CI tool's account".to_owned());
    }
    let personal: Vec<String> = [local, login.as_str()]
        .iter()
        .flat_map(|part| tokens(part))
        .collect();
    let domain_words = tokens(domain);
    let whole_name = tokens(&name).concat();
    SERVICES
        .iter()
        .find(|(word, scope, _)| {
            let word = word.to_string();
            domain_words.contains(&word)
                || (*scope == Scope::Anywhere && (personal.contains(&word) || whole_name == word))
        })
        .map(|(_, _, what)| format!("the service account of {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_builtin_bots() {
        assert!(is_builtin_bot(
            "dependabot[bot]",
            "49699333+dependabot[bot]@users.noreply.github.com"
        ));
        assert!(is_builtin_bot(
            "github-actions",
            "41898282+github-actions[bot]@users.noreply.github.com"
        ));
        assert!(is_builtin_bot("Dependabot", "support@dependabot.com"));
        assert!(!is_builtin_bot("Rémi Zara", "remi.zara@paris.fr"));
        assert!(!is_builtin_bot("Abbot", "abbot@example.org"));
    }

    #[test]
    fn configured_patterns_match_names_or_emails() {
        let rules =
            BotRules::new(&["^lutece_jenkins@".into(), "(?i)version changer".into()]).unwrap();
        assert!(rules.is_bot("Artefak version changer", "x@paris.fr"));
        assert!(rules.is_bot("Jenkins", "lutece_jenkins@paris.fr"));
        assert!(!rules.is_bot("Jenkins Fan", "fan@paris.fr"));
        let err = BotRules::new(&["(".into()]).unwrap_err();
        assert!(err.contains("bot pattern `(`"), "{err}");
    }

    #[test]
    fn service_accounts_with_their_reason() {
        let rules = BotRules::default();
        let reason = |name: &str, email: &str| rules.reason(name, email, None);
        for (name, email, service) in [
            (
                "Crowdin",
                "42712639+lutece-crowdin@users.noreply.github.com",
                "Crowdin",
            ),
            (
                "Artefak version changer",
                "lutece_jenkins@paris.fr",
                "Jenkins",
            ),
            ("Moderne", "team@moderne.io", "Moderne"),
            (
                "Claude Opus 4.5",
                "noreply@anthropic.com",
                "coding assistant",
            ),
            ("Travis CI", "builds@travis-ci.org", "Travis"),
        ] {
            let why = reason(name, email).unwrap_or_default();
            assert!(why.contains(service), "{name} <{email}>: {why}");
        }
        assert!(reason("release", "release@bab10101-e421-0410-a517-8ce0973de3ef").is_some());
        for (name, email) in [
            ("Travis Scott", "travis.scott@example.org"),
            ("Clément Roure", "croure@yupiik.com"),
            ("Amendola", "mendola@example.org"),
            ("Jenkins Fan", "fan@paris.fr"),
        ] {
            assert_eq!(reason(name, email), None, "{name} <{email}>");
        }
        let forge = rules.reason("x", "x@example.org", Some("renovate[bot]"));
        assert_eq!(forge.as_deref(), Some("a `[bot]` account"));
    }
}
