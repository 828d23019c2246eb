//! Writing one repository's commits: one transaction with the commits, their
//! activities, new identities, the repository's `.mailmap`, the cursor the
//! next run resumes from, and the contributors resolved again if identities
//! changed. A crash leaves all of it or none.

mod columns;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use duckdb::params;

use super::staging::{drop_tables, Cell, Kind, Staged};
use super::{contributors, LoadSummary, Store};
use crate::error::{DbContext, StoreError};
use crate::git::Commit;
use crate::identity::mailmap::MailmapEntry;
use crate::identity::{Identities, Rules};
use columns::{ActivityColumns, CommitColumns};

/// Where a source resumes: stored with the data it describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The source (its URL or path).
    pub source: String,
    /// What was read (`commits`).
    pub category: &'static str,
    /// The position: for git, the ref tips read; for a file, its size and time.
    pub value: String,
}

/// One repository's new history.
#[derive(Debug, Clone)]
pub struct RepositoryLoad<'a> {
    /// `owner/name` or a folder name.
    pub repository: &'a str,
    /// Its URL, when it has one.
    pub url: Option<&'a str>,
    /// The commits read (already stored ones are skipped).
    pub commits: &'a [Commit],
    /// Whether the commits carry line stats (else they are stored as NULL).
    pub stats: bool,
    /// The repository's `.mailmap`, replacing the stored one, if read.
    pub mailmap: Option<Vec<MailmapEntry>>,
    /// Where the next run resumes, if the source has such a thing.
    pub cursor: Option<Cursor>,
}

