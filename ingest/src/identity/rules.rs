//! The rules that say two identities are one person, each with its
//! confidence (docs/identities.md is the reference, with the measured
//! result on the Lutece data).
//!
//! [`links`] reads every identity and returns the links the rules find,
//! with the evidence in words. [`super::resolve`] merges along the
//! [`Confidence::Certain`] and [`Confidence::High`] ones and puts the
//! [`Confidence::Medium`] ones in the administration page's queue.

use std::collections::{BTreeMap, HashMap};

use super::address::{classify, Address};
use super::names::{carries, fold, full_name, handles_of, is_generic_name, is_handle_like, tokens};
use super::resolve::IdentityRow;

/// How sure a rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidence {
    /// Worth a person's look: never merged without one.
    Medium,
    /// Merged automatically; a `[[different]]` decision undoes it.
    High,
    /// The same account or address.
    Certain,
}

/// A rule that links identities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// The same e-mail address, any case.
    SameEmail,
    /// A GitHub no-reply address carries the account's login.
    GithubNoreply,
    /// A forge account's login.
    ForgeLogin,
    /// An address written inside another (`a.b@paris.fr@host`).
    AddressInAddress,
    /// A `.mailmap` line.
    Mailmap,
    /// A decision in the identities file.
    IdentitiesFile,
    /// A machine's user name that is the person's login or name.
    MachineAddress,
    /// A Subversion login (git-svn) that is the person's login elsewhere.
    GitSvn,
    /// A login written as a name on another address.
    LoginAsName,
    /// The same full name (case, accents and word order aside).
    SameName,
    /// The same `first.last` mailbox name on several domains.
    SameMailboxName,
    /// A handle made of a full name's initials and surname.
    InitialAndSurname,
}

impl Rule {
    /// The rule's id, as stored in `identities.merged_by`.
    pub fn id(self) -> &'static str {
        match self {
            Rule::SameEmail => "same-email",
            Rule::GithubNoreply => "github-noreply",
            Rule::ForgeLogin => "forge-login",
            Rule::AddressInAddress => "address-in-address",
            Rule::Mailmap => "mailmap",
            Rule::IdentitiesFile => "identities-file",
            Rule::MachineAddress => "machine-address",
            Rule::GitSvn => "git-svn",
            Rule::LoginAsName => "login-as-name",
            Rule::SameName => "same-name",
            Rule::SameMailboxName => "same-mailbox-name",
            Rule::InitialAndSurname => "initial-and-surname",
        }
    }
}

/// Two identities (indices into the rows given to [`links`]) and why they
/// look like one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// One identity.
    pub a: usize,
    /// The other.
    pub b: usize,
    /// The rule.
    pub rule: Rule,
    /// How sure.
    pub confidence: Confidence,
    /// Why, in words (names and addresses quoted as they were written).
    pub evidence: String,
}

/// What the rules need to know besides the identities.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// An organisation's internal domains: their hosts are machines.
    pub internal_domains: &'a [String],
    /// Addresses several people use: keyed by address and name together.
    pub shared: &'a [String],
}

/// One identity as the rules see it.
struct Seen<'a> {
    row: &'a IdentityRow,
    address: Address,
    generic: bool,
}

/// Every link the rules find between the identities.
pub fn links(rows: &[IdentityRow], context: Context<'_>) -> Vec<Link> {
    let seen: Vec<Seen<'_>> = rows
        .iter()
        .map(|row| {
            let address = classify(&row.email, context.internal_domains);
            Seen {
                generic: address.is_generic(),
                address,
                row,
            }
        })
        .collect();
    let mut found = Links::default();
    same_account(&seen, context.shared, &mut found);
    let handles = handle_owners(&seen, &mut found);
    login_as_name(&seen, &handles, &mut found);
    same_name(&seen, &mut found);
    initial_and_surname(&seen, &mut found);
    found.0
}

#[derive(Default)]
struct Links(Vec<Link>);

impl Links {
    fn add(&mut self, a: usize, b: usize, rule: Rule, confidence: Confidence, evidence: String) {
        if a != b {
            self.0.push(Link {
                a,
                b,
                rule,
                confidence,
                evidence,
            });
        }
    }
}

