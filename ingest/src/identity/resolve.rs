//! Merging identities into contributors.
//!
//! Two identities are the same person when they share a key: an e-mail
//! address (case-insensitive), a GitHub login (including the one inside a
//! `users.noreply.github.com` address), a `.mailmap` line, or a `[[person]]`
//! of the identities file. Names alone never merge. A contributor's id is the
//! smallest id of its identities, so it stays put as identities are added.

use std::collections::HashMap;

use super::bots::BotRules;
use super::file::IdentitiesFile;
use super::mailmap::MailmapEntry;
use crate::affiliation::{Affiliation, Affiliations};

/// An identity as stored, with how many activities it has (to choose the
/// name and address a contributor is shown with).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityRow {
    /// Its id.
    pub id: i64,
    /// The e-mail address as written.
    pub email: String,
    /// The name as written.
    pub name: String,
    /// A forge login, when the source gives one.
    pub login: Option<String>,
    /// The forge says this account is a bot.
    pub forge_bot: bool,
    /// Its activities.
    pub activities: u64,
}

/// Everything resolution depends on besides the identities.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    /// Which identities are bots.
    pub bots: BotRules,
    /// A person's decisions.
    pub file: IdentitiesFile,
    /// `.mailmap` lines (from repositories and the configuration).
    pub mailmap: Vec<MailmapEntry>,
    /// E-mail domains to organisations.
    pub affiliations: Affiliations,
}

/// A merged person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contributor {
    /// The smallest id of its identities.
    pub id: i64,
    /// The name to show.
    pub display_name: String,
    /// The address to show and contact.
    pub primary_email: String,
    /// An automated account.
    pub is_bot: bool,
    /// The organisation of the primary address (today), or the file's.
    pub organisation: Option<String>,
}

/// The outcome: the contributors, and each identity's contributor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolution {
    /// One per person, sorted by id.
    pub contributors: Vec<Contributor>,
    /// `(identity id, contributor id)`, sorted by identity id.
    pub membership: Vec<(i64, i64)>,
}

/// The GitHub login of a no-reply address
/// (`12345+login@users.noreply.github.com` or `login@users.noreply.github.com`).
pub fn github_login(email: &str) -> Option<String> {
    let (local, domain) = email.rsplit_once('@')?;
    if !domain.eq_ignore_ascii_case("users.noreply.github.com") {
        return None;
    }
    let login = local.split_once('+').map(|(_, l)| l).unwrap_or(local);
    (!login.is_empty()).then(|| login.to_ascii_lowercase())
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            // Keep the smaller index as the root: identities are sorted by id.
            let (low, high) = if a < b { (a, b) } else { (b, a) };
            self.0[high] = low;
        }
    }
}

