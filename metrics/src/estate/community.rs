//! Community files and licence (docs/estate.md): which of the files an
//! OSPO looks for a repository has, and whether its licence is known,
//! missing, or said two different ways (its licence file and its poms).

use vigie_ingest::estate::licence::Consistency;
use vigie_ingest::estate::roles::Role;
use vigie_ingest::store::{ModuleRecord, TipFileRecord};

/// The community files looked for, in the order pages list them.
pub const LOOKED_FOR: [Role; 6] = [
    Role::Readme,
    Role::Licence,
    Role::Contributing,
    Role::CodeOfConduct,
    Role::Security,
    Role::Changelog,
];

/// What a repository says of its licence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LicenceFinding {
    /// Its licence file and poms agree, or only one of them says.
    Known(Vec<String>),
    /// A licence file whose text matches no licence closely enough.
    Unrecognised,
    /// Its licence file and its poms name different licences.
    Inconsistent {
        /// The licence files' identifiers.
        files: Vec<String>,
        /// The poms' identifiers.
        poms: Vec<String>,
    },
    /// Neither a licence file nor a pom licence.
    Missing,
}

/// A repository's community files and licence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Community {
    /// Of [`LOOKED_FOR`], those present.
    pub present: Vec<Role>,
    /// Of [`LOOKED_FOR`], those missing.
    pub missing: Vec<Role>,
    /// Its licence.
    pub licence: LicenceFinding,
}

/// The community files and licence of `repository`.
pub fn community(repository: &str, files: &[TipFileRecord], modules: &[ModuleRecord]) -> Community {
    let own: Vec<&TipFileRecord> = files
        .iter()
        .filter(|f| f.repository == repository)
        .collect();
    let (present, missing) = LOOKED_FOR
        .iter()
        .partition::<Vec<Role>, _>(|role| own.iter().any(|f| f.role == **role));
    let licence_files: Vec<&&TipFileRecord> =
        own.iter().filter(|f| f.role == Role::Licence).collect();
    let mut from_files: Vec<String> = licence_files
        .iter()
        .filter_map(|f| f.licence.as_ref().map(|(id, _)| id.clone()))
        .collect();
    from_files.sort();
    from_files.dedup();
    let mut from_poms: Vec<String> = modules
        .iter()
        .filter(|m| m.repository == repository)
        .flat_map(|m| m.licences.iter().cloned())
        .collect();
    from_poms.sort();
    from_poms.dedup();
    let licence = match Consistency::between(&from_files, &from_poms) {
        _ if !licence_files.is_empty() && from_files.is_empty() && from_poms.is_empty() => {
            LicenceFinding::Unrecognised
        }
        Consistency::Disagree { files, pom } => LicenceFinding::Inconsistent { files, poms: pom },
        Consistency::None => LicenceFinding::Missing,
        Consistency::OnlyPom => LicenceFinding::Known(from_poms),
        Consistency::Consistent | Consistency::OnlyFile => LicenceFinding::Known(from_files),
    };
    Community {
        present,
        missing,
        licence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estate::graph::tests::module;

    fn file(role: Role, licence: Option<&str>) -> TipFileRecord {
        TipFileRecord {
            repository: "r".into(),
            path: role.as_str().into(),
            role,
            size: 1,
            truncated: false,
            java_api: None,
            language: None,
            licence: licence.map(|l| (l.to_owned(), 0.97)),
        }
    }

    #[test]
    fn files_present_and_missing_are_listed_in_order() {
        let files = [
            file(Role::Readme, None),
            file(Role::Licence, Some("BSD-3-Clause")),
        ];
        let found = community("r", &files, &[]);
        assert_eq!(found.present, [Role::Readme, Role::Licence]);
        assert_eq!(found.missing.len(), 4);
        assert_eq!(
            found.licence,
            LicenceFinding::Known(vec!["BSD-3-Clause".into()])
        );
    }

    #[test]
    fn a_licence_file_and_a_pom_that_disagree_are_inconsistent() {
        let files = [file(Role::Licence, Some("BSD-3-Clause"))];
        let mut pom = module("r", "r", None);
        pom.licences = vec!["Apache-2.0".into()];
        let found = community("r", &files, &[pom]);
        assert_eq!(
            found.licence,
            LicenceFinding::Inconsistent {
                files: vec!["BSD-3-Clause".into()],
                poms: vec!["Apache-2.0".into()]
            }
        );
    }

    #[test]
    fn no_licence_anywhere_is_missing_and_an_unmatched_text_unrecognised() {
        assert_eq!(community("r", &[], &[]).licence, LicenceFinding::Missing);
        assert_eq!(
            community("r", &[file(Role::Licence, None)], &[]).licence,
            LicenceFinding::Unrecognised
        );
    }
}
