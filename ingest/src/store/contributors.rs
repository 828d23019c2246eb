//! Contributors in the store: resolved from identities (see
//! [`crate::identity::resolve`]) inside the transaction that changed them.

use std::collections::HashMap;

use duckdb::{params, Connection};

use super::Store;
use crate::error::{DbContext, StoreError};
use crate::identity::mailmap::MailmapEntry;
use crate::identity::{resolve, Contributor, IdentityRow, Resolution, Rules};

/// What a resolution changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResolveSummary {
    /// Contributors after resolution.
    pub contributors: u64,
    /// Of which bots.
    pub bots: u64,
    /// Whether anything differs from before.
    pub changed: bool,
}

impl Store {
    /// Resolves contributors again (after the rules changed) in one transaction.
    pub fn resolve_contributors(&mut self, rules: &Rules) -> Result<ResolveSummary, StoreError> {
        let tx = self.conn.transaction().during("starting a resolution")?;
        let summary = resolve_in(&tx, rules)?;
        if summary.changed {
            tx.execute_batch("UPDATE data_version SET version = version + 1")
                .during("bumping the data version")?;
        }
        tx.commit().during("committing a resolution")?;
        Ok(summary)
    }

    /// Every identity with its activity count, and the current resolution.
    pub fn identity_rows(
        &self,
        rules: &Rules,
    ) -> Result<(Vec<IdentityRow>, Resolution), StoreError> {
        let rows = identity_rows(&self.conn)?;
        let rules = with_stored_mailmap(&self.conn, rules)?;
        let resolution = resolve(&rows, &rules);
        Ok((rows, resolution))
    }
}

fn identity_rows(conn: &Connection) -> Result<Vec<IdentityRow>, StoreError> {
    let mut stmt = conn
        .prepare(
            // Logins are GitHub's: a GitLab account of the same name may be
            // someone else, so GitLab identities are never merged by login.
            "SELECT i.id, i.email, i.name,
                    CASE WHEN i.source = 'gitlab' THEN NULL ELSE i.login END,
                    count(a.identity_id), coalesce(i.forge_bot, false)
             FROM identities i LEFT JOIN activities a ON a.identity_id = i.id
             GROUP BY i.id, i.email, i.name, i.source, i.login, i.forge_bot",
        )
        .during("reading identities")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(IdentityRow {
                id: r.get(0)?,
                email: r.get(1)?,
                name: r.get(2)?,
                login: r.get(3)?,
                activities: r.get::<_, i64>(4)? as u64,
                forge_bot: r.get(5)?,
            })
        })
        .during("reading identities")?;
    rows.collect::<Result<_, _>>().during("reading identities")
}

fn with_stored_mailmap(conn: &Connection, rules: &Rules) -> Result<Rules, StoreError> {
    let mut rules = rules.clone();
    // The configured mailmap first: it wins over the repositories'.
    rules.mailmap.extend(stored_mailmap(conn, None)?);
    Ok(rules)
}

/// The stored `.mailmap` entries of one repository, or of all.
fn stored_mailmap(
    conn: &Connection,
    repository_id: Option<i32>,
) -> Result<Vec<MailmapEntry>, StoreError> {
    let mut stmt = conn
        .prepare(
            "SELECT proper_name, proper_email, commit_name, commit_email FROM mailmap
             WHERE ?::INTEGER IS NULL OR repository_id = ?",
        )
        .during("reading .mailmap entries")?;
    let rows = stmt
        .query_map(params![repository_id, repository_id], |r| {
            Ok(MailmapEntry {
                proper_name: r.get(0)?,
                proper_email: r.get(1)?,
                commit_name: r.get(2)?,
                commit_email: r.get(3)?,
            })
        })
        .during("reading .mailmap entries")?;
    rows.collect::<Result<_, _>>()
        .during("reading .mailmap entries")
}

/// Replaces a repository's `.mailmap` entries; says whether they changed.
pub(super) fn replace_mailmap(
    conn: &Connection,
    repository_id: i32,
    entries: &[MailmapEntry],
) -> Result<bool, StoreError> {
    let stored = stored_mailmap(conn, Some(repository_id))?;
    if stored == entries {
        return Ok(false);
    }
    conn.execute(
        "DELETE FROM mailmap WHERE repository_id = ?",
        [repository_id],
    )
    .during("replacing .mailmap entries")?;
    let mut rows = conn
        .appender("mailmap")
        .during("replacing .mailmap entries")?;
    for e in entries {
        rows.append_row(params![
            repository_id,
            e.proper_name,
            e.proper_email,
            e.commit_name,
            e.commit_email
        ])
        .during("replacing .mailmap entries")?;
    }
    rows.flush().during("replacing .mailmap entries")?;
    Ok(true)
}