/// Merges identities into contributors under the rules.
pub fn resolve(identities: &[IdentityRow], rules: &Rules) -> Resolution {
    let mut rows: Vec<&IdentityRow> = identities.iter().collect();
    rows.sort_by_key(|r| r.id);
    let shared: Vec<String> = rules
        .file
        .shared
        .iter()
        .map(|s| s.email.to_lowercase())
        .collect();
    let mailmap_of = |row: &IdentityRow| {
        rules
            .mailmap
            .iter()
            .find(|m| m.matches(&row.name, &row.email))
    };

    // The keys that identify each identity.
    let keys_of = |row: &IdentityRow| -> Vec<String> {
        let mut keys = Vec::new();
        let email = row.email.trim().to_lowercase();
        if !email.is_empty() {
            if shared.contains(&email) {
                keys.push(format!("shared:{email}\u{0}{}", row.name));
            } else {
                keys.push(format!("email:{email}"));
            }
        }
        if let Some(login) =
            github_login(&email).or_else(|| row.login.as_ref().map(|l| l.to_lowercase()))
        {
            keys.push(format!("github:{login}"));
        }
        if let Some(proper) = mailmap_of(row).and_then(|m| m.proper_email.as_ref()) {
            keys.push(format!("email:{}", proper.to_lowercase()));
        }
        keys
    };

    let mut sets = UnionFind((0..rows.len()).collect());
    let mut owner: HashMap<String, usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        for key in keys_of(row) {
            match owner.get(&key) {
                Some(&j) => sets.union(i, j),
                None => {
                    owner.insert(key, i);
                }
            }
        }
    }
    // The file's people: everything that carries one of their keys is theirs.
    let person_keys = |p: &super::file::Person| -> Vec<String> {
        p.emails
            .iter()
            .map(|e| format!("email:{}", e.trim().to_lowercase()))
            .chain(
                p.logins
                    .iter()
                    .map(|l| format!("github:{}", l.trim().to_lowercase())),
            )
            .collect()
    };
    let mut person_of_root: HashMap<usize, &super::file::Person> = HashMap::new();
    for person in &rules.file.people {
        let members: Vec<usize> = person_keys(person)
            .iter()
            .filter_map(|k| owner.get(k).copied())
            .collect();
        for pair in members.windows(2) {
            sets.union(pair[0], pair[1]);
        }
        if let Some(&first) = members.first() {
            person_of_root.insert(first, person);
        }
    }
    let person_of_root: HashMap<usize, &super::file::Person> = person_of_root
        .into_iter()
        .map(|(i, p)| (sets.find(i), p))
        .collect();

    // Group, then describe each group.
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..rows.len() {
        groups.entry(sets.find(i)).or_default().push(i);
    }
    let mut resolution = Resolution::default();
    for (root, members) in groups {
        let id = rows[root].id;
        let members: Vec<&IdentityRow> = members.iter().map(|&i| rows[i]).collect();
        let person = person_of_root.get(&root).copied();
        // The most active identity, preferring a real address to a no-reply one.
        let main = members
            .iter()
            .max_by_key(|r| {
                (
                    github_login(&r.email).is_none() && !r.email.is_empty(),
                    r.activities,
                    -r.id,
                )
            })
            .expect("a group has members");
        let mailmapped = members.iter().find_map(|r| mailmap_of(r));
        let display_name = person
            .and_then(|p| p.name.clone())
            .or_else(|| mailmapped.and_then(|m| m.proper_name.clone()))
            .unwrap_or_else(|| main.name.clone());
        let primary_email = mailmapped
            .and_then(|m| m.proper_email.clone())
            .unwrap_or_else(|| main.email.clone());
        let is_bot = person.and_then(|p| p.bot).unwrap_or_else(|| {
            members
                .iter()
                .any(|r| r.forge_bot || rules.bots.is_bot(&r.name, &r.email))
        });
        let organisation = person.and_then(|p| p.organisation.clone()).or_else(|| {
            match rules.affiliations.of(&primary_email, None) {
                Affiliation::Organisation(o) => Some(o),
                _ => None,
            }
        });
        resolution
            .membership
            .extend(members.iter().map(|r| (r.id, id)));
        resolution.contributors.push(Contributor {
            id,
            display_name,
            primary_email,
            is_bot,
            organisation,
        });
    }
    resolution.contributors.sort_by_key(|c| c.id);
    resolution.membership.sort();
    resolution
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::file::{Person, SharedAddress};
    use crate::identity::mailmap;

    fn row(id: i64, name: &str, email: &str, activities: u64) -> IdentityRow {
        IdentityRow {
            id,
            email: email.into(),
            name: name.into(),
            login: None,
            forge_bot: false,
            activities,
        }
    }

    fn groups(r: &Resolution) -> Vec<Vec<i64>> {
        let mut by: HashMap<i64, Vec<i64>> = HashMap::new();
        for (i, c) in &r.membership {
            by.entry(*c).or_default().push(*i);
        }
        let mut g: Vec<Vec<i64>> = by.into_values().collect();
        g.sort();
        g
    }

    #[test]
    fn email_case_and_github_noreply_merge_names_do_not() {
        let ids = [
            row(1, "Pierre Levy", "pierre.levy@paris.fr", 10),
            row(2, "PLE", "Pierre.Levy@Paris.FR", 3),
            row(3, "pierrelevy", "pierrelevy@users.noreply.github.com", 5),
            row(
                4,
                "Pierre LEVY",
                "12345+PierreLevy@users.noreply.github.com",
                1,
            ),
            row(5, "dave", "dave@one.example", 1),
            row(6, "dave", "dave@two.example", 1),
        ];
        let r = resolve(&ids, &Rules::default());
        assert_eq!(groups(&r), [vec![1, 2], vec![3, 4], vec![5], vec![6]]);
        let first = &r.contributors[0];
        assert_eq!((first.id, first.display_name.as_str()), (1, "Pierre Levy"));
        // A no-reply address is never the primary one when a real one exists.
        assert_eq!(
            r.contributors[1].primary_email,
            "pierrelevy@users.noreply.github.com"
        );
    }

    #[test]
    fn the_file_merges_renames_and_marks() {
        let ids = [
            row(1, "Pierre Levy", "pierre.levy@paris.fr", 10),
            row(3, "pierrelevy", "pierrelevy@users.noreply.github.com", 50),
            row(7, "Jenkins", "ci@paris.fr", 2),
        ];
        let rules = Rules {
            file: IdentitiesFile {
                people: vec![
                    Person {
                        name: Some("Pierre Lévy".into()),
                        emails: vec!["PIERRE.LEVY@paris.fr".into()],
                        logins: vec!["PierreLevy".into()],
                        organisation: Some("Ville de Paris".into()),
                        bot: None,
                    },
                    Person {
                        emails: vec!["ci@paris.fr".into()],
                        bot: Some(true),
                        ..Person::default()
                    },
                ],
                ..IdentitiesFile::default()
            },
            ..Rules::default()
        };
        let r = resolve(&ids, &rules);
        assert_eq!(groups(&r), [vec![1, 3], vec![7]]);
        let pierre = &r.contributors[0];
        assert_eq!(pierre.display_name, "Pierre Lévy");
        assert_eq!(pierre.primary_email, "pierre.levy@paris.fr");
        assert_eq!(pierre.organisation.as_deref(), Some("Ville de Paris"));
        assert!(!pierre.is_bot);
        assert!(r.contributors[1].is_bot);
    }

    #[test]
    fn shared_addresses_split_by_name() {
        let ids = [
            row(1, "Ann", "dev@lutece.fr", 1),
            row(2, "Bob", "DEV@lutece.fr", 1),
            row(3, "Ann", "dev@lutece.fr ", 1),
        ];
        let rules = Rules {
            file: IdentitiesFile {
                shared: vec![SharedAddress {
                    email: "dev@lutece.fr".into(),
                }],
                ..IdentitiesFile::default()
            },
            ..Rules::default()
        };
        assert_eq!(groups(&resolve(&ids, &rules)), [vec![1, 3], vec![2]]);
        assert_eq!(groups(&resolve(&ids, &Rules::default())), [vec![1, 2, 3]]);
    }

    #[test]
    fn mailmap_merges_and_names() {
        let ids = [
            row(1, "rzara", "rzara@users.noreply.github.com", 4),
            row(2, "Rémi Zara", "remi.zara@paris.fr", 4),
        ];
        let rules = Rules {
            mailmap: mailmap::parse(
                "Rémi ZARA <remi.zara@paris.fr> <rzara@users.noreply.github.com>\n",
            ),
            ..Rules::default()
        };
        let r = resolve(&ids, &rules);
        assert_eq!(groups(&r), [vec![1, 2]]);
        assert_eq!(r.contributors[0].display_name, "Rémi ZARA");
        assert_eq!(r.contributors[0].primary_email, "remi.zara@paris.fr");
    }

    #[test]
    fn github_logins() {
        assert_eq!(
            github_login("1234+Octo-Cat@users.noreply.github.com").as_deref(),
            Some("octo-cat")
        );
        assert_eq!(
            github_login("octocat@users.noreply.github.com").as_deref(),
            Some("octocat")
        );
        assert_eq!(github_login("octocat@github.com"), None);
    }
}
