//! A load's new rows, column by column, handed to DuckDB as one Arrow batch
//! per table: far cheaper than a call per value.

use std::sync::Arc;

use duckdb::arrow::array::{
    ArrayRef, BooleanArray, Int16Array, Int32Array, Int64Array, StringArray,
    TimestampMicrosecondArray,
};
use duckdb::arrow::record_batch::RecordBatch;
use duckdb::{params, Transaction};

use crate::error::{DbContext, StoreError};
use crate::git::Commit;
use crate::identity::NewIdentity;
use crate::store::staging::{drop_tables, Cell, Kind, Staged};

/// New rows of the `commits` table.
#[derive(Default)]
pub(super) struct CommitColumns {
    repository_id: Vec<i32>,
    sha: Vec<String>,
    parents: Vec<String>,
    author_identity_id: Vec<i64>,
    committer_identity_id: Vec<i64>,
    authored_at: Vec<i64>,
    author_utc_offset_min: Vec<i16>,
    committed_at: Vec<i64>,
    is_merge: Vec<bool>,
    files_changed: Vec<Option<i32>>,
    insertions: Vec<Option<i64>>,
    deletions: Vec<Option<i64>>,
    renames: Vec<Option<i32>>,
    subject: Vec<String>,
    translation_files: Vec<Option<i32>>,
}

impl CommitColumns {
    /// Adds a commit by these identities; its line stats only when the
    /// source read them (`stats`), else NULL.
    pub(super) fn push(
        &mut self,
        repository_id: i32,
        commit: &Commit,
        (author, committer): (i64, i64),
        stats: bool,
    ) {
        let stat = |v: u64| stats.then_some(v);
        self.repository_id.push(repository_id);
        self.sha.push(commit.sha.clone());
        self.parents.push(commit.parents.join(" "));
        self.author_identity_id.push(author);
        self.committer_identity_id.push(committer);
        self.authored_at.push(commit.authored_at.timestamp_micros());
        self.author_utc_offset_min
            .push((commit.authored_at.offset().local_minus_utc() / 60) as i16);
        self.committed_at
            .push(commit.committed_at.timestamp_micros());
        self.is_merge.push(commit.is_merge());
        self.files_changed
            .push(stat(commit.files_changed.into()).map(|v| v as i32));
        self.insertions
            .push(stat(commit.insertions).map(|v| v as i64));
        self.deletions
            .push(stat(commit.deletions).map(|v| v as i64));
        self.renames
            .push(stat(commit.renames.into()).map(|v| v as i32));
        self.subject
            .push(commit.message.lines().next().unwrap_or_default().to_owned());
        self.translation_files
            .push(stat(commit.translation_files.into()).map(|v| v as i32));
    }

    /// Appends the new commits to the `commits` table.
    pub(super) fn append(self, tx: &Transaction<'_>) -> Result<(), StoreError> {
        if self.sha.is_empty() {
            return Ok(());
        }
        let batch = RecordBatch::try_from_iter([
            (
                "repository_id",
                Arc::new(Int32Array::from(self.repository_id)) as ArrayRef,
            ),
            ("sha", Arc::new(StringArray::from(self.sha))),
            ("parents", Arc::new(StringArray::from(self.parents))),
            (
                "author_identity_id",
                Arc::new(Int64Array::from(self.author_identity_id)),
            ),
            (
                "committer_identity_id",
                Arc::new(Int64Array::from(self.committer_identity_id)),
            ),
            (
                "authored_at",
                Arc::new(TimestampMicrosecondArray::from(self.authored_at)),
            ),
            (
                "author_utc_offset_min",
                Arc::new(Int16Array::from(self.author_utc_offset_min)),
            ),
            (
                "committed_at",
                Arc::new(TimestampMicrosecondArray::from(self.committed_at)),
            ),
            ("is_merge", Arc::new(BooleanArray::from(self.is_merge))),
            (
                "files_changed",
                Arc::new(Int32Array::from(self.files_changed)),
            ),
            ("insertions", Arc::new(Int64Array::from(self.insertions))),
            ("deletions", Arc::new(Int64Array::from(self.deletions))),
            ("renames", Arc::new(Int32Array::from(self.renames))),
            ("subject", Arc::new(StringArray::from(self.subject))),
            (
                "translation_files",
                Arc::new(Int32Array::from(self.translation_files)),
            ),
        ])
        .expect("columns of equal length");
        append(tx, "commits", batch, "appending commits")
    }
}

