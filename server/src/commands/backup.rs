//! `vigie export` and `vigie import`: the whole store as Parquet files (one
//! per table, with the schema beside them), for other tools and for
//! backups, and back. The store does the work
//! ([`vigie_ingest::store::backup`]); this command guards the folders and
//! the database file and reports what was copied.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};
use vigie_ingest::store::backup::{import_into, TableRows};
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
    let tables = store
        .export_to(folder)
        .with_context(|| format!("cannot export into {}", folder.display()))?;
    eprintln!("Exported {} into {}", counted(&tables), folder.display());
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
    let tables = match import_into(&partial, folder) {
        Ok(tables) => tables,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            let _ = std::fs::remove_file(partial.with_extension("importing.wal"));
            return Err(e).with_context(|| format!("cannot import {}", folder.display()));
        }
    };
    std::fs::rename(&partial, database)
        .with_context(|| format!("cannot move the import to {}", database.display()))?;
    eprintln!("Imported {} into {}", counted(&tables), database.display());
    Ok(ExitCode::SUCCESS)
}

/// “12 tables (3456 rows)”.
fn counted(tables: &[TableRows]) -> String {
    let rows: i64 = tables.iter().map(|t| t.rows).sum();
    format!("{} tables ({rows} rows)", tables.len())
}
