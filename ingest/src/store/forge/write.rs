//! Writing a gathered batch ([`super::gather::Gathered`]) table by table,
//! for all its repositories at once: each non-empty staging table is
//! written and pruned of what is stored, the repeated events settled, the
//! accounts made identities, then the rows and their activities written and
//! counted per repository ([`super::tables`] has the statements).

use std::collections::HashSet;

use duckdb::Transaction;

use super::gather::{EventKeys, Gathered};
use super::tables::{
    Counted, Table, ACCOUNTS, ACCOUNTS_TABLE, ACTIVITIES, ACTIVITIES_TABLE, NEW_IDENTITIES, TABLES,
    WRITE_ACTIVITIES,
};
use super::ForgeSummary;
use crate::error::{DbContext, StoreError};
use crate::store::staging::{drop_tables, Staged};

/// Writes the batch; adds what each repository's rows changed to its
/// summary (`summaries[entry]`).
pub(super) fn write(
    tx: &Transaction<'_>,
    gathered: Gathered,
    summaries: &mut [ForgeSummary],
) -> Result<(), StoreError> {
    let Gathered {
        issues,
        assignees,
        comments,
        reviews,
        events,
        releases,
        event_keys,
    } = gathered;
    let staged: [Staged; 6] = [issues, assignees, comments, reviews, events, releases];
    let mut used: Vec<&Table> = Vec::new();
    for (table, rows) in TABLES.iter().zip(staged) {
        if rows.len() == 0 {
            continue;
        }
        rows.write(tx)?;
        run(tx, table.prune, "leaving out forge rows already stored")?;
        used.push(table);
    }
    if used.is_empty() {
        return Ok(());
    }
    if !event_keys.is_empty() {
        settle_events(tx, &event_keys)?;
    }
    let seen: Vec<&str> = used.iter().map(|t| t.accounts).collect();
    tx.execute_batch(&ACCOUNTS.replace("{seen}", &seen.join(" UNION ALL ")))
        .during("finding the forge accounts' identities")?;
    run(tx, &NEW_IDENTITIES, "adding forge identities")?;
    tx.execute_batch(ACTIVITIES_TABLE)
        .during("staging forge activities")?;
    for table in &used {
        run(tx, table.write, "storing forge rows")?;
    }
    tx.execute_batch(WRITE_ACTIVITIES)
        .during("storing forge activities")?;
    count(tx, &used, summaries)?;
    let mut made: Vec<&str> = used.iter().map(|t| t.staged).collect();
    made.extend([ACCOUNTS_TABLE, ACTIVITIES]);
    drop_tables(tx, &made)
}

fn run(tx: &Transaction<'_>, statements: &[&str], during: &'static str) -> Result<(), StoreError> {
    for sql in statements {
        tx.execute_batch(sql).during(during)?;
    }
    Ok(())
}

/// Leaves out the staged events that repeat an earlier one of the batch,
/// by either key, as storing them one after the other would: the first
/// kept wins, and one left out does not hide later ones.
fn settle_events(tx: &Transaction<'_>, keys: &[(i64, EventKeys)]) -> Result<(), StoreError> {
    let during = "settling repeated forge events";
    let mut stmt = tx
        .prepare("SELECT ord FROM forge_staged_events")
        .during(during)?;
    let left: HashSet<i64> = stmt
        .query_map([], |r| r.get(0))
        .during(during)?
        .collect::<Result<_, _>>()
        .during(during)?;
    let (mut ids, mut happened) = (HashSet::new(), HashSet::new());
    let mut repeated = Vec::new();
    for (ord, key) in keys.iter().filter(|(ord, _)| left.contains(ord)) {
        if ids.contains(&key.id) || !happened.insert(&key.happened) {
            repeated.push(ord.to_string());
            continue;
        }
        ids.insert(&key.id);
    }
    if repeated.is_empty() {
        return Ok(());
    }
    tx.execute_batch(&format!(
        "DELETE FROM forge_staged_events WHERE ord IN ({})",
        repeated.join(", ")
    ))
    .during(during)
}

/// Adds each repository's written items, added rows and activities to its
/// summary.
fn count(
    tx: &Transaction<'_>,
    used: &[&Table],
    summaries: &mut [ForgeSummary],
) -> Result<(), StoreError> {
    let during = "counting stored forge rows";
    let mut parts: Vec<String> = used
        .iter()
        .filter(|t| t.counted != Counted::Not)
        .map(|t| {
            let what = if t.counted == Counted::Items { 0 } else { 1 };
            format!("SELECT entry, {what} AS what FROM {}", t.staged)
        })
        .collect();
    parts.push(format!("SELECT entry, 2 FROM {ACTIVITIES}"));
    let sql = format!(
        "SELECT entry, what, count(*) FROM ({}) GROUP BY entry, what",
        parts.join(" UNION ALL ")
    );
    let mut stmt = tx.prepare(&sql).during(during)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i32>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })
        .during(during)?;
    for row in rows {
        let (entry, what, n) = row.during(during)?;
        let summary = &mut summaries[entry as usize];
        let n = n as u64;
        match what {
            0 => summary.issues += n,
            1 => summary.added += n,
            _ => summary.activities += n,
        }
    }
    Ok(())
}
