//! A `pom.xml` as Vigie reads it: [`Pom::parse`] takes the coordinates,
//! parent, packaging, descriptive fields, modules, properties, licences, SCM
//! address and dependencies, as written; [`Pom::interpolate`]
//! ([`super::interpolate`]) then fills in their `${...}` placeholders.
//!
//! Elements are matched in the namespace of the root `<project>` (Maven's
//! `http://maven.apache.org/POM/4.0.0`, or none), so foreign elements are
//! ignored. Text is trimmed, as Maven's reader does, and an empty element
//! counts as absent. Only the project's own sections are read: dependencies
//! and modules inside `<profiles>` or `<build>` are not.
//!
//! Defaults and inheritance are the POM reference's
//! (<https://maven.apache.org/pom.html>): a missing `groupId` or `version` is
//! the parent's, `packaging` is `jar`, a dependency's `scope` is `compile` and
//! its `type` is `jar`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use roxmltree::{Document, Node};

/// A pom's `<properties>`: name to value.
pub type Properties = BTreeMap<String, String>;

/// Where Maven finds an artifact: `groupId:artifactId:version`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coordinates {
    /// The organisation's or project's group (`fr.paris.lutece.plugins`).
    pub group_id: String,
    /// The artifact's name within the group (`plugin-mylutece`).
    pub artifact_id: String,
    /// The version, as written (`7.0.2`, `8.0.0-SNAPSHOT`, `${revision}`).
    pub version: String,
}

/// The `<parent>` a pom inherits from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parent {
    /// The parent's coordinates.
    pub coordinates: Coordinates,
    /// `<relativePath>`: `None` when absent (Maven then looks in
    /// `../pom.xml`), `Some("")` for `<relativePath/>` (look in no folder).
    pub relative_path: Option<String>,
}

/// A `<license>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct License {
    /// Its name as written (`BSD-3-Clause`, `The Apache License, Version 2.0`).
    pub name: Option<String>,
    /// Where its text is.
    pub url: Option<String>,
}

/// A `<dependency>`, in `<dependencies>` or `<dependencyManagement>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// The dependency's group.
    pub group_id: String,
    /// The dependency's artifact.
    pub artifact_id: String,
    /// The version requirement as written (read it with
    /// [`super::range::VersionRange::parse`]); `None` when left to
    /// dependency management.
    pub version: Option<String>,
    /// `<scope>`, `compile` when absent.
    pub scope: String,
    /// `<type>`, `jar` when absent (Lutece uses `lutece-core`, `lutece-plugin`).
    pub kind: String,
    /// `<classifier>`, if any.
    pub classifier: Option<String>,
    /// Whether `<optional>` is `true`.
    pub optional: bool,
}

/// What a pom says about its project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pom {
    /// The project's coordinates, group and version taken from the parent
    /// when the pom has none.
    pub coordinates: Coordinates,
    /// The parent, if any.
    pub parent: Option<Parent>,
    /// `<packaging>`, `jar` when absent.
    pub packaging: String,
    /// `<name>`.
    pub name: Option<String>,
    /// `<description>`.
    pub description: Option<String>,
    /// `<url>`.
    pub url: Option<String>,
    /// `<modules>`: the folders of the sub-projects.
    pub modules: Vec<String>,
    /// `<properties>`.
    pub properties: Properties,
    /// `<licenses>`.
    pub licenses: Vec<License>,
    /// `<scm><url>`: where the sources can be browsed.
    pub scm_url: Option<String>,
    /// `<dependencies>`.
    pub dependencies: Vec<Dependency>,
    /// `<dependencyManagement><dependencies>`.
    pub dependency_management: Vec<Dependency>,
}

