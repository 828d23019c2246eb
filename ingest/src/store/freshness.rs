//! What a Maven repository last said of the estate's external
//! dependencies (010_maven_freshness.sql).

use chrono::NaiveDateTime;
use duckdb::params;

use super::Store;
use crate::error::{DbContext, StoreError};

/// What is known of one external artifact's versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreshnessRecord {
    /// The artifact's groupId.
    pub group_id: String,
    /// Its artifactId.
    pub artifact_id: String,
    /// What the repository said.
    pub status: FreshnessStatus,
    /// The release deployed last (`versioning/release`).
    pub release: Option<String>,
    /// Every version the repository lists.
    pub versions: Vec<String>,
    /// When the repository last wrote the file (`versioning/lastUpdated`).
    pub last_updated: Option<NaiveDateTime>,
    /// When the repository gave or confirmed it (UTC).
    pub fetched_at: Option<NaiveDateTime>,
    /// Older than the cache lifetime: the repository could not confirm it.
    pub stale: bool,
    /// Why nothing is known, in words.
    pub reason: Option<String>,
}

/// What the repository said of an artifact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FreshnessStatus {
    /// Its metadata is known.
    Known,
    /// The repository does not have it.
    NotInRepository,
    /// Nothing is known (see the reason).
    Unavailable,
}

impl FreshnessStatus {
    fn as_str(self) -> &'static str {
        match self {
            FreshnessStatus::Known => "known",
            FreshnessStatus::NotInRepository => "not-in-repository",
            FreshnessStatus::Unavailable => "unavailable",
        }
    }

    fn parse(text: &str) -> FreshnessStatus {
        match text {
            "known" => FreshnessStatus::Known,
            "not-in-repository" => FreshnessStatus::NotInRepository,
            _ => FreshnessStatus::Unavailable,
        }
    }
}

impl Store {
    /// The artifacts the estate's modules depend on (outside dependency
    /// management) and none of them builds, by groupId and artifactId.
    pub fn external_artifacts(&self) -> Result<Vec<(String, String)>, StoreError> {
        const DURING: &str = "listing the external dependencies";
        let mut statement = self
            .conn
            .prepare(
                "SELECT DISTINCT d.group_id, d.artifact_id FROM maven_dependencies d
                 WHERE NOT d.managed AND NOT EXISTS (
                     SELECT 1 FROM maven_modules m
                     WHERE coalesce(m.group_id, '') = d.group_id
                       AND m.artifact_id = d.artifact_id)
                 ORDER BY 1, 2",
            )
            .during(DURING)?;
        let rows = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .during(DURING)?;
        rows.collect::<Result<_, _>>().during(DURING)
    }

    /// Replaces what is known of the external artifacts with `records`, in
    /// one transaction; the data version moves only when something changed.
    pub fn replace_freshness(&mut self, records: &[FreshnessRecord]) -> Result<(), StoreError> {
        const DURING: &str = "keeping the freshness of external dependencies";
        if self.freshness()? == records {
            return Ok(());
        }
        let tx = self.conn.transaction().during(DURING)?;
        tx.execute_batch("DELETE FROM maven_freshness")
            .during(DURING)?;
        {
            let mut out = tx.appender("maven_freshness").during(DURING)?;
            for r in records {
                out.append_row(params![
                    r.group_id,
                    r.artifact_id,
                    r.status.as_str(),
                    r.release,
                    r.versions.join("\n"),
                    r.last_updated,
                    r.fetched_at,
                    r.stale,
                    r.reason
                ])
                .during(DURING)?;
            }
            out.flush().during(DURING)?;
        }
        tx.execute_batch("UPDATE data_version SET version = version + 1")
            .during(DURING)?;
        tx.commit().during(DURING)
    }

    /// What is known of every external artifact asked about, by groupId
    /// and artifactId.
    pub fn freshness(&self) -> Result<Vec<FreshnessRecord>, StoreError> {
        const DURING: &str = "reading the freshness of external dependencies";
        let mut statement = self
            .conn
            .prepare(
                "SELECT group_id, artifact_id, status, release, versions, last_updated,
                        fetched_at, stale, reason
                 FROM maven_freshness ORDER BY group_id, artifact_id",
            )
            .during(DURING)?;
        let rows = statement
            .query_map([], |row| {
                let status: String = row.get(2)?;
                let versions: Option<String> = row.get(4)?;
                Ok(FreshnessRecord {
                    group_id: row.get(0)?,
                    artifact_id: row.get(1)?,
                    status: FreshnessStatus::parse(&status),
                    release: row.get(3)?,
                    versions: versions
                        .filter(|v| !v.is_empty())
                        .map(|v| v.split('\n').map(str::to_owned).collect())
                        .unwrap_or_default(),
                    last_updated: row.get(5)?,
                    fetched_at: row.get(6)?,
                    stale: row.get(7)?,
                    reason: row.get(8)?,
                })
            })
            .during(DURING)?;
        rows.collect::<Result<_, _>>().during(DURING)
    }
}
