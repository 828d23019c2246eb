//! The estate's Maven modules: every kept pom read, its placeholders filled
//! in with its own properties and, when its parent is a pom of the estate,
//! its parent's (the parent's own parents first).

use std::collections::HashMap;
use std::path::Path;

use super::interpolate::{Field, Interpolated, Reason};
use super::pom::{Pom, Properties};
use crate::estate::licence;
use crate::store::{DependencyRecord, ModuleRecord};

/// A kept pom: repository, path, text.
pub type PomText = (String, String, String);

/// The modules and dependencies of `poms`. A pom that cannot be read
/// becomes a module named after its folder with the reason in `problems`.
pub fn modules(poms: &[PomText]) -> (Vec<ModuleRecord>, Vec<DependencyRecord>) {
    let parsed: Vec<Result<Pom, String>> = poms
        .iter()
        .map(|(_, path, text)| Pom::parse(text, Path::new(path)).map_err(|e| e.to_string()))
        .collect();
    // groupId:artifactId → the pom that builds it, for parents.
    let mut index = HashMap::new();
    for (i, pom) in parsed.iter().enumerate() {
        if let Ok(pom) = pom {
            let c = &pom.coordinates;
            index
                .entry(format!("{}:{}", c.group_id, c.artifact_id))
                .or_insert(i);
        }
    }
    let mut resolver = Resolver {
        parsed: &parsed,
        index: &index,
        done: HashMap::new(),
    };
    let (mut modules, mut dependencies) = (Vec::new(), Vec::new());
    for (i, (repository, path, _)) in poms.iter().enumerate() {
        match resolver.resolve(i, 0) {
            Some(interpolated) => {
                let module = module_of(repository, path, &interpolated);
                dependencies.extend(dependencies_of(repository, path, &interpolated));
                modules.push(module);
            }
            None => modules.push(unreadable(repository, path, &parsed[i])),
        }
    }
    (modules, dependencies)
}

/// Interpolates poms parents first, each once.
struct Resolver<'a> {
    parsed: &'a [Result<Pom, String>],
    index: &'a HashMap<String, usize>,
    done: HashMap<usize, Option<Interpolated>>,
}

impl Resolver<'_> {
    /// Pom `i` interpolated; `depth` stops a cycle of parents.
    fn resolve(&mut self, i: usize, depth: usize) -> Option<Interpolated> {
        if let Some(done) = self.done.get(&i) {
            return done.clone();
        }
        let pom = self.parsed[i].as_ref().ok()?;
        let parent = pom.parent.as_ref().and_then(|p| {
            let key = format!("{}:{}", p.coordinates.group_id, p.coordinates.artifact_id);
            self.index.get(&key).copied().filter(|&j| j != i)
        });
        let parent_properties: Option<Properties> = match parent {
            Some(j) if depth < 16 => self.resolve(j, depth + 1).map(|p| p.properties),
            _ => None,
        };
        let interpolated = pom.interpolate(parent_properties.as_ref());
        self.done.insert(i, Some(interpolated.clone()));
        Some(interpolated)
    }
}

fn module_of(repository: &str, path: &str, interpolated: &Interpolated) -> ModuleRecord {
    let pom = &interpolated.pom;
    let licences = pom
        .licenses
        .iter()
        .filter_map(|l| {
            let name = l.name.as_deref().unwrap_or_default();
            licence::from_pom(name, l.url.as_deref())
                .or_else(|| (!name.is_empty()).then(|| name.to_owned()))
        })
        .collect();
    let problems: Vec<String> = interpolated
        .unresolved
        .iter()
        .map(|u| {
            let why = match u.reason {
                Reason::Unknown => "is not defined here or in a parent in the estate",
                Reason::Cycle => "refers to itself",
                Reason::TooLarge => "grows too large",
            };
            format!("${{{}}} {why}", u.name)
        })
        .collect();
    ModuleRecord {
        repository: repository.to_owned(),
        path: path.to_owned(),
        group_id: Some(pom.coordinates.group_id.clone()).filter(|g| !g.is_empty()),
        artifact_id: pom.coordinates.artifact_id.clone(),
        version: Some(pom.coordinates.version.clone()).filter(|v| !v.is_empty()),
        packaging: pom.packaging.clone(),
        parent: pom.parent.as_ref().map(|p| p.coordinates.to_string()),
        name: pom.name.clone(),
        licences,
        problems: (!problems.is_empty()).then(|| problems.join("; ")),
    }
}

