//! What an e-mail address in a commit says about who wrote it.
//!
//! Git writes whatever `user.email` held on the machine that committed, so
//! one person appears under a work address, a GitHub no-reply address, the
//! bare login of a workstation (`oughdi`, `oughdi@u06-pr-v1.paris.mdp`), an
//! address pasted twice (`a.b@paris.fr@host`) or, from a Subversion import,
//! `LOGIN@<repository uuid>`. [`classify`] tells these apart, so the rules of
//! [`super::rules`] can key each by what identifies the person in it.

use super::names::{fold, tokens};

/// The kinds of address, with the part that identifies the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    /// No address at all.
    Empty,
    /// GitHub's no-reply form (`12345+login@users.noreply.github.com`),
    /// carrying the account's login (lower case).
    GithubNoreply {
        /// The login.
        login: String,
    },
    /// An address written where the local part should be
    /// (`laurent.hohl@gmail.com@workstation`): the inner one counts.
    Nested {
        /// The inner address, lower case.
        inner: String,
    },
    /// A Subversion login as git-svn writes it (`ABC@<uuid>`).
    GitSvn {
        /// The Subversion login (lower case).
        login: String,
    },
    /// A machine's own name for its user: no domain, `localhost`, a reserved
    /// local name (`.localdomain`, `.local`, `.internal`, `.lan`, ...), a
    /// single-label host (`user@ubuntu`), or a configured internal domain.
    MachineLocal {
        /// The user name on that machine (lower case).
        local: String,
    },
    /// A mailbox on the internet.
    Mailbox {
        /// The part before `@` (lower case).
        local: String,
        /// The domain (lower case).
        domain: String,
    },
}

/// Local parts that name a machine's or a team's account rather than a
/// person (`root`, `admin`, `tomcat_app`): never merged with anyone.
const GENERIC: &[&str] = &[
    "root",
    "admin",
    "administrator",
    "administrateur",
    "user",
    "users",
    "unknown",
    "nobody",
    "guest",
    "test",
    "tester",
    "dev",
    "developer",
    "git",
    "svn",
    "build",
    "deploy",
    "tomcat",
    "www",
    "wwwdata",
    "ubuntu",
    "debian",
    "centos",
    "vagrant",
    "pi",
    "default",
    "anonymous",
    "none",
    "noreply",
    "local",
    "localuser",
    "owner",
    "info",
    "contact",
    "support",
    "webmaster",
    "team",
    "app",
    "apps",
    "server",
    "service",
    "account",
];

/// Host names reserved for private use (RFC 6761, RFC 6762, common practice).
const LOCAL_SUFFIXES: &[&str] = &[
    "localhost",
    "localdomain",
    "local",
    "internal",
    "lan",
    "home",
    "home.arpa",
    "intranet",
    "corp",
    "private",
    "invalid",
    "test",
];

/// Classifies an address; `internal` lists an organisation's internal
/// domains (`paris.mdp`): hosts under them are machine-local.
pub fn classify(email: &str, internal: &[String]) -> Address {
    let email = email.trim().to_lowercase();
    if email.is_empty() {
        return Address::Empty;
    }
    let Some((local, domain)) = email.rsplit_once('@') else {
        return Address::MachineLocal { local: email };
    };
    if local.contains('@') {
        // `12+a.b@x.fr@users.noreply.github.com` as well as `a.b@x.fr@host`.
        let inner = local.split_once('+').map_or(local, |(_, rest)| rest);
        if inner.rsplit_once('@').is_some_and(|(_, d)| d.contains('.')) {
            return Address::Nested {
                inner: inner.to_owned(),
            };
        }
    }
    if matches!(
        domain,
        "users.noreply.github.com" | "noreply.users.github.com"
    ) {
        let login = local.split_once('+').map_or(local, |(_, l)| l);
        if login.is_empty() {
            return Address::Empty;
        }
        return Address::GithubNoreply {
            login: login.to_owned(),
        };
    }
    if is_uuid(domain) {
        return Address::GitSvn {
            login: local.to_owned(),
        };
    }
    let under = |suffix: &str| domain == suffix || domain.ends_with(&format!(".{suffix}"));
    if local.is_empty() {
        return Address::Empty;
    }
    if !domain.contains('.')
        || LOCAL_SUFFIXES.iter().any(|s| under(s))
        || internal.iter().any(|d| under(&d.trim().to_lowercase()))
    {
        return Address::MachineLocal {
            local: local.to_owned(),
        };
    }
    Address::Mailbox {
        local: local.to_owned(),
        domain: domain.to_owned(),
    }
}