/// New rows of the `activities` table.
#[derive(Default)]
pub(super) struct ActivityColumns {
    repository_id: Vec<i32>,
    identity_id: Vec<i64>,
    kind: Vec<&'static str>,
    occurred_at: Vec<i64>,
    reference: Vec<String>,
}

impl ActivityColumns {
    /// Adds what `identity` did (`kind`, at `at_us` microseconds since the
    /// epoch) on the thing `reference` names.
    pub(super) fn push(
        &mut self,
        repository_id: i32,
        identity: i64,
        kind: &'static str,
        at_us: i64,
        reference: String,
    ) {
        self.repository_id.push(repository_id);
        self.identity_id.push(identity);
        self.kind.push(kind);
        self.occurred_at.push(at_us);
        self.reference.push(reference);
    }

    /// Appends the new activities to the `activities` table.
    pub(super) fn append(self, tx: &Transaction<'_>) -> Result<(), StoreError> {
        if self.reference.is_empty() {
            return Ok(());
        }
        let batch = RecordBatch::try_from_iter([
            (
                "repository_id",
                Arc::new(Int32Array::from(self.repository_id)) as ArrayRef,
            ),
            ("identity_id", Arc::new(Int64Array::from(self.identity_id))),
            ("kind", Arc::new(StringArray::from(self.kind))),
            (
                "occurred_at",
                Arc::new(TimestampMicrosecondArray::from(self.occurred_at)),
            ),
            ("reference", Arc::new(StringArray::from(self.reference))),
        ])
        .expect("columns of equal length");
        append(tx, "activities", batch, "appending activities")
    }
}

/// Appends the new identities, each its own contributor until resolved.
pub(super) fn append_identities(
    tx: &Transaction<'_>,
    identities: &[NewIdentity],
) -> Result<(), StoreError> {
    if identities.is_empty() {
        return Ok(());
    }
    let during = "appending identities";
    let mut out = tx.appender("identities").during(during)?;
    for i in identities {
        out.append_row(params![
            i.id,
            i.source,
            i.email,
            i.name,
            i.id,
            None::<String>,
            None::<bool>,
            None::<String>
        ])
        .during(during)?;
    }
    out.flush().during(during)
}

/// Gives each new identity a contributor of its own (named after it, not a
/// bot), for the time until contributors are resolved; an id a contributor
/// already has is left as it is.
pub(super) fn append_own_contributors(
    tx: &Transaction<'_>,
    identities: &[NewIdentity],
) -> Result<(), StoreError> {
    if identities.is_empty() {
        return Ok(());
    }
    let mut staged = Staged::new(
        "load_staged_contributors",
        &[
            ("id", Kind::Int),
            ("name", Kind::Text),
            ("email", Kind::Text),
        ],
    );
    for i in identities {
        staged.push(&[
            Cell::Int(Some(i.id)),
            Cell::Text(Some(&i.name)),
            Cell::Text(Some(&i.email)),
        ]);
    }
    staged.write(tx)?;
    tx.execute_batch(
        "INSERT INTO contributors (id, display_name, primary_email, is_bot)
         SELECT s.id, s.name, s.email, false FROM load_staged_contributors s
         WHERE NOT EXISTS (SELECT 1 FROM contributors c WHERE c.id = s.id)
         ORDER BY s.id",
    )
    .during("adding the new identities' contributors")?;
    drop_tables(tx, &["load_staged_contributors"])
}

fn append(
    tx: &Transaction<'_>,
    table: &str,
    batch: RecordBatch,
    during: &'static str,
) -> Result<(), StoreError> {
    let mut out = tx.appender(table).during(during)?;
    out.append_record_batch(batch).during(during)?;
    out.flush().during(during)
}