/// Why a pom cannot be read. Each names the file (as the caller gave it) and
/// the line and column (from 1) in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PomError {
    /// The text is not well-formed XML.
    #[error("{}:{line}:{column}: malformed XML: {message}", path.display())]
    Xml {
        /// The file.
        path: PathBuf,
        /// Where the parser stopped.
        line: u32,
        /// Where the parser stopped.
        column: u32,
        /// What the XML parser reported.
        message: String,
    },
    /// The root element is not `<project>`.
    #[error("{}:{line}:{column}: the root element is <{found}>, not <project>", path.display())]
    NotAProject {
        /// The file.
        path: PathBuf,
        /// Where the root element starts.
        line: u32,
        /// Where the root element starts.
        column: u32,
        /// The root element's name.
        found: String,
    },
    /// A required element is missing (or empty).
    #[error("{}:{line}:{column}: <{element}> has no <{missing}>", path.display())]
    Missing {
        /// The file.
        path: PathBuf,
        /// Where the element that lacks it starts.
        line: u32,
        /// Where the element that lacks it starts.
        column: u32,
        /// The element that lacks it (`project`, `parent`, `dependency`).
        element: String,
        /// What it lacks (`artifactId`, `groupId`, `version`).
        missing: &'static str,
    },
}

impl Pom {
    /// Reads a pom's text; `path` only names the file in errors.
    pub fn parse(xml: &str, path: &Path) -> Result<Pom, PomError> {
        let doc = Document::parse(xml).map_err(|e| PomError::Xml {
            path: path.to_owned(),
            line: e.pos().row,
            column: e.pos().col,
            message: e.to_string(),
        })?;
        let root = doc.root_element();
        let reader = Reader {
            doc: &doc,
            path,
            ns: root.tag_name().namespace(),
        };
        if root.tag_name().name() != "project" {
            let (line, column) = reader.position(root);
            let found = root.tag_name().name().to_owned();
            return Err(PomError::NotAProject {
                path: path.to_owned(),
                line,
                column,
                found,
            });
        }
        reader.project(root)
    }
}

impl fmt::Display for Coordinates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.group_id, self.artifact_id, self.version)
    }
}

/// Reads elements in the namespace of the root.
struct Reader<'a, 'input> {
    doc: &'a Document<'input>,
    path: &'a Path,
    ns: Option<&'a str>,
}

impl<'a, 'input> Reader<'a, 'input> {
    fn position(&self, node: Node<'a, 'input>) -> (u32, u32) {
        let pos = self.doc.text_pos_at(node.range().start);
        (pos.row, pos.col)
    }

