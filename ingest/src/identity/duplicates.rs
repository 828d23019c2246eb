//! Likely duplicates for a person to confirm: the medium-confidence links
//! of [`super::rules`] between different contributors (a login used as the
//! name on an unrelated address, a full name shared by addresses that do
//! not carry it, a short handle several names make), contributors whose
//! one-word names read the same, and addresses used under several names
//! (maybe an address several people share). Each comes with its evidence.
//! Decisions go to the identities file (`[[person]]`, `[[different]]`,
//! `[[shared]]`), which stops the suggestion.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::file::IdentitiesFile;
use super::resolve::{IdentityRow, Resolution};
use super::rules::Rule;

pub use super::names::fold as fold_name;

/// Why these look alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Likeness {
    /// A rule found a link it is not sure enough of to merge.
    Rule(Rule),
    /// Several contributors whose names read the same.
    SameName(String),
    /// One address used under several names.
    SameEmail(String),
}

/// One suggestion: a reason, its evidence, and the identities concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// Why.
    pub likeness: Likeness,
    /// The evidence, in words (names and addresses quoted as written).
    pub evidence: String,
    /// `(contributor id, name, e-mail, activities)` of each identity involved.
    pub identities: Vec<(i64, String, String, u64)>,
}

/// The suggestions, most active first, without those already decided.
pub fn likely_duplicates(
    identities: &[IdentityRow],
    resolution: &Resolution,
    file: &IdentitiesFile,
) -> Vec<Suggestion> {
    let contributor_of: HashMap<i64, i64> = resolution.membership.iter().copied().collect();
    let row_of: HashMap<i64, &IdentityRow> = identities.iter().map(|r| (r.id, r)).collect();
    let decided_different: Vec<HashSet<String>> = file
        .different
        .iter()
        .map(|d| d.emails.iter().map(|e| e.trim().to_lowercase()).collect())
        .collect();
    let is_decided = |rows: &[&IdentityRow]| {
        let emails: HashSet<String> = rows.iter().map(|r| r.email.trim().to_lowercase()).collect();
        decided_different
            .iter()
            .any(|d| emails.iter().all(|e| d.contains(e)))
    };
    let entry = |r: &IdentityRow| {
        (
            contributor_of[&r.id],
            r.name.clone(),
            r.email.clone(),
            r.activities,
        )
    };

    let mut out = Vec::new();
    let mut suggested: HashSet<Vec<i64>> = HashSet::new();
    for pending in &resolution.pending {
        let (Some(&a), Some(&b)) = (row_of.get(&pending.a), row_of.get(&pending.b)) else {
            continue;
        };
        let mut pair = vec![contributor_of[&a.id], contributor_of[&b.id]];
        pair.sort();
        if is_decided(&[a, b]) || !suggested.insert(pair) {
            continue;
        }
        out.push(Suggestion {
            likeness: Likeness::Rule(pending.rule),
            evidence: pending.evidence.clone(),
            identities: vec![entry(a), entry(b)],
        });
    }
    out.extend(same_names(
        identities,
        &contributor_of,
        &is_decided,
        &suggested,
        &entry,
    ));
    out.extend(same_addresses(identities, file, &entry));
    // People who may be one first (the rules' doubts, then names), then
    // addresses that may be shared; the most active first in each.
    out.sort_by_key(|s| {
        let kind = match s.likeness {
            Likeness::Rule(_) => 0,
            Likeness::SameName(_) => 1,
            Likeness::SameEmail(_) => 2,
        };
        (
            kind,
            std::cmp::Reverse(s.identities.iter().map(|i| i.3).sum::<u64>()),
        )
    });
    out
}

