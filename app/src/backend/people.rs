//! The people behind the figures, as the store has them: each merged
//! contributor's name, e-mail addresses, forge accounts and kind (a person,
//! a bot, a generic account), and the identities merged into them with the
//! rule that tied each one (docs/identities.md). Read once per data
//! version, with the rest of the snapshot, so that pages agree with the
//! figures even while a run resolves identities again.

use std::collections::HashMap;

use crate::i18n::Lang;

/// What a contributor is (`contributors.kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// One person.
    Person,
    /// An automated account.
    Bot,
    /// A shared machine or service account (root@localhost...): never
    /// merged with anyone.
    Generic,
}

impl Kind {
    fn parse(text: &str) -> Option<Kind> {
        match text {
            "person" => Some(Kind::Person),
            "bot" => Some(Kind::Bot),
            "generic" => Some(Kind::Generic),
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
    pub kind: Option<Kind>,
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
    conn: &duckdb::Connection,
    pseudonymise: bool,
) -> Result<HashMap<i64, Person>, duckdb::Error> {
    let mut people: HashMap<i64, Person> = conn
        .prepare(
            "SELECT id, display_name, primary_email, is_bot, kind, bot_reason FROM contributors",
        )?
        .query_map([], |r| {
            let id = r.get::<_, i64>(0)?;
            Ok((
                id,
                Person {
                    name: r.get(1)?,
                    email: r.get::<_, Option<String>>(2)?.filter(|e| !e.is_empty()),
                    is_bot: r.get(3)?,
                    kind: r
                        .get::<_, Option<String>>(4)?
                        .as_deref()
                        .and_then(Kind::parse),
                    bot_reason: r.get::<_, Option<String>>(5)?.filter(|e| !e.is_empty()),
                    ..Person::default()
                },
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut statement = conn.prepare(
        "SELECT i.contributor_id, i.source, i.name, i.email, i.login, i.merged_by,
                count(a.identity_id) AS n
         FROM identities i LEFT JOIN activities a ON a.identity_id = i.id
         GROUP BY i.id, i.contributor_id, i.source, i.name, i.email, i.login, i.merged_by
         ORDER BY i.contributor_id, i.merged_by IS NOT NULL, n DESC, i.id",
    )?;
    let rows = statement.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            Identity {
                source: r.get(1)?,
                name: r.get(2)?,
                email: r.get(3)?,
                login: r.get::<_, Option<String>>(4)?.filter(|l| !l.is_empty()),
                merged_by: r.get::<_, Option<String>>(5)?.filter(|m| !m.is_empty()),
                activities: r.get(6)?,
            },
        ))
    })?;
    for row in rows {
        let (id, identity) = row?;
        if let Some(person) = people.get_mut(&id) {
            person.identities.push(identity);
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
        (Some(Kind::Generic), _) => Some(lang.t("kind-generic-note")),
        (Some(Kind::Bot), _) | (_, true) => Some(match &person.bot_reason {
            Some(reason) => format!("{} {reason}", lang.t("kind-bot-note")),
            None => lang.t("kind-bot-note"),
        }),
        _ => None,
    }
}

/// An account counted as a bot, as administrators see it (real names and
/// addresses, whatever the pages show: the decision names the addresses).
pub(super) struct BotRecord {
    pub name: String,
    pub emails: Vec<String>,
    pub reason: Option<String>,
    pub activities: i64,
}

/// The `limit` most active accounts counted as bots.
pub(super) fn bot_accounts(
    conn: &duckdb::Connection,
    limit: usize,
) -> Result<Vec<BotRecord>, duckdb::Error> {
    let mut bots: Vec<(i64, BotRecord)> = conn
        .prepare(
            "WITH counted AS (
                 SELECT i.contributor_id, count(*) AS n
                 FROM activities a JOIN identities i ON i.id = a.identity_id
                 GROUP BY i.contributor_id)
             SELECT c.id, c.display_name, c.bot_reason, coalesce(k.n, 0)
             FROM contributors c LEFT JOIN counted k ON k.contributor_id = c.id
             WHERE c.is_bot
             ORDER BY coalesce(k.n, 0) DESC, c.id
             LIMIT ?",
        )?
        .query_map([limit as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                BotRecord {
                    name: r.get(1)?,
                    emails: Vec::new(),
                    reason: r.get::<_, Option<String>>(2)?.filter(|e| !e.is_empty()),
                    activities: r.get(3)?,
                },
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut addresses: HashMap<i64, Vec<String>> = HashMap::new();
    let mut statement = conn.prepare(
        "SELECT i.contributor_id, i.email FROM identities i
         JOIN contributors c ON c.id = i.contributor_id
         WHERE c.is_bot AND i.email <> ''",
    )?;
    for row in statement.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (id, email) = row?;
        addresses.entry(id).or_default().push(email);
    }
    for (id, bot) in &mut bots {
        if let Some(found) = addresses.get(id) {
            bot.emails = distinct(found.iter().map(String::as_str));
        }
    }
    Ok(bots.into_iter().map(|(_, b)| b).collect())
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
