//! Writing and reading the estate's snapshots: a repository's refs, its
//! tip and the files of the tip that have a role (009_estate.sql), and
//! with them its source files' licence headers (`licence_headers.rs`).

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use duckdb::{params, Transaction};

use super::Store;
use crate::error::{DbContext, StoreError};
use crate::estate::java::EnterpriseApi;
use crate::estate::roles::Role;
use crate::estate::tip::RefKind;
use crate::estate::Snapshot;

/// UTC, as the store keeps times.
fn utc(time: Option<DateTime<FixedOffset>>) -> Option<NaiveDateTime> {
    time.map(|t| t.with_timezone(&Utc).naive_utc())
}

impl Store {
    /// Where every repository's refs stood when its contents were last
    /// read, by repository name in lower case.
    pub fn tip_positions(&self) -> Result<std::collections::HashMap<String, String>, StoreError> {
        const DURING: &str = "reading the tips' positions";
        let mut statement = self
            .conn
            .prepare(
                "SELECT lower(r.name), t.refs_position FROM repository_tips t
                 JOIN repositories r ON r.id = t.repository_id",
            )
            .during(DURING)?;
        let rows = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .during(DURING)?;
        rows.collect::<Result<_, _>>().during(DURING)
    }

    /// Keeps `snapshot` as what `repository` is made of, with the refs'
    /// `position`, replacing what was kept before: all of it or, if
    /// anything fails, none. The repository must be stored already (its
    /// history is read first); `false` if it is not.
    pub fn save_snapshot(
        &mut self,
        repository: &str,
        snapshot: &Snapshot,
        position: &str,
    ) -> Result<bool, StoreError> {
        let tx = self.conn.transaction().during("starting to keep a tip")?;
        let id: Option<i32> = tx
            .query_row(
                "SELECT min(id) FROM repositories WHERE lower(name) = lower(?)",
                [repository],
                |r| r.get(0),
            )
            .during("finding a repository")?;
        let Some(id) = id else {
            return Ok(false);
        };
        for table in [
            "repository_tips",
            "repository_refs",
            "tip_files",
            "licence_headers",
        ] {
            tx.execute(
                &format!("DELETE FROM {table} WHERE repository_id = ?"),
                [id],
            )
            .during("replacing a tip")?;
        }
        tx.execute(
            "INSERT INTO repository_tips VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            params![
                id,
                snapshot.branch,
                snapshot.commit,
                utc(snapshot.committed_at),
                position,
                snapshot.files,
                snapshot.bytes as i64,
                Utc::now().naive_utc(),
                u32::try_from(snapshot.sources.len()).unwrap_or(u32::MAX),
            ],
        )
        .during("keeping a tip")?;
        insert_refs(&tx, id, snapshot)?;
        insert_files(&tx, id, snapshot)?;
        super::licence_headers::insert(&tx, id, snapshot)?;
        tx.commit().during("keeping a tip")?;
        Ok(true)
    }
}

fn insert_refs(tx: &Transaction<'_>, id: i32, snapshot: &Snapshot) -> Result<(), StoreError> {
    let mut out = tx.appender("repository_refs").during("keeping refs")?;
    for r in &snapshot.refs.0 {
        out.append_row(params![
            id,
            r.kind.as_str(),
            r.name,
            r.commit,
            utc(r.dated_at),
            r.head
        ])
        .during("keeping refs")?;
    }
    out.flush().during("keeping refs")
}

fn insert_files(tx: &Transaction<'_>, id: i32, snapshot: &Snapshot) -> Result<(), StoreError> {
    let mut out = tx.appender("tip_files").during("keeping a tip's files")?;
    for f in &snapshot.roles {
        out.append_row(params![
            id,
            f.path,
            f.role.as_str(),
            f.size as i64,
            f.content,
            f.truncated,
            f.java_api.map(|a| a.as_str()),
            f.language,
            f.licence.as_ref().map(|(spdx, _)| spdx.as_str()),
            f.licence.as_ref().map(|(_, score)| f64::from(*score)),
        ])
        .during("keeping a tip's files")?;
    }
    out.flush().during("keeping a tip's files")
}