/// Keys that only one person can hold: an address, a forge login.
fn same_account(seen: &[Seen<'_>], shared: &[String], found: &mut Links) {
    let mut owner: HashMap<String, usize> = HashMap::new();
    let mut key = |key: String, i: usize, rule: Rule, found: &mut Links| match owner.get(&key) {
        Some(&j) => {
            let what = key.split_once(':').map_or(key.as_str(), |(_, k)| k);
            let evidence = match rule {
                Rule::GithubNoreply | Rule::ForgeLogin => format!("the GitHub account “{what}”"),
                _ => format!("the address “{what}”"),
            };
            found.add(j, i, rule, Confidence::Certain, evidence);
        }
        None => {
            owner.insert(key, i);
        }
    };
    for (i, s) in seen.iter().enumerate() {
        if s.generic {
            continue;
        }
        let email = s.row.email.trim().to_lowercase();
        if shared.contains(&email) {
            key(
                format!("shared:{email} {}", s.row.name),
                i,
                Rule::SameEmail,
                found,
            );
        } else if !email.is_empty() {
            key(format!("email:{email}"), i, Rule::SameEmail, found);
        }
        match &s.address {
            Address::GithubNoreply { login } => {
                key(format!("login:{login}"), i, Rule::GithubNoreply, found)
            }
            Address::Nested { inner } => {
                key(format!("email:{inner}"), i, Rule::AddressInAddress, found)
            }
            _ => {}
        }
        if let Some(login) = &s.row.login {
            key(
                format!("login:{}", login.to_lowercase()),
                i,
                Rule::ForgeLogin,
                found,
            );
        }
    }
}

/// Handles that identify a person: forge logins, Subversion logins, and a
/// machine's user name when it is the person's name or login. Returns the
/// first identity holding each (folded) handle.
fn handle_owners(seen: &[Seen<'_>], found: &mut Links) -> HashMap<String, usize> {
    let mut owners: HashMap<String, usize> = HashMap::new();
    // Logins first: a machine's user name joins the login it spells.
    for (i, s) in seen.iter().enumerate() {
        let login = match &s.address {
            Address::GithubNoreply { login } => Some(fold(login)),
            _ => s.row.login.as_deref().map(fold),
        };
        if let Some(login) = login.filter(|l| !l.is_empty()) {
            owners.entry(login).or_insert(i);
        }
    }
    for (i, s) in seen.iter().enumerate() {
        if s.generic {
            continue;
        }
        let (handle, rule) = match &s.address {
            Address::MachineLocal { local } => (fold(local), Rule::MachineAddress),
            Address::GitSvn { login } => (fold(login), Rule::GitSvn),
            _ => continue,
        };
        let is_login = owners.contains_key(&handle);
        let is_own_name = fold(&s.row.name) == handle;
        if handle.chars().count() < 4 || !(is_login || is_own_name) {
            continue;
        }
        match owners.get(&handle) {
            Some(&j) => found.add(
                j,
                i,
                rule,
                Confidence::High,
                format!("“{}” is the user name of both", s.row.email.trim()),
            ),
            None => {
                owners.insert(handle, i);
            }
        }
    }
    owners
}

/// A login written as the name of another identity (`oughdi` as the name
/// on `mustapha.oughdi@paris.fr`): high when the address carries the
/// login's words, otherwise worth a look.
fn login_as_name(seen: &[Seen<'_>], handles: &HashMap<String, usize>, found: &mut Links) {
    for (i, s) in seen.iter().enumerate() {
        let name = s.row.name.trim();
        if s.generic || is_generic_name(name) {
            continue;
        }
        let claimed = fold(name);
        let long_enough = if is_handle_like(name) { 4 } else { 8 };
        if claimed.chars().count() < long_enough {
            continue;
        }
        let Some(&j) = handles.get(&claimed) else {
            continue;
        };
        // The mailbox carries the login's words (`oughdi` on
        // `mustapha.oughdi@`), or a full name written as the login carries
        // a word of the mailbox ("mouadh jebali" on `mouadjebali@`).
        let name_words = full_name(name).unwrap_or_default();
        let fits = match &s.address {
            Address::Mailbox { local, .. } => {
                carries(&claimed, &tokens(local)) || carries(&fold(local), &name_words)
            }
            Address::MachineLocal { local } => fold(local) == claimed,
            _ => true,
        };
        let confidence = if fits {
            Confidence::High
        } else {
            Confidence::Medium
        };
        found.add(
            j,
            i,
            Rule::LoginAsName,
            confidence,
            format!(
                "the name “{name}” on “{}” is the login of “{}”",
                s.row.email.trim(),
                seen[j].row.email.trim()
            ),
        );
    }
}

/// Whether an identity's address carries one of a name's words.
fn address_carries(s: &Seen<'_>, words: &[String]) -> bool {
    match &s.address {
        Address::Mailbox { local, .. } | Address::MachineLocal { local } => {
            carries(&fold(local), words)
        }
        Address::GithubNoreply { login } | Address::GitSvn { login } => {
            carries(&fold(login), words)
        }
        Address::Nested { inner } => carries(&fold(inner), words),
        Address::Empty => false,
    }
}

/// The same full name, from a name as written or from a `first.last`
/// mailbox: high when one of the addresses carries the name, otherwise
/// worth a look. A name of one word never counts.
fn same_name(seen: &[Seen<'_>], found: &mut Links) {
    // Full name (sorted words) → (identity, the name came from its mailbox).
    let mut by_name: BTreeMap<Vec<String>, Vec<(usize, bool)>> = BTreeMap::new();
    for (i, s) in seen.iter().enumerate() {
        if s.generic {
            continue;
        }
        if let Some(words) = full_name(&s.row.name) {
            by_name.entry(words).or_default().push((i, false));
        }
        if let Some(mut words) = s.address.spelled_name() {
            words.sort();
            by_name.entry(words).or_default().push((i, true));
        }
    }
    for (words, holders) in by_name {
        // A mailbox that spells the name first, then any address carrying it.
        let carrying = |&&(i, _): &&(usize, bool)| address_carries(&seen[i], &words);
        let anchor = holders
            .iter()
            .filter(carrying)
            .find(|(_, spelled)| *spelled)
            .or_else(|| holders.iter().find(carrying))
            .copied();
        let (first, first_spelled) = anchor.unwrap_or(holders[0]);
        for &(i, spelled) in &holders {
            let rule = if spelled && first_spelled {
                Rule::SameMailboxName
            } else {
                Rule::SameName
            };
            let confidence = if anchor.is_some() {
                Confidence::High
            } else {
                Confidence::Medium
            };
            found.add(
                first,
                i,
                rule,
                confidence,
                format!(
                    "“{}” and “{}” spell the same name, {}",
                    seen[first].row.email.trim(),
                    seen[i].row.email.trim(),
                    words.join(" ")
                ),
            );
        }
    }
}

/// A handle made of a full name's initials and surname (`pbareille` for
/// Philippe Bareille, `poirierje` for Jérôme Poirier): high when the
/// handle has five letters or more and only one full name makes it.
fn initial_and_surname(seen: &[Seen<'_>], found: &mut Links) {
    // Handle → the full names (sorted words) that make it, with the
    // identities holding each.
    let mut makers: HashMap<String, BTreeMap<Vec<String>, Vec<usize>>> = HashMap::new();
    for (i, s) in seen.iter().enumerate() {
        if s.generic {
            continue;
        }
        let written = (!is_generic_name(&s.row.name))
            .then(|| tokens(&s.row.name))
            .filter(|w| full_name(&s.row.name).is_some() && w.len() >= 2);
        for words in written.into_iter().chain(s.address.spelled_name()) {
            let mut key = words.clone();
            key.sort();
            for handle in handles_of(&words) {
                makers
                    .entry(handle)
                    .or_default()
                    .entry(key.clone())
                    .or_default()
                    .push(i);
            }
        }
    }
    for (i, s) in seen.iter().enumerate() {
        if s.generic {
            continue;
        }
        let mut handles: Vec<String> = s
            .address
            .handle()
            .into_iter()
            .chain(is_handle_like(&s.row.name).then(|| fold(&s.row.name)))
            .map(|h| h.chars().filter(|c| c.is_alphabetic()).collect())
            .collect();
        handles.sort();
        handles.dedup();
        for handle in handles {
            let Some(names) = makers.get(&handle) else {
                continue;
            };
            // The names other identities hold: `jb.vanhems` spells a name of
            // its own that makes `jbvanhems` too, which is no rival.
            let names: Vec<(&Vec<String>, usize)> = names
                .iter()
                .filter_map(|(words, holders)| {
                    holders.iter().find(|&&j| j != i).map(|&j| (words, j))
                })
                .collect();
            let confidence = if names.len() == 1 && handle.chars().count() >= 5 {
                Confidence::High
            } else {
                Confidence::Medium
            };
            for (words, j) in names {
                found.add(
                    j,
                    i,
                    Rule::InitialAndSurname,
                    confidence,
                    format!(
                        "“{handle}” (on “{}”) is how “{}” is written short",
                        s.row.email.trim(),
                        words.join(" ")
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, name: &str, email: &str) -> IdentityRow {
        crate::identity::test_row(id, name, email, 1)
    }

    fn found(rows: &[IdentityRow]) -> Vec<(i64, i64, &'static str, Confidence)> {
        let internal = ["paris.mdp".to_string()];
        let context = Context {
            internal_domains: &internal,
            shared: &[],
        };
        let mut out: Vec<_> = links(rows, context)
            .into_iter()
            .map(|l| {
                let (a, b) = (
                    rows[l.a].id.min(rows[l.b].id),
                    rows[l.a].id.max(rows[l.b].id),
                );
                (a, b, l.rule.id(), l.confidence)
            })
            .collect();
        out.sort_by_key(|l| (l.0, l.1, l.2));
        out
    }

    #[test]
    fn machine_addresses_join_the_login_they_spell() {
        let rows = [
            row(1, "oughdi", "48437357+oughdi@users.noreply.github.com"),
            row(2, "oughdi", "oughdi"),
            row(3, "oughdi", "oughdi@u06-pr-i1-tom01.cmp.paris.mdp"),
            row(4, "OUGHDI", "mustapha.oughdi@paris.fr"),
        ];
        let links = found(&rows);
        assert!(
            links.contains(&(1, 2, "machine-address", Confidence::High)),
            "{links:?}"
        );
        assert!(
            links.contains(&(1, 3, "machine-address", Confidence::High)),
            "{links:?}"
        );
        assert!(
            links.contains(&(1, 4, "login-as-name", Confidence::High)),
            "{links:?}"
        );
    }

    #[test]
    fn a_login_as_the_name_of_an_unrelated_address_is_only_worth_a_look() {
        let rows = [
            row(1, "NLG85", "97117298+NLG85@users.noreply.github.com"),
            row(2, "NLG85", "norbert.legarrec2@paris.fr"),
        ];
        assert_eq!(found(&rows), [(1, 2, "login-as-name", Confidence::Medium)]);
    }

    #[test]
    fn generic_accounts_are_never_linked() {
        let rows = [
            row(1, "root", "root@localhost.localdomain"),
            row(2, "root", "root@pc-salon.localdomain"),
            row(3, "Root Admin", "root"),
        ];
        assert!(found(&rows).is_empty(), "{:?}", found(&rows));
    }

    #[test]
    fn one_word_names_never_link_but_full_names_do_with_a_fitting_address() {
        let rows = [
            row(1, "dave", "dave@one.example"),
            row(2, "dave", "dave@two.example"),
            row(3, "laurent payen", "laurent.payen@gmail.com"),
            row(4, "laurent payen", "lolobuell@users.noreply.github.com"),
            row(5, "Jean Dupont", "x@one.example"),
            row(6, "jean dupont", "y@two.example"),
        ];
        let links = found(&rows);
        assert!(!links.iter().any(|l| l.0 == 1), "{links:?}");
        assert!(
            links.contains(&(3, 4, "same-name", Confidence::High)),
            "{links:?}"
        );
        assert!(
            links.contains(&(5, 6, "same-name", Confidence::Medium)),
            "{links:?}"
        );
    }

    #[test]
    fn initials_and_surname_link_when_only_one_name_makes_them() {
        let rows = [
            row(
                1,
                "pbareille",
                "pbareille@u06-pr-v1-tom02.ressources.paris.mdp",
            ),
            row(2, "Philippe Bareille", "philippe.bareille@paris.fr"),
            row(3, "jdupont", "jdupont@example.org"),
            row(4, "Jean Dupont", "jean.dupont@example.org"),
            row(5, "Jacques Dupont", "jacques.dupont@example.org"),
        ];
        let links = found(&rows);
        assert!(
            links.contains(&(1, 2, "initial-and-surname", Confidence::High)),
            "{links:?}"
        );
        assert!(
            links.contains(&(3, 4, "initial-and-surname", Confidence::Medium)),
            "{links:?}"
        );
        assert!(
            links.contains(&(3, 5, "initial-and-surname", Confidence::Medium)),
            "{links:?}"
        );
    }

    #[test]
    fn the_same_mailbox_name_on_two_domains() {
        let rows = [
            row(1, "Jeremy Deloche", "jeremy.deloche@atos.com"),
            row(2, "evdnjde", "jeremy.deloche@atos.net"),
        ];
        assert!(found(&rows).contains(&(1, 2, "same-mailbox-name", Confidence::High)));
    }
}
