//! Merging identities into contributors.
//!
//! The rules of [`super::rules`] link identities, each link with a
//! confidence; identities linked with certainty or high confidence are one
//! person, unless the identities file says the addresses are different
//! people. The file's `[[person]]` entries merge whatever they list. Names
//! alone never merge, and generic accounts (`root@localhost`) never merge
//! with anyone. A contributor's id is the smallest id of its identities, so
//! it stays put as identities are added.

use std::collections::{BinaryHeap, HashMap, HashSet};

use super::address::classify;
use super::bots::BotRules;
use super::file::IdentitiesFile;
use super::mailmap::MailmapEntry;
use super::names::full_name;
use super::rules::{links, Confidence, Context, Link, Rule};
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
    /// An organisation's internal domains (`paris.mdp`): addresses on their
    /// hosts are a workstation's user names.
    pub internal_domains: Vec<String>,
}

/// What a contributor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A person.
    Person,
    /// An automated account.
    Bot,
    /// A shared machine or service account (`root@localhost`), never merged.
    Generic,
}

impl Kind {
    /// As stored in `contributors.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Bot => "bot",
            Kind::Generic => "generic",
        }
    }
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
    /// Person, bot or generic account.
    pub kind: Kind,
    /// Why a bot is one, in words.
    pub bot_reason: Option<String>,
}

/// A link worth a person's look: two identities of different contributors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// One identity's id.
    pub a: i64,
    /// The other's.
    pub b: i64,
    /// The rule that found it.
    pub rule: Rule,
    /// Why, in words.
    pub evidence: String,
}

/// The outcome: the contributors, and each identity's contributor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolution {
    /// One per person, sorted by id.
    pub contributors: Vec<Contributor>,
    /// `(identity id, contributor id)`, sorted by identity id.
    pub membership: Vec<(i64, i64)>,
    /// The rule that tied each identity to its contributor; none for the
    /// identity a contributor is named after.
    pub merged_by: HashMap<i64, Rule>,
    /// Medium-confidence links between different contributors, for the
    /// administration page's queue.
    pub pending: Vec<Pending>,
}

/// The GitHub login of a no-reply address
/// (`12345+login@users.noreply.github.com` or `login@users.noreply.github.com`).
pub fn github_login(email: &str) -> Option<String> {
    match classify(email, &[]) {
        super::address::Address::GithubNoreply { login } => Some(login),
        _ => None,
    }
}

/// Identity sets that never join two addresses decided different.
struct Sets {
    parent: Vec<usize>,
    /// Per root: the `[[different]]` decisions its addresses appear in,
    /// with those addresses.
    decided: Vec<HashMap<usize, HashSet<String>>>,
}