fn dependencies_of<'a>(
    repository: &'a str,
    path: &'a str,
    interpolated: &'a Interpolated,
) -> impl Iterator<Item = DependencyRecord> + 'a {
    let pom = &interpolated.pom;
    let declared = pom
        .dependencies
        .iter()
        .enumerate()
        .map(|(i, d)| (d, false, Field::Dependency(i)));
    let managed = pom
        .dependency_management
        .iter()
        .enumerate()
        .map(|(i, d)| (d, true, Field::ManagedDependency(i)));
    declared
        .chain(managed)
        .map(move |(d, managed, field)| DependencyRecord {
            repository: repository.to_owned(),
            path: path.to_owned(),
            group_id: d.group_id.clone(),
            artifact_id: d.artifact_id.clone(),
            // An unfilled placeholder is no version at all.
            version: d
                .version
                .clone()
                .filter(|_| interpolated.is_resolved(&field)),
            scope: d.scope.clone(),
            managed,
            optional: d.optional,
        })
}

fn unreadable(repository: &str, path: &str, parsed: &Result<Pom, String>) -> ModuleRecord {
    let folder = path
        .rsplit_once('/')
        .map_or(repository, |(folder, _)| folder);
    ModuleRecord {
        repository: repository.to_owned(),
        path: path.to_owned(),
        group_id: None,
        artifact_id: folder.rsplit('/').next().unwrap_or(folder).to_owned(),
        version: None,
        packaging: "unknown".to_owned(),
        parent: None,
        name: None,
        licences: Vec::new(),
        problems: Some(parsed.as_ref().err().cloned().unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pom(group: &str, artifact: &str, parent: &str, body: &str) -> String {
        format!(
            "<project><modelVersion>4.0.0</modelVersion>{parent}<groupId>{group}</groupId>\
             <artifactId>{artifact}</artifactId><version>1.0</version>{body}</project>"
        )
    }

    #[test]
    fn a_parent_in_the_estate_fills_in_its_childrens_placeholders() {
        let parent = pom("g", "global", "", "<packaging>pom</packaging><properties><core.version>[7.0.2,7.9.9)</core.version></properties>");
        let child = pom(
            "g",
            "plugin",
            "<parent><groupId>g</groupId><artifactId>global</artifactId><version>1.0</version></parent>",
            "<dependencies><dependency><groupId>g</groupId><artifactId>core</artifactId>\
             <version>${core.version}</version><type>lutece-core</type></dependency>\
             <dependency><groupId>g</groupId><artifactId>other</artifactId><version>${missing}</version></dependency></dependencies>",
        );
        let poms = [
            ("o/plugin".to_owned(), "pom.xml".to_owned(), child),
            ("o/global".to_owned(), "pom.xml".to_owned(), parent),
        ];
        let (modules, dependencies) = modules(&poms);
        assert_eq!(modules[0].parent.as_deref(), Some("g:global:1.0"));
        assert_eq!(dependencies[0].version.as_deref(), Some("[7.0.2,7.9.9)"));
        assert_eq!(dependencies[1].version, None);
        assert!(modules[0]
            .problems
            .as_deref()
            .unwrap()
            .contains("${missing}"));
        assert_eq!(modules[1].packaging, "pom");
    }

    #[test]
    fn an_unreadable_pom_is_a_module_that_says_why() {
        let poms = [(
            "o/r".to_owned(),
            "web/pom.xml".to_owned(),
            "<project>".to_owned(),
        )];
        let (modules, dependencies) = modules(&poms);
        assert_eq!(
            (
                modules[0].artifact_id.as_str(),
                modules[0].packaging.as_str()
            ),
            ("web", "unknown")
        );
        assert!(modules[0]
            .problems
            .as_deref()
            .unwrap()
            .contains("web/pom.xml"));
        assert!(dependencies.is_empty());
    }

    #[test]
    fn parents_that_name_each_other_end() {
        let a = pom(
            "g",
            "a",
            "<parent><groupId>g</groupId><artifactId>b</artifactId><version>1.0</version></parent>",
            "",
        );
        let b = pom(
            "g",
            "b",
            "<parent><groupId>g</groupId><artifactId>a</artifactId><version>1.0</version></parent>",
            "",
        );
        let poms = [
            ("o/a".to_owned(), "pom.xml".to_owned(), a),
            ("o/b".to_owned(), "pom.xml".to_owned(), b),
        ];
        assert_eq!(modules(&poms).0.len(), 2);
    }
}
