//! A load's rows on their way in: gathered column by column for all the
//! batch's repositories ([`Staged`]), handed to DuckDB as one Arrow batch
//! into a temporary table of the connection, where set-based statements
//! compare them with what is stored and copy what is new — one statement
//! per table for the whole batch, not one per repository.

use std::sync::Arc;

use chrono::NaiveDateTime;
use duckdb::arrow::array::{
    ArrayRef, BooleanArray, Int64Array, StringArray, TimestampMicrosecondArray,
};
use duckdb::arrow::record_batch::RecordBatch;
use duckdb::Transaction;

use crate::error::{DbContext, StoreError};

/// The type of a staged column: every integer is a `BIGINT`, every time a
/// `TIMESTAMP` (UTC, as the store keeps them).
#[derive(Debug, Clone, Copy)]
pub(in crate::store) enum Kind {
    Int,
    Bool,
    Text,
    Time,
}

/// One value of a staged row.
#[derive(Debug, Clone, Copy)]
pub(in crate::store) enum Cell<'a> {
    Int(Option<i64>),
    Bool(Option<bool>),
    Text(Option<&'a str>),
    Time(Option<NaiveDateTime>),
}

/// A column's values.
enum Values {
    Int(Vec<Option<i64>>),
    Bool(Vec<Option<bool>>),
    Text(Vec<Option<String>>),
    Time(Vec<Option<i64>>),
}

/// The rows of one temporary table (`table`, made when it is written),
/// column by column.
pub(in crate::store) struct Staged {
    table: &'static str,
    names: Vec<&'static str>,
    kinds: Vec<Kind>,
    columns: Vec<Values>,
    rows: usize,
}

impl Staged {
    /// An empty staging table with these columns.
    pub(in crate::store) fn new(table: &'static str, columns: &[(&'static str, Kind)]) -> Self {
        Self {
            table,
            names: columns.iter().map(|(name, _)| *name).collect(),
            kinds: columns.iter().map(|(_, kind)| *kind).collect(),
            columns: columns
                .iter()
                .map(|(_, kind)| match kind {
                    Kind::Int => Values::Int(Vec::new()),
                    Kind::Bool => Values::Bool(Vec::new()),
                    Kind::Text => Values::Text(Vec::new()),
                    Kind::Time => Values::Time(Vec::new()),
                })
                .collect(),
            rows: 0,
        }
    }

    /// Rows gathered so far.
    pub(in crate::store) fn len(&self) -> usize {
        self.rows
    }

    /// Adds a row, its cells in the columns' order and of their kinds.
    pub(in crate::store) fn push(&mut self, row: &[Cell<'_>]) {
        debug_assert_eq!(row.len(), self.columns.len(), "{}", self.table);
        for (values, cell) in self.columns.iter_mut().zip(row) {
            match (values, cell) {
                (Values::Int(v), Cell::Int(x)) => v.push(*x),
                (Values::Bool(v), Cell::Bool(x)) => v.push(*x),
                (Values::Text(v), Cell::Text(x)) => v.push(x.map(str::to_owned)),
                (Values::Time(v), Cell::Time(x)) => {
                    v.push(x.map(|t| t.and_utc().timestamp_micros()))
                }
                (_, cell) => unreachable!("{}: {cell:?} in a column of another kind", self.table),
            }
        }
        self.rows += 1;
    }

    /// Makes the temporary table afresh and appends the rows to it; the
    /// table is made even when there are no rows, so that the statements
    /// reading it need not ask.
    pub(in crate::store) fn write(self, tx: &Transaction<'_>) -> Result<(), StoreError> {
        let during = "staging rows";
        let columns: Vec<String> = self
            .names
            .iter()
            .zip(&self.kinds)
            .map(|(name, kind)| format!("{name} {}", sql_type(*kind)))
            .collect();
        tx.execute_batch(&format!(
            "CREATE OR REPLACE TEMP TABLE {} ({})",
            self.table,
            columns.join(", ")
        ))
        .during(during)?;
        if self.rows == 0 {
            return Ok(());
        }
        let arrays = self
            .names
            .into_iter()
            .zip(self.columns.into_iter().map(array));
        // Every column holds one value per row (`push`).
        let batch = RecordBatch::try_from_iter(arrays).expect("columns of equal length");
        let mut out = tx
            .appender_to_catalog_and_db(self.table, "temp", "main")
            .during(during)?;
        out.append_record_batch(batch).during(during)?;
        out.flush().during(during)
    }
}

fn sql_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Int => "BIGINT",
        Kind::Bool => "BOOLEAN",
        Kind::Text => "VARCHAR",
        Kind::Time => "TIMESTAMP",
    }
}

fn array(values: Values) -> ArrayRef {
    match values {
        Values::Int(v) => Arc::new(Int64Array::from(v)),
        Values::Bool(v) => Arc::new(BooleanArray::from(v)),
        Values::Text(v) => Arc::new(StringArray::from(v)),
        Values::Time(v) => Arc::new(TimestampMicrosecondArray::from(v)),
    }
}

/// Drops the temporary tables a load made, once it no longer needs them.
pub(in crate::store) fn drop_tables(
    tx: &Transaction<'_>,
    tables: &[&str],
) -> Result<(), StoreError> {
    let sql: String = tables
        .iter()
        .map(|t| format!("DROP TABLE IF EXISTS temp.main.{t};"))
        .collect();
    tx.execute_batch(&sql).during("dropping staged rows")
}