impl Sets {
    fn new(rows: &[&IdentityRow], file: &IdentitiesFile) -> Self {
        let mut decisions: HashMap<String, Vec<usize>> = HashMap::new();
        for (d, different) in file.different.iter().enumerate() {
            for email in &different.emails {
                decisions
                    .entry(email.trim().to_lowercase())
                    .or_default()
                    .push(d);
            }
        }
        let decided = rows
            .iter()
            .map(|r| {
                let email = r.email.trim().to_lowercase();
                let of = decisions.get(&email).into_iter().flatten();
                of.map(|&d| (d, HashSet::from([email.clone()]))).collect()
            })
            .collect();
        Self {
            parent: (0..rows.len()).collect(),
            decided,
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// Joins the sets of `a` and `b` unless a decision keeps them apart
    /// (they hold two different addresses of one `[[different]]`); says
    /// whether they are one set now.
    fn join(&mut self, a: usize, b: usize, forced: bool) -> bool {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return true;
        }
        let apart = self.decided[a].iter().any(|(d, here)| {
            self.decided[b]
                .get(d)
                .is_some_and(|there| here.union(there).nth(1).is_some())
        });
        if apart && !forced {
            return false;
        }
        // Keep the smaller index as the root: identities are sorted by id.
        let (low, high) = if a < b { (a, b) } else { (b, a) };
        self.parent[high] = low;
        for (d, emails) in std::mem::take(&mut self.decided[high]) {
            self.decided[low].entry(d).or_default().extend(emails);
        }
        true
    }
}

/// Merges identities into contributors under the rules.
pub fn resolve(identities: &[IdentityRow], rules: &Rules) -> Resolution {
    let mut rows: Vec<&IdentityRow> = identities.iter().collect();
    rows.sort_by_key(|r| r.id);
    let owned: Vec<IdentityRow> = rows.iter().map(|r| (*r).clone()).collect();
    let shared: Vec<String> = rules
        .file
        .shared
        .iter()
        .map(|s| s.email.trim().to_lowercase())
        .collect();
    let context = Context {
        internal_domains: &rules.internal_domains,
        shared: &shared,
    };
    let mut found = links(&owned, context);
    found.extend(mailmap_links(&rows, &rules.mailmap));
    // Certain links first, so the rule recorded is the surest one.
    found.sort_by_key(|l| std::cmp::Reverse(l.confidence));

    let mut sets = Sets::new(&rows, &rules.file);
    let person_of = file_people(&rows, rules, &mut sets);
    let mut applied: Vec<&Link> = Vec::new();
    for link in found.iter().filter(|l| l.confidence >= Confidence::High) {
        if sets.join(link.a, link.b, false) {
            applied.push(link);
        }
    }

    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..rows.len() {
        groups.entry(sets.find(i)).or_default().push(i);
    }
    let mut resolution = Resolution::default();
    for (root, members) in groups {
        let person = members.iter().find_map(|i| person_of.get(i)).copied();
        let contributor = describe(&rows, &members, person, rules);
        let main = rows
            .iter()
            .position(|r| r.id == contributor.main_identity)
            .expect("the main identity is a member");
        for (i, rule) in tie_rules(main, &members, &applied, person.is_some()) {
            resolution.merged_by.insert(rows[i].id, rule);
        }
        let id = rows[root].id;
        resolution
            .membership
            .extend(members.iter().map(|&i| (rows[i].id, id)));
        resolution.contributors.push(Contributor {
            id,
            ..contributor.contributor
        });
    }
    for link in found.iter().filter(|l| l.confidence == Confidence::Medium) {
        if sets.find(link.a) != sets.find(link.b) {
            resolution.pending.push(Pending {
                a: rows[link.a].id,
                b: rows[link.b].id,
                rule: link.rule,
                evidence: link.evidence.clone(),
            });
        }
    }
    resolution.contributors.sort_by_key(|c| c.id);
    resolution.membership.sort();
    resolution
}

/// Links from `.mailmap` lines: an identity mapped to a proper address
/// joins the identities using that address.
fn mailmap_links(rows: &[&IdentityRow], mailmap: &[MailmapEntry]) -> Vec<Link> {
    let mut by_email: HashMap<String, usize> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_email.entry(r.email.trim().to_lowercase()).or_insert(i);
    }
    let mut proper_owner: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let Some(proper) = mailmap
            .iter()
            .find(|m| m.matches(&r.name, &r.email))
            .and_then(|m| m.proper_email.as_ref())
            .map(|e| e.trim().to_lowercase())
        else {
            continue;
        };
        let other = by_email
            .get(&proper)
            .copied()
            .or_else(|| proper_owner.get(&proper).copied());
        match other {
            Some(j) if j != i => out.push(Link {
                a: j,
                b: i,
                rule: Rule::Mailmap,
                confidence: Confidence::Certain,
                evidence: format!("a .mailmap line maps it to “{proper}”"),
            }),
            _ => {
                proper_owner.entry(proper).or_insert(i);
            }
        }
    }
    out
}

