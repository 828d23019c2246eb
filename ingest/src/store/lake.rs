//! The lake (docs/scale.md): the store's activities, items, identities and
//! repositories as Parquet files in a folder, Hive-partitioned
//! (`activities/source=github/year=2024/month=3/part.parquet`), for engines
//! that read Parquet (polars, Apache Spark, DuckDB itself) on one machine or
//! many. A manifest (`manifest.json`) records each partition's rows and a
//! fingerprint of its contents, so that exporting again writes only the
//! partitions that changed and removes those that are gone.
//!
//! People are exported as ids: identities carry their login (a public
//! forge account) and the domain of their address, never the address or
//! the name; the store keeps those. Each activity carries the organisation
//! its author acted for that day, as the dashboard counts it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Store;
use crate::affiliation::{Affiliation, Affiliations};
use crate::error::{DbContext, StoreError};

/// The manifest's name in the lake's folder.
pub const MANIFEST: &str = "manifest.json";

/// One table of the lake: its name (the folder) and the query that gives
/// its rows with their partition's `source`, `year` and `month` (`year` and
/// `month` 0 for a table without time).
#[derive(Debug, Clone, Copy)]
pub struct LakeTable<'a> {
    /// The table's folder in the lake (`activities`, ...).
    pub name: &'a str,
    /// A query giving its rows, each with `source`, `year` and `month`.
    pub rows: &'a str,
}

/// The source of a row is its repository's platform (`git`, `github`,
/// `gitlab`), or the identity's own.
const TABLES: [LakeTable<'static>; 4] = [
    // An activity seen through several identities of one contributor is
    // one activity, as the metrics count it (store/activities.rs), kept with
    // the first identity and the organisation its author acted for that
    // day: their own, else what the affiliations say of that identity's
    // address (`lake_organisations`, staged by `export_lake`).
    LakeTable {
        name: "activities",
        rows: "SELECT coalesce(r.platform, 'git') AS source,
                      year(t.occurred_at) AS year, month(t.occurred_at) AS month,
                      t.repository_id, t.identity_id, t.contributor_id, t.kind,
                      t.occurred_at, t.reference,
                      coalesce(t.own_organisation, o.organisation) AS organisation
               FROM (SELECT a.repository_id, min(i.id) AS identity_id, i.contributor_id,
                            a.kind, a.occurred_at, a.reference,
                            c.organisation AS own_organisation
                     FROM activities a
                     JOIN identities i ON i.id = a.identity_id
                     JOIN contributors c ON c.id = i.contributor_id
                     GROUP BY a.repository_id, i.contributor_id, a.kind, a.reference,
                              a.occurred_at, c.organisation) t
               JOIN repositories r ON r.id = t.repository_id
               LEFT JOIN lake_organisations o
                      ON o.identity_id = t.identity_id
                     AND o.day = CAST(t.occurred_at AS DATE)",
    },
    LakeTable {
        name: "items",
        rows: "SELECT coalesce(r.platform, 'git') AS source,
                      year(x.created_at) AS year, month(x.created_at) AS month,
                      x.repository_id, x.number, x.is_pr, x.state, x.author_identity_id,
                      x.labels, x.created_at, x.updated_at, x.closed_at, x.merged_at,
                      x.first_response_at, x.comment_count
               FROM issues x
               JOIN repositories r ON r.id = x.repository_id",
    },
    LakeTable {
        name: "identities",
        rows: "SELECT i.source, 0 AS year, 0 AS month,
                      i.id, i.contributor_id, i.login,
                      nullif(lower(split_part(i.email, '@', 2)), '') AS email_domain,
                      c.is_bot
               FROM identities i
               JOIN contributors c ON c.id = i.contributor_id",
    },
    LakeTable {
        name: "repositories",
        rows: "SELECT coalesce(r.platform, 'git') AS source, 0 AS year, 0 AS month,
                      r.id, r.name, r.url, r.language, r.licence, r.archived, r.fork,
                      r.created_at
               FROM repositories r",
    },
];

/// A partition of a table, as the manifest records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partition {
    /// Its folder under the table's (`source=github/year=2024/month=3`).
    pub path: String,
    /// Its rows.
    pub rows: u64,
    /// A fingerprint of its rows (the XOR of each row's hash): equal
    /// fingerprints, equal contents.
    pub fingerprint: String,
}

