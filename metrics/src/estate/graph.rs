//! The internal dependency graph (docs/estate.md): which tracked
//! repository builds each Maven artifact, and so which repositories depend
//! on which — directly (a dependency or parent in one of its poms names an
//! artifact another repository builds) or transitively.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use vigie_ingest::store::{DependencyRecord, ModuleRecord};

/// An artifact: `groupId:artifactId`.
pub type Artifact = String;

/// How one repository uses another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Link {
    /// Its poms name the other's artifact as a parent.
    Parent,
    /// Its poms declare a dependency on the other's artifact.
    Dependency,
}

/// Repositories and who depends on whom among them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DependencyGraph {
    /// Which repository builds each artifact (the first by name when two do).
    pub builders: BTreeMap<Artifact, String>,
    /// `(dependent, dependency)` pairs of repositories, with how.
    pub edges: BTreeMap<(String, String), Link>,
}

/// `groupId:artifactId` (an absent groupId stays empty).
fn artifact(group: Option<&str>, artifact: &str) -> Artifact {
    format!("{}:{artifact}", group.unwrap_or_default())
}

impl DependencyGraph {
    /// The graph of `modules` and their `dependencies` (declared ones:
    /// dependency management only says which version would be used, not
    /// that it is).
    pub fn build(modules: &[ModuleRecord], dependencies: &[DependencyRecord]) -> Self {
        let mut builders = BTreeMap::new();
        for m in modules {
            builders
                .entry(artifact(m.group_id.as_deref(), &m.artifact_id))
                .or_insert_with(|| m.repository.clone());
        }
        let mut edges = BTreeMap::new();
        let mut link = |from: &str, to: Option<&String>, how: Link| {
            if let Some(to) = to.filter(|to| to.as_str() != from) {
                let entry = edges.entry((from.to_owned(), to.clone())).or_insert(how);
                *entry = (*entry).min(how);
            }
        };
        for m in modules {
            if let Some(parent) = &m.parent {
                // groupId:artifactId:version
                let key = parent
                    .rsplit_once(':')
                    .map_or(parent.as_str(), |(ga, _)| ga);
                link(&m.repository, builders.get(key), Link::Parent);
            }
        }
        for d in dependencies.iter().filter(|d| !d.managed) {
            let key = artifact(Some(&d.group_id), &d.artifact_id);
            link(&d.repository, builders.get(&key), Link::Dependency);
        }
        Self { builders, edges }
    }

    /// The repositories `repository` depends on directly.
    pub fn dependencies_of(&self, repository: &str) -> Vec<&str> {
        self.edges
            .keys()
            .filter(|(from, _)| from == repository)
            .map(|(_, to)| to.as_str())
            .collect()
    }

    /// The repositories that depend on `repository` directly.
    pub fn direct_dependents(&self, repository: &str) -> Vec<&str> {
        self.edges
            .keys()
            .filter(|(_, to)| to == repository)
            .map(|(from, _)| from.as_str())
            .collect()
    }

    /// The repositories that depend on `repository` directly or through
    /// others (never itself, even in a cycle).
    pub fn transitive_dependents(&self, repository: &str) -> BTreeSet<&str> {
        let mut found = BTreeSet::new();
        let mut queue = VecDeque::from([repository]);
        while let Some(next) = queue.pop_front() {
            for dependent in self.direct_dependents(next) {
                if dependent != repository && found.insert(dependent) {
                    queue.push_back(dependent);
                }
            }
        }
        found
    }
}

/// Records for the estate's tests: a module and a dependency of `fr.paris.lutece`.
#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn module(repository: &str, artifact: &str, parent: Option<&str>) -> ModuleRecord {
        ModuleRecord {
            repository: repository.into(),
            path: "pom.xml".into(),
            group_id: Some("fr.paris.lutece".into()),
            artifact_id: artifact.into(),
            version: Some("1.0.0".into()),
            packaging: "jar".into(),
            parent: parent.map(str::to_owned),
            name: None,
            licences: vec![],
            problems: None,
        }
    }

    pub(crate) fn dependency(repository: &str, artifact: &str, managed: bool) -> DependencyRecord {
        DependencyRecord {
            repository: repository.into(),
            path: "pom.xml".into(),
            group_id: "fr.paris.lutece".into(),
            artifact_id: artifact.into(),
            version: Some("[7.0.0,)".into()),
            scope: "provided".into(),
            managed,
            optional: false,
        }
    }

    #[test]
    fn dependents_are_counted_directly_and_through_others() {
        let modules = [
            module("core", "lutece-core", None),
            module("mylutece", "plugin-mylutece", None),
            module("database", "module-mylutece-database", None),
        ];
        let dependencies = [
            dependency("mylutece", "lutece-core", false),
            dependency("database", "plugin-mylutece", false),
            dependency("database", "lutece-core", false),
            // Managed only: not a use.
            dependency("core", "plugin-mylutece", true),
            // Not built here: an external dependency.
            dependency("core", "spring-core", false),
        ];
        let graph = DependencyGraph::build(&modules, &dependencies);
        assert_eq!(graph.direct_dependents("core"), ["database", "mylutece"]);
        assert_eq!(
            graph.transitive_dependents("mylutece"),
            BTreeSet::from(["database"])
        );
        assert_eq!(graph.transitive_dependents("core").len(), 2);
        assert!(graph.dependencies_of("core").is_empty());
    }

    #[test]
    fn a_parent_in_the_estate_is_a_link_and_cycles_end() {
        let modules = [
            module("a", "a", Some("fr.paris.lutece:b:1.0.0")),
            module("b", "b", None),
        ];
        let dependencies = [dependency("b", "a", false)];
        let graph = DependencyGraph::build(&modules, &dependencies);
        assert_eq!(graph.edges[&("a".into(), "b".into())], Link::Parent);
        assert_eq!(graph.transitive_dependents("a"), BTreeSet::from(["b"]));
        assert_eq!(graph.transitive_dependents("b"), BTreeSet::from(["a"]));
    }
}
