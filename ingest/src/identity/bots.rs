//! Which identities are automated accounts.

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
        is_builtin_bot(name, email)
            || self
                .patterns
                .iter()
                .any(|p| p.is_match(name) || p.is_match(email))
    }
}

/// The built-in rules: `[bot]` accounts and the list of well-known bots.
pub fn is_builtin_bot(name: &str, email: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let email = email.to_ascii_lowercase();
    if name.ends_with("[bot]") || email.contains("[bot]") {
        return true;
    }
    let local = email.split('@').next().unwrap_or_default();
    // `49699333+dependabot[bot]@users.noreply.github.com` is caught above;
    // `support@dependabot.com` and plain names here.
    KNOWN_BOTS
        .iter()
        .any(|bot| name == *bot || local == *bot || email.ends_with(&format!("@{bot}.com")))
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
}