/// The manifest: each table's partitions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The manifest's format.
    pub format: u32,
    /// Each table's partitions, by table name.
    pub tables: BTreeMap<String, Vec<Partition>>,
}

/// What an export did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LakeExport {
    /// Partitions written (new or changed), as `table/partition`.
    pub written: Vec<String>,
    /// Partitions left as they were.
    pub unchanged: usize,
    /// Partitions removed (their rows are gone from the store).
    pub removed: Vec<String>,
    /// Rows in the lake, by table.
    pub rows: BTreeMap<String, u64>,
}

/// Why the lake could not be written, beyond the store's own errors.
fn io(action: &str, path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Lake(format!("{action} {}: {e}", path.display()))
}

impl Store {
    /// Writes the lake of this store into `folder` (see [`write_lake`]),
    /// each activity with the organisation `affiliations` give its author's
    /// address on its day, as the dashboard counts it.
    pub fn export_lake(
        &self,
        folder: &Path,
        affiliations: &Affiliations,
    ) -> Result<LakeExport, StoreError> {
        self.stage_organisations(affiliations)?;
        let written = write_lake(&self.conn, folder, &TABLES);
        self.conn
            .execute_batch("DROP TABLE IF EXISTS lake_organisations")
            .during("dropping the lake's organisations")?;
        written
    }

    /// The temporary table `lake_organisations(identity_id, day,
    /// organisation)`: for each identity and day with activity (of a
    /// contributor without their own organisation), the organisation the
    /// affiliations give its address that day, when they give one.
    fn stage_organisations(&self, affiliations: &Affiliations) -> Result<(), StoreError> {
        let action = "staging the lake's organisations";
        self.conn
            .execute_batch(
                "CREATE OR REPLACE TEMP TABLE lake_organisations
                     (identity_id BIGINT, day DATE, organisation VARCHAR)",
            )
            .during(action)?;
        let mut days = self
            .conn
            .prepare(
                "SELECT DISTINCT a.identity_id, i.email, CAST(a.occurred_at AS DATE)
                 FROM activities a
                 JOIN identities i ON i.id = a.identity_id
                 JOIN contributors c ON c.id = i.contributor_id
                 WHERE c.organisation IS NULL",
            )
            .during(action)?;
        let rows = days
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, NaiveDate>(2)?,
                ))
            })
            .during(action)?;
        let mut staged = self.conn.appender("lake_organisations").during(action)?;
        for row in rows {
            let (identity, email, day) = row.during(action)?;
            if let Affiliation::Organisation(organisation) = affiliations.of(&email, Some(day)) {
                staged
                    .append_row(duckdb::params![identity, day, organisation])
                    .during(action)?;
            }
        }
        staged.flush().during(action)
    }
}