/// Resolves every identity and writes contributors and memberships if they
/// differ from what is stored.
pub(super) fn resolve_in(conn: &Connection, rules: &Rules) -> Result<ResolveSummary, StoreError> {
    let rows = identity_rows(conn)?;
    let rules = with_stored_mailmap(conn, rules)?;
    let resolution = resolve(&rows, &rules);
    let summary = |changed| ResolveSummary {
        contributors: resolution.contributors.len() as u64,
        bots: resolution.contributors.iter().filter(|c| c.is_bot).count() as u64,
        changed,
    };

    let current_membership = stored_memberships(conn)?;
    let current_contributors = stored_contributors(conn)?;
    let merged_by = |identity: &i64| {
        resolution
            .merged_by
            .get(identity)
            .map(|r| r.id().to_owned())
    };
    let changed_membership: Vec<(i64, i64, Option<String>)> = resolution
        .membership
        .iter()
        .map(|&(i, c)| (i, c, merged_by(&i)))
        .filter(|(i, c, by)| current_membership.get(i) != Some(&(*c, by.clone())))
        .collect();
    let same_contributors = current_contributors.len() == resolution.contributors.len()
        && current_contributors
            .iter()
            .zip(&resolution.contributors)
            .all(|(a, b)| *a == StoredContributor::from(b));
    if changed_membership.is_empty() && same_contributors {
        return Ok(summary(false));
    }

    write_contributors(conn, &resolution.contributors)?;
    write_memberships(conn, &changed_membership)?;
    Ok(summary(true))
}

/// Each identity's contributor and the rule that merged it, as stored.
fn stored_memberships(
    conn: &Connection,
) -> Result<HashMap<i64, (i64, Option<String>)>, StoreError> {
    let mut stmt = conn
        .prepare("SELECT id, contributor_id, merged_by FROM identities")
        .during("reading memberships")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
        .during("reading memberships")?;
    rows.collect::<Result<_, _>>().during("reading memberships")
}

/// Replaces every contributor with those of the resolution.
fn write_contributors(conn: &Connection, contributors: &[Contributor]) -> Result<(), StoreError> {
    conn.execute_batch("DELETE FROM contributors")
        .during("rewriting contributors")?;
    let mut out = conn
        .appender("contributors")
        .during("rewriting contributors")?;
    for c in contributors {
        out.append_row(params![
            c.id,
            c.display_name,
            c.primary_email,
            c.is_bot,
            c.organisation,
            c.kind.as_str(),
            c.bot_reason
        ])
        .during("rewriting contributors")?;
    }
    out.flush().during("rewriting contributors")
}

/// Moves the identities whose contributor (or merging rule) changed, in
/// one update through a temporary table.
fn write_memberships(
    conn: &Connection,
    changed: &[(i64, i64, Option<String>)],
) -> Result<(), StoreError> {
    if changed.is_empty() {
        return Ok(());
    }
    conn.execute_batch(
        "CREATE OR REPLACE TEMP TABLE resolved
             (identity_id BIGINT, contributor_id BIGINT, merged_by VARCHAR)",
    )
    .during("rewriting memberships")?;
    {
        let mut out = conn
            .appender_to_catalog_and_db("resolved", "temp", "main")
            .during("rewriting memberships")?;
        for (identity, contributor, by) in changed {
            out.append_row(params![identity, contributor, by])
                .during("rewriting memberships")?;
        }
        out.flush().during("rewriting memberships")?;
    }
    conn.execute_batch(
        "UPDATE identities SET contributor_id = r.contributor_id, merged_by = r.merged_by
         FROM temp.resolved r WHERE identities.id = r.identity_id;
         DROP TABLE temp.resolved;",
    )
    .during("rewriting memberships")
}

/// A contributor row as stored, to tell whether a resolution changed it.
#[derive(Debug, PartialEq)]
struct StoredContributor {
    id: i64,
    display_name: String,
    primary_email: String,
    is_bot: bool,
    organisation: Option<String>,
    kind: Option<String>,
    bot_reason: Option<String>,
}

impl From<&Contributor> for StoredContributor {
    fn from(c: &Contributor) -> Self {
        Self {
            id: c.id,
            display_name: c.display_name.clone(),
            primary_email: c.primary_email.clone(),
            is_bot: c.is_bot,
            organisation: c.organisation.clone(),
            kind: Some(c.kind.as_str().to_owned()),
            bot_reason: c.bot_reason.clone(),
        }
    }
}

fn stored_contributors(conn: &Connection) -> Result<Vec<StoredContributor>, StoreError> {
    let mut stmt = conn
        .prepare(
            "SELECT id, display_name, coalesce(primary_email, ''), is_bot, organisation,
                    kind, bot_reason
             FROM contributors ORDER BY id",
        )
        .during("reading contributors")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(StoredContributor {
                id: r.get(0)?,
                display_name: r.get(1)?,
                primary_email: r.get(2)?,
                is_bot: r.get(3)?,
                organisation: r.get(4)?,
                kind: r.get(5)?,
                bot_reason: r.get(6)?,
            })
        })
        .during("reading contributors")?;
    rows.collect::<Result<_, _>>()
        .during("reading contributors")
}