/// Whether two names can be one person's: one holds the other ("HOHL" in
/// "Laurent HOHL"), or a word of one holds a word of the other ("hohll",
/// "hohl"; words of three letters or more).
fn related(a: &str, b: &str) -> bool {
    let (fa, fb) = (fold_name(a), fold_name(b));
    if fa.contains(&fb) || fb.contains(&fa) {
        return true;
    }
    let words = |n: &str| -> Vec<String> {
        super::names::tokens(n)
            .into_iter()
            .filter(|w| w.chars().count() >= 3)
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    wa.iter().any(|x| {
        wb.iter()
            .any(|y| x.contains(y.as_str()) || y.contains(x.as_str()))
    })
}

type Entry = (i64, String, String, u64);

/// Contributors whose names read the same (accents, case and separators
/// aside), not already suggested by a rule.
fn same_names(
    identities: &[IdentityRow],
    contributor_of: &HashMap<i64, i64>,
    is_decided: &dyn Fn(&[&IdentityRow]) -> bool,
    suggested: &HashSet<Vec<i64>>,
    entry: &dyn Fn(&IdentityRow) -> Entry,
) -> Vec<Suggestion> {
    let mut by_name: BTreeMap<String, Vec<&IdentityRow>> = BTreeMap::new();
    for r in identities {
        let folded = fold_name(&r.name);
        // Very short names ("JD", "a") say too little to suggest anything.
        if folded.chars().count() >= 4 && !super::names::is_generic_name(&r.name) {
            by_name.entry(folded).or_default().push(r);
        }
    }
    let mut out = Vec::new();
    for (name, rows) in by_name {
        let mut contributors: Vec<i64> = rows.iter().map(|r| contributor_of[&r.id]).collect();
        contributors.sort();
        contributors.dedup();
        if contributors.len() < 2 || suggested.contains(&contributors) || is_decided(&rows) {
            continue;
        }
        let addresses: Vec<&str> = rows.iter().map(|r| r.email.trim()).collect();
        out.push(Suggestion {
            likeness: Likeness::SameName(name),
            evidence: format!(
                "the name “{}” is written on {}",
                rows[0].name.trim(),
                addresses.join(", ")
            ),
            identities: rows.iter().map(|r| entry(r)).collect(),
        });
    }
    out
}

/// Addresses used under several names: one person's, or several people's.
fn same_addresses(
    identities: &[IdentityRow],
    file: &IdentitiesFile,
    entry: &dyn Fn(&IdentityRow) -> Entry,
) -> Vec<Suggestion> {
    let shared: HashSet<String> = file.shared.iter().map(|s| s.email.to_lowercase()).collect();
    // Addresses someone confirmed as one person's: their names are settled.
    let confirmed: HashSet<String> = file
        .people
        .iter()
        .flat_map(|p| p.emails.iter().map(|e| e.to_lowercase()))
        .collect();
    let mut by_email: BTreeMap<String, Vec<&IdentityRow>> = BTreeMap::new();
    for r in identities {
        let email = r.email.trim().to_lowercase();
        if !email.is_empty() && !shared.contains(&email) && !confirmed.contains(&email) {
            by_email.entry(email).or_default().push(r);
        }
    }
    let mut out = Vec::new();
    for (email, rows) in by_email {
        // "Laurent HOHL", "HOHL" and "hohll" are one person's ways of
        // writing a name; "Ann" and "Bob" may be two people.
        let names: Vec<&str> = rows
            .iter()
            .map(|r| r.name.as_str())
            .filter(|n| !super::names::is_generic_name(n))
            .collect();
        let unrelated = names
            .iter()
            .enumerate()
            .any(|(i, a)| names[i + 1..].iter().any(|b| !related(a, b)));
        if !unrelated {
            continue;
        }
        let written: Vec<&str> = rows.iter().map(|r| r.name.trim()).collect();
        out.push(Suggestion {
            likeness: Likeness::SameEmail(email.clone()),
            evidence: format!("“{email}” is used under the names {}", written.join(", ")),
            identities: rows.iter().map(|r| entry(r)).collect(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::file::Different;
    use crate::identity::resolve::{resolve, Rules};

    fn row(id: i64, name: &str, email: &str) -> IdentityRow {
        crate::identity::test_row(id, name, email, id as u64)
    }

    #[test]
    fn suggests_same_names_and_shared_addresses_until_decided() {
        let ids = [
            row(1, "Zarathustra", "remi.zara@paris.fr"),
            row(2, "zarathustra", "rz@example.org"),
            row(3, "Ann", "team@example.org"),
            row(4, "Bob", "team@example.org"),
        ];
        let mut file = IdentitiesFile::default();
        let r = resolve(&ids, &Rules::default());
        let found = likely_duplicates(&ids, &r, &file);
        let kinds: Vec<&Likeness> = found.iter().map(|s| &s.likeness).collect();
        assert!(
            kinds.contains(&&Likeness::SameName("zarathustra".into())),
            "{found:?}"
        );
        assert!(
            kinds.contains(&&Likeness::SameEmail("team@example.org".into())),
            "{found:?}"
        );

        file.different.push(Different {
            emails: vec!["remi.zara@paris.fr".into(), "RZ@example.org".into()],
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
    fn an_address_with_one_persons_ways_of_writing_a_name_is_not_suggested() {
        let ids = [
            row(1, "Laurent HOHL", "laurent.hohl@gmail.com"),
            row(2, "HOHL", "laurent.hohl@gmail.com"),
            row(3, "hohll", "laurent.hohl@gmail.com"),
            row(4, "Unknown", "laurent.hohl@gmail.com"),
        ];
        let r = resolve(&ids, &Rules::default());
        assert!(likely_duplicates(&ids, &r, &IdentitiesFile::default()).is_empty());
        assert!(related("Close", "AlexandreClose") && !related("Ann", "Bob"));
    }
}