/// A repository's tip, as kept.
#[derive(Debug, Clone, PartialEq)]
pub struct TipRecord {
    /// The repository (`owner/name`).
    pub repository: String,
    /// Its default branch.
    pub branch: String,
    /// The tip's commit.
    pub commit: String,
    /// The tip's committer date (UTC).
    pub committed_at: Option<NaiveDateTime>,
    /// Files in the tree.
    pub files: u32,
    /// Their bytes.
    pub bytes: u64,
}

/// A file of a tip that has a role, without its text.
#[derive(Debug, Clone, PartialEq)]
pub struct TipFileRecord {
    /// The repository (`owner/name`).
    pub repository: String,
    /// The file's path from the root.
    pub path: String,
    /// What it is.
    pub role: Role,
    /// Bytes.
    pub size: u64,
    /// Its text was cut at the store's limit.
    pub truncated: bool,
    /// The enterprise API a Java file imports.
    pub java_api: Option<EnterpriseApi>,
    /// A translation's language.
    pub language: Option<String>,
    /// A licence file's SPDX identifier and match score.
    pub licence: Option<(String, f64)>,
}

/// A branch or tag, as kept.
#[derive(Debug, Clone, PartialEq)]
pub struct RefRecord {
    /// The repository (`owner/name`).
    pub repository: String,
    /// Branch or tag.
    pub kind: RefKind,
    /// Its short name.
    pub name: String,
    /// The commit it points to.
    pub commit: String,
    /// Its date (UTC): an annotated tag's own, else its commit's.
    pub dated_at: Option<NaiveDateTime>,
    /// The default branch.
    pub is_default: bool,
}

impl Store {
    /// Every kept tip, by repository name.
    pub fn tips(&self) -> Result<Vec<TipRecord>, StoreError> {
        const DURING: &str = "reading the tips";
        let mut statement = self
            .conn
            .prepare(
                "SELECT r.name, t.branch, t.commit_sha, t.committed_at, t.files, t.bytes
                 FROM repository_tips t JOIN repositories r ON r.id = t.repository_id
                 ORDER BY r.name",
            )
            .during(DURING)?;
        let rows = statement
            .query_map([], |row| {
                Ok(TipRecord {
                    repository: row.get(0)?,
                    branch: row.get(1)?,
                    commit: row.get(2)?,
                    committed_at: row.get(3)?,
                    files: row.get(4)?,
                    bytes: row.get::<_, i64>(5)?.max(0) as u64,
                })
            })
            .during(DURING)?;
        rows.collect::<Result<_, _>>().during(DURING)
    }

    /// Every kept file with a role, by repository and path (texts aside).
    pub fn tip_files(&self) -> Result<Vec<TipFileRecord>, StoreError> {
        const DURING: &str = "reading the tips' files";
        let mut statement = self
            .conn
            .prepare(
                "SELECT r.name, f.path, f.role, f.size, f.truncated, f.java_api, f.language,
                        f.licence, f.licence_score
                 FROM tip_files f JOIN repositories r ON r.id = f.repository_id
                 ORDER BY r.name, f.path",
            )
            .during(DURING)?;
        let rows = statement
            .query_map([], |row| {
                let role: String = row.get(2)?;
                let api: Option<String> = row.get(5)?;
                let licence: Option<String> = row.get(7)?;
                Ok(TipFileRecord {
                    repository: row.get(0)?,
                    path: row.get(1)?,
                    role: Role::parse(&role).unwrap_or(Role::Github),
                    size: row.get::<_, i64>(3)?.max(0) as u64,
                    truncated: row.get(4)?,
                    java_api: api.as_deref().and_then(EnterpriseApi::parse),
                    language: row.get(6)?,
                    licence: licence.zip(row.get::<_, Option<f64>>(8)?),
                })
            })
            .during(DURING)?;
        rows.collect::<Result<_, _>>().during(DURING)
    }

