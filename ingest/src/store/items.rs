//! The forge items the metrics read: issues and pull (or merge) requests
//! with their author's contributor, in Arrow batches ([`ItemBatch`]).

use duckdb::arrow::array::{AsArray, BooleanArray, Int64Array};
use duckdb::arrow::datatypes::{Int32Type, Int64Type};
use duckdb::arrow::record_batch::RecordBatch;
use duckdb::Connection;

use crate::error::{DbContext, StoreError};

/// One batch of issues and pull requests, column by column; times in
/// microseconds since the Unix epoch, UTC.
pub struct ItemBatch<'a> {
    /// The repository's id.
    pub repository: &'a [i32],
    /// The issue or pull request number.
    pub number: &'a [i64],
    /// A pull or merge request (else an issue).
    pub is_pr: &'a BooleanArray,
    /// The author's contributor id (null: a deleted account).
    pub author: &'a Int64Array,
    /// The author is a bot (false for a deleted account).
    pub is_bot: &'a BooleanArray,
    /// Opened.
    pub created_us: &'a Int64Array,
    /// Closed (or merged), if it is.
    pub closed_us: &'a Int64Array,
    /// Merged, if it is.
    pub merged_us: &'a Int64Array,
    /// The first response by someone else who is not a bot, if any.
    pub first_response_us: &'a Int64Array,
}

/// Reads every stored issue and pull request with its author's
/// contributor, calling `each` on every batch.
pub fn read_batches<E: From<StoreError>>(
    conn: &Connection,
    mut each: impl FnMut(ItemBatch<'_>) -> Result<(), E>,
) -> Result<(), E> {
    let during = "reading issues and pull requests";
    let mut stmt = conn
        .prepare(
            "SELECT i.repository_id, i.number, i.is_pr, d.contributor_id,
                    coalesce(c.is_bot, false), epoch_us(i.created_at), epoch_us(i.closed_at),
                    epoch_us(i.merged_at), epoch_us(i.first_response_at)
             FROM issues i
             LEFT JOIN identities d ON d.id = i.author_identity_id
             LEFT JOIN contributors c ON c.id = d.contributor_id",
        )
        .during(during)?;
    for batch in stmt.query_arrow([]).during(during)? {
        each(item_batch(&batch)?)?;
    }
    Ok(())
}

fn item_batch(batch: &RecordBatch) -> Result<ItemBatch<'_>, StoreError> {
    let ints = |i: usize, column: &'static str| {
        batch
            .column(i)
            .as_primitive_opt::<Int64Type>()
            .ok_or(StoreError::Column { column })
    };
    let booleans = |i: usize, column: &'static str| {
        batch
            .column(i)
            .as_boolean_opt()
            .ok_or(StoreError::Column { column })
    };
    Ok(ItemBatch {
        repository: batch
            .column(0)
            .as_primitive_opt::<Int32Type>()
            .ok_or(StoreError::Column {
                column: "repository_id",
            })?
            .values(),
        number: ints(1, "number")?.values(),
        is_pr: booleans(2, "is_pr")?,
        author: ints(3, "author_id")?,
        is_bot: booleans(4, "is_bot")?,
        created_us: ints(5, "created_at")?,
        closed_us: ints(6, "closed_at")?,
        merged_us: ints(7, "merged_at")?,
        first_response_us: ints(8, "first_response_at")?,
    })
}
