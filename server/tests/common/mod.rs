//! What the integration tests share: running `vigie` as a user does, a
//! configuration over the shared Lutece logs, and a store's content by
//! natural keys to compare two stores.
// Each test binary uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use vigie_ingest::Store;

/// Runs `vigie --config CONFIG ARGS…` to the end, with warnings only in its log.
pub fn vigie(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigie"))
        .arg("--config")
        .arg(config)
        .args(args)
        .env("VIGIE_LOG", "warn")
        .output()
        .expect("vigie runs")
}

/// `DIR/vigie.toml`: the store in `DIR/vigie.duckdb`, then `sources` (and
/// whatever other sections it carries).
pub fn write_config(dir: &Path, sources: &str) -> PathBuf {
    let path = dir.join("vigie.toml");
    std::fs::write(
        &path,
        format!("[store]\ndatabase = \"vigie.duckdb\"\nclones = \"clones\"\n\n{sources}"),
    )
    .unwrap();
    path
}

/// Every Lutece git log of the shared data, with its bot and affiliation rules.
pub fn logs_source(data: &Path) -> String {
    logs_source_at(&data.join("lutece-gitlog"))
}

/// The git logs at `path` (a file or a folder of them), with the same bot
/// and affiliation rules as [`logs_source`].
pub fn logs_source_at(path: &Path) -> String {
    format!(
        "[[sources]]\nkind = \"git-log\"\npath = \"{}\"\n\n\
         [identities]\nbot_patterns = [\"^lutece_jenkins@\"]\n\n\
         [[affiliations]]\ndomain = \"paris.fr\"\norganisation = \"Ville de Paris\"\n",
        path.display()
    )
}

/// Everything a run stores, by natural keys (no ids), sorted.
pub fn dump(database: &Path) -> Vec<String> {
    let store = Store::open(database).unwrap();
    let queries = [
        (10, "SELECT 'commit', r.name, c.sha, c.parents, a.email, a.name, c.authored_at::VARCHAR,
                c.files_changed::VARCHAR, c.insertions::VARCHAR, c.deletions::VARCHAR
         FROM commits c JOIN repositories r ON r.id = c.repository_id
         JOIN identities a ON a.id = c.author_identity_id"),
        (7, "SELECT 'activity', r.name, a.kind, a.reference, i.email, i.name, a.occurred_at::VARCHAR
         FROM activities a JOIN repositories r ON r.id = a.repository_id
         JOIN identities i ON i.id = a.identity_id"),
        (7, "SELECT 'member', i.email, i.name, c.display_name, c.primary_email, c.is_bot::VARCHAR,
                coalesce(c.organisation, '')
         FROM identities i JOIN contributors c ON c.id = i.contributor_id"),
    ];
    let mut rows = Vec::new();
    for (n, sql) in queries {
        let mut stmt = store.connection().prepare(sql).unwrap();
        let mut q = stmt.query([]).unwrap();
        while let Some(row) = q.next().unwrap() {
            let fields: Vec<String> = (0..n)
                .map(|i| row.get::<_, Option<String>>(i).unwrap().unwrap_or_default())
                .collect();
            rows.push(fields.join("\t"));
        }
    }
    rows.sort();
    rows
}
