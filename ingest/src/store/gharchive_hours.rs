//! The GH Archive hours each source has stored whole (`gharchive_hours`):
//! the GH Archive source's cursor. An ingest run does not read such an hour
//! again as long as the source keeps the same repositories and the file is
//! the same size; an hour that broke off has no record and is read again.

use std::collections::HashMap;

use duckdb::params;

use super::Store;
use crate::error::{DbContext, StoreError};

/// An hour file a GH Archive source read to its end, every event stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredHour {
    /// The file's name (`2015-01-01-15.json.gz`).
    pub file: String,
    /// Which repositories' events were kept (the source's organisations and
    /// repositories, as [`crate::gharchive::Filter::describe`] gives them).
    pub kept: String,
    /// The file's size, in bytes, when it was read.
    pub bytes: u64,
    /// The lines (events) read.
    pub events: u64,
}

impl Store {
    /// The hours `source` (a GH Archive source's name) has stored whole, by
    /// file name.
    pub fn stored_hours(&self, source: &str) -> Result<HashMap<String, StoredHour>, StoreError> {
        let during = "reading the GH Archive hours stored";
        let mut stmt = self
            .conn
            .prepare("SELECT hour, kept, bytes, events FROM gharchive_hours WHERE source = ?")
            .during(during)?;
        let rows = stmt
            .query_map([source], |r| {
                Ok(StoredHour {
                    file: r.get(0)?,
                    kept: r.get(1)?,
                    bytes: r.get::<_, i64>(2)? as u64,
                    events: r.get::<_, i64>(3)? as u64,
                })
            })
            .during(during)?;
        rows.map(|hour| hour.map(|h| (h.file.clone(), h)))
            .collect::<Result<_, _>>()
            .during(during)
    }

    /// Records that `source` stored every event of `hour`, replacing what
    /// an earlier run recorded of the same file.
    pub fn record_hour(&mut self, source: &str, hour: &StoredHour) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT OR REPLACE INTO gharchive_hours VALUES (?, ?, ?, ?, ?, ?)",
                params![
                    source,
                    hour.file,
                    hour.kept,
                    hour.bytes as i64,
                    hour.events as i64,
                    super::now()
                ],
            )
            .during("recording a GH Archive hour as stored")?;
        Ok(())
    }
}
