//! The people behind the figures, as the store has them: each merged
//! contributor's name, e-mail addresses, forge accounts and kind (a person,
//! a bot, a generic account), and the identities merged into them with the
//! rule that tied each one (docs/identities.md). Read once per data
//! version, with the rest of the snapshot, so that pages agree with the
//! figures even while a run resolves identities again.

use std::collections::HashMap;

use vigie_ingest::{Store, StoreError};

use crate::data::BotAccount;
use crate::i18n::Lang;

/// What a contributor is (`contributors.kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ContributorKind {
    /// One person.
    Person,
    /// An automated account.
    Bot,
    /// A shared machine or service account (root@localhost...): never
    /// merged with anyone.
    Generic,
}

impl ContributorKind {
    fn parse(text: &str) -> Option<ContributorKind> {
        match text {
            "person" => Some(ContributorKind::Person),
            "bot" => Some(ContributorKind::Bot),
            "generic" => Some(ContributorKind::Generic),
            _ => None,
        }
    }
}

/// A merged contributor.
#[derive(Debug, Clone, Default)]
pub(super) struct Person {
    /// The name shown (a pseudonym with `[privacy] pseudonymise`).
    pub name: String,
    /// Their primary address.
    pub email: Option<String>,
    /// Left out of the figures as a bot.
    pub is_bot: bool,
    /// What they are; `None` until identity resolution has said.
    pub kind: Option<ContributorKind>,
    /// Why they count as a bot, in words (English, from ingest).
    pub bot_reason: Option<String>,
    /// Every distinct address of their identities, sorted.
    pub emails: Vec<String>,
    /// Their forge accounts, as "GitHub: login", sorted.
    pub accounts: Vec<String>,
    /// Every identity merged into them: the one they are named after
    /// first, then the most active.
    pub identities: Vec<Identity>,
}

/// One identity as seen in raw data.
#[derive(Debug, Clone, Default)]
pub(super) struct Identity {
    /// Where it was seen: `git`, `github`, `gitlab`.
    pub source: String,
    pub name: String,
    pub email: String,
    pub login: Option<String>,
    /// The rule that tied it to its contributor (`None` for the identity
    /// the contributor is named after, or before resolution says).
    pub merged_by: Option<String>,
    /// Activities recorded under it, in every repository and at any time.
    pub activities: i64,
}

/// Every contributor, by id. With `pseudonymise`, each is a pseudonym
/// ([`super::pseudonym`]) with no address, account, identity name or bot
/// reason (which may name the account).
pub(super) fn people(
    store: &Store,
    pseudonymise: bool,
) -> Result<HashMap<i64, Person>, StoreError> {
    let mut people: HashMap<i64, Person> = store
        .contributor_records()?
        .into_iter()
        .map(|c| {
            let person = Person {
                name: c.display_name,
                email: c.primary_email,
                is_bot: c.is_bot,
                kind: c.kind.as_deref().and_then(ContributorKind::parse),
                bot_reason: c.bot_reason,
                ..Person::default()
            };
            (c.id, person)
        })
        .collect();
    for i in store.identity_records()? {
        if let Some(person) = people.get_mut(&i.contributor_id) {
            person.identities.push(Identity {
                source: i.source,
                name: i.name,
                email: i.email,
                login: i.login,
                merged_by: i.merged_by,
                activities: i.activities,
            });
        }
    }
    for (id, person) in people.iter_mut() {
        if pseudonymise {
            *person = Person {
                name: super::pseudonym(*id),
                is_bot: person.is_bot,
                kind: person.kind,
                identities: person
                    .identities
                    .drain(..)
                    .map(|i| Identity {
                        source: i.source,
                        merged_by: i.merged_by,
                        activities: i.activities,
                        ..Identity::default()
                    })
                    .collect(),
                ..Person::default()
            };
        } else {
            person.emails = distinct(person.identities.iter().map(|i| i.email.as_str()));
            person.accounts = accounts(&person.identities);
        }
    }
    Ok(people)
}

/// The non-empty values, each once whatever its case, sorted.
fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<String> = values
        .map(str::trim)
        .filter(|v| !v.is_empty() && seen.insert(v.to_lowercase()))
        .map(str::to_owned)
        .collect();
    out.sort_by_key(|v| v.to_lowercase());
    out
}

/// The forge's name as people write it.
pub(super) fn source_name(source: &str) -> &str {
    match source {
        "github" => "GitHub",
        "gitlab" => "GitLab",
        other => other,
    }
}