/// Joins what each `[[person]]` of the file lists; returns each listed
/// identity's person.
fn file_people<'r>(
    rows: &[&IdentityRow],
    rules: &'r Rules,
    sets: &mut Sets,
) -> HashMap<usize, &'r super::file::Person> {
    let mut person_of = HashMap::new();
    for person in &rules.file.people {
        let emails: HashSet<String> = person
            .emails
            .iter()
            .map(|e| e.trim().to_lowercase())
            .collect();
        let logins: HashSet<String> = person
            .logins
            .iter()
            .map(|l| l.trim().to_lowercase())
            .collect();
        let members: Vec<usize> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                emails.contains(&r.email.trim().to_lowercase())
                    || github_login(&r.email)
                        .or_else(|| r.login.as_ref().map(|l| l.to_lowercase()))
                        .is_some_and(|l| logins.contains(&l))
            })
            .map(|(i, _)| i)
            .collect();
        for pair in members.windows(2) {
            sets.join(pair[0], pair[1], true);
        }
        for i in members {
            person_of.insert(i, person);
        }
    }
    person_of
}

/// The rule through which each member was reached from the main identity,
/// surest first (a maximum spanning tree over the applied links).
fn tie_rules(
    main: usize,
    members: &[usize],
    applied: &[&Link],
    in_file: bool,
) -> Vec<(usize, Rule)> {
    let inside: HashSet<usize> = members.iter().copied().collect();
    let mut edges: HashMap<usize, Vec<&Link>> = HashMap::new();
    for link in applied.iter().copied().filter(|l| inside.contains(&l.a)) {
        edges.entry(link.a).or_default().push(link);
        edges.entry(link.b).or_default().push(link);
    }
    let mut reached: HashSet<usize> = HashSet::from([main]);
    let mut out = Vec::new();
    let mut heap = BinaryHeap::new();
    let push = |heap: &mut BinaryHeap<_>, from: usize| {
        for (n, link) in edges.get(&from).into_iter().flatten().enumerate() {
            let to = if link.a == from { link.b } else { link.a };
            heap.push((link.confidence, std::cmp::Reverse(n), to, link.rule));
        }
    };
    push(&mut heap, main);
    while let Some((_, _, to, rule)) = heap.pop() {
        if reached.insert(to) {
            out.push((to, rule));
            push(&mut heap, to);
        }
    }
    // Members joined by the file alone.
    if in_file {
        for &m in members {
            if !reached.contains(&m) {
                out.push((m, Rule::IdentitiesFile));
            }
        }
    }
    out
}

/// A contributor before its id is known, and the identity it is named after.
struct Described {
    contributor: Contributor,
    main_identity: i64,
}

