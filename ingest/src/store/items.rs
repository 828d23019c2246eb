//! The forge items the metrics read: issues and pull (or merge) requests
//! with their author's contributor, state, times, labels, assignees and the
//! forge's count of their comments, in Arrow batches ([`ItemBatch`]).

use duckdb::arrow::array::{AsArray, BooleanArray, Int64Array, ListArray, StringArray};
use duckdb::arrow::datatypes::{DataType, Int32Type, Int64Type};
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
    /// `open`, `closed` or `merged`, as last read from the forge.
    pub state: &'a StringArray,
    /// Last updated on the forge (any change: a comment, a label, an edit,
    /// the close), if the forge said.
    pub updated_us: &'a Int64Array,
    /// Label names (a list of text per item).
    pub labels: &'a ListArray,
    /// Comments as the forge counts them (GitHub's `comments`, GitLab's
    /// `user_notes_count`); null when not known: the forge did not say, or
    /// the item was stored before Vigie read it and has not been read since
    /// (its assignees are then unknown too, and listed as none).
    pub comment_count: &'a Int64Array,
    /// The identity ids of the accounts it is assigned to that are not bots
    /// (a list per item, ascending; empty when nobody is).
    pub assignees: &'a ListArray,
    /// The identity ids of the bots it is assigned to (as `assignees`).
    pub bot_assignees: &'a ListArray,
}

/// Reads every stored issue and pull request with its author's
/// contributor, calling `each` on every batch. Issues are the rows whose
/// `is_pr` is false; a repository's are those with its id.
pub fn read_batches<E: From<StoreError>>(
    conn: &Connection,
    mut each: impl FnMut(ItemBatch<'_>) -> Result<(), E>,
) -> Result<(), E> {
    let during = "reading issues and pull requests";
    let mut stmt = conn
        .prepare(
            "SELECT i.repository_id, i.number, i.is_pr, d.contributor_id,
                    coalesce(c.is_bot, false), epoch_us(i.created_at), epoch_us(i.closed_at),
                    epoch_us(i.merged_at), epoch_us(i.first_response_at),
                    i.state, epoch_us(i.updated_at), i.labels, CAST(i.comment_count AS BIGINT),
                    coalesce(a.people, []::BIGINT[]), coalesce(a.bots, []::BIGINT[])
             FROM issues i
             LEFT JOIN identities d ON d.id = i.author_identity_id
             LEFT JOIN contributors c ON c.id = d.contributor_id
             LEFT JOIN (
                 SELECT x.repository_id, x.is_pr, x.issue_number,
                        list(x.identity_id ORDER BY x.identity_id)
                            FILTER (WHERE NOT coalesce(xc.is_bot, false)) AS people,
                        list(x.identity_id ORDER BY x.identity_id)
                            FILTER (WHERE coalesce(xc.is_bot, false)) AS bots
                 FROM issue_assignees x
                 LEFT JOIN identities xi ON xi.id = x.identity_id
                 LEFT JOIN contributors xc ON xc.id = xi.contributor_id
                 GROUP BY ALL) a
               ON a.repository_id = i.repository_id AND a.is_pr = i.is_pr
              AND a.issue_number = i.number",
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
    // A list column whose values are of the type its readers expect.
    let lists = |i: usize, column: &'static str, values: &DataType| {
        batch
            .column(i)
            .as_list_opt::<i32>()
            .filter(|l| l.value_type() == *values)
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
        state: batch
            .column(9)
            .as_string_opt::<i32>()
            .ok_or(StoreError::Column { column: "state" })?,
        updated_us: ints(10, "updated_at")?,
        labels: lists(11, "labels", &DataType::Utf8)?,
        comment_count: ints(12, "comment_count")?,
        assignees: lists(13, "assignees", &DataType::Int64)?,
        bot_assignees: lists(14, "bot_assignees", &DataType::Int64)?,
    })
}
