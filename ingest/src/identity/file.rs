//! The identities file: decisions a person made about who is who.
//!
//! ```toml
//! # These identities are one person (merge), shown under this name
//! # (rename), in this organisation, and not a bot.
//! [[person]]
//! name = "Pierre Lévy"
//! emails = ["pierre.levy@paris.fr", "plevy@example.org"]
//! logins = ["pierrelevy"]            # GitHub logins (no-reply addresses)
//! organisation = "Ville de Paris"
//! bot = false
//!
//! # An address shared by several people (split): identities using it are
//! # merged by name and address together, never by the address alone.
//! [[shared]]
//! email = "dev@lutece.fr"
//!
//! # Looked at and not the same person: `vigie identities` stops
//! # suggesting these.
//! [[different]]
//! emails = ["dave@one.example", "dave@two.example"]
//! ```

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::ConfigError;

/// The whole file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IdentitiesFile {
    /// People: identities to merge, with what to show for them.
    #[serde(default, rename = "person")]
    pub people: Vec<Person>,
    /// Addresses shared by several people.
    #[serde(default)]
    pub shared: Vec<SharedAddress>,
    /// Suggested duplicates a person rejected.
    #[serde(default)]
    pub different: Vec<Different>,
}

/// One person and the identities that are theirs.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// The name to show; by default the name they use most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Their e-mail addresses (compared case-insensitively).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<String>,
    /// Their GitHub logins.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub logins: Vec<String>,
    /// Their organisation, overriding the e-mail domain's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// Whether this is an automated account, overriding the bot rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bot: Option<bool>,
}

/// An address several people use.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SharedAddress {
    /// The address.
    pub email: String,
}

/// Addresses of people who are not the same, though they look alike.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Different {
    /// Two or more addresses.
    pub emails: Vec<String>,
}

impl IdentitiesFile {
    /// Reads the file; a missing file is an empty one (nothing decided yet).
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.to_owned(),
                    source,
                })
            }
        };
        toml::from_str(&text).map_err(|e| ConfigError::Invalid {
            path: path.to_owned(),
            message: e.to_string(),
        })
    }

    /// Appends one decision to the file, keeping what is there (comments
    /// included) untouched.
    pub fn append(path: &Path, decision: &Decision) -> Result<(), ConfigError> {
        let table = match decision {
            Decision::Same(person) => format!(
                "\n[[person]]\n{}",
                toml::to_string(person).expect("a person serialises")
            ),
            Decision::Different(d) => format!(
                "\n[[different]]\n{}",
                toml::to_string(d).expect("a decision serialises")
            ),
            Decision::Shared(a) => format!(
                "\n[[shared]]\n{}",
                toml::to_string(a).expect("a decision serialises")
            ),
        };
        use std::io::Write;
        let write_err = |source| ConfigError::Read {
            path: path.to_owned(),
            source,
        };
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(write_err)?;
        file.write_all(table.as_bytes()).map_err(write_err)?;
        // Read it back so a bad append is caught now, not at the next run.
        Self::load(path).map(|_| ())
    }
}

/// A decision about likely duplicates.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// They are one person.
    Same(Person),
    /// They are different people.
    Different(Different),
    /// Several people use this address.
    Shared(SharedAddress),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_empty_and_decisions_append() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("identities.toml");
        assert_eq!(
            IdentitiesFile::load(&path).unwrap(),
            IdentitiesFile::default()
        );
        std::fs::write(&path, "# decisions\n").unwrap();
        IdentitiesFile::append(
            &path,
            &Decision::Same(Person {
                emails: vec!["a@x.org".into(), "A <b>@y.org".into()],
                ..Person::default()
            }),
        )
        .unwrap();
        IdentitiesFile::append(
            &path,
            &Decision::Different(Different {
                emails: vec!["dave@one".into(), "dave@two".into()],
            }),
        )
        .unwrap();
        let file = IdentitiesFile::load(&path).unwrap();
        assert_eq!(file.people[0].emails[1], "A <b>@y.org");
        assert_eq!(file.different[0].emails, ["dave@one", "dave@two"]);
        assert!(std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("# decisions\n"));
    }

    #[test]
    fn mistakes_name_the_file_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("identities.toml");
        std::fs::write(&path, "[[person]]\nmails = []\n").unwrap();
        let err = IdentitiesFile::load(&path).unwrap_err().to_string();
        assert!(
            err.contains("identities.toml") && err.contains("unknown field `mails`"),
            "{err}"
        );
    }
}
