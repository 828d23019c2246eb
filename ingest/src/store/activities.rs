//! The activities every metric reads, handed over as the store holds them:
//! one row per contributor and thing done, in Arrow batches
//! ([`ActivityBatch`]) so that ten million of them cross into the metrics'
//! frames column by column, never row by row.

use std::collections::HashMap;

use duckdb::arrow::array::{Array, AsArray, BooleanArray, StringArray};
use duckdb::arrow::datatypes::{Int32Type, Int64Type};
use duckdb::arrow::record_batch::RecordBatch;
use duckdb::Connection;

use crate::error::{DbContext, StoreError};

/// One batch of activities, column by column; every column has one value
/// per activity.
pub struct ActivityBatch<'a> {
    /// The repository's id.
    pub repository: &'a [i32],
    /// The (resolved) contributor's id.
    pub contributor: &'a [i64],
    /// The kind: `commit`, `pr_opened`, `review`... (DESIGN.md, Store).
    pub kind: &'a StringArray,
    /// When, in microseconds since the Unix epoch, UTC.
    pub at_us: &'a [i64],
    /// The contributor is a bot (never null).
    pub is_bot: &'a BooleanArray,
    /// The identity whose address decides the organisation: the first of
    /// the contributor's identities credited on the same thing.
    pub identity: &'a [i64],
    /// The organisation the identities file sets for the contributor, if any.
    pub organisation: &'a StringArray,
}

/// Reads every activity with its contributor, their bot flag and their own
/// organisation, calling `each` on every batch.
///
/// Two identities of one person credited on the same commit count once:
/// the row is the contributor's, not the identity's.
pub fn read_batches<E: From<StoreError>>(
    conn: &Connection,
    mut each: impl FnMut(ActivityBatch<'_>) -> Result<(), E>,
) -> Result<(), E> {
    let during = "reading activities";
    let mut stmt = conn
        .prepare(
            "SELECT a.repository_id, i.contributor_id, a.kind, epoch_us(a.occurred_at) AS at_us,
                    c.is_bot, min(i.id) AS identity_id, c.organisation
             FROM activities a
             JOIN identities i ON i.id = a.identity_id
             JOIN contributors c ON c.id = i.contributor_id
             GROUP BY a.repository_id, i.contributor_id, a.kind, a.reference, a.occurred_at,
                      c.is_bot, c.organisation",
        )
        .during(during)?;
    for batch in stmt.query_arrow([]).during(during)? {
        each(activity_batch(&batch)?)?;
    }
    Ok(())
}

fn activity_batch(batch: &RecordBatch) -> Result<ActivityBatch<'_>, StoreError> {
    let is_bot = batch
        .column(4)
        .as_boolean_opt()
        .filter(|b| b.null_count() == 0)
        .ok_or(StoreError::Column { column: "is_bot" })?;
    Ok(ActivityBatch {
        repository: batch
            .column(0)
            .as_primitive_opt::<Int32Type>()
            .ok_or(StoreError::Column {
                column: "repository_id",
            })?
            .values(),
        contributor: batch
            .column(1)
            .as_primitive_opt::<Int64Type>()
            .ok_or(StoreError::Column {
                column: "contributor_id",
            })?
            .values(),
        kind: batch
            .column(2)
            .as_string_opt::<i32>()
            .ok_or(StoreError::Column { column: "kind" })?,
        at_us: batch
            .column(3)
            .as_primitive_opt::<Int64Type>()
            .ok_or(StoreError::Column { column: "at" })?
            .values(),
        is_bot,
        identity: batch
            .column(5)
            .as_primitive_opt::<Int64Type>()
            .ok_or(StoreError::Column {
                column: "identity_id",
            })?
            .values(),
        organisation: batch
            .column(6)
            .as_string_opt::<i32>()
            .ok_or(StoreError::Column {
                column: "organisation",
            })?,
    })
}

/// Every identity's e-mail address, by id (empty for a forge account): what
/// the affiliation rules read to say whom someone acted for.
pub fn identity_emails(conn: &Connection) -> Result<HashMap<i64, String>, StoreError> {
    let during = "reading identities' addresses";
    let mut stmt = conn
        .prepare("SELECT id, email FROM identities")
        .during(during)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .during(during)?;
    rows.collect::<Result<_, _>>().during(during)
}