/// Names a group of identities: the most used full name, the most used
/// real mailbox, the organisation of that mailbox; and what it is.
fn describe(
    rows: &[&IdentityRow],
    members: &[usize],
    person: Option<&super::file::Person>,
    rules: &Rules,
) -> Described {
    let members: Vec<&IdentityRow> = members.iter().map(|&i| rows[i]).collect();
    let mailbox = |r: &IdentityRow| {
        matches!(
            classify(&r.email, &rules.internal_domains),
            super::address::Address::Mailbox { .. }
        )
    };
    // The most active identity with a real mailbox, else the most active.
    let main = members
        .iter()
        .max_by_key(|r| (mailbox(r), r.activities, -r.id))
        .expect("a group has members");
    // The name: the most used full name, else the main identity's.
    let mut names: HashMap<&str, u64> = HashMap::new();
    for r in members.iter().filter(|r| full_name(&r.name).is_some()) {
        *names.entry(r.name.trim()).or_default() += r.activities.max(1);
    }
    let full = names
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(n, _)| n.to_owned());
    let mailmapped = members
        .iter()
        .find_map(|r| rules.mailmap.iter().find(|m| m.matches(&r.name, &r.email)));
    let display_name = person
        .and_then(|p| p.name.clone())
        .or_else(|| mailmapped.and_then(|m| m.proper_name.clone()))
        .or(full)
        .unwrap_or_else(|| main.name.clone());
    let primary_email = mailmapped
        .and_then(|m| m.proper_email.clone())
        .unwrap_or_else(|| main.email.clone());
    let bot_reason = match person.and_then(|p| p.bot) {
        Some(true) => Some("decided in the identities file".to_owned()),
        Some(false) => None,
        None => members.iter().find_map(|r| {
            if r.forge_bot {
                return Some("the forge marks the account as a bot".to_owned());
            }
            rules.bots.reason(&r.name, &r.email, r.login.as_deref())
        }),
    };
    let generic = members
        .iter()
        .all(|r| classify(&r.email, &rules.internal_domains).is_generic());
    let kind = match (&bot_reason, generic && person.is_none()) {
        (Some(_), _) => Kind::Bot,
        (None, true) => Kind::Generic,
        (None, false) => Kind::Person,
    };
    let organisation = person.and_then(|p| p.organisation.clone()).or_else(|| {
        match rules.affiliations.of(&primary_email, None) {
            Affiliation::Organisation(o) => Some(o),
            _ => None,
        }
    });
    Described {
        main_identity: main.id,
        contributor: Contributor {
            id: 0,
            display_name,
            primary_email,
            is_bot: bot_reason.is_some(),
            organisation,
            kind,
            bot_reason,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::file::{Person, SharedAddress};
    use crate::identity::mailmap;

    use crate::identity::test_row as row;

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
            row(3, "octo", "octo@users.noreply.github.com", 5),
            row(4, "Octo Cat", "12345+Octo@users.noreply.github.com", 1),
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
            "octo@users.noreply.github.com"
        );
        assert_eq!(r.merged_by.get(&2), Some(&Rule::SameEmail));
        assert_eq!(r.merged_by.get(&4), Some(&Rule::GithubNoreply));
        assert_eq!(r.merged_by.get(&1), None);
        assert!(r.pending.is_empty(), "{:?}", r.pending);
    }

    #[test]
    fn a_login_written_as_the_name_on_a_fitting_address_merges() {
        let ids = [
            row(1, "OUGHDI", "mustapha.oughdi@paris.fr", 58),
            row(2, "oughdi", "48437357+oughdi@users.noreply.github.com", 2),
            row(3, "oughdi", "oughdi", 192),
            row(4, "oughdi", "oughdi@u06-pr-i1-tom01.cmp.paris.mdp", 100),
            row(5, "root", "root@localhost.localdomain", 8),
            row(6, "root", "root@pc-salon.localdomain", 1),
        ];
        let rules = Rules {
            internal_domains: vec!["paris.mdp".into()],
            ..Rules::default()
        };
        let r = resolve(&ids, &rules);
        assert_eq!(groups(&r), [vec![1, 2, 3, 4], vec![5], vec![6]]);
        assert_eq!(r.contributors[0].primary_email, "mustapha.oughdi@paris.fr");
        assert_eq!(r.contributors[0].kind, Kind::Person);
        assert_eq!(r.contributors[1].kind, Kind::Generic);
        assert_eq!(r.merged_by.get(&3), Some(&Rule::MachineAddress));

        // A decision in the file wins over the rules.
        let mut decided = rules.clone();
        decided.file.different.push(super::super::file::Different {
            emails: vec!["mustapha.oughdi@paris.fr".into(), "oughdi".into()],
        });
        let r = resolve(&ids, &decided);
        assert!(!groups(&r).contains(&vec![1, 2, 3, 4]), "{:?}", groups(&r));

        // An address named in a decision still joins its own other names.
        let mut same_address = ids.to_vec();
        same_address.push(row(7, "Mustapha OUGHDI", "Mustapha.Oughdi@paris.fr", 1));
        let r = resolve(&same_address, &decided);
        let with_first = groups(&r).into_iter().find(|g| g.contains(&1)).unwrap();
        assert!(with_first.contains(&7), "{:?}", groups(&r));
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
        assert_eq!(r.contributors[1].kind, Kind::Bot);
        assert_eq!(
            r.contributors[1].bot_reason.as_deref(),
            Some("decided in the identities file")
        );
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
            row(1, "Ann", "contrib@lutece.fr", 1),
            row(2, "Bob", "CONTRIB@lutece.fr", 1),
            row(3, "Ann", "contrib@lutece.fr ", 1),
        ];
        let rules = Rules {
            file: IdentitiesFile {
                shared: vec![SharedAddress {
                    email: "contrib@lutece.fr".into(),
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