/// `bab10101-e421-0410-a517-8ce0973de3ef`: git-svn's repository id.
fn is_uuid(domain: &str) -> bool {
    let groups: Vec<&str> = domain.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

impl Address {
    /// Whether the address names a shared or system account rather than a
    /// person (`root@localhost`, `admin@example.org`, `tomcat_app@host`).
    pub fn is_generic(&self) -> bool {
        let local = match self {
            Address::MachineLocal { local } | Address::Mailbox { local, .. } => local,
            Address::GitSvn { login } => login,
            _ => return false,
        };
        let words = tokens(local);
        !words.is_empty() && words.iter().all(|w| GENERIC.contains(&w.as_str()))
    }

    /// The user name the address carries, as a handle (folded): a login, a
    /// machine's user name, a Subversion login, a mailbox's local part.
    pub fn handle(&self) -> Option<String> {
        match self {
            Address::GithubNoreply { login } | Address::GitSvn { login } => Some(fold(login)),
            Address::MachineLocal { local } | Address::Mailbox { local, .. } => Some(fold(local)),
            Address::Nested { .. } | Address::Empty => None,
        }
    }

    /// The name a `first.last` local part spells (`jean-baptiste.vanhems` →
    /// jean baptiste vanhems), when it has two words or more. Digits are
    /// dropped (`victor.marinho78`).
    pub fn spelled_name(&self) -> Option<Vec<String>> {
        let local = match self {
            Address::Mailbox { local, .. } | Address::MachineLocal { local } => local,
            _ => return None,
        };
        if !local.contains(['.', '-', '_']) {
            return None;
        }
        let words: Vec<String> = local
            .split(['.', '-', '_'])
            .map(|w| w.chars().filter(|c| c.is_alphabetic()).collect::<String>())
            .map(|w| fold(&w))
            .filter(|w| !w.is_empty())
            .collect();
        let real = words.iter().filter(|w| w.chars().count() >= 2).count();
        (real >= 2 && words.iter().all(|w| !GENERIC.contains(&w.as_str()))).then_some(words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(email: &str) -> Address {
        classify(email, &["paris.mdp".to_string()])
    }

    #[test]
    fn tells_the_kinds_of_address_apart() {
        assert_eq!(
            of("48437357+OUGHDI@users.noreply.github.com"),
            Address::GithubNoreply {
                login: "oughdi".into()
            }
        );
        assert_eq!(
            of("pierrelevy@noreply.users.github.com"),
            Address::GithubNoreply {
                login: "pierrelevy".into()
            }
        );
        for local in [
            "oughdi",
            "oughdi@localhost.localdomain",
            "oughdi@u06-pr-i1-tom01.cmp.paris.mdp",
            "oughdi@DESKTOP-BCRT9V4",
            "oughdi@host.docker.internal",
            "oughdi@iMac-de-Remi.local",
        ] {
            assert_eq!(
                of(local),
                Address::MachineLocal {
                    local: "oughdi".into()
                },
                "{local}"
            );
        }
        assert_eq!(
            of("laurent.hohl@gmail.com@u06-pr-v1-tom02.ressources.paris.mdp"),
            Address::Nested {
                inner: "laurent.hohl@gmail.com".into()
            }
        );
        assert_eq!(
            of("isabelle.lenain@paris.fr@users.noreply.github.com"),
            Address::Nested {
                inner: "isabelle.lenain@paris.fr".into()
            }
        );
        assert_eq!(
            of("ABA@bab10101-e421-0410-a517-8ce0973de3ef"),
            Address::GitSvn {
                login: "aba".into()
            }
        );
        assert_eq!(
            of("Mustapha.Oughdi@Paris.fr"),
            Address::Mailbox {
                local: "mustapha.oughdi".into(),
                domain: "paris.fr".into()
            }
        );
        assert_eq!(of(" "), Address::Empty);
        assert_eq!(of("@paris.fr"), Address::Empty);
    }

    #[test]
    fn generic_accounts() {
        for generic in [
            "root@localhost.localdomain",
            "root@PCaLOLO.localdomain",
            "tomcat_app@u06-pr-v1-tom02.ressources.paris.mdp",
            "admin@example.org",
            "root",
        ] {
            assert!(of(generic).is_generic(), "{generic}");
        }
        for person in ["oughdi", "rafik@localhost.localdomain", "team.lead.x@a.fr"] {
            assert!(!of(person).is_generic(), "{person}");
        }
    }

    #[test]
    fn first_dot_last_local_parts_spell_a_name() {
        let words = |e: &str| of(e).spelled_name();
        assert_eq!(
            words("jean-baptiste.vanhems@paris.fr").unwrap(),
            ["jean", "baptiste", "vanhems"]
        );
        assert_eq!(
            words("victor.marinho78@gmail.com").unwrap(),
            ["victor", "marinho"]
        );
        assert_eq!(words("jbvanhems@gmail.com"), None);
        assert_eq!(words("root.admin@x.fr"), None);
        assert_eq!(words("a.b@x.fr"), None);
    }
}
