//! How fresh the estate's external dependencies are, read from a Maven
//! repository's `maven-metadata.xml`.
//!
//! [`Metadata`] is the "A level" metadata of the Maven Repository Metadata
//! reference (<https://maven.apache.org/repositories/metadata.html>): the file
//! in an artifact's directory that lists its versions, with `latest`,
//! `release` and `lastUpdated`. [`MavenRepository`] fetches it (Maven Central
//! unless told otherwise), keeps every answer on disk, revalidates it when it
//! is older than the cache lifetime, paces its requests and answers with a
//! [`Freshness`]: known, not in the repository, or unavailable with a reason a
//! user can act on. [`newer_versions`] lists the releases a dependency is
//! behind.
//!
//! Without network, [`RepositoryConfig::offline`] reads the cache only, so the
//! estate page can still list its dependencies and say why their freshness is
//! missing.

mod cache;
mod fetch;
mod repository;

use std::fmt;

use chrono::NaiveDateTime;
use roxmltree::{Document, Node};

use super::version::Version;

pub use repository::{
    check_address, without_credentials, Coordinates, CoordinatesError, Freshness, MavenRepository,
    RepositoryConfig, RepositoryError, MAVEN_CENTRAL, USER_AGENT,
};

/// What a repository says of one artifact in its `maven-metadata.xml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metadata {
    /// `metadata/groupId`, e.g. `org.springframework`.
    pub group_id: String,
    /// `metadata/artifactId`, e.g. `spring-core`.
    pub artifact_id: String,
    /// `versioning/latest`: the version deployed last, snapshots included.
    pub latest: Option<String>,
    /// `versioning/release`: the release (not snapshot) deployed last.
    pub release: Option<String>,
    /// `versioning/versions/version`: every version, in the file's order
    /// (usually the order of deployment).
    pub versions: Vec<String>,
    /// `versioning/lastUpdated`: when the file was last written, in UTC.
    pub last_updated: Option<NaiveDateTime>,
}

/// A place in a metadata file, to tell a user where to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// The line, from 1.
    pub line: u32,
    /// The column (in characters), from 1.
    pub column: u32,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Why a text is not an artifact's `maven-metadata.xml`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetadataError {
    /// The text is not well-formed XML.
    #[error("not well-formed XML at {at}: {reason}")]
    NotXml {
        /// What the XML reader found wrong.
        reason: String,
        /// Where.
        at: Position,
    },
    /// The root element is not `<metadata>`.
    #[error("the root element at {at} is <{found}>, not <metadata>")]
    NotMetadata {
        /// The root element's name.
        found: String,
        /// Where it starts.
        at: Position,
    },
    /// A required element is absent.
    #[error("<{path}> is missing from the element at {at}")]
    Missing {
        /// Its path from `<metadata>`, e.g. `versioning`.
        path: &'static str,
        /// Where the element that should hold it starts.
        at: Position,
    },
    /// An element that holds a value holds only blanks.
    #[error("<{path}> at {at} is empty")]
    Empty {
        /// Its path from `<metadata>`.
        path: &'static str,
        /// Where it starts.
        at: Position,
    },
    /// An element that may appear once appears again.
    #[error("<{path}> appears twice, at {first} and at {second}")]
    Repeated {
        /// Its path from `<metadata>`.
        path: &'static str,
        /// Where it first starts.
        first: Position,
        /// Where it starts again.
        second: Position,
    },
    /// `lastUpdated` is not a `yyyyMMddHHmmss` time.
    #[error("<versioning/lastUpdated> at {at} is `{text}`, not a time written yyyyMMddHHmmss")]
    BadTimestamp {
        /// The text found.
        text: String,
        /// Where it starts.
        at: Position,
    },
}

