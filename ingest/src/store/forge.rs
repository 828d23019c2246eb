//! Storing what a forge source read of one repository: metadata, issues and
//! pull requests (replacing their earlier version), comments, reviews,
//! events and releases (each once), the activities they stand for, and the
//! cursors the next run resumes from, all in one transaction.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use duckdb::{params, Transaction};

use super::Store;
use crate::error::{DbContext, StoreError};
use crate::forge::{Account, RepositoryData};

/// What storing one repository's forge data changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ForgeSummary {
    /// Issues and pull requests stored (new or updated).
    pub issues: u64,
    /// Comments, reviews, events and releases not stored before.
    pub added: u64,
    /// Activities added.
    pub activities: u64,
    /// The repository's language, licence or archived flag changed (what
    /// the dashboard shows of it).
    pub described: bool,
}

impl Store {
    /// Every cursor of a forge `source` for a repository, by category.
    pub fn forge_cursors(
        &self,
        source: &str,
        repository: &str,
    ) -> Result<HashMap<String, String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT k.category, k.cursor FROM ingest_cursors k
                 JOIN repositories r ON r.id = k.repository_id
                 WHERE k.source = ? AND lower(r.name) = lower(?)",
            )
            .during("reading cursors")?;
        let rows = stmt
            .query_map(params![source, repository], |r| Ok((r.get(0)?, r.get(1)?)))
            .during("reading cursors")?;
        rows.collect::<Result<_, _>>().during("reading cursors")
    }

    /// Stores one repository's forge data and its cursors in one transaction.
    pub fn load_forge(
        &mut self,
        repository: &str,
        data: &RepositoryData,
    ) -> Result<ForgeSummary, StoreError> {
        let tx = self.conn.transaction().during("starting a forge load")?;
        let summary = load(&tx, repository, data)?;
        if summary.issues + summary.added > 0 || summary.described {
            tx.execute_batch("UPDATE data_version SET version = version + 1")
                .during("bumping the data version")?;
        }
        tx.commit().during("committing a forge load")?;
        Ok(summary)
    }

    /// Sets each issue's first response (the first comment, review, close or
    /// merge by someone other than its author who is not a bot) and whether
    /// it was its author's first contribution. Run after contributors are
    /// resolved (who is whom, who is a bot).
    pub fn update_first_responses(&mut self) -> Result<(), StoreError> {
        let during = "computing first responses and newcomers' items";
        let tx = self.conn.transaction().during(during)?;
        // Nothing to do without forge data (a git-only configuration).
        let issues: i64 = tx
            .query_row("SELECT count(*) FROM issues", [], |r| r.get(0))
            .during(during)?;
        if issues == 0 {
            return Ok(());
        }
        let changed = tx
            .execute(
                "UPDATE issues SET first_response_at = r.t FROM (
                     SELECT i.repository_id, i.number, i.is_pr, min(x.t) AS t
                     FROM issues i
                     JOIN (SELECT repository_id, issue_number, on_pr, author_identity_id AS who,
                                  created_at AS t FROM comments
                           UNION ALL
                           SELECT repository_id, issue_number, true, author_identity_id,
                                  submitted_at
                           FROM reviews
                           UNION ALL
                           SELECT repository_id, issue_number, on_pr, actor_identity_id,
                                  occurred_at
                           FROM issue_events WHERE kind IN ('closed', 'merged')) x
                       ON x.repository_id = i.repository_id AND x.issue_number = i.number
                      AND (x.on_pr IS NULL OR x.on_pr = i.is_pr)
                     JOIN identities xi ON xi.id = x.who
                     JOIN contributors xc ON xc.id = xi.contributor_id
                     LEFT JOIN identities ai ON ai.id = i.author_identity_id
                     WHERE NOT xc.is_bot
                       AND (ai.contributor_id IS NULL OR ai.contributor_id <> xi.contributor_id)
                       AND x.t >= i.created_at
                     GROUP BY ALL) r
                 WHERE issues.repository_id = r.repository_id AND issues.number = r.number
                   AND issues.is_pr = r.is_pr
                   AND issues.first_response_at IS DISTINCT FROM r.t",
                [],
            )
            .during(during)?
            + tx.execute(
                "UPDATE issues SET is_newcomer = f.first_at IS NULL OR issues.created_at <= f.first_at
                 FROM (SELECT a.id AS identity_id, min(x.occurred_at) AS first_at
                       FROM identities a
                       JOIN identities same ON same.contributor_id = a.contributor_id
                       LEFT JOIN activities x ON x.identity_id = same.id
                       GROUP BY a.id) f
                 WHERE f.identity_id = issues.author_identity_id
                   AND issues.is_newcomer IS DISTINCT FROM
                       (f.first_at IS NULL OR issues.created_at <= f.first_at)",
                [],
            )
            .during(during)?;
        // The dashboard caches by data version: a change must be seen.
        if changed > 0 {
            tx.execute_batch("UPDATE data_version SET version = version + 1")
                .during("bumping the data version")?;
        }
        tx.commit().during(during)
    }
}

