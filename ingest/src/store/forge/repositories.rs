//! The repositories a forge load writes to: their ids, found by name in any
//! case for the whole batch at once and added when new ([`ids`]), what the
//! forge says of each ([`describe`]), and the cursors the next run resumes
//! from ([`save_cursors`]).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use duckdb::{params, Transaction};

use crate::error::{DbContext, StoreError};
use crate::forge::RepositoryMeta;
use crate::store::staging::{drop_tables, Cell, Kind, Staged};

/// Each named repository's id (`names`: `owner/name` and the platform its
/// source is on), in the same order; a repository the store does not know
/// is added, under the first spelling the batch gives of it.
pub(super) fn ids(
    tx: &Transaction<'_>,
    names: &[(&str, &'static str)],
    now: NaiveDateTime,
) -> Result<Vec<i32>, StoreError> {
    let during = "finding repositories";
    let mut staged = Staged::new(
        "forge_staged_names",
        &[("entry", Kind::Int), ("name", Kind::Text)],
    );
    for (entry, (name, _)) in names.iter().enumerate() {
        staged.push(&[Cell::Int(Some(entry as i64)), Cell::Text(Some(name))]);
    }
    staged.write(tx)?;
    let mut stmt = tx
        .prepare(
            "SELECT s.entry, min(r.id) FROM forge_staged_names s
             JOIN repositories r ON lower(r.name) = lower(s.name) GROUP BY s.entry",
        )
        .during(during)?;
    let known: HashMap<i64, i32> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .during(during)?
        .collect::<Result<_, _>>()
        .during(during)?;
    drop_tables(tx, &["forge_staged_names"])?;
    let mut next: i32 = tx
        .query_row(
            "SELECT coalesce(max(id), 0) + 1 FROM repositories",
            [],
            |r| r.get(0),
        )
        .during("numbering repositories")?;
    let mut added: HashMap<String, i32> = HashMap::new();
    let mut new = Vec::new();
    let mut ids = Vec::with_capacity(names.len());
    for (entry, (name, platform)) in names.iter().enumerate() {
        let id = match known.get(&(entry as i64)) {
            Some(id) => *id,
            None => *added.entry(name.to_lowercase()).or_insert_with(|| {
                new.push((next, *name, *platform));
                next += 1;
                next - 1
            }),
        };
        ids.push(id);
    }
    if !new.is_empty() {
        let during = "adding repositories";
        let mut out = tx
            .appender_with_columns("repositories", &["id", "name", "first_seen", "platform"])
            .during(during)?;
        for (id, name, platform) in new {
            out.append_row(params![id, name, now, platform])
                .during(during)?;
        }
        out.flush().during(during)?;
    }
    Ok(ids)
}

/// Writes what the forge says of the repository; true when what the
/// dashboard shows of it (language, licence, archived, home page) changed.
pub(super) fn describe(
    tx: &Transaction<'_>,
    repository_id: i32,
    platform: &str,
    meta: &RepositoryMeta,
) -> Result<bool, StoreError> {
    type Shown = (Option<String>, Option<String>, Option<bool>, Option<String>);
    let before: Shown = tx
        .query_row(
            "SELECT language, licence, archived, homepage FROM repositories WHERE id = ?",
            [repository_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .during("reading repository metadata")?;
    let described = before
        != (
            meta.language.clone(),
            meta.licence.clone(),
            Some(meta.archived),
            meta.homepage.clone(),
        );
    tx.execute(
        // The forge's word on the platform and web address wins over a
        // git clone's (`git`, `https://host/o/r.git`) when both read it.
        "UPDATE repositories
            SET platform = CASE WHEN coalesce(platform, 'git') = 'git' THEN ? ELSE platform END,
                url = coalesce(?, url),
                description = ?, language = ?, licence = ?, topics = ?::VARCHAR[],
                archived = ?, fork = ?, stars = ?, forks = ?, created_at = ?, pushed_at = ?,
                homepage = ?
         WHERE id = ?",
        params![
            platform,
            meta.url,
            meta.description,
            meta.language,
            meta.licence,
            list_literal(&meta.topics),
            meta.archived,
            meta.fork,
            meta.stars,
            meta.forks,
            meta.created_at,
            meta.pushed_at,
            meta.homepage,
            repository_id
        ],
    )
    .during("updating repository metadata")?;
    Ok(described)
}

/// Saves the cursors the next run resumes from, with the data they stand for.
pub(super) fn save_cursors(
    tx: &Transaction<'_>,
    source: &str,
    repository_id: i32,
    cursors: &[(String, String)],
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    for (category, cursor) in cursors {
        tx.execute(
            "INSERT OR REPLACE INTO ingest_cursors VALUES (?, ?, ?, ?, ?)",
            params![source, repository_id, category, cursor, now],
        )
        .during("saving a cursor")?;
    }
    Ok(())
}

/// A DuckDB list literal of strings, passed as a parameter and cast.
pub(super) fn list_literal(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|t| format!("'{}'", t.replace('\\', "\\\\").replace('\'', "\\'")))
            .collect::<Vec<_>>()
            .join(", ")
    )
}
