//! `vigie export` and `vigie import`: the whole store as Parquet files (one
//! per table, with the schema beside them, DuckDB's `EXPORT DATABASE`),
//! for other tools and for backups, and back.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};
use vigie_ingest::Store;

use crate::config::Config;

/// Writes every table of the store into `folder` (new or empty).
pub fn export(config: &Config, folder: &Path) -> anyhow::Result<ExitCode> {
    if folder.exists()
        && std::fs::read_dir(folder)
            .with_context(|| format!("cannot read {}", folder.display()))?
            .next()
            .is_some()
    {
        bail!(
            "{} is not empty: export into a new or empty folder, so that no earlier export is mixed with this one",
            folder.display()
        );
    }
    let store = Store::open(&config.store.database)
        .with_context(|| format!("cannot open {}", config.store.database.display()))?;
    let conn = store.connection();
    conn.execute_batch(&format!(
        "EXPORT DATABASE {} (FORMAT parquet)",
        quoted(folder)?
    ))
    .with_context(|| format!("cannot export into {}", folder.display()))?;
    let tables: Vec<(String, i64)> = table_rows(conn)?;
    let rows: i64 = tables.iter().map(|(_, n)| n).sum();
    eprintln!(
        "Exported {} tables ({rows} rows) into {}",
        tables.len(),
        folder.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Restores an export into the configured database, which must not exist
/// yet: the import is written beside it and moved in place whole, so a
/// failed import leaves nothing behind.
pub fn import(config: &Config, folder: &Path) -> anyhow::Result<ExitCode> {
    let database = &config.store.database;
    if database.exists() {
        bail!(
            "{} exists: import restores into a new database; move it away (or set another [store] database) first",
            database.display()
        );
    }
    if !folder.join("schema.sql").exists() {
        bail!(
            "{} has no schema.sql: it is not a `vigie export` folder",
            folder.display()
        );
    }
    let partial = database.with_extension("importing");
    let _ = std::fs::remove_file(&partial);
    let imported = (|| -> anyhow::Result<Vec<(String, i64)>> {
        let conn = duckdb::Connection::open(&partial)
            .with_context(|| format!("cannot create {}", partial.display()))?;
        conn.execute_batch(&format!("IMPORT DATABASE {}", quoted(folder)?))
            .with_context(|| format!("cannot import {}", folder.display()))?;
        let tables = table_rows(&conn)?;
        drop(conn);
        // The store checks the schema's version and brings it up to date.
        drop(Store::open(&partial).context("the imported database is not a Vigie store")?);
        Ok(tables)
    })();
    let tables = match imported {
        Ok(tables) => tables,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            let _ = std::fs::remove_file(partial.with_extension("importing.wal"));
            return Err(e);
        }
    };
    std::fs::rename(&partial, database)
        .with_context(|| format!("cannot move the import to {}", database.display()))?;
    let rows: i64 = tables.iter().map(|(_, n)| n).sum();
    eprintln!(
        "Imported {} tables ({rows} rows) into {}",
        tables.len(),
        database.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// A path as a SQL string literal.
fn quoted(path: &Path) -> anyhow::Result<String> {
    let text = path
        .to_str()
        .with_context(|| format!("{} is not valid UTF-8", path.display()))?;
    Ok(format!("'{}'", text.replace('\'', "''")))
}

/// Every table of the main schema and its row count.
fn table_rows(conn: &duckdb::Connection) -> anyhow::Result<Vec<(String, i64)>> {
    let names: Vec<String> = conn
        .prepare("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    names
        .into_iter()
        .map(|name| {
            let n: i64 = conn.query_row(
                &format!("SELECT count(*) FROM \"{}\"", name.replace('"', "\"\"")),
                [],
                |r| r.get(0),
            )?;
            Ok((name, n))
        })
        .collect()
}
