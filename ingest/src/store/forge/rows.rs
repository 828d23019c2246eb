//! The pieces a forge load writes with: multi-row inserts whose values are
//! parameters ([`Rows`]), the keys already stored, the repository's id, and
//! forge accounts made identities ([`Accounts`]).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use duckdb::types::{ToSqlOutput, Value};
use duckdb::{params, ToSql, Transaction};

use crate::error::{DbContext, StoreError};
use crate::forge::Account;

/// Rows for a multi-row `VALUES` insert, values passed as parameters
/// (never spliced into the SQL: titles and names are untrusted text).
pub(super) struct Rows {
    width: usize,
    values: Vec<Box<dyn ToSql>>,
}

impl Rows {
    pub(super) fn new(width: usize) -> Self {
        Self {
            width,
            values: Vec::new(),
        }
    }

    pub(super) fn push(&mut self, row: &[&dyn ToSql]) {
        debug_assert_eq!(row.len(), self.width);
        for value in row {
            self.values.push(Box::new(OwnedValue::of(*value)));
        }
    }

    pub(super) fn len(&self) -> usize {
        self.values.len() / self.width
    }

    /// Runs `sql` with `{rows}` replaced by the placeholders, in chunks.
    pub(super) fn insert(self, tx: &Transaction<'_>, sql: &str) -> Result<(), StoreError> {
        const ROWS_PER_STATEMENT: usize = 500;
        let one = format!("({})", vec!["?"; self.width].join(", "));
        let mut values = self.values.into_iter().peekable();
        while values.peek().is_some() {
            let chunk: Vec<Box<dyn ToSql>> = values
                .by_ref()
                .take(ROWS_PER_STATEMENT * self.width)
                .collect();
            let rows = vec![one.as_str(); chunk.len() / self.width].join(", ");
            tx.execute(
                &sql.replace("{rows}", &rows),
                duckdb::params_from_iter(chunk),
            )
            .during("storing forge rows")?;
        }
        Ok(())
    }
}

/// An owned copy of a parameter's value, kept until the insert runs.
struct OwnedValue(Value);

impl OwnedValue {
    fn of(value: &dyn ToSql) -> Self {
        Self(match value.to_sql() {
            Ok(ToSqlOutput::Owned(v)) => v,
            Ok(ToSqlOutput::Borrowed(v)) => v.into(),
            Ok(_) | Err(_) => Value::Null,
        })
    }
}

impl ToSql for OwnedValue {
    fn to_sql(&self) -> duckdb::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Owned(self.0.clone()))
    }
}

/// The keys of a repository's stored rows (`sql`, with the repository's id
/// as its parameter), to add only new ones; nothing is read when the batch
/// to add is empty.
pub(super) fn new_keys(
    tx: &Transaction<'_>,
    sql: &str,
    repository_id: i32,
    batch: usize,
) -> Result<HashSet<String>, StoreError> {
    if batch == 0 {
        return Ok(Default::default());
    }
    let mut stmt = tx.prepare(sql).during("reading stored forge items")?;
    let rows = stmt
        .query_map([repository_id], |r| r.get::<_, String>(0))
        .during("reading stored forge items")?;
    rows.collect::<Result<_, _>>()
        .during("reading stored forge items")
}

/// A DuckDB list literal of strings, passed as a parameter and cast.
pub(super) fn list_literal(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|t| format!("'{}'", t.replace('\\', "\\\\").replace('\'', "\\'")))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The repository's id, adding it if the store does not know it.
pub(super) fn repository_id(
    tx: &Transaction<'_>,
    name: &str,
    now: NaiveDateTime,
    platform: &str,
) -> Result<i32, StoreError> {
    let found: Option<i32> = tx
        .query_row(
            "SELECT min(id) FROM repositories WHERE lower(name) = lower(?)",
            [name],
            |r| r.get(0),
        )
        .during("finding a repository")?;
    if let Some(id) = found {
        return Ok(id);
    }
    let id: i32 = tx
        .query_row(
            "SELECT coalesce(max(id), 0) + 1 FROM repositories",
            [],
            |r| r.get(0),
        )
        .during("numbering a repository")?;
    tx.execute(
        "INSERT INTO repositories (id, name, first_seen, platform) VALUES (?, ?, ?, ?)",
        params![id, name, now, platform],
    )
    .during("adding a repository")?;
    Ok(id)
}

/// Forge accounts as identities (`source` = the platform, the login as name
/// and login, no e-mail); contributors are resolved after the run.
pub(super) struct Accounts {
    platform: &'static str,
    known: HashMap<String, i64>,
    next: i64,
}

impl Accounts {
    /// The platform's accounts the store already knows.
    pub(super) fn read(tx: &Transaction<'_>, platform: &'static str) -> Result<Self, StoreError> {
        let mut stmt = tx
            .prepare("SELECT login, id FROM identities WHERE source = ? AND login IS NOT NULL")
            .during("reading forge identities")?;
        let known = stmt
            .query_map([platform], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))
            .during("reading forge identities")?
            .collect::<Result<HashMap<_, _>, _>>()
            .during("reading forge identities")?;
        let next: i64 = tx
            .query_row("SELECT coalesce(max(id), 0) + 1 FROM identities", [], |r| {
                r.get(0)
            })
            .during("numbering identities")?;
        Ok(Self {
            platform,
            known,
            next,
        })
    }

    /// The account's identity id, adding the identity (and its own
    /// contributor) the first time it is seen; `None` for a deleted account.
    pub(super) fn id(
        &mut self,
        tx: &Transaction<'_>,
        account: Option<&Account>,
    ) -> Result<Option<i64>, StoreError> {
        let Some(account) = account else {
            return Ok(None);
        };
        if let Some(id) = self.known.get(&account.login) {
            return Ok(Some(*id));
        }
        let id = self.next;
        self.next += 1;
        // Until resolution, each new identity is its own contributor.
        tx.execute(
            "INSERT INTO identities (id, source, email, name, contributor_id, login, forge_bot)
             VALUES (?, ?, '', ?, ?, ?, ?)",
            params![
                id,
                self.platform,
                account.login,
                id,
                account.login,
                account.is_bot
            ],
        )
        .during("adding a forge identity")?;
        tx.execute(
            "INSERT INTO contributors (id, display_name, primary_email, is_bot)
             SELECT ?, ?, NULL, ? WHERE NOT EXISTS (SELECT 1 FROM contributors WHERE id = ?)",
            params![id, account.login, account.is_bot, id],
        )
        .during("adding a forge contributor")?;
        self.known.insert(account.login.clone(), id);
        Ok(Some(id))
    }
}