    /// The kept texts of the files with `role`: repository, path, text.
    pub fn tip_texts(&self, role: Role) -> Result<Vec<(String, String, String)>, StoreError> {
        const DURING: &str = "reading the tips' texts";
        let mut statement = self
            .conn
            .prepare(
                "SELECT r.name, f.path, f.content
                 FROM tip_files f JOIN repositories r ON r.id = f.repository_id
                 WHERE f.role = ? AND f.content IS NOT NULL
                 ORDER BY r.name, f.path",
            )
            .during(DURING)?;
        let rows = statement
            .query_map([role.as_str()], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .during(DURING)?;
        rows.collect::<Result<_, _>>().during(DURING)
    }

    /// Every kept branch and tag, by repository, kind and name.
    pub fn refs(&self) -> Result<Vec<RefRecord>, StoreError> {
        const DURING: &str = "reading the refs";
        let mut statement = self
            .conn
            .prepare(
                "SELECT r.name, x.kind, x.name, x.commit_sha, x.dated_at, x.is_default
                 FROM repository_refs x JOIN repositories r ON r.id = x.repository_id
                 ORDER BY r.name, x.kind, x.name",
            )
            .during(DURING)?;
        let rows = statement
            .query_map([], |row| {
                let kind: String = row.get(1)?;
                Ok(RefRecord {
                    repository: row.get(0)?,
                    kind: if kind == "tag" {
                        RefKind::Tag
                    } else {
                        RefKind::Branch
                    },
                    name: row.get(2)?,
                    commit: row.get(3)?,
                    dated_at: row.get(4)?,
                    is_default: row.get(5)?,
                })
            })
            .during(DURING)?;
        rows.collect::<Result<_, _>>().during(DURING)
    }
}

/// A Maven module (one pom) of a tip, placeholders filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleRecord {
    /// The repository (`owner/name`).
    pub repository: String,
    /// The pom's path.
    pub path: String,
    /// Its groupId (the parent's when it has none).
    pub group_id: Option<String>,
    /// Its artifactId.
    pub artifact_id: String,
    /// Its version (the parent's when it has none).
    pub version: Option<String>,
    /// Its packaging (`jar`, `pom`, `lutece-plugin`...).
    pub packaging: String,
    /// Its parent: `groupId:artifactId:version`.
    pub parent: Option<String>,
    /// Its `<name>`.
    pub name: Option<String>,
    /// Its `<licenses>`: SPDX identifiers, else the names as written.
    pub licences: Vec<String>,
    /// What could not be read or filled in, in words.
    pub problems: Option<String>,
}

/// A dependency a module declares.
#[derive(Debug, Clone, PartialEq)]
pub struct DependencyRecord {
    /// The repository (`owner/name`).
    pub repository: String,
    /// The declaring pom's path.
    pub path: String,
    /// The artifact's groupId.
    pub group_id: String,
    /// The artifact's artifactId.
    pub artifact_id: String,
    /// The version or range declared, placeholders filled in; `None` when
    /// absent or not resolvable.
    pub version: Option<String>,
    /// `compile`, `provided`, `runtime`, `test`, `system`, `import`.
    pub scope: String,
    /// Declared in `<dependencyManagement>`.
    pub managed: bool,
    /// `<optional>true</optional>`.
    pub optional: bool,
}