impl Store {
    /// Every stored cursor of a category, by (source, repository name).
    pub fn cursors(&self, category: &str) -> Result<HashMap<(String, String), String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT k.source, r.name, k.cursor FROM ingest_cursors k
                 JOIN repositories r ON r.id = k.repository_id WHERE k.category = ?",
            )
            .during("reading cursors")?;
        let rows = stmt
            .query_map([category], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))
            .during("reading cursors")?;
        rows.collect::<Result<_, _>>().during("reading cursors")
    }

    /// Stores the new commits of one or more repositories in one
    /// transaction (one write to disk for many small repositories); commits
    /// already stored for a repository are skipped. Contributors are
    /// resolved again in the same transaction if identities or `.mailmap`s
    /// changed. `identities` must come from [`Store::identities`] of this store.
    pub fn load(
        &mut self,
        loads: &[RepositoryLoad<'_>],
        identities: &mut Identities,
        rules: &Rules,
    ) -> Result<Vec<LoadSummary>, StoreError> {
        self.load_resolving(loads, identities, Some(rules))
    }

    /// [`Store::load`], leaving contributors unresolved: a new identity is
    /// its own contributor until the run resolves them all at its end
    /// ([`Store::resolve_contributors`]), as forge accounts are. For a
    /// source that stores many batches in one run (GH Archive's hours),
    /// where resolving after each would read every identity each time.
    pub fn load_unresolved(
        &mut self,
        loads: &[RepositoryLoad<'_>],
        identities: &mut Identities,
    ) -> Result<Vec<LoadSummary>, StoreError> {
        self.load_resolving(loads, identities, None)
    }

    fn load_resolving(
        &mut self,
        loads: &[RepositoryLoad<'_>],
        identities: &mut Identities,
        rules: Option<&Rules>,
    ) -> Result<Vec<LoadSummary>, StoreError> {
        let started = std::time::Instant::now();
        let tx = self.conn.transaction().during("starting a load")?;
        let (summaries, identities_changed) = write_all(&tx, loads, identities, rules.is_none())?;
        let mut changed = summaries.iter().any(|s| s.commits_added > 0);
        let written = started.elapsed();
        if let Some(rules) = rules.filter(|_| identities_changed) {
            changed |= contributors::resolve_in(&tx, rules)?.changed;
        }
        let resolved = started.elapsed();
        if changed {
            tx.execute_batch("UPDATE data_version SET version = version + 1")
                .during("bumping the data version")?;
        }
        tx.commit().during("committing a load")?;
        tracing::debug!(
            write_ms = written.as_millis() as u64,
            resolve_ms = (resolved - written).as_millis() as u64,
            commit_ms = (started.elapsed() - resolved).as_millis() as u64,
            "load transaction"
        );
        Ok(summaries)
    }
}

/// Writes the loads' rows inside the caller's transaction (new identities
/// with `own_contributors` of their own, when contributors are resolved
/// later): what each added, and whether identities or a `.mailmap` changed.
fn write_all(
    tx: &duckdb::Transaction<'_>,
    loads: &[RepositoryLoad<'_>],
    identities: &mut Identities,
    own_contributors: bool,
) -> Result<(Vec<LoadSummary>, bool), StoreError> {
    // The batch's rows are gathered column by column and handed to DuckDB
    // as one Arrow batch per table: far cheaper than a call per value.
    let mut rows = Rows::new(tx)?;
    let ids: Vec<(i32, bool)> = loads
        .iter()
        .map(|l| rows.repositories.id_of(l.repository, l.url))
        .collect();
    let stored = stored_commits(tx, loads, &ids)?;
    let none = HashSet::new();
    let mut summaries = Vec::with_capacity(loads.len());
    let mut identities_changed = false;
    for (load, (repository_id, _)) in loads.iter().zip(&ids) {
        let known = stored.get(repository_id).unwrap_or(&none);
        let (summary, mailmap_changed) =
            load_one(tx, load, (*repository_id, known), identities, &mut rows)?;
        identities_changed |= summary.identities_added > 0 || mailmap_changed;
        summaries.push(summary);
    }
    rows.write(tx, own_contributors)?;
    Ok((summaries, identities_changed))
}

/// Rows of a load transaction, column by column, in the tables' order.
struct Rows {
    repositories: Repositories,
    added_shas: HashMap<i32, HashSet<String>>,
    cursors: Vec<(Cursor, i32)>,
    commits: CommitColumns,
    activities: ActivityColumns,
    identities: Vec<crate::identity::NewIdentity>,
}

/// The repositories known to the store, and those this transaction adds.
struct Repositories {
    known: HashMap<String, (i32, Option<String>)>,
    next_id: i32,
    added: Vec<(i32, String, Option<String>)>,
    new_urls: Vec<(i32, String)>,
}

impl Repositories {
    fn read(tx: &duckdb::Transaction<'_>) -> Result<Self, StoreError> {
        let mut stmt = tx
            .prepare("SELECT id, name, url FROM repositories")
            .during("reading repositories")?;
        let known: HashMap<String, (i32, Option<String>)> = stmt
            .query_map([], |r| Ok((r.get(1)?, (r.get(0)?, r.get(2)?))))
            .during("reading repositories")?
            .collect::<Result<_, _>>()
            .during("reading repositories")?;
        let next_id = known.values().map(|(id, _)| id + 1).max().unwrap_or(1);
        Ok(Self {
            known,
            next_id,
            added: Vec::new(),
            new_urls: Vec::new(),
        })
    }

    /// The id of a repository, and whether this transaction adds it.
    fn id_of(&mut self, name: &str, url: Option<&str>) -> (i32, bool) {
        if let Some((id, stored_url)) = self.known.get(name) {
            let id = *id;
            if let Some(url) = url.filter(|u| stored_url.as_deref() != Some(*u)) {
                self.new_urls.push((id, url.to_owned()));
            }
            let is_new = self.added.iter().any(|(added, _, _)| *added == id);
            return (id, is_new);
        }
        let id = self.next_id;
        self.next_id += 1;
        self.known
            .insert(name.to_owned(), (id, url.map(str::to_owned)));
        self.added
            .push((id, name.to_owned(), url.map(str::to_owned)));
        (id, true)
    }

    /// Adds the new repositories, and the new clone addresses of known ones.
    fn write(&self, tx: &duckdb::Transaction<'_>, now: NaiveDateTime) -> Result<(), StoreError> {
        if !self.added.is_empty() {
            // Named columns: forge sources fill the others.
            let mut insert = tx
                .prepare(
                    "INSERT INTO repositories (id, name, url, first_seen, platform)
                     VALUES (?, ?, ?, ?, 'git')",
                )
                .during("adding repositories")?;
            for (id, name, url) in &self.added {
                insert
                    .execute(params![id, name, url, now])
                    .during("adding repositories")?;
            }
        }
        for (id, url) in &self.new_urls {
            tx.execute(
                // A forge's web address stays: the clone's is not better.
                "UPDATE repositories SET url = ? WHERE id = ? AND coalesce(platform, 'git') = 'git'",
                params![url, id],
            )
            .during("updating a repository")?;
        }
        Ok(())
    }
}

impl Rows {
    fn new(tx: &duckdb::Transaction<'_>) -> Result<Self, StoreError> {
        Ok(Self {
            repositories: Repositories::read(tx)?,
            added_shas: HashMap::new(),
            cursors: Vec::new(),
            commits: CommitColumns::default(),
            activities: ActivityColumns::default(),
            identities: Vec::new(),
        })
    }

    /// Writes the rows, table by table; with `own_contributors`, each new
    /// identity also gets a contributor of its own until contributors are
    /// resolved.
    fn write(self, tx: &duckdb::Transaction<'_>, own_contributors: bool) -> Result<(), StoreError> {
        let now = super::now();
        self.repositories.write(tx, now)?;
        write_cursors(tx, self.cursors, now)?;
        self.commits.append(tx)?;
        self.activities.append(tx)?;
        columns::append_identities(tx, &self.identities)?;
        if own_contributors {
            columns::append_own_contributors(tx, &self.identities)?;
        }
        Ok(())
    }
}

/// Saves the cursors the next run resumes from, with the data they stand for.
fn write_cursors(
    tx: &duckdb::Transaction<'_>,
    cursors: Vec<(Cursor, i32)>,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    if cursors.is_empty() {
        return Ok(());
    }
    let values = vec!["(?, ?, ?, ?, ?)"; cursors.len()].join(", ");
    let mut args: Vec<Box<dyn duckdb::ToSql>> = Vec::new();
    for (cursor, repository_id) in cursors {
        args.push(Box::new(cursor.source));
        args.push(Box::new(repository_id));
        args.push(Box::new(cursor.category));
        args.push(Box::new(cursor.value));
        args.push(Box::new(now));
    }
    tx.execute(
        &format!("INSERT OR REPLACE INTO ingest_cursors VALUES {values}"),
        duckdb::params_from_iter(args),
    )
    .during("saving cursors")?;
    Ok(())
}

/// The loads' commits already stored, by repository: the candidates staged
/// and matched with `commits` in one statement for the whole batch, rather
/// than each repository's stored commits read one repository at a time.
/// Repositories this transaction adds have none.
fn stored_commits(
    tx: &duckdb::Transaction<'_>,
    loads: &[RepositoryLoad<'_>],
    ids: &[(i32, bool)],
) -> Result<HashMap<i32, HashSet<String>>, StoreError> {
    let mut staged = Staged::new(
        "load_staged_commits",
        &[("repository_id", Kind::Int), ("sha", Kind::Text)],
    );
    for (load, (id, is_new)) in loads.iter().zip(ids) {
        if *is_new {
            continue;
        }
        for commit in load.commits {
            staged.push(&[Cell::Int(Some((*id).into())), Cell::Text(Some(&commit.sha))]);
        }
    }
    let mut stored: HashMap<i32, HashSet<String>> = HashMap::new();
    if staged.len() == 0 {
        return Ok(stored);
    }
    let during = "reading stored commits";
    staged.write(tx)?;
    let mut stmt = tx
        .prepare(
            "SELECT DISTINCT c.repository_id, c.sha FROM load_staged_commits s
             JOIN commits c ON c.repository_id = s.repository_id AND c.sha = s.sha",
        )
        .during(during)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i32>(0)?, r.get::<_, String>(1)?)))
        .during(during)?;
    for row in rows {
        let (id, sha) = row.during(during)?;
        stored.entry(id).or_default().insert(sha);
    }
    drop_tables(tx, &["load_staged_commits"])?;
    Ok(stored)
}

/// Writes one repository (its id, and those of its commits already stored)
/// inside the caller's transaction; says what it added and whether its
/// `.mailmap` changed.
fn load_one(
    tx: &duckdb::Transaction<'_>,
    load: &RepositoryLoad<'_>,
    (repository_id, known): (i32, &HashSet<String>),
    identities: &mut Identities,
    rows: &mut Rows,
) -> Result<(LoadSummary, bool), StoreError> {
    let mut summary = LoadSummary {
        commits_read: load.commits.len() as u64,
        ..LoadSummary::default()
    };
    // Commits added by this transaction (a repository may come from two
    // sources in one batch, or list a commit twice).
    let mut added = std::mem::take(rows.added_shas.entry(repository_id).or_default());
    for commit in load.commits {
        if known.contains(&commit.sha) || !added.insert(commit.sha.clone()) {
            continue;
        }
        let author = identities.id_of(&commit.author);
        let committer = identities.id_of(&commit.committer);
        rows.commits
            .push(repository_id, commit, (author, committer), load.stats);
        summary.commits_added += 1;
        // The author and each co-author are credited once per commit.
        let mut credited = vec![author];
        for co in &commit.co_authors {
            let id = identities.id_of(co);
            if !credited.contains(&id) {
                credited.push(id);
            }
        }
        let authored_at = commit.authored_at.timestamp_micros();
        for identity in credited {
            rows.activities.push(
                repository_id,
                identity,
                "commit",
                authored_at,
                commit.sha.clone(),
            );
            summary.activities_added += 1;
        }
    }

    rows.added_shas.insert(repository_id, added);
    let new_identities = identities.take_new();
    summary.identities_added = new_identities.len() as u64;
    rows.identities.extend(new_identities);
    let mailmap_changed = match &load.mailmap {
        Some(entries) => contributors::replace_mailmap(tx, repository_id, entries)?,
        None => false,
    };
    if let Some(cursor) = &load.cursor {
        rows.cursors.push((cursor.clone(), repository_id));
    }
    Ok((summary, mailmap_changed))
}
