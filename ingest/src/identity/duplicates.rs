//! Likely duplicates for a person to confirm: contributors who share a name
//! but not an address (maybe one person with two addresses), and addresses
//! used under several names (maybe an address several people share).
//! Decisions go to the identities file (`[[person]]`, `[[different]]`,
//! `[[shared]]`), which stops the suggestion.

use std::collections::{BTreeMap, HashSet};

use super::file::IdentitiesFile;
use super::resolve::{IdentityRow, Resolution};

/// Why these look alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Likeness {
    /// Several contributors whose names read the same.
    SameName(String),
    /// One address used under several names.
    SameEmail(String),
}

/// One suggestion: a reason, and the identities concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// Why.
    pub likeness: Likeness,
    /// `(contributor id, name, e-mail, activities)` of each identity involved.
    pub identities: Vec<(i64, String, String, u64)>,
}

/// A name folded for comparison: lower case, accents and separators removed
/// ("Rémi ZARA", "remi-zara" and "RemiZara" read the same).
pub fn fold_name(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            other => other,
        })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The suggestions, most active first, without those already decided.
pub fn likely_duplicates(
    identities: &[IdentityRow],
    resolution: &Resolution,
    file: &IdentitiesFile,
) -> Vec<Suggestion> {
    let contributor_of: std::collections::HashMap<i64, i64> =
        resolution.membership.iter().copied().collect();
    let decided_different: Vec<HashSet<String>> = file
        .different
        .iter()
        .map(|d| d.emails.iter().map(|e| e.to_lowercase()).collect())
        .collect();
    let shared: HashSet<String> = file.shared.iter().map(|s| s.email.to_lowercase()).collect();
    // Addresses someone confirmed as one person's: their names are settled.
    let confirmed: HashSet<String> = file
        .people
        .iter()
        .flat_map(|p| p.emails.iter().map(|e| e.to_lowercase()))
        .collect();
    let entry = |r: &IdentityRow| {
        (
            contributor_of[&r.id],
            r.name.clone(),
            r.email.clone(),
            r.activities,
        )
    };

    let mut by_name: BTreeMap<String, Vec<&IdentityRow>> = BTreeMap::new();
    let mut by_email: BTreeMap<String, Vec<&IdentityRow>> = BTreeMap::new();
    for r in identities {
        let folded = fold_name(&r.name);
        // Very short names ("JD", "a") say too little to suggest anything.
        if folded.chars().count() >= 4 {
            by_name.entry(folded).or_default().push(r);
        }
        let email = r.email.trim().to_lowercase();
        if !email.is_empty() && !shared.contains(&email) && !confirmed.contains(&email) {
            by_email.entry(email).or_default().push(r);
        }
    }

    let mut out = Vec::new();
    for (name, rows) in by_name {
        let contributors: HashSet<i64> = rows.iter().map(|r| contributor_of[&r.id]).collect();
        if contributors.len() < 2 {
            continue;
        }
        let emails: HashSet<String> = rows.iter().map(|r| r.email.to_lowercase()).collect();
        if decided_different
            .iter()
            .any(|d| emails.iter().all(|e| d.contains(e)))
        {
            continue;
        }
        out.push(Suggestion {
            likeness: Likeness::SameName(name),
            identities: rows.iter().map(|r| entry(r)).collect(),
        });
    }
    for (email, rows) in by_email {
        let names: HashSet<String> = rows.iter().map(|r| fold_name(&r.name)).collect();
        if names.len() < 2 {
            continue;
        }
        out.push(Suggestion {
            likeness: Likeness::SameEmail(email),
            identities: rows.iter().map(|r| entry(r)).collect(),
        });
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.identities.iter().map(|i| i.3).sum::<u64>()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::file::Different;
    use crate::identity::resolve::{resolve, Rules};

    fn row(id: i64, name: &str, email: &str) -> IdentityRow {
        IdentityRow {
            id,
            email: email.into(),
            name: name.into(),
            login: None,
            forge_bot: false,
            activities: id as u64,
        }
    }

    #[test]
    fn suggests_same_names_and_shared_addresses_until_decided() {
        let ids = [
            row(1, "Rémi Zara", "remi.zara@paris.fr"),
            row(2, "remi-zara", "rzara@example.org"),
            row(3, "Ann", "team@example.org"),
            row(4, "Bob", "team@example.org"),
        ];
        let mut file = IdentitiesFile::default();
        let r = resolve(&ids, &Rules::default());
        let found = likely_duplicates(&ids, &r, &file);
        let kinds: Vec<&Likeness> = found.iter().map(|s| &s.likeness).collect();
        assert!(
            kinds.contains(&&Likeness::SameName("remizara".into())),
            "{found:?}"
        );
        assert!(
            kinds.contains(&&Likeness::SameEmail("team@example.org".into())),
            "{found:?}"
        );

        file.different.push(Different {
            emails: vec!["remi.zara@paris.fr".into(), "RZARA@example.org".into()],
        });
        let found = likely_duplicates(&ids, &r, &file);
        assert_eq!(found.len(), 1, "{found:?}");

        // The address is one person's (confirmed), or several people's:
        // either way, it is settled.
        let mut confirmed = file.clone();
        confirmed.people.push(crate::identity::file::Person {
            emails: vec!["Team@example.org".into()],
            ..Default::default()
        });
        assert!(likely_duplicates(&ids, &r, &confirmed).is_empty());
        file.shared.push(crate::identity::file::SharedAddress {
            email: "team@example.org".into(),
        });
        assert!(likely_duplicates(&ids, &r, &file).is_empty());
    }

    #[test]
    fn folding() {
        assert_eq!(fold_name("Rémi ZARA"), "remizara");
        assert_eq!(fold_name("RemiZara"), "remizara");
        assert_eq!(fold_name("  "), "");
    }
}