impl Store {
    /// Replaces every Maven module and dependency with `modules` and
    /// `dependencies`, in one transaction. Rows of repositories the store
    /// does not know are left out.
    pub fn replace_maven(
        &mut self,
        modules: &[ModuleRecord],
        dependencies: &[DependencyRecord],
    ) -> Result<(), StoreError> {
        const DURING: &str = "keeping the Maven modules";
        let tx = self.conn.transaction().during(DURING)?;
        let ids: std::collections::HashMap<String, i32> = {
            let mut statement = tx
                .prepare("SELECT lower(name), id FROM repositories")
                .during(DURING)?;
            let rows = statement
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .during(DURING)?;
            rows.collect::<Result<_, _>>().during(DURING)?
        };
        let id = |name: &str| ids.get(&name.to_lowercase()).copied();
        tx.execute_batch("DELETE FROM maven_modules; DELETE FROM maven_dependencies;")
            .during(DURING)?;
        {
            let mut out = tx.appender("maven_modules").during(DURING)?;
            for m in modules {
                let Some(id) = id(&m.repository) else {
                    continue;
                };
                let licences = m.licences.join("\n");
                out.append_row(params![
                    id,
                    m.path,
                    m.group_id,
                    m.artifact_id,
                    m.version,
                    m.packaging,
                    m.parent,
                    m.name,
                    licences,
                    m.problems
                ])
                .during(DURING)?;
            }
            out.flush().during(DURING)?;
            let mut out = tx.appender("maven_dependencies").during(DURING)?;
            for d in dependencies {
                let Some(id) = id(&d.repository) else {
                    continue;
                };
                out.append_row(params![
                    id,
                    d.path,
                    d.group_id,
                    d.artifact_id,
                    d.version,
                    d.scope,
                    d.managed,
                    d.optional
                ])
                .during(DURING)?;
            }
            out.flush().during(DURING)?;
        }
        tx.commit().during(DURING)
    }

    /// Every Maven module, by repository and path.
    pub fn maven_modules(&self) -> Result<Vec<ModuleRecord>, StoreError> {
        const DURING: &str = "reading the Maven modules";
        let mut statement = self
            .conn
            .prepare(
                "SELECT r.name, m.path, m.group_id, m.artifact_id, m.version, m.packaging, m.parent,
                        m.name, m.licences, m.problems
                 FROM maven_modules m JOIN repositories r ON r.id = m.repository_id
                 ORDER BY r.name, m.path",
            )
            .during(DURING)?;
        let rows = statement
            .query_map([], |row| {
                let licences: Option<String> = row.get(8)?;
                Ok(ModuleRecord {
                    repository: row.get(0)?,
                    path: row.get(1)?,
                    group_id: row.get(2)?,
                    artifact_id: row.get(3)?,
                    version: row.get(4)?,
                    packaging: row.get(5)?,
                    parent: row.get(6)?,
                    name: row.get(7)?,
                    licences: licences
                        .filter(|l| !l.is_empty())
                        .map(|l| l.split('\n').map(str::to_owned).collect())
                        .unwrap_or_default(),
                    problems: row.get(9)?,
                })
            })
            .during(DURING)?;
        rows.collect::<Result<_, _>>().during(DURING)
    }

    /// Every declared dependency, by repository, pom and artifact.
    pub fn maven_dependencies(&self) -> Result<Vec<DependencyRecord>, StoreError> {
        const DURING: &str = "reading the Maven dependencies";
        let mut statement = self
            .conn
            .prepare(
                "SELECT r.name, d.path, d.group_id, d.artifact_id, d.version, d.scope, d.managed,
                        d.optional
                 FROM maven_dependencies d JOIN repositories r ON r.id = d.repository_id
                 ORDER BY r.name, d.path, d.managed, d.group_id, d.artifact_id",
            )
            .during(DURING)?;
        let rows = statement
            .query_map([], |row| {
                Ok(DependencyRecord {
                    repository: row.get(0)?,
                    path: row.get(1)?,
                    group_id: row.get(2)?,
                    artifact_id: row.get(3)?,
                    version: row.get(4)?,
                    scope: row.get(5)?,
                    managed: row.get(6)?,
                    optional: row.get(7)?,
                })
            })
            .during(DURING)?;
        rows.collect::<Result<_, _>>().during(DURING)
    }
}
