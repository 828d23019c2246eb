//! The people behind the figures as the dashboard reads them: each merged
//! contributor ([`ContributorRecord`]), every identity merged into one with
//! its activities ([`IdentityRecord`]), and the accounts counted as bots
//! ([`BotRecord`]). Identity resolution writes them (`contributors.rs`).

use std::collections::HashMap;

use super::Store;
use crate::affiliation::AddressContributions;
use crate::error::{DbContext, StoreError};

/// A merged contributor as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ContributorRecord {
    /// Its id.
    pub id: i64,
    /// The name shown.
    pub display_name: String,
    /// The primary address (`None` when there is none, or it is empty).
    pub primary_email: Option<String>,
    /// Counted as a bot.
    pub is_bot: bool,
    /// `person`, `bot` or `generic`; `None` before resolution says.
    pub kind: Option<String>,
    /// Why it counts as a bot, in words (`None` when empty).
    pub bot_reason: Option<String>,
}

/// One identity merged into a contributor, with its activities.
#[derive(Debug, Clone, PartialEq)]
pub struct IdentityRecord {
    /// The contributor it is merged into.
    pub contributor_id: i64,
    /// Where it was seen: `git`, `github`, `gitlab`.
    pub source: String,
    /// The name as written.
    pub name: String,
    /// The address as written.
    pub email: String,
    /// Its forge login (`None` when there is none, or it is empty).
    pub login: Option<String>,
    /// The rule that tied it to its contributor (`None` for the identity
    /// the contributor is named after).
    pub merged_by: Option<String>,
    /// Activities recorded under it, in every repository and at any time.
    pub activities: i64,
}

/// An account counted as a bot, with its real name and addresses.
#[derive(Debug, Clone, PartialEq)]
pub struct BotRecord {
    /// Its name.
    pub name: String,
    /// The addresses of its identities, as written (repeats included).
    pub emails: Vec<String>,
    /// Why it counts as a bot (`None` when empty).
    pub reason: Option<String>,
    /// Its activities.
    pub activities: i64,
}

/// `Some` of a text that is not empty.
fn present(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.is_empty())
}

impl Store {
    /// Every merged contributor.
    pub fn contributor_records(&self) -> Result<Vec<ContributorRecord>, StoreError> {
        self.conn
            .prepare(
                "SELECT id, display_name, primary_email, is_bot, kind, bot_reason
                 FROM contributors",
            )
            .and_then(|mut s| {
                s.query_map([], |r| {
                    Ok(ContributorRecord {
                        id: r.get(0)?,
                        display_name: r.get(1)?,
                        primary_email: present(r.get(2)?),
                        is_bot: r.get(3)?,
                        kind: r.get(4)?,
                        bot_reason: present(r.get(5)?),
                    })
                })?
                .collect()
            })
            .during("reading the contributors")
    }

    /// Every identity with its activities, by contributor: the one a
    /// contributor is named after first, then the most active.
    pub fn identity_records(&self) -> Result<Vec<IdentityRecord>, StoreError> {
        self.conn
            .prepare(
                "SELECT i.contributor_id, i.source, i.name, i.email, i.login, i.merged_by,
                        count(a.identity_id) AS n
                 FROM identities i LEFT JOIN activities a ON a.identity_id = i.id
                 GROUP BY i.id, i.contributor_id, i.source, i.name, i.email, i.login,
                          i.merged_by
                 ORDER BY i.contributor_id, i.merged_by IS NOT NULL, n DESC, i.id",
            )
            .and_then(|mut s| {
                s.query_map([], |r| {
                    Ok(IdentityRecord {
                        contributor_id: r.get(0)?,
                        source: r.get(1)?,
                        name: r.get(2)?,
                        email: r.get(3)?,
                        login: present(r.get(4)?),
                        merged_by: present(r.get(5)?),
                        activities: r.get(6)?,
                    })
                })?
                .collect()
            })
            .during("reading the identities")
    }

    /// The `limit` most active accounts counted as bots, most active first.
    pub fn most_active_bots(&self, limit: usize) -> Result<Vec<BotRecord>, StoreError> {
        let action = "reading the bots";
        let bots: Vec<(i64, BotRecord)> = self
            .conn
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
            )
            .and_then(|mut s| {
                s.query_map([limit as i64], |r| {
                    Ok((
                        r.get(0)?,
                        BotRecord {
                            name: r.get(1)?,
                            emails: Vec::new(),
                            reason: present(r.get(2)?),
                            activities: r.get(3)?,
                        },
                    ))
                })?
                .collect()
            })
            .during(action)?;
        let mut addresses: HashMap<i64, Vec<String>> = HashMap::new();
        let rows: Vec<(i64, String)> = self
            .conn
            .prepare(
                "SELECT i.contributor_id, i.email FROM identities i
                 JOIN contributors c ON c.id = i.contributor_id
                 WHERE c.is_bot AND i.email <> ''",
            )
            .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .during(action)?;
        for (id, email) in rows {
            addresses.entry(id).or_default().push(email);
        }
        Ok(bots
            .into_iter()
            .map(|(id, mut bot)| {
                bot.emails = addresses.remove(&id).unwrap_or_default();
                bot
            })
            .collect())
    }

    /// Contributions per author address and day, bots' left out: what
    /// [`crate::affiliation::report`] attributes to organisations.
    pub fn contributions_by_address(&self) -> Result<Vec<AddressContributions>, StoreError> {
        let action = "counting contributions by address";
        let mut stmt = self
            .conn
            .prepare(
                "SELECT i.email, CAST(a.occurred_at AS DATE) AS day, count(*)
                 FROM activities a
                 JOIN identities i ON i.id = a.identity_id
                 JOIN contributors c ON c.id = i.contributor_id
                 WHERE NOT c.is_bot
                 GROUP BY ALL",
            )
            .during(action)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(AddressContributions {
                    email: r.get(0)?,
                    day: r.get(1)?,
                    contributions: r.get::<_, i64>(2)? as u64,
                })
            })
            .during(action)?;
        rows.collect::<Result<_, _>>().during(action)
    }
}
