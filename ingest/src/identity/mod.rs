//! Identity resolution: raw identities (as seen in a source) merged into
//! contributors.
//!
//! The rule here is the first of DESIGN.md's: identities with the same
//! e-mail address, compared case-insensitively, are one contributor. Names
//! alone never merge two identities. An identity without an e-mail address is
//! a contributor of its own.

use std::collections::HashMap;

use crate::git::Signature;

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

/// Whether a signature belongs to an automated account.
pub fn is_bot(name: &str, email: &str) -> bool {
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

/// A contributor created during this run, not yet written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContributor {
    /// Its id.
    pub id: i64,
    /// The name of the identity that created it.
    pub display_name: String,
    /// The e-mail address that merges identities into it.
    pub primary_email: String,
    /// Automated account.
    pub is_bot: bool,
}

/// An identity seen for the first time during this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewIdentity {
    /// Its id.
    pub id: i64,
    /// The source kind (`git`).
    pub source: &'static str,
    /// The e-mail address as written.
    pub email: String,
    /// The name as written.
    pub name: String,
    /// The contributor it belongs to.
    pub contributor_id: i64,
}

/// The identities and contributors known so far, and those added since the
/// last [`Identities::take_new`].
#[derive(Debug, Default)]
pub struct Identities {
    identities: HashMap<(String, String), (i64, i64)>,
    contributors_by_email: HashMap<String, i64>,
    next_identity: i64,
    next_contributor: i64,
    new_identities: Vec<NewIdentity>,
    new_contributors: Vec<NewContributor>,
}

/// What an identity resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    /// The raw identity.
    pub identity_id: i64,
    /// The merged person.
    pub contributor_id: i64,
}

impl Identities {
    /// Starts from what the store holds: `(identity id, email, name,
    /// contributor id)` rows, and the contributors' primary e-mails.
    pub fn new(
        identities: impl IntoIterator<Item = (i64, String, String, i64)>,
        contributors: impl IntoIterator<Item = (i64, String)>,
    ) -> Self {
        let mut me = Self::default();
        for (id, email, name, contributor) in identities {
            me.next_identity = me.next_identity.max(id + 1);
            me.identities.insert((email, name), (id, contributor));
        }
        for (id, email) in contributors {
            me.next_contributor = me.next_contributor.max(id + 1);
            if !email.is_empty() {
                me.contributors_by_email.insert(email.to_lowercase(), id);
            }
        }
        me
    }

    /// The identity and contributor of a git signature, creating them if new.
    pub fn resolve(&mut self, who: &Signature) -> Resolved {
        let key = (who.email.clone(), who.name.clone());
        if let Some(&(identity_id, contributor_id)) = self.identities.get(&key) {
            return Resolved {
                identity_id,
                contributor_id,
            };
        }
        let email_key = who.email.to_lowercase();
        let existing = (!email_key.is_empty())
            .then(|| self.contributors_by_email.get(&email_key).copied())
            .flatten();
        let contributor_id = existing.unwrap_or_else(|| {
            let id = self.next_contributor;
            self.next_contributor += 1;
            if !email_key.is_empty() {
                self.contributors_by_email.insert(email_key, id);
            }
            self.new_contributors.push(NewContributor {
                id,
                display_name: who.name.clone(),
                primary_email: who.email.clone(),
                is_bot: is_bot(&who.name, &who.email),
            });
            id
        });
        let identity_id = self.next_identity;
        self.next_identity += 1;
        self.identities.insert(key, (identity_id, contributor_id));
        self.new_identities.push(NewIdentity {
            id: identity_id,
            source: "git",
            email: who.email.clone(),
            name: who.name.clone(),
            contributor_id,
        });
        Resolved {
            identity_id,
            contributor_id,
        }
    }

    /// Hands over what was created since the last call, to be written.
    pub fn take_new(&mut self) -> (Vec<NewIdentity>, Vec<NewContributor>) {
        (
            std::mem::take(&mut self.new_identities),
            std::mem::take(&mut self.new_contributors),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(name: &str, email: &str) -> Signature {
        Signature {
            name: name.into(),
            email: email.into(),
        }
    }

    #[test]
    fn same_email_in_any_case_is_one_contributor() {
        let mut ids = Identities::default();
        let a = ids.resolve(&sig("Pierre Levy", "pierre.levy@paris.fr"));
        let b = ids.resolve(&sig("PLE", "Pierre.Levy@Paris.fr"));
        assert_ne!(a.identity_id, b.identity_id);
        assert_eq!(a.contributor_id, b.contributor_id);
        let (identities, contributors) = ids.take_new();
        assert_eq!((identities.len(), contributors.len()), (2, 1));
    }

    #[test]
    fn same_name_alone_never_merges() {
        let mut ids = Identities::default();
        let a = ids.resolve(&sig("dave", "dave@one.example"));
        let b = ids.resolve(&sig("dave", "dave@two.example"));
        assert_ne!(a.contributor_id, b.contributor_id);
    }

    #[test]
    fn continues_from_stored_ids() {
        let mut ids = Identities::new(
            [(7, "a@x".to_string(), "A".to_string(), 3)],
            [(3, "a@x".to_string())],
        );
        assert_eq!(ids.resolve(&sig("A", "a@x")).contributor_id, 3);
        assert_eq!(ids.resolve(&sig("A2", "A@X")).contributor_id, 3);
        let b = ids.resolve(&sig("B", "b@x"));
        assert_eq!((b.identity_id, b.contributor_id), (9, 4));
    }

    #[test]
    fn recognises_bots() {
        assert!(is_bot(
            "dependabot[bot]",
            "49699333+dependabot[bot]@users.noreply.github.com"
        ));
        assert!(is_bot(
            "github-actions",
            "41898282+github-actions[bot]@users.noreply.github.com"
        ));
        assert!(!is_bot("Rémi Zara", "remi.zara@paris.fr"));
        assert!(!is_bot("Abbot", "abbot@example.org"));
    }
}
