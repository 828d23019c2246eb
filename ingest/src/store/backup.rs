//! The whole store as Parquet files and back (DuckDB's `EXPORT DATABASE`
//! and `IMPORT DATABASE`): one file per table and the schema beside them,
//! for other tools and for backups. [`Store::export_to`] writes a folder,
//! [`import_into`] makes a database from one; both say how many rows each
//! table holds ([`TableRows`]).

use std::path::Path;

use duckdb::Connection;

use super::Store;
use crate::error::{DbContext, StoreError};

/// A table of the store and how many rows it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRows {
    /// The table's name.
    pub table: String,
    /// Its rows.
    pub rows: i64,
}

impl Store {
    /// Writes every table into `folder` as Parquet, with `schema.sql` and
    /// `load.sql` beside them; the tables and their rows as exported.
    pub fn export_to(&self, folder: &Path) -> Result<Vec<TableRows>, StoreError> {
        let action = "exporting the database";
        let folder = sql_text(folder).during(action)?;
        self.conn
            .execute_batch(&format!("EXPORT DATABASE {folder} (FORMAT parquet)"))
            .during(action)?;
        table_rows(&self.conn)
    }
}

/// Makes the database file `database` (which must not exist) from a folder
/// written by [`Store::export_to`], then opens it as a store, which checks
/// its schema's version and brings it up to date; the tables and their
/// rows as imported. On an error the caller removes the partial file.
pub fn import_into(database: &Path, folder: &Path) -> Result<Vec<TableRows>, StoreError> {
    let action = "importing an export";
    let conn = Connection::open(database).during("creating the database")?;
    conn.execute_batch(&format!(
        "IMPORT DATABASE {}",
        sql_text(folder).during(action)?
    ))
    .during(action)?;
    let tables = table_rows(&conn)?;
    drop(conn);
    let not_an_export = |detail: String| StoreError::NotAnExport {
        folder: folder.to_owned(),
        detail,
    };
    if !tables.iter().any(|t| t.table == "schema_migrations") {
        return Err(not_an_export("it has no schema_migrations table".into()));
    }
    drop(Store::open(database).map_err(|e| not_an_export(e.to_string()))?);
    Ok(tables)
}

/// A path as a SQL string literal: DuckDB takes the folder in the
/// statement's text, not as a parameter.
fn sql_text(path: &Path) -> Result<String, duckdb::Error> {
    let text = path
        .to_str()
        .ok_or_else(|| duckdb::Error::InvalidPath(path.to_owned()))?;
    Ok(format!("'{}'", text.replace('\'', "''")))
}

/// Every table of the main schema and its row count, by name.
fn table_rows(conn: &Connection) -> Result<Vec<TableRows>, StoreError> {
    let action = "counting the rows of each table";
    let names: Vec<String> = conn
        .prepare("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .during(action)?;
    names
        .into_iter()
        .map(|table| {
            // The name comes from the catalogue; quoted all the same.
            let quoted = table.replace('"', "\"\"");
            let rows = conn
                .query_row(&format!("SELECT count(*) FROM \"{quoted}\""), [], |r| {
                    r.get(0)
                })
                .during(action)?;
            Ok(TableRows { table, rows })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_imports_into_the_same_tables_and_rows() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("vigie.duckdb")).unwrap();
        let run = store.begin_run().unwrap();
        store.finish_run(run, 0, 0, false).unwrap();
        let export = dir.path().join("it's an export");
        let exported = store.export_to(&export).unwrap();
        assert!(export.join("schema.sql").exists());
        let runs = exported.iter().find(|t| t.table == "ingest_runs").unwrap();
        assert_eq!(runs.rows, 1);

        let restored = dir.path().join("restored.duckdb");
        let imported = import_into(&restored, &export).unwrap();
        assert_eq!(imported, exported);
        let store = Store::open(&restored).unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            super::super::SCHEMA_VERSION
        );
    }

    #[test]
    fn an_export_of_another_database_is_not_taken_for_a_store() {
        let dir = tempfile::tempdir().unwrap();
        let other = Connection::open(dir.path().join("other.duckdb")).unwrap();
        let export = dir.path().join("export");
        other
            .execute_batch(&format!(
                "CREATE TABLE commits (sha TEXT); EXPORT DATABASE '{}'",
                export.display()
            ))
            .unwrap();
        let err = import_into(&dir.path().join("restored.duckdb"), &export).unwrap_err();
        assert!(
            err.to_string()
                .contains("is not an export of a Vigie store"),
            "{err}"
        );
    }

    #[test]
    fn a_folder_without_an_export_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = import_into(&dir.path().join("restored.duckdb"), dir.path()).unwrap_err();
        assert!(err.to_string().contains("importing an export"), "{err}");
    }
}