    fn children(
        &self,
        node: Node<'a, 'input>,
        name: &'static str,
    ) -> impl Iterator<Item = Node<'a, 'input>> + 'a {
        let ns = self.ns;
        node.children().filter(move |n| {
            n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == ns
        })
    }

    fn child(&self, node: Node<'a, 'input>, name: &'static str) -> Option<Node<'a, 'input>> {
        self.children(node, name).next()
    }

    /// The items of a list element: `<modules><module>`.
    fn items(
        &self,
        node: Node<'a, 'input>,
        list: &'static str,
        item: &'static str,
    ) -> Vec<Node<'a, 'input>> {
        self.child(node, list)
            .map(|l| self.children(l, item).collect())
            .unwrap_or_default()
    }

    /// A child's trimmed text; `None` when absent or empty.
    fn text(&self, node: Node<'a, 'input>, name: &'static str) -> Option<String> {
        let child = self.children(node, name).next()?;
        Some(text_of(child)).filter(|t| !t.is_empty())
    }

    fn required(&self, node: Node<'a, 'input>, name: &'static str) -> Result<String, PomError> {
        self.text(node, name)
            .ok_or_else(|| self.missing(node, name))
    }

    fn missing(&self, node: Node<'a, 'input>, missing: &'static str) -> PomError {
        let (line, column) = self.position(node);
        let element = node.tag_name().name().to_owned();
        PomError::Missing {
            path: self.path.to_owned(),
            line,
            column,
            element,
            missing,
        }
    }

    fn project(&self, root: Node<'a, 'input>) -> Result<Pom, PomError> {
        let parent = self
            .child(root, "parent")
            .map(|p| self.parent(p))
            .transpose()?;
        let inherited = parent.as_ref().map(|p| &p.coordinates);
        let artifact_id = self.required(root, "artifactId")?;
        let group_id = self
            .text(root, "groupId")
            .or_else(|| inherited.map(|c| c.group_id.clone()));
        let version = self
            .text(root, "version")
            .or_else(|| inherited.map(|c| c.version.clone()));
        let coordinates = Coordinates {
            group_id: group_id.ok_or_else(|| self.missing(root, "groupId"))?,
            artifact_id,
            version: version.ok_or_else(|| self.missing(root, "version"))?,
        };
        let management = self.child(root, "dependencyManagement");
        Ok(Pom {
            coordinates,
            parent,
            packaging: self.text(root, "packaging").unwrap_or_else(|| "jar".into()),
            name: self.text(root, "name"),
            description: self.text(root, "description"),
            url: self.text(root, "url"),
            modules: self
                .items(root, "modules", "module")
                .into_iter()
                .map(text_of)
                .collect(),
            properties: self.properties(root),
            licenses: self.licenses(root),
            scm_url: self
                .child(root, "scm")
                .and_then(|scm| self.text(scm, "url")),
            dependencies: self.dependencies(Some(root))?,
            dependency_management: self.dependencies(management)?,
        })
    }

    fn parent(&self, node: Node<'a, 'input>) -> Result<Parent, PomError> {
        Ok(Parent {
            coordinates: Coordinates {
                group_id: self.required(node, "groupId")?,
                artifact_id: self.required(node, "artifactId")?,
                version: self.required(node, "version")?,
            },
            relative_path: self.child(node, "relativePath").map(text_of),
        })
    }

    fn properties(&self, root: Node<'a, 'input>) -> Properties {
        let Some(properties) = self.child(root, "properties") else {
            return Properties::new();
        };
        let entries = properties.children().filter(Node::is_element);
        entries
            .map(|p| (p.tag_name().name().to_owned(), text_of(p)))
            .collect()
    }

    fn licenses(&self, root: Node<'a, 'input>) -> Vec<License> {
        let licenses = self.items(root, "licenses", "license").into_iter();
        licenses
            .map(|l| License {
                name: self.text(l, "name"),
                url: self.text(l, "url"),
            })
            .collect()
    }

    /// The dependencies listed in `<dependencies>` under `owner`.
    fn dependencies(&self, owner: Option<Node<'a, 'input>>) -> Result<Vec<Dependency>, PomError> {
        let nodes = owner
            .map(|o| self.items(o, "dependencies", "dependency"))
            .unwrap_or_default();
        nodes.into_iter().map(|d| self.dependency(d)).collect()
    }

    fn dependency(&self, node: Node<'a, 'input>) -> Result<Dependency, PomError> {
        Ok(Dependency {
            group_id: self.required(node, "groupId")?,
            artifact_id: self.required(node, "artifactId")?,
            version: self.text(node, "version"),
            scope: self.text(node, "scope").unwrap_or_else(|| "compile".into()),
            kind: self.text(node, "type").unwrap_or_else(|| "jar".into()),
            classifier: self.text(node, "classifier"),
            optional: self
                .text(node, "optional")
                .is_some_and(|o| o.eq_ignore_ascii_case("true")),
        })
    }
}

