//! Identities and contributors.
//!
//! An *identity* is one (source, e-mail, name) as seen in raw data; ingest
//! gives each a stable id ([`Identities`]). *Contributors* are the people
//! behind them, computed by [`resolve::resolve`] from every identity and the
//! [`resolve::Rules`]: the linking rules of [`rules`], each with a
//! confidence (docs/identities.md), `.mailmap` and the identities file;
//! never a name alone. Recomputed whenever identities or rules change.

pub mod address;
pub mod bots;
pub mod duplicates;
pub mod file;
pub mod mailmap;
pub mod names;
pub mod resolve;
pub mod rules;

use std::collections::HashMap;

use crate::git::Signature;

pub use bots::BotRules;
pub use file::IdentitiesFile;
pub use resolve::{resolve, Contributor, IdentityRow, Kind, Pending, Resolution, Rules};

/// An identity seen for the first time during this run, not yet written.
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
}

/// The identities known so far, and those added since the last
/// [`Identities::take_new`].
#[derive(Debug, Default)]
pub struct Identities {
    ids: HashMap<(String, String), i64>,
    next: i64,
    new: Vec<NewIdentity>,
}

impl Identities {
    /// Starts from the stored git identities: `(id, email, name)` rows.
    pub fn new(stored: impl IntoIterator<Item = (i64, String, String)>) -> Self {
        let mut me = Self::default();
        for (id, email, name) in stored {
            me.next = me.next.max(id + 1);
            me.ids.insert((email, name), id);
        }
        me
    }

    /// New identities are numbered after `id` (the largest id in use by
    /// any source).
    pub fn numbering_after(mut self, id: i64) -> Self {
        self.next = self.next.max(id + 1);
        self
    }

    /// The id of a git signature's identity, creating it if new.
    pub fn id_of(&mut self, who: &Signature) -> i64 {
        let key = (who.email.clone(), who.name.clone());
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = self.next;
        self.next += 1;
        self.ids.insert(key, id);
        self.new.push(NewIdentity {
            id,
            source: "git",
            email: who.email.clone(),
            name: who.name.clone(),
        });
        id
    }

    /// Hands over the identities created since the last call, to be written.
    pub fn take_new(&mut self) -> Vec<NewIdentity> {
        std::mem::take(&mut self.new)
    }
}

/// An identity as the resolution tests write it: no login, not a forge bot.
#[cfg(test)]
pub(crate) fn test_row(id: i64, name: &str, email: &str, activities: u64) -> IdentityRow {
    IdentityRow {
        id,
        email: email.into(),
        name: name.into(),
        login: None,
        forge_bot: false,
        activities,
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
    fn one_id_per_exact_name_and_address() {
        let mut ids = Identities::new([(7, "a@x".to_string(), "A".to_string())]);
        assert_eq!(ids.id_of(&sig("A", "a@x")), 7);
        assert_eq!(ids.id_of(&sig("A", "A@X")), 8);
        assert_eq!(ids.id_of(&sig("B", "a@x")), 9);
        assert_eq!(ids.id_of(&sig("B", "a@x")), 9);
        assert_eq!(ids.take_new().len(), 2);
        assert!(ids.take_new().is_empty());
    }
}