/// Writes `tables`, as `conn` reads them, into the lake in `folder`: every
/// partition whose rows changed since the export `folder`'s manifest
/// records (all of them the first time), then the manifest. A partition is
/// written beside its place and moved in whole; the manifest is written
/// last, so an interrupted export is completed by the next one. The store's
/// export and the synthetic generator (`vigie_metrics::synthetic`) both
/// write their lakes through it, so every lake has the same layout.
pub fn write_lake(
    conn: &duckdb::Connection,
    folder: &Path,
    tables: &[LakeTable<'_>],
) -> Result<LakeExport, StoreError> {
    let before = read_manifest(folder)?;
    let mut after = Manifest {
        format: 1,
        tables: BTreeMap::new(),
    };
    let mut report = LakeExport::default();
    for table in tables {
        let old: BTreeMap<&str, &Partition> = before
            .tables
            .get(table.name)
            .map(|ps| ps.iter().map(|p| (p.path.as_str(), p)).collect())
            .unwrap_or_default();
        let now = partitions(conn, table)?;
        for (key, partition) in &now {
            let file = folder
                .join(table.name)
                .join(&partition.path)
                .join("part.parquet");
            if old.get(partition.path.as_str()) == Some(&partition) && file.exists() {
                report.unchanged += 1;
                continue;
            }
            write_partition(conn, table, key, &file)?;
            report
                .written
                .push(format!("{}/{}", table.name, partition.path));
        }
        let kept: std::collections::HashSet<&str> =
            now.iter().map(|(_, p)| p.path.as_str()).collect();
        for gone in old.keys().filter(|p| !kept.contains(**p)) {
            let dir = folder.join(table.name).join(gone);
            if dir.exists() {
                std::fs::remove_dir_all(&dir).map_err(|e| io("cannot remove", &dir, e))?;
            }
            report.removed.push(format!("{}/{gone}", table.name));
        }
        report
            .rows
            .insert(table.name.to_owned(), now.iter().map(|(_, p)| p.rows).sum());
        after.tables.insert(
            table.name.to_owned(),
            now.into_iter().map(|(_, p)| p).collect(),
        );
    }
    write_manifest(folder, &after)?;
    Ok(report)
}

/// A table's partitions now: each (source, year, month) with its rows
/// and fingerprint.
fn partitions(
    conn: &duckdb::Connection,
    table: &LakeTable<'_>,
) -> Result<Vec<(PartitionKey, Partition)>, StoreError> {
    let action = "reading the lake's partitions";
    let mut statement = conn
        .prepare(&format!(
            "SELECT source, year, month, count(*), bit_xor(hash(t))
             FROM ({}) t GROUP BY ALL ORDER BY ALL",
            table.rows
        ))
        .during(action)?;
    let rows = statement
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, u64>(4)?,
            ))
        })
        .during(action)?;
    let mut partitions = Vec::new();
    for row in rows {
        let (source, year, month, count, hash) = row.during(action)?;
        let key = PartitionKey {
            source,
            year,
            month,
        };
        partitions.push((
            key.clone(),
            Partition {
                path: key.path(),
                rows: count.max(0) as u64,
                fingerprint: format!("{hash:016x}"),
            },
        ));
    }
    Ok(partitions)
}

/// Writes one partition's rows (without its partition columns, which
/// its path holds) to `file`, through a file beside it.
fn write_partition(
    conn: &duckdb::Connection,
    table: &LakeTable<'_>,
    key: &PartitionKey,
    file: &Path,
) -> Result<(), StoreError> {
    let dir = file.parent().unwrap_or(file);
    std::fs::create_dir_all(dir).map_err(|e| io("cannot create", dir, e))?;
    let partial = file.with_extension("parquet.partial");
    let target = partial
        .to_str()
        .ok_or_else(|| StoreError::Lake(format!("{} is not UTF-8", partial.display())))?
        .replace('\'', "''");
    conn.execute(
        &format!(
            "COPY (SELECT * EXCLUDE (source, year, month) FROM ({}) t
                       WHERE source = ? AND year = ? AND month = ?)
                 TO '{target}' (FORMAT parquet)",
            table.rows
        ),
        duckdb::params![key.source, key.year, key.month],
    )
    .during("writing a lake partition")?;
    std::fs::rename(&partial, file).map_err(|e| io("cannot write", file, e))
}

/// A partition's values.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PartitionKey {
    source: String,
    year: i64,
    month: i64,
}

impl PartitionKey {
    /// Its folder: `source=github/year=2024/month=3`, or `source=github`
    /// for a table without time.
    fn path(&self) -> String {
        let source = safe(&self.source);
        if self.year == 0 {
            format!("source={source}")
        } else {
            format!("source={source}/year={}/month={}", self.year, self.month)
        }
    }
}

/// A source as a folder name: sources are Vigie's own words (`git`,
/// `github`), but a folder name must never climb out of the lake.
fn safe(source: &str) -> String {
    source
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn read_manifest(folder: &Path) -> Result<Manifest, StoreError> {
    let path = folder.join(MANIFEST);
    match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| {
            StoreError::Lake(format!(
                "{} is not a lake's manifest ({e}): export into a new folder, or remove it",
                path.display()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Manifest::default()),
        Err(e) => Err(io("cannot read", &path, e)),
    }
}

fn write_manifest(folder: &Path, manifest: &Manifest) -> Result<(), StoreError> {
    std::fs::create_dir_all(folder).map_err(|e| io("cannot create", folder, e))?;
    let path = folder.join(MANIFEST);
    let partial: PathBuf = folder.join(format!("{MANIFEST}.partial"));
    let text = serde_json::to_string_pretty(manifest).unwrap_or_default();
    std::fs::write(&partial, text).map_err(|e| io("cannot write", &partial, e))?;
    std::fs::rename(&partial, &path).map_err(|e| io("cannot write", &path, e))
}