/// An element's own text (CDATA included, comments left out), trimmed.
fn text_of(node: Node) -> String {
    let parts = node
        .children()
        .filter(Node::is_text)
        .filter_map(|t| t.text());
    parts.collect::<String>().trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estate::maven::interpolate::Field;
    use crate::estate::maven::range::VersionRange;
    use std::process::Command;
    use std::sync::OnceLock;

    fn parse(xml: &str) -> Pom {
        Pom::parse(xml, Path::new("test/pom.xml")).unwrap_or_else(|e| panic!("{e}"))
    }

    fn error(xml: &str) -> PomError {
        Pom::parse(xml, Path::new("test/pom.xml")).expect_err("a bad pom")
    }

    /// One row of `lutece-heads/INDEX.csv` with its root pom.
    struct Head {
        repo: String,
        parent_pom: String,
        lutece_core_dep: String,
        packaging: String,
        bundle: PathBuf,
        pom: String,
    }

    /// The fields of a CSV line without quotes inside fields.
    fn csv_fields(line: &str) -> Vec<String> {
        let (mut fields, mut field, mut quoted) = (Vec::new(), String::new(), false);
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => fields.push(std::mem::take(&mut field)),
                _ => field.push(c),
            }
        }
        fields.push(field);
        fields
    }

    fn git(args: &[&str]) -> Vec<u8> {
        let out = Command::new("git").args(args).output().expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    /// The 31 Lutece heads, their root poms read from the bundles once per
    /// test run into a scratch repository that is then removed.
    fn lutece_heads() -> Option<&'static [Head]> {
        static HEADS: OnceLock<Option<Vec<Head>>> = OnceLock::new();
        HEADS
            .get_or_init(|| read_heads(&crate::testdata::shared_data()?.join("lutece-heads")))
            .as_deref()
    }

    fn read_heads(dir: &Path) -> Option<Vec<Head>> {
        let index = std::fs::read_to_string(dir.join("INDEX.csv")).expect("INDEX.csv");
        let mut lines = index.lines();
        let header = csv_fields(lines.next().expect("a header"));
        let column = |name: &str| header.iter().position(|h| h == name).expect(name);
        let (repo, parent, core, packaging) = (
            column("repo"),
            column("parent_pom"),
            column("lutece_core_dep"),
            column("packaging"),
        );
        let scratch =
            std::env::temp_dir().join(format!("vigie-maven-heads-{}", std::process::id()));
        let git_dir = scratch
            .to_str()
            .expect("a UTF-8 temporary folder")
            .to_owned();
        git(&["init", "--quiet", "--bare", &git_dir]);
        let heads = lines
            .map(|line| {
                let row = csv_fields(line);
                let name = row[repo].replace('/', "+");
                let bundle = dir.join(format!("{name}.bundle"));
                let bundle_arg = bundle.to_str().expect("a UTF-8 path");
                let refspec = format!("HEAD:refs/heads/{name}");
                git(&[
                    "--git-dir",
                    &git_dir,
                    "fetch",
                    "--quiet",
                    bundle_arg,
                    &refspec,
                ]);
                let blob = git(&["--git-dir", &git_dir, "show", &format!("{name}:pom.xml")]);
                Head {
                    repo: row[repo].clone(),
                    parent_pom: row[parent].clone(),
                    lutece_core_dep: row[core].clone(),
                    packaging: row[packaging].clone(),
                    bundle,
                    pom: String::from_utf8(blob).expect("a UTF-8 pom"),
                }
            })
            .collect();
        std::fs::remove_dir_all(&scratch).expect("the scratch repository is removed");
        Some(heads)
    }

    fn head(repo: &str) -> Option<&'static Head> {
        lutece_heads().map(|heads| heads.iter().find(|h| h.repo == repo).expect(repo))
    }

    fn read_head(head: &Head) -> Pom {
        Pom::parse(&head.pom, &head.bundle.join("pom.xml")).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn lutece_core_reads_as_its_pom_says() {
        let Some(core) = head("lutece-platform/lutece-core") else {
            return;
        };
        let pom = read_head(core);
        assert_eq!(
            pom.coordinates.to_string(),
            "fr.paris.lutece:lutece-core:8.0.2-SNAPSHOT"
        );
        assert_eq!(pom.packaging, "lutece-core");
        assert_eq!(pom.name.as_deref(), Some("Lutece"));
        assert_eq!(pom.url.as_deref(), Some("https://dev.lutece.paris.fr/"));
        let scm = "https://github.com/lutece-platform/lutece-core.git";
        assert_eq!(pom.scm_url.as_deref(), Some(scm));
        let parent = pom.parent.as_ref().expect("a parent");
        let global = "fr.paris.lutece.tools:lutece-global-pom:8.0.1-SNAPSHOT";
        assert_eq!(parent.coordinates.to_string(), global);
        assert_eq!(parent.relative_path.as_deref(), Some(""));
        assert_eq!(pom.properties.len(), 6);
        assert_eq!(
            pom.properties["github.project"],
            "lutece-platform/lutece-core"
        );
        // 33 outside comments, counted with a regular expression.
        assert_eq!(pom.dependencies.len(), 33);
        let ehcache = pom.dependencies.iter().find(|d| d.artifact_id == "ehcache");
        let ehcache = ehcache.expect("ehcache");
        assert_eq!(
            (ehcache.scope.as_str(), ehcache.classifier.as_deref()),
            ("runtime", Some("jakarta"))
        );
        let beanutils = &pom.dependencies[0];
        assert_eq!(
            (beanutils.version.as_deref(), beanutils.scope.as_str()),
            (None, "compile")
        );
        assert!(pom.modules.is_empty() && pom.licenses.is_empty());
    }

    #[test]
    fn lutece_cores_mariadb_version_comes_from_its_parent_so_stays_unresolved() {
        let Some(core) = head("lutece-platform/lutece-core") else {
            return;
        };
        let filled = read_head(core).interpolate(None);
        let index = filled
            .pom
            .dependencies
            .iter()
            .position(|d| d.artifact_id == "mariadb-java-client");
        let index = index.expect("mariadb");
        assert_eq!(
            filled.pom.dependencies[index].version.as_deref(),
            Some("${mariadb.version}")
        );
        assert!(!filled.is_resolved(&Field::Dependency(index)));
        assert!(filled.is_resolved(&Field::Dependency(0)));
    }

    #[test]
    fn every_lutece_head_agrees_with_the_index() {
        let Some(heads) = lutece_heads() else { return };
        assert_eq!(heads.len(), 31);
        for head in heads {
            let filled = read_head(head).interpolate(None);
            let pom = &filled.pom;
            assert_eq!(pom.packaging, head.packaging, "{}", head.repo);
            let parent = pom.parent.as_ref().map(|p| p.coordinates.to_string());
            assert_eq!(parent.unwrap_or_default(), head.parent_pom, "{}", head.repo);
            let core = pom
                .dependencies
                .iter()
                .position(|d| d.artifact_id == "lutece-core");
            let Some(index) = core else {
                assert_eq!(
                    head.lutece_core_dep, "",
                    "{} has no lutece-core dependency",
                    head.repo
                );
                continue;
            };
            let dependency = &pom.dependencies[index];
            assert_eq!(dependency.group_id, "fr.paris.lutece", "{}", head.repo);
            assert_eq!(dependency.kind, "lutece-core", "{}", head.repo);
            assert!(
                filled.is_resolved(&Field::Dependency(index)),
                "{}",
                head.repo
            );
            let text = dependency.version.as_deref().unwrap_or_default();
            assert_eq!(text, head.lutece_core_dep, "{}", head.repo);
            let range = VersionRange::parse(text).unwrap_or_else(|e| panic!("{}: {e}", head.repo));
            assert_eq!(range.to_string(), text, "{}", head.repo);
        }
    }

    #[test]
    fn a_plugin_names_the_global_pom_as_parent_and_a_range_of_core() {
        let Some(mylutece) = head("lutece-platform/lutece-auth-plugin-mylutece") else {
            return;
        };
        let pom = read_head(mylutece);
        assert_eq!(
            pom.coordinates.to_string(),
            "fr.paris.lutece.plugins:plugin-mylutece:4.0.7-SNAPSHOT"
        );
        let parent = pom.parent.as_ref().expect("a parent");
        assert_eq!(
            parent.coordinates.to_string(),
            "fr.paris.lutece.tools:lutece-global-pom:7.0.2"
        );
        assert_eq!(parent.relative_path, None);
        let core = &pom.dependencies[0];
        let range =
            VersionRange::parse(core.version.as_deref().unwrap_or_default()).expect("a range");
        assert_eq!(range.lower_bound().map(|v| v.as_str()), Some("7.0.2"));
        assert!(range.contains(&"7.1.0".parse().expect("a version")));
        assert!(!range.contains(&"8.0.0".parse().expect("a version")));
    }

    #[test]
    fn a_pom_without_namespace_takes_defaults_and_inherits_from_its_parent() {
        let pom = parse(
            "<project>
               <parent><groupId>org.example</groupId><artifactId>base</artifactId>
                 <version>2.1</version></parent>
               <artifactId>child</artifactId>
               <description>
                  Two words
               </description>
               <modules><module>core</module><module>web</module></modules>
               <licenses><license><name>BSD-3-Clause</name>
                 <url>https://opensource.org/licenses/BSD-3-Clause</url></license></licenses>
               <dependencies><dependency><groupId>junit</groupId>
                 <artifactId>junit</artifactId><version>4.13</version><scope>test</scope>
                 <optional>TRUE</optional></dependency></dependencies>
               <dependencyManagement><dependencies><dependency><groupId>org.x</groupId>
                 <artifactId>bom</artifactId><version>[1.0,2.0)</version><type>pom</type>
                 <scope>import</scope></dependency></dependencies></dependencyManagement>
             </project>",
        );
        assert_eq!(pom.coordinates.to_string(), "org.example:child:2.1");
        assert_eq!(pom.packaging, "jar");
        assert_eq!(pom.description.as_deref(), Some("Two words"));
        assert_eq!(
            (pom.name.clone(), pom.url.clone(), pom.scm_url.clone()),
            (None, None, None)
        );
        assert_eq!(pom.modules, ["core", "web"]);
        let license = &pom.licenses[0];
        assert_eq!(license.name.as_deref(), Some("BSD-3-Clause"));
        let junit = &pom.dependencies[0];
        assert_eq!(
            (junit.scope.as_str(), junit.kind.as_str(), junit.optional),
            ("test", "jar", true)
        );
        let bom = &pom.dependency_management[0];
        assert_eq!((bom.kind.as_str(), bom.scope.as_str()), ("pom", "import"));
        assert_eq!(bom.version.as_deref(), Some("[1.0,2.0)"));
    }

    #[test]
    fn only_elements_in_the_projects_namespace_count() {
        let pom = parse(
            r#"<pom:project xmlns:pom="http://maven.apache.org/POM/4.0.0" xmlns:x="urn:other">
                 <pom:groupId>g</pom:groupId><pom:artifactId>a</pom:artifactId>
                 <x:artifactId>foreign</x:artifactId><pom:version>1</pom:version>
                 <x:packaging>war</x:packaging>
                 <pom:name>A <![CDATA[<b>bold</b>]]> name<!-- not this --></pom:name>
               </pom:project>"#,
        );
        assert_eq!(pom.coordinates.to_string(), "g:a:1");
        assert_eq!(pom.packaging, "jar");
        assert_eq!(pom.name.as_deref(), Some("A <b>bold</b> name"));
        let err = error(
            r#"<project xmlns="http://maven.apache.org/POM/4.0.0"><artifactId xmlns="">a</artifactId></project>"#,
        );
        assert!(
            matches!(
                err,
                PomError::Missing {
                    missing: "artifactId",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn malformed_xml_is_reported_with_the_file_line_and_column() {
        let err =
            error("<project>\n  <artifactId>a</artifactId>\n  <version>1</verson>\n</project>");
        let PomError::Xml {
            path, line, column, ..
        } = &err
        else {
            panic!("{err}")
        };
        assert_eq!((path.as_path(), *line), (Path::new("test/pom.xml"), 3));
        assert!(*column > 1, "{err}");
        assert!(err.to_string().starts_with("test/pom.xml:3:"), "{err}");
        assert!(matches!(error(""), PomError::Xml { .. }));
    }

    #[test]
    fn a_missing_artifact_id_is_reported_where_its_element_starts() {
        let err = error("<?xml version=\"1.0\"?>\n\n  <project><groupId>g</groupId><version>1</version></project>");
        assert_eq!(
            err.to_string(),
            "test/pom.xml:3:3: <project> has no <artifactId>"
        );
        let err = error("<project>\n<artifactId>a</artifactId><version>1</version></project>");
        assert_eq!(
            err.to_string(),
            "test/pom.xml:1:1: <project> has no <groupId>"
        );
        let err = error(
            "<project><groupId>g</groupId><artifactId>a</artifactId><version>1</version>\n\
             <dependencies>\n   <dependency><groupId>x</groupId><artifactId> </artifactId></dependency>\n\
             </dependencies></project>",
        );
        assert_eq!(
            err.to_string(),
            "test/pom.xml:3:4: <dependency> has no <artifactId>"
        );
        let err = error(
            "<project><parent><groupId>g</groupId><artifactId>p</artifactId></parent></project>",
        );
        assert!(
            matches!(err, PomError::Missing { ref element, missing: "version", .. } if element == "parent")
        );
    }

    #[test]
    fn a_root_other_than_project_is_refused() {
        let err = error("<settings><artifactId>a</artifactId></settings>");
        assert_eq!(
            err.to_string(),
            "test/pom.xml:1:1: the root element is <settings>, not <project>"
        );
    }
}