impl Metadata {
    /// Reads an artifact's `maven-metadata.xml`. `groupId`, `artifactId` and
    /// `versioning` are required; `latest`, `release`, `versions` and
    /// `lastUpdated` may be absent; other elements (snapshots, plugins) are
    /// ignored. Names are matched whatever their namespace, as the reference
    /// shows files with and without `xmlns`.
    pub fn parse(xml: &str) -> Result<Metadata, MetadataError> {
        let doc = Document::parse(xml).map_err(|e| MetadataError::NotXml {
            reason: e.to_string(),
            at: Position::from(e.pos()),
        })?;
        let root = doc.root_element();
        if root.tag_name().name() != "metadata" {
            return Err(MetadataError::NotMetadata {
                found: root.tag_name().name().to_owned(),
                at: position(root),
            });
        }
        let versioning = required(root, "versioning", "versioning")?;
        let versions = match only_child(versioning, "versions", "versioning/versions")? {
            Some(list) => children(list, "version")
                .map(|v| value(v, "versioning/versions/version"))
                .collect::<Result<_, _>>()?,
            None => Vec::new(),
        };
        Ok(Metadata {
            group_id: value(required(root, "groupId", "groupId")?, "groupId")?,
            artifact_id: value(required(root, "artifactId", "artifactId")?, "artifactId")?,
            latest: optional_value(versioning, "latest", "versioning/latest")?,
            release: optional_value(versioning, "release", "versioning/release")?,
            versions,
            last_updated: last_updated(versioning)?,
        })
    }
}

/// The released versions of `metadata` above `declared`, lowest first, in
/// Maven's order ([`Version`]). "Released" is Maven's word: any version but a
/// snapshot, so milestones and release candidates count. An empty `declared`
/// has nothing to compare with and gives nothing.
pub fn newer_versions(metadata: &Metadata, declared: &str) -> Vec<String> {
    let Ok(declared) = Version::parse(declared.trim()) else {
        return Vec::new();
    };
    let mut newer: Vec<Version> = metadata
        .versions
        .iter()
        .filter_map(|text| Version::parse(text).ok())
        .filter(|version| !version.is_snapshot() && *version > declared)
        .collect();
    newer.sort();
    // Versions Maven calls equal (`1.0` and `1.0.0`) are listed once.
    newer.dedup();
    newer.into_iter().map(|v| v.as_str().to_owned()).collect()
}

impl From<roxmltree::TextPos> for Position {
    fn from(pos: roxmltree::TextPos) -> Self {
        Position {
            line: pos.row,
            column: pos.col,
        }
    }
}

fn position(node: Node) -> Position {
    Position::from(node.document().text_pos_at(node.range().start))
}

/// The child elements of `node` named `name`.
fn children<'a, 'input>(
    node: Node<'a, 'input>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children()
        .filter(move |child| child.is_element() && child.tag_name().name() == name)
}

/// The one child element named `name`, if any; a second one is an error.
fn only_child<'a, 'input>(
    node: Node<'a, 'input>,
    name: &'static str,
    path: &'static str,
) -> Result<Option<Node<'a, 'input>>, MetadataError> {
    let mut found = children(node, name);
    let first = found.next();
    match (first, found.next()) {
        (Some(first), Some(second)) => Err(MetadataError::Repeated {
            path,
            first: position(first),
            second: position(second),
        }),
        (first, _) => Ok(first),
    }
}

fn required<'a, 'input>(
    node: Node<'a, 'input>,
    name: &'static str,
    path: &'static str,
) -> Result<Node<'a, 'input>, MetadataError> {
    only_child(node, name, path)?.ok_or(MetadataError::Missing {
        path,
        at: position(node),
    })
}

/// The text of an element, trimmed; blanks only are an error.
fn value(node: Node, path: &'static str) -> Result<String, MetadataError> {
    let text: String = node
        .children()
        .filter_map(|child| child.text())
        .collect::<String>()
        .trim()
        .to_owned();
    if text.is_empty() {
        return Err(MetadataError::Empty {
            path,
            at: position(node),
        });
    }
    Ok(text)
}

fn optional_value(
    node: Node,
    name: &'static str,
    path: &'static str,
) -> Result<Option<String>, MetadataError> {
    only_child(node, name, path)?
        .map(|child| value(child, path))
        .transpose()
}

/// `lastUpdated`: exactly fourteen digits, `yyyyMMddHHmmss`, in UTC.
fn last_updated(versioning: Node) -> Result<Option<NaiveDateTime>, MetadataError> {
    const PATH: &str = "versioning/lastUpdated";
    let Some(node) = only_child(versioning, "lastUpdated", PATH)? else {
        return Ok(None);
    };
    let text = value(node, PATH)?;
    let bad = || MetadataError::BadTimestamp {
        text: text.clone(),
        at: position(node),
    };
    if text.len() != 14 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    NaiveDateTime::parse_from_str(&text, "%Y%m%d%H%M%S")
        .map(Some)
        .map_err(|_| bad())
}

#[cfg(test)]
mod tests;
