//! What the store knows of each repository besides its activity: the
//! catalogue's names, languages, licences and archived flags.

use duckdb::Connection;

use crate::error::{DbContext, StoreError};

/// What the store knows of a repository besides its activity.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RepositoryInfo {
    /// Its id in the store.
    pub id: i32,
    /// `owner/name` or a folder name.
    pub name: String,
    /// Main language, from the forge.
    pub language: Option<String>,
    /// Licence (SPDX identifier), from the forge.
    pub licence: Option<String>,
    /// Archived on the forge (`None`: unknown).
    pub archived: Option<bool>,
    /// Its home page, from the forge.
    pub homepage: Option<String>,
    /// Its web address (a forge's, else the URL it is cloned from).
    pub url: Option<String>,
}

/// Every stored repository, sorted by name.
pub fn all(conn: &Connection) -> Result<Vec<RepositoryInfo>, StoreError> {
    let during = "reading repositories";
    let mut stmt = conn
        .prepare("SELECT id, name, language, licence, archived, homepage, url FROM repositories ORDER BY name")
        .during(during)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(RepositoryInfo {
                id: r.get(0)?,
                name: r.get(1)?,
                language: r.get(2)?,
                licence: r.get(3)?,
                archived: r.get(4)?,
                homepage: r.get(5)?,
                url: r.get(6)?,
            })
        })
        .during(during)?;
    rows.collect::<Result<_, _>>().during(during)
}
