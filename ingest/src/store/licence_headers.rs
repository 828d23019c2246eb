//! The licence headers of the tips' source files (013_licence_headers.sql):
//! one row per source file, written with its tip by
//! [`Store::save_snapshot`], and read per repository for the pages that
//! show the GGI's and OW2's figures ([`Store::licence_headers`]).

use duckdb::{params, Transaction};

use super::Store;
use crate::error::{DbContext, StoreError};
use crate::estate::headers::Header;
use crate::estate::Snapshot;

/// Writes the source files of `snapshot` for repository `id`, within the
/// transaction that keeps its tip (the previous rows already deleted).
pub(super) fn insert(tx: &Transaction<'_>, id: i32, snapshot: &Snapshot) -> Result<(), StoreError> {
    const DURING: &str = "keeping a tip's licence headers";
    let mut out = tx.appender("licence_headers").during(DURING)?;
    for file in &snapshot.sources {
        let spdx = match &file.header {
            Some(Header::Spdx(expression)) => Some(expression.as_str()),
            _ => None,
        };
        out.append_row(params![
            id,
            file.path,
            file.header.as_ref().map(Header::kind),
            spdx
        ])
        .during(DURING)?;
    }
    out.flush().during(DURING)
}

/// A repository's source files at its kept tip, and which of them carry a
/// licence header (docs/estate.md, "Licence headers").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenceHeaders {
    /// The repository (`owner/name`).
    pub repository: String,
    /// Source files examined.
    pub examined: u32,
    /// Those with a licence header: an SPDX line or a notice.
    pub with_header: u32,
    /// Those whose header is an `SPDX-License-Identifier:` line (counted
    /// in `with_header` too).
    pub spdx: u32,
    /// The paths of the source files without a licence header, sorted.
    pub without: Vec<String>,
    /// The licences the SPDX lines name, sorted, each once (`MIT OR
    /// Apache-2.0` names two; an exception after `WITH` is no licence).
    pub identifiers: Vec<String>,
}

impl LicenceHeaders {
    /// The share of source files with a licence header, from 0 to 1;
    /// `None` for a repository without source files.
    pub fn share_with_header(&self) -> Option<f64> {
        (self.examined > 0).then(|| f64::from(self.with_header) / f64::from(self.examined))
    }
}

impl Store {
    /// Per repository whose tip was read for licence headers, by name: its
    /// source files examined, those with a header, and the paths of those
    /// without. A repository with a tip and no source files comes with
    /// zeros; one whose tip was read before headers were looked for (until
    /// the next run reads it again) or that has no tip at all is absent.
    /// A share across repositories is the sum of `with_header` over the sum
    /// of `examined`.
    pub fn licence_headers(&self) -> Result<Vec<LicenceHeaders>, StoreError> {
        const DURING: &str = "reading the licence headers";
        let mut counts = self
            .conn
            .prepare(
                "SELECT r.name, count(h.path),
                        count(h.path) FILTER (WHERE h.header IS NOT NULL),
                        count(h.path) FILTER (WHERE h.header = 'spdx'),
                        coalesce(list(DISTINCT h.spdx) FILTER (WHERE h.spdx IS NOT NULL),
                                 []::VARCHAR[])
                 FROM repository_tips t
                 JOIN repositories r ON r.id = t.repository_id
                 LEFT JOIN licence_headers h ON h.repository_id = t.repository_id
                 WHERE t.source_files IS NOT NULL
                 GROUP BY r.name ORDER BY r.name",
            )
            .during(DURING)?;
        let mut repositories: Vec<LicenceHeaders> = counts
            .query_map([], |row| {
                Ok(LicenceHeaders {
                    repository: row.get(0)?,
                    examined: row.get(1)?,
                    with_header: row.get(2)?,
                    spdx: row.get(3)?,
                    without: Vec::new(),
                    identifiers: licence_ids(&row.get::<_, duckdb::types::Value>(4)?),
                })
            })
            .during(DURING)?
            .collect::<Result<_, _>>()
            .during(DURING)?;
        let mut without = self
            .conn
            .prepare(
                "SELECT r.name, h.path
                 FROM licence_headers h JOIN repositories r ON r.id = h.repository_id
                 WHERE h.header IS NULL
                 ORDER BY r.name, h.path",
            )
            .during(DURING)?;
        let rows = without
            .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get(1)?)))
            .during(DURING)?;
        let index: std::collections::HashMap<String, usize> = repositories
            .iter()
            .enumerate()
            .map(|(i, r)| (r.repository.clone(), i))
            .collect();
        for row in rows {
            let (repository, path) = row.during(DURING)?;
            if let Some(&i) = index.get(&repository) {
                repositories[i].without.push(path);
            }
        }
        Ok(repositories)
    }
}

/// The licence identifiers of a list of SPDX expressions, sorted, each
/// once.
fn licence_ids(expressions: &duckdb::types::Value) -> Vec<String> {
    let duckdb::types::Value::List(items) = expressions else {
        return Vec::new();
    };
    let mut ids = std::collections::BTreeSet::new();
    for item in items {
        if let duckdb::types::Value::Text(expression) = item {
            ids.extend(identifiers(expression));
        }
    }
    ids.into_iter().collect()
}

/// The licences an SPDX expression names: its words other than the
/// operators, and other than the exception that follows `WITH`.
fn identifiers(expression: &str) -> Vec<String> {
    let spaced = expression.replace(['(', ')'], " ");
    let mut words = spaced.split_whitespace();
    let mut ids = Vec::new();
    while let Some(word) = words.next() {
        match word.to_ascii_uppercase().as_str() {
            "AND" | "OR" => {}
            "WITH" => {
                words.next();
            }
            _ => ids.push(word.to_owned()),
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::identifiers;

    #[test]
    fn an_expression_names_its_licences_not_its_operators_or_exceptions() {
        assert_eq!(
            identifiers("(MIT OR Apache-2.0) AND GPL-2.0-only WITH Classpath-exception-2.0"),
            ["MIT", "Apache-2.0", "GPL-2.0-only"]
        );
        assert_eq!(identifiers("BSD-3-Clause"), ["BSD-3-Clause"]);
    }
}
