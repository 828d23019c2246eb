//! The administration page's data ([`AdminData`]): what is configured,
//! and what waits for an administrator's decision ([`Duplicate`],
//! [`BotAccount`]).

use serde::{Deserialize, Serialize};

use super::Table;

/// The administration page's data: the configured sources, likely
/// duplicate identities and the affiliation rules, with what is unknown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AdminData {
    /// The configuration file the page edits.
    pub config_file: String,
    /// Each configured source: what, how often, its last update.
    pub sources: Table,
    /// Likely duplicates to confirm or reject.
    pub duplicates: Vec<Duplicate>,
    /// Accounts counted as bots, most active first: "not a bot" undoes it.
    pub bots: Vec<BotAccount>,
    /// Accounts that behave like bots, not decided yet.
    pub bot_suggestions: Vec<BotAccount>,
    /// The affiliation rules in force.
    pub rules: Table,
    /// E-mail domains without a rule, most contributions first:
    /// (domain, contributions formatted).
    pub unknown_domains: Vec<(String, String)>,
    /// An ingest run is in progress.
    pub running: bool,
}

/// A likely duplicate: identities that may be one person.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Duplicate {
    /// Why they look alike, in words.
    pub why: String,
    /// The evidence, in words (names and addresses as written).
    #[serde(default)]
    pub evidence: String,
    /// The address they share, when that is why (the decisions are then
    /// "one person" or "a shared address").
    pub address: Option<String>,
    /// The identities: (name, e-mail, contributions formatted).
    pub identities: Vec<(String, String, String)>,
}

/// An account that is, or may be, a bot (administration page).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BotAccount {
    /// Its name.
    pub name: String,
    /// Its e-mail addresses: the decision names them.
    pub emails: Vec<String>,
    /// Why it is (or looks like) a bot, in words.
    pub why: String,
    /// Its activities, formatted.
    pub contributions: String,
}