fn load(
    tx: &Transaction<'_>,
    name: &str,
    data: &RepositoryData,
) -> Result<ForgeSummary, StoreError> {
    let mut summary = ForgeSummary::default();
    let now = super::now();
    let platform = if data.source.starts_with("gitlab:") {
        "gitlab"
    } else {
        "github"
    };
    let repository_id = repository_id(tx, name, now, platform)?;
    if let Some(meta) = &data.meta {
        let before: (Option<String>, Option<String>, Option<bool>) = tx
            .query_row(
                "SELECT language, licence, archived FROM repositories WHERE id = ?",
                [repository_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .during("reading repository metadata")?;
        summary.described = before
            != (
                meta.language.clone(),
                meta.licence.clone(),
                Some(meta.archived),
            );
        tx.execute(
            // The forge's word on the platform and web address wins over a
            // git clone's (`git`, `https://host/o/r.git`) when both read it.
            "UPDATE repositories
                SET platform = CASE WHEN coalesce(platform, 'git') = 'git' THEN ? ELSE platform END,
                    url = coalesce(?, url),
                    description = ?, language = ?, licence = ?, topics = ?::VARCHAR[],
                    archived = ?, fork = ?, stars = ?, forks = ?, created_at = ?, pushed_at = ?
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
                repository_id
            ],
        )
        .during("updating repository metadata")?;
    }
    if data.unchanged {
        // Only the listing's metadata: nothing else was read.
        return Ok(summary);
    }
    let mut people = People::read(tx, platform)?;
    let mut activities = Rows::new(5);

    // Issues and pull requests replace their earlier version.
    if !data.issues.is_empty() {
        for is_pr in [false, true] {
            let numbers: Vec<i64> = data
                .issues
                .iter()
                .filter(|i| i.is_pr == is_pr)
                .map(|i| i.number)
                .collect();
            if numbers.is_empty() {
                continue;
            }
            tx.execute(
                &format!(
                    "DELETE FROM issues WHERE repository_id = ? AND is_pr = ? AND number IN ({})",
                    join_numbers(numbers.iter().copied())
                ),
                params![repository_id, is_pr],
            )
            .during("replacing issues")?;
            tx.execute(
                &format!(
                    "DELETE FROM activities WHERE repository_id = ? AND kind = ? AND reference IN ({})",
                    numbers
                        .iter()
                        .map(|n| format!("'{}'", item_reference(platform, is_pr, *n)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                params![repository_id, if is_pr { "pr_opened" } else { "issue_opened" }],
            )
            .during("replacing issue activities")?;
        }
        let mut rows = Rows::new(11);
        for issue in &data.issues {
            let author = people.id(tx, issue.author.as_ref())?;
            rows.push(params![
                repository_id,
                issue.number,
                issue.is_pr,
                issue.title,
                issue.state,
                author,
                list_literal(&issue.labels),
                issue.created_at,
                issue.updated_at,
                issue.closed_at,
                issue.merged_at
            ]);
            if let Some(author) = author {
                let kind = if issue.is_pr {
                    "pr_opened"
                } else {
                    "issue_opened"
                };
                activities.push(params![
                    repository_id,
                    author,
                    kind,
                    issue.created_at,
                    item_reference(platform, issue.is_pr, issue.number)
                ]);
            }
        }
        rows.insert(
            tx,
            "INSERT INTO issues (repository_id, number, is_pr, title, state, author_identity_id,
                                 labels, created_at, updated_at, closed_at, merged_at)
             SELECT col0, col1, col2, col3, col4, col5, col6::VARCHAR[], col7, col8, col9, col10
             FROM (VALUES {rows}) v",
        )?;
        summary.issues = data.issues.len() as u64;
    }

    // Comments, reviews, events and releases are added once.
    let mut comments = new_ids(
        tx,
        "SELECT kind || ':' || id FROM comments WHERE repository_id = ?",
        repository_id,
        data.comments.len(),
    )?;
    let mut rows = Rows::new(7);
    for c in &data.comments {
        // Stored before, or twice in this answer: once.
        if !comments.insert(format!("{}:{}", c.kind, c.id)) {
            continue;
        }
        let author = people.id(tx, c.author.as_ref())?;
        rows.push(params![
            repository_id,
            c.issue_number,
            c.id,
            c.kind,
            author,
            c.created_at,
            c.on_pr
        ]);
        if let Some(author) = author {
            let reference = format!("comment:{}:{}", c.kind, c.id);
            activities.push(params![
                repository_id,
                author,
                "comment",
                c.created_at,
                reference
            ]);
        }
    }
    summary.added += rows.len() as u64;
    rows.insert(tx, "INSERT INTO comments SELECT * FROM (VALUES {rows}) v")?;

    let mut reviews = new_ids(
        tx,
        "SELECT CAST(id AS VARCHAR) FROM reviews WHERE repository_id = ?",
        repository_id,
        data.reviews.len(),
    )?;
    let mut rows = Rows::new(6);
    for r in &data.reviews {
        if !reviews.insert(r.id.to_string()) {
            continue;
        }
        let author = people.id(tx, r.author.as_ref())?;
        rows.push(params![
            repository_id,
            r.issue_number,
            r.id,
            author,
            r.state,
            r.submitted_at
        ]);
        if let Some(author) = author {
            let reference = format!("review:{}", r.id);
            activities.push(params![
                repository_id,
                author,
                "review",
                r.submitted_at,
                reference
            ]);
        }
    }
    summary.added += rows.len() as u64;
    rows.insert(tx, "INSERT INTO reviews SELECT * FROM (VALUES {rows}) v")?;

    let pulls: HashMap<i64, bool> = {
        let mut stmt = tx
            .prepare("SELECT number, is_pr FROM issues WHERE repository_id = ?")
            .during("reading issues")?;
        let rows = stmt
            .query_map([repository_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .during("reading issues")?;
        rows.collect::<Result<_, _>>().during("reading issues")?
    };
    let mut events = new_ids(
        tx,
        "SELECT CAST(id AS VARCHAR) FROM issue_events WHERE repository_id = ?",
        repository_id,
        data.events.len(),
    )?;
    let mut rows = Rows::new(7);
    for e in &data.events {
        if !events.insert(e.id.to_string()) {
            continue;
        }
        let actor = people.id(tx, e.actor.as_ref())?;
        rows.push(params![
            repository_id,
            e.id,
            e.issue_number,
            e.kind,
            actor,
            e.at,
            e.on_pr
        ]);
        let is_pr = e
            .on_pr
            .unwrap_or_else(|| pulls.get(&e.issue_number).copied().unwrap_or(false));
        let kind = match (e.kind.as_str(), is_pr) {
            ("merged", _) => Some("pr_merged"),
            ("closed", true) => Some("pr_closed"),
            ("closed", false) => Some("issue_closed"),
            _ => None,
        };
        if let (Some(actor), Some(kind)) = (actor, kind) {
            let reference = format!("event:{}", e.id);
            activities.push(params![repository_id, actor, kind, e.at, reference]);
        }
    }
    summary.added += rows.len() as u64;
    rows.insert(
        tx,
        "INSERT INTO issue_events SELECT * FROM (VALUES {rows}) v",
    )?;

    let mut releases = new_ids(
        tx,
        "SELECT CAST(id AS VARCHAR) FROM releases WHERE repository_id = ?",
        repository_id,
        data.releases.len(),
    )?;
    let mut rows = Rows::new(7);
    for r in &data.releases {
        if !releases.insert(r.id.to_string()) {
            continue;
        }
        let author = people.id(tx, r.author.as_ref())?;
        rows.push(params![
            repository_id,
            r.id,
            r.tag,
            r.name,
            author,
            r.prerelease,
            r.published_at
        ]);
        if let Some(author) = author {
            let reference = format!("release:{}", r.id);
            activities.push(params![
                repository_id,
                author,
                "release",
                r.published_at,
                reference
            ]);
        }
    }
    summary.added += rows.len() as u64;
    rows.insert(tx, "INSERT INTO releases SELECT * FROM (VALUES {rows}) v")?;

    summary.activities = activities.len() as u64;
    activities.insert(tx, "INSERT INTO activities SELECT * FROM (VALUES {rows}) v")?;
    for (category, cursor) in &data.cursors {
        tx.execute(
            "INSERT OR REPLACE INTO ingest_cursors VALUES (?, ?, ?, ?, ?)",
            params![data.source, repository_id, category, cursor, now],
        )
        .during("saving a cursor")?;
    }
    Ok(summary)
}

/// Rows for a multi-row `VALUES` insert, values passed as parameters
/// (never spliced into the SQL: titles and names are untrusted text).
struct Rows {
    width: usize,
    values: Vec<Box<dyn duckdb::ToSql>>,
}

impl Rows {
    fn new(width: usize) -> Self {
        Self {
            width,
            values: Vec::new(),
        }
    }

    fn push(&mut self, row: &[&dyn duckdb::ToSql]) {
        debug_assert_eq!(row.len(), self.width);
        for value in row {
            self.values.push(Box::new(ToSqlValue::of(*value)));
        }
    }

    fn len(&self) -> usize {
        self.values.len() / self.width
    }

    /// Runs `sql` with `{rows}` replaced by the placeholders, in chunks.
    fn insert(self, tx: &Transaction<'_>, sql: &str) -> Result<(), StoreError> {
        const ROWS_PER_STATEMENT: usize = 500;
        let one = format!("({})", vec!["?"; self.width].join(", "));
        let mut values = self.values.into_iter().peekable();
        while values.peek().is_some() {
            let chunk: Vec<Box<dyn duckdb::ToSql>> = values
                .by_ref()
                .take(ROWS_PER_STATEMENT * self.width)
                .collect();
            let rows = vec![one.as_str(); chunk.len() / self.width].join(", ");
            tx.execute(
                &sql.replace("{rows}", &rows),
                duckdb::params_from_iter(chunk),
            )
            .during("storing forge rows")?;
        }
        Ok(())
    }
}

/// An owned copy of a parameter's value.
struct ToSqlValue(duckdb::types::Value);

impl ToSqlValue {
    fn of(value: &dyn duckdb::ToSql) -> Self {
        use duckdb::types::{ToSqlOutput, Value};
        Self(match value.to_sql() {
            Ok(ToSqlOutput::Owned(v)) => v,
            Ok(ToSqlOutput::Borrowed(v)) => v.into(),
            Ok(_) | Err(_) => Value::Null,
        })
    }
}

impl duckdb::ToSql for ToSqlValue {
    fn to_sql(&self) -> duckdb::Result<duckdb::types::ToSqlOutput<'_>> {
        Ok(duckdb::types::ToSqlOutput::Owned(self.0.clone()))
    }
}

/// The ids (as text) a query lists for a repository.
/// The keys of a repository's stored rows (`sql`), to add only new ones;
/// nothing is read when the batch to add is empty.
fn new_ids(
    tx: &Transaction<'_>,
    sql: &str,
    repository_id: i32,
    batch: usize,
) -> Result<std::collections::HashSet<String>, StoreError> {
    if batch == 0 {
        return Ok(Default::default());
    }
    let mut stmt = tx.prepare(sql).during("reading stored forge items")?;
    let rows = stmt
        .query_map([repository_id], |r| r.get::<_, String>(0))
        .during("reading stored forge items")?;
    rows.collect::<Result<_, _>>()
        .during("reading stored forge items")
}

/// How an opening activity names its item: `#n`, or `!n` for a GitLab
/// merge request (numbered apart from issues).
fn item_reference(platform: &str, is_pr: bool, number: i64) -> String {
    if platform == "gitlab" && is_pr {
        format!("!{number}")
    } else {
        format!("#{number}")
    }
}

fn join_numbers(numbers: impl Iterator<Item = i64>) -> String {
    numbers
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A DuckDB list literal of strings, passed as a parameter and cast.
fn list_literal(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|t| format!("'{}'", t.replace('\\', "\\\\").replace('\'', "\\'")))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The repository's id, adding it if the store does not know it.
fn repository_id(
    tx: &Transaction<'_>,
    name: &str,
    now: NaiveDateTime,
    platform: &str,
) -> Result<i32, StoreError> {
    let found: Option<i32> = tx
        .query_row(
            "SELECT min(id) FROM repositories WHERE lower(name) = lower(?)",
            [name],
            |r| r.get(0),
        )
        .during("finding a repository")?;
    if let Some(id) = found {
        return Ok(id);
    }
    let id: i32 = tx
        .query_row(
            "SELECT coalesce(max(id), 0) + 1 FROM repositories",
            [],
            |r| r.get(0),
        )
        .during("numbering a repository")?;
    tx.execute(
        "INSERT INTO repositories (id, name, first_seen, platform) VALUES (?, ?, ?, ?)",
        params![id, name, now, platform],
    )
    .during("adding a repository")?;
    Ok(id)
}

/// Forge accounts as identities (`source` = the platform, the login as name
/// and login, no e-mail); contributors are resolved after the run.
struct People {
    platform: &'static str,
    known: HashMap<String, i64>,
    next: i64,
}

impl People {
    fn read(tx: &Transaction<'_>, platform: &'static str) -> Result<Self, StoreError> {
        let mut stmt = tx
            .prepare("SELECT login, id FROM identities WHERE source = ? AND login IS NOT NULL")
            .during("reading forge identities")?;
        let known = stmt
            .query_map([platform], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))
            .during("reading forge identities")?
            .collect::<Result<HashMap<_, _>, _>>()
            .during("reading forge identities")?;
        let next: i64 = tx
            .query_row("SELECT coalesce(max(id), 0) + 1 FROM identities", [], |r| {
                r.get(0)
            })
            .during("numbering identities")?;
        Ok(Self {
            platform,
            known,
            next,
        })
    }

    fn id(
        &mut self,
        tx: &Transaction<'_>,
        account: Option<&Account>,
    ) -> Result<Option<i64>, StoreError> {
        let Some(account) = account else {
            return Ok(None);
        };
        if let Some(id) = self.known.get(&account.login) {
            return Ok(Some(*id));
        }
        let id = self.next;
        self.next += 1;
        // Until resolution, each new identity is its own contributor.
        tx.execute(
            "INSERT INTO identities (id, source, email, name, contributor_id, login, forge_bot)
             VALUES (?, ?, '', ?, ?, ?, ?)",
            params![
                id,
                self.platform,
                account.login,
                id,
                account.login,
                account.is_bot
            ],
        )
        .during("adding a forge identity")?;
        tx.execute(
            "INSERT INTO contributors (id, display_name, primary_email, is_bot)
             SELECT ?, ?, NULL, ? WHERE NOT EXISTS (SELECT 1 FROM contributors WHERE id = ?)",
            params![id, account.login, account.is_bot, id],
        )
        .during("adding a forge contributor")?;
        self.known.insert(account.login.clone(), id);
        Ok(Some(id))
    }
}
