//! Synthetic activity written as a lake (docs/scale.md), with the same
//! tables, columns and layout as `vigie lake export` writes from a store, so
//! that the lake's readers (polars here, Apache Spark, DuckDB) are measured
//! on millions of activities a real store does not have. Its source is
//! `synthetic`, never a real platform's name.

use std::path::Path;

use vigie_ingest::store::lake::{write_lake, LakeExport, LakeTable};
use vigie_ingest::StoreError;

use super::Synthetic;

/// The lake's tables, as the synthetic rows in DuckDB give them: the same
/// columns and types as the store's export (ingest/src/store/lake.rs).
/// Each contributor has one identity (of the same id); logins and address
/// have no address domain; activities no reference (a commit's sha, ...).
const TABLES: [LakeTable<'static>; 3] = [
    LakeTable {
        name: "activities",
        rows: "SELECT 'synthetic' AS source,
                      year(occurred_at) AS year, month(occurred_at) AS month,
                      repository_id, contributor_id AS identity_id, contributor_id,
                      kind, occurred_at, '' AS reference, organisation
               FROM synthetic_activities",
    },
    LakeTable {
        name: "identities",
        rows: "SELECT 'synthetic' AS source, 0 AS year, 0 AS month,
                      id, id AS contributor_id, 'synthetic-' || id AS login,
                      CAST(NULL AS VARCHAR) AS email_domain, is_bot
               FROM synthetic_contributors",
    },
    LakeTable {
        name: "repositories",
        rows: "SELECT 'synthetic' AS source, 0 AS year, 0 AS month,
                      id, name, CAST(NULL AS VARCHAR) AS url, CAST(NULL AS VARCHAR) AS language,
                      CAST(NULL AS VARCHAR) AS licence, false AS archived, false AS fork,
                      CAST(NULL AS TIMESTAMP) AS created_at
               FROM synthetic_repositories",
    },
];

impl Synthetic {
    /// Writes these activities, their contributors and repositories as a
    /// lake in `folder` (through an in-memory DuckDB database, which spills
    /// to its temporary folder past its memory limit).
    pub fn write_lake(&self, folder: &Path) -> Result<LakeExport, StoreError> {
        let conn = duckdb::Connection::open_in_memory()
            .map_err(|e| StoreError::Lake(format!("cannot open DuckDB in memory: {e}")))?;
        let lake_error = |e: duckdb::Error| StoreError::Lake(format!("synthetic rows: {e}"));
        self.write_duckdb(&conn).map_err(lake_error)?;
        conn.execute_batch(
            "CREATE TABLE synthetic_contributors (id BIGINT, is_bot BOOLEAN);
             CREATE TABLE synthetic_repositories (id INTEGER, name VARCHAR);",
        )
        .map_err(lake_error)?;
        {
            let mut people = conn
                .appender("synthetic_contributors")
                .map_err(lake_error)?;
            for (i, is_bot) in self.contributor_is_bot.iter().enumerate() {
                people
                    .append_row(duckdb::params![i as i64 + 1, is_bot])
                    .map_err(lake_error)?;
            }
            let mut repositories = conn
                .appender("synthetic_repositories")
                .map_err(lake_error)?;
            for (i, name) in self.repositories.iter().enumerate() {
                repositories
                    .append_row(duckdb::params![i as i32 + 1, name])
                    .map_err(lake_error)?;
            }
        }
        write_lake(&conn, folder, &TABLES)
    }
}
