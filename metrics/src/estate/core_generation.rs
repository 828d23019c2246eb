//! Core generation (docs/estate.md): where a repository stands in Lutece's
//! move to its new core (core 8: `javax.*` → `jakarta.*`, Spring → CDI),
//! from what its default branch builds against, what its Java files
//! import, and whether it has a branch for the new core.

use vigie_ingest::estate::java::EnterpriseApi;
use vigie_ingest::estate::maven::range::VersionRange;
use vigie_ingest::estate::maven::version::Version;
use vigie_ingest::estate::tip::RefKind;
use vigie_ingest::store::{DependencyRecord, ModuleRecord, RefRecord, TipFileRecord};

/// The core's artifactId, and the first version of the new generation.
pub const CORE_ARTIFACT: &str = "lutece-core";
/// The new core's major version.
pub const NEW_CORE_MAJOR: u64 = 8;

/// Where a repository stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Builds against the new core and imports no `javax.*` enterprise API.
    Ready,
    /// Part of the way: builds against the new core with `javax.*` imports
    /// left, or imports some `jakarta.*`, or has a branch for the new core.
    InProgress,
    /// None of the above.
    NotStarted,
    /// Nothing to judge by: no contents read, or no pom, or neither the
    /// core nor `javax.*` enterprise packages used.
    Unknown,
}

impl Stage {
    /// `ready`, `in-progress`, `not-started`, `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Ready => "ready",
            Stage::InProgress => "in-progress",
            Stage::NotStarted => "not-started",
            Stage::Unknown => "unknown",
        }
    }
}

/// One repository's stage, with what it was judged on.
#[derive(Debug, Clone, PartialEq)]
pub struct CoreGeneration {
    /// The stage.
    pub stage: Stage,
    /// The core version or range the root pom names (the core's own
    /// version for the core itself).
    pub core: Option<String>,
    /// The root pom's parent.
    pub parent: Option<String>,
    /// Java files importing `javax.*` enterprise packages (`both` counted here too).
    pub javax_files: u32,
    /// Java files importing `jakarta.*`.
    pub jakarta_files: u32,
    /// A branch named for the new core (`develop8`, `develop_core8`).
    pub new_core_branch: Option<String>,
}

/// The stage of `repository` from its modules, dependencies, Java files
/// and branches (each the repository's own rows or more).
pub fn core_generation(
    repository: &str,
    modules: &[ModuleRecord],
    dependencies: &[DependencyRecord],
    files: &[TipFileRecord],
    refs: &[RefRecord],
) -> CoreGeneration {
    let root = modules
        .iter()
        .find(|m| m.repository == repository && m.path == "pom.xml");
    let core = if root.is_some_and(|m| m.artifact_id == CORE_ARTIFACT) {
        root.and_then(|m| m.version.clone())
    } else {
        dependencies
            .iter()
            .filter(|d| d.repository == repository && !d.managed && d.artifact_id == CORE_ARTIFACT)
            .find_map(|d| d.version.clone())
    };
    let own = files.iter().filter(|f| f.repository == repository);
    let (mut javax_files, mut jakarta_files) = (0, 0);
    for file in own {
        match file.java_api {
            Some(EnterpriseApi::Javax) => javax_files += 1,
            Some(EnterpriseApi::Jakarta) => jakarta_files += 1,
            Some(EnterpriseApi::Both) => {
                javax_files += 1;
                jakarta_files += 1;
            }
            None => {}
        }
    }
    let new_core_branch = refs
        .iter()
        .filter(|r| r.repository == repository && r.kind == RefKind::Branch && !r.is_default)
        .find(|r| names_new_core(&r.name))
        .map(|r| r.name.clone());
    let builds_new = core
        .as_deref()
        .and_then(lowest_core_major)
        .map(|major| major >= NEW_CORE_MAJOR);
    let stage = match (builds_new, javax_files, jakarta_files, &new_core_branch) {
        (None, ..) if root.is_none() => Stage::Unknown,
        (Some(true), 0, _, _) => Stage::Ready,
        (Some(true), ..) => Stage::InProgress,
        (_, _, jakarta, branch) if jakarta > 0 || branch.is_some() => Stage::InProgress,
        // Neither the core nor enterprise imports: nothing to move.
        (None, 0, ..) => Stage::Unknown,
        _ => Stage::NotStarted,
    };
    CoreGeneration {
        stage,
        core,
        parent: root.and_then(|m| m.parent.clone()),
        javax_files,
        jakarta_files,
        new_core_branch,
    }
}