/// The forge accounts of identities: their logins, and the GitHub login a
/// no-reply address carries (`123+login@users.noreply.github.com`).
fn accounts(identities: &[Identity]) -> Vec<String> {
    let found = identities.iter().filter_map(|i| match &i.login {
        Some(login) if i.source != "git" => Some(format!("{}: {login}", source_name(&i.source))),
        _ => github_noreply_login(&i.email).map(|login| format!("GitHub: {login}")),
    });
    let found: Vec<String> = found.collect();
    distinct(found.iter().map(String::as_str))
}

/// The login of a GitHub no-reply address, if it is one.
fn github_noreply_login(email: &str) -> Option<&str> {
    let (local, domain) = email.rsplit_once('@')?;
    if !domain.eq_ignore_ascii_case("users.noreply.github.com") {
        return None;
    }
    let login = local.split_once('+').map_or(local, |(_, l)| l);
    (!login.is_empty()).then_some(login)
}

/// A rule id of docs/identities.md in words; an id this build does not
/// know is shown as it is.
pub fn rule_words(rule: &str, lang: Lang) -> String {
    let id = match rule {
        "same-email" => "rule-same-email",
        "github-noreply" => "rule-github-noreply",
        "forge-login" => "rule-forge-login",
        "address-in-address" => "rule-address-in-address",
        "mailmap" => "rule-mailmap",
        "identities-file" => "rule-identities-file",
        "machine-address" => "rule-machine-address",
        "git-svn" => "rule-git-svn",
        "login-as-name" => "rule-login-as-name",
        "same-name" => "rule-same-name",
        "same-mailbox-name" => "rule-same-mailbox-name",
        "initial-and-surname" => "rule-initial-and-surname",
        other => return other.to_owned(),
    };
    lang.t(id)
}

/// The words for a kind of account on a contributor's page, if it is not
/// a person's.
pub(super) fn kind_words(person: &Person, lang: Lang) -> Option<String> {
    match (person.kind, person.is_bot) {
        (Some(ContributorKind::Generic), _) => Some(lang.t("kind-generic-note")),
        (Some(ContributorKind::Bot), _) | (_, true) => Some(match &person.bot_reason {
            Some(reason) => format!("{} {reason}", lang.t("kind-bot-note")),
            None => lang.t("kind-bot-note"),
        }),
        _ => None,
    }
}

/// The `limit` most active accounts counted as bots, as administrators
/// see them (real names and addresses, whatever the pages show: the
/// decision names the addresses), in `lang`.
pub(super) fn bot_accounts(
    store: &Store,
    limit: usize,
    lang: Lang,
) -> Result<Vec<BotAccount>, StoreError> {
    Ok(store
        .most_active_bots(limit)?
        .into_iter()
        .map(|b| BotAccount {
            name: b.name,
            emails: distinct(b.emails.iter().map(String::as_str)),
            why: b.reason.unwrap_or_default(),
            contributions: lang.int(b.activities),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(source: &str, email: &str, login: Option<&str>) -> Identity {
        Identity {
            source: source.into(),
            email: email.into(),
            login: login.map(str::to_owned),
            ..Identity::default()
        }
    }

    #[test]
    fn accounts_come_from_forge_logins_and_github_noreply_addresses() {
        let found = accounts(&[
            identity("git", "48437357+Oughdi@users.noreply.github.com", None),
            identity("github", "", Some("oughdi")),
            identity("gitlab", "", Some("m.oughdi")),
            identity("git", "oughdi@users.noreply.github.com.evil.example", None),
            identity("git", "mustapha.oughdi@paris.fr", None),
        ]);
        assert_eq!(found, ["GitHub: Oughdi", "GitLab: m.oughdi"]);
    }

    #[test]
    fn addresses_are_listed_once_whatever_their_case() {
        assert_eq!(
            distinct(["b@x.org", "", "A@x.org", "a@X.org", " b@x.org"].into_iter()),
            ["A@x.org", "b@x.org"]
        );
    }

    #[test]
    fn every_rule_has_words_in_both_languages_and_unknown_ones_show_as_they_are() {
        for lang in [Lang::En, Lang::Fr] {
            for rule in ["same-email", "initial-and-surname", "machine-address"] {
                let words = rule_words(rule, lang);
                assert!(!words.is_empty() && words != rule, "{rule}: {words}");
            }
            assert_eq!(rule_words("a-new-rule", lang), "a-new-rule");
        }
    }
}
