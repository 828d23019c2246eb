//! Accounts that behave like bots without being known as one: suggested on
//! the administration page with the evidence, counted as bots only once
//! someone decides (`bot = true` in the identities file).

use duckdb::Connection;

use super::Store;
use crate::error::{DbContext, StoreError};
use crate::identity::IdentitiesFile;

/// Fewer commits than this say too little about how an account behaves.
const MIN_COMMITS: i64 = 20;
/// Share of commits that change translation resources and nothing else.
const TRANSLATION_SHARE: f64 = 0.9;
/// Commits per day of activity, over at least [`MIN_BUSY_DAYS`] days.
const COMMITS_PER_DAY: f64 = 25.0;
const MIN_BUSY_DAYS: i64 = 5;

/// An account that behaves like a bot.
#[derive(Debug, Clone, PartialEq)]
pub struct BotSuggestion {
    /// The contributor.
    pub contributor_id: i64,
    /// Its name as shown.
    pub name: String,
    /// Its e-mail addresses (what a decision records).
    pub emails: Vec<String>,
    /// What it does that a person rarely does, in words.
    pub evidence: String,
}

impl Store {
    /// Contributors not counted as bots, nor decided in `file` to be people,
    /// whose commits change only translation files or come in volumes no
    /// person writes; most commits first.
    pub fn bot_suggestions(&self, file: &IdentitiesFile) -> Result<Vec<BotSuggestion>, StoreError> {
        let decided: Vec<String> = file
            .people
            .iter()
            .filter(|p| p.bot.is_some())
            .flat_map(|p| p.emails.iter().map(|e| e.trim().to_lowercase()))
            .collect();
        let mut out = Vec::new();
        for row in behaviours(&self.conn)? {
            if row
                .emails
                .iter()
                .any(|e| decided.contains(&e.to_lowercase()))
            {
                continue;
            }
            let commits = row.commits as f64;
            let evidence = if row.translating as f64 >= TRANSLATION_SHARE * commits {
                format!(
                    "{} of its {} commits change only translation files",
                    row.translating, row.commits
                )
            } else if row.days >= MIN_BUSY_DAYS && commits >= COMMITS_PER_DAY * row.days as f64 {
                format!(
                    "{} commits on {} days, {:.0} a day",
                    row.commits,
                    row.days,
                    commits / row.days as f64
                )
            } else {
                continue;
            };
            out.push(BotSuggestion {
                contributor_id: row.contributor_id,
                name: row.name,
                emails: row.emails,
                evidence,
            });
        }
        Ok(out)
    }
}

struct Behaviour {
    contributor_id: i64,
    name: String,
    emails: Vec<String>,
    commits: i64,
    translating: i64,
    days: i64,
}

fn behaviours(conn: &Connection) -> Result<Vec<Behaviour>, StoreError> {
    let mut stmt = conn
        .prepare(
            "WITH authored AS (
                 SELECT i.contributor_id, c.files_changed, c.translation_files,
                        CAST(c.authored_at AS DATE) AS day
                 FROM commits c JOIN identities i ON i.id = c.author_identity_id
             ), per AS (
                 SELECT contributor_id, count(*) AS commits,
                        count(*) FILTER (WHERE files_changed > 0
                                         AND translation_files = files_changed) AS translating,
                        count(DISTINCT day) AS days
                 FROM authored GROUP BY contributor_id HAVING count(*) >= ?
             )
             SELECT p.contributor_id, k.display_name,
                    list(DISTINCT i.email ORDER BY i.email), p.commits, p.translating, p.days
             FROM per p
             JOIN contributors k ON k.id = p.contributor_id AND NOT k.is_bot
             JOIN identities i ON i.contributor_id = p.contributor_id
             GROUP BY ALL ORDER BY p.commits DESC",
        )
        .during("reading how accounts behave")?;
    let rows = stmt
        .query_map([MIN_COMMITS], |r| {
            let emails: duckdb::types::Value = r.get(2)?;
            Ok(Behaviour {
                contributor_id: r.get(0)?,
                name: r.get(1)?,
                emails: strings(emails),
                commits: r.get(3)?,
                translating: r.get(4)?,
                days: r.get(5)?,
            })
        })
        .during("reading how accounts behave")?;
    rows.collect::<Result<_, _>>()
        .during("reading how accounts behave")
}

fn strings(value: duckdb::types::Value) -> Vec<String> {
    match value {
        duckdb::types::Value::List(items) => items
            .into_iter()
            .filter_map(|v| match v {
                duckdb::types::Value::Text(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}