/// The major version of the lowest core a version or range admits.
fn lowest_core_major(text: &str) -> Option<u64> {
    let range = VersionRange::parse(text).ok()?;
    let lowest: &Version = range.lower_bound()?;
    lowest.as_str().split(['.', '-']).next()?.parse().ok()
}

/// A branch for the new core: `develop8`, `develop_core8`, `core8`,
/// `v8`, `8.x`, `jakarta` (any case, `-` or `_` between).
fn names_new_core(name: &str) -> bool {
    let lower = name.to_lowercase().replace(['-', '_', '.'], "");
    let major = NEW_CORE_MAJOR.to_string();
    lower.contains("jakarta")
        || lower.ends_with(&format!("core{major}"))
        || lower == format!("develop{major}")
        || lower == format!("v{major}")
        || lower == format!("{major}x")
        || lower.ends_with(&format!("develop{major}x"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estate::graph::tests::{dependency, module};

    fn java(repository: &str, api: EnterpriseApi) -> TipFileRecord {
        TipFileRecord {
            repository: repository.into(),
            path: format!("src/{}.java", api.as_str()),
            role: vigie_ingest::estate::roles::Role::Java,
            size: 10,
            truncated: false,
            java_api: Some(api),
            language: None,
            licence: None,
        }
    }

    fn branch(repository: &str, name: &str) -> RefRecord {
        RefRecord {
            repository: repository.into(),
            kind: RefKind::Branch,
            name: name.into(),
            commit: "c".into(),
            dated_at: None,
            is_default: false,
        }
    }

    fn plugin(range: &str) -> (Vec<ModuleRecord>, Vec<DependencyRecord>) {
        let mut core = dependency("p", CORE_ARTIFACT, false);
        core.version = Some(range.into());
        (vec![module("p", "plugin-p", None)], vec![core])
    }

    #[test]
    fn the_new_core_without_javax_is_ready_with_javax_in_progress() {
        let (modules, deps) = plugin("[8.0.0-SNAPSHOT,)");
        let jakarta = [java("p", EnterpriseApi::Jakarta)];
        assert_eq!(
            core_generation("p", &modules, &deps, &jakarta, &[]).stage,
            Stage::Ready
        );
        let mixed = [
            java("p", EnterpriseApi::Jakarta),
            java("p", EnterpriseApi::Javax),
        ];
        let judged = core_generation("p", &modules, &deps, &mixed, &[]);
        assert_eq!(
            (judged.stage, judged.javax_files, judged.jakarta_files),
            (Stage::InProgress, 1, 1)
        );
    }

    #[test]
    fn the_old_core_is_not_started_unless_a_branch_or_jakarta_says_otherwise() {
        let (modules, deps) = plugin("[7.0.2,7.9.9)");
        let javax = [java("p", EnterpriseApi::Javax)];
        assert_eq!(
            core_generation("p", &modules, &deps, &javax, &[]).stage,
            Stage::NotStarted
        );
        let branches = [branch("p", "develop_core8")];
        let judged = core_generation("p", &modules, &deps, &javax, &branches);
        assert_eq!(
            (judged.stage, judged.new_core_branch.as_deref()),
            (Stage::InProgress, Some("develop_core8"))
        );
        assert_eq!(judged.core.as_deref(), Some("[7.0.2,7.9.9)"));
    }

    #[test]
    fn the_core_is_judged_on_its_own_version_and_no_pom_is_unknown() {
        let mut core = module("c", CORE_ARTIFACT, None);
        core.version = Some("8.0.2-SNAPSHOT".into());
        assert_eq!(
            core_generation("c", &[core], &[], &[], &[]).stage,
            Stage::Ready
        );
        assert_eq!(
            core_generation("x", &[], &[], &[], &[]).stage,
            Stage::Unknown
        );
    }

    #[test]
    fn branch_names_for_the_new_core() {
        for name in [
            "develop8",
            "develop_core8",
            "core-8",
            "v8",
            "8.x",
            "jakarta-migration",
            "develop8.x",
        ] {
            assert!(names_new_core(name), "{name}");
        }
        for name in [
            "develop",
            "develop_core7",
            "LUT-28",
            "release-4.1.8",
            "master7.x",
        ] {
            assert!(!names_new_core(name), "{name}");
        }
    }
}
