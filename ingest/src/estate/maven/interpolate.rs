//! Filling in a pom's `${...}` placeholders: [`Pom::interpolate`] gives an
//! [`Interpolated`] pom, with each placeholder it had to leave ([`Unresolved`]).
//!
//! Names are looked up as Maven's model interpolation does
//! (<https://maven.apache.org/pom.html#properties>): the project's own fields
//! first (`project.version`, `project.groupId`, `project.parent.version`, ...;
//! `pom.` is the old spelling of `project.`), then the pom's properties, then
//! the parent's. Unlike Maven, which merges a parent's raw properties before
//! interpolating, the parent's properties come already filled in, from the
//! parent's own [`Interpolated::properties`]. Maven stops the build on a
//! cycle; here the placeholders in it stay as written and are reported.

use std::cell::RefCell;

use super::pom::{Coordinates, Dependency, License, Parent, Pom, Properties};

impl Pom {
    /// Fills in `${...}` placeholders everywhere in the pom. Names are looked
    /// up as Maven does: the project's own fields first (`project.version`,
    /// `project.groupId`, `project.artifactId`, `project.parent.version`, ...,
    /// also spelt `pom.`), then this pom's properties, then `parent`'s, which
    /// should be the parent's [`Interpolated::properties`]. Values that hold
    /// placeholders are filled in turn. A placeholder that cannot be filled
    /// (unknown, part of a cycle, or past [`MAX_LOOKUPS`] or [`MAX_LENGTH`]) is
    /// kept verbatim and listed in [`Interpolated::unresolved`].
    pub fn interpolate(&self, parent: Option<&Properties>) -> Interpolated {
        let resolver = Resolver {
            pom: self,
            parent,
            unresolved: RefCell::default(),
        };
        let pom = resolver.pom();
        let mut properties = parent.cloned().unwrap_or_default();
        properties.extend(pom.properties.clone());
        Interpolated {
            pom,
            properties,
            unresolved: resolver.unresolved.into_inner(),
        }
    }
}

/// A pom with its placeholders filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interpolated {
    /// The pom, each text filled in as far as possible.
    pub pom: Pom,
    /// The parent's properties overridden by this pom's, filled in: what to
    /// pass to a child's [`Pom::interpolate`].
    pub properties: Properties,
    /// Each placeholder left verbatim, with where and why.
    pub unresolved: Vec<Unresolved>,
}

impl Interpolated {
    /// Whether every placeholder in `field` was filled in (so a dependency's
    /// version can be read as a requirement).
    pub fn is_resolved(&self, field: &Field) -> bool {
        !self.unresolved.iter().any(|u| u.field == *field)
    }
}

/// A placeholder left verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// Where it is.
    pub field: Field,
    /// The name between `${` and `}`.
    pub name: String,
    /// Why it was left.
    pub reason: Reason,
}

/// Why a placeholder was left verbatim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// No field or property has that name (it may come from a grandparent,
    /// the environment, `settings.xml` or the command line).
    Unknown,
    /// Its value refers back to itself, directly or through others.
    Cycle,
    /// Filling it in would pass [`MAX_LOOKUPS`] or [`MAX_LENGTH`].
    TooLarge,
}

/// A text field of a pom, to say where a placeholder is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// `groupId`, `artifactId` or `version`.
    Coordinates,
    /// Any field of `<parent>`.
    Parent,
    /// `<packaging>`.
    Packaging,
    /// `<name>`.
    Name,
    /// `<description>`.
    Description,
    /// `<url>`.
    Url,
    /// The `<module>` at this index.
    Module(usize),
    /// The property of this name.
    Property(String),
    /// Any field of the `<license>` at this index.
    License(usize),
    /// `<scm><url>`.
    ScmUrl,
    /// Any field of the `<dependency>` at this index.
    Dependency(usize),
    /// Any field of the managed `<dependency>` at this index.
    ManagedDependency(usize),
}

/// The most names looked up to fill in one field: bounds the work a pom
/// whose properties nest exponentially can cause.
pub const MAX_LOOKUPS: usize = 1_000;

/// The longest text a field may grow to by filling in placeholders, in
/// bytes.
pub const MAX_LENGTH: usize = 64 * 1024;

/// Fills in the placeholders of one pom, noting those it leaves.
struct Resolver<'a> {
    pom: &'a Pom,
    parent: Option<&'a Properties>,
    unresolved: RefCell<Vec<Unresolved>>,
}

/// The state of filling in one field.
struct Filling {
    field: Field,
    /// The names being expanded, outermost first.
    stack: Vec<String>,
    lookups_left: usize,
}

impl Resolver<'_> {
    /// The raw value of a name: a field of the project, else a property.
    fn lookup(&self, name: &str) -> Option<&str> {
        let pom = self.pom;
        let field = name
            .strip_prefix("project.")
            .or_else(|| name.strip_prefix("pom."));
        let own = match field {
            Some("groupId") => Some(pom.coordinates.group_id.as_str()),
            Some("artifactId") => Some(pom.coordinates.artifact_id.as_str()),
            Some("version") => Some(pom.coordinates.version.as_str()),
            Some("packaging") => Some(pom.packaging.as_str()),
            Some("name") => pom.name.as_deref(),
            Some("description") => pom.description.as_deref(),
            Some("url") => pom.url.as_deref(),
            Some(path) => self.parent_field(path),
            None => None,
        };
        own.or_else(|| pom.properties.get(name).map(String::as_str))
            .or_else(|| self.parent?.get(name).map(String::as_str))
    }

    fn parent_field(&self, path: &str) -> Option<&str> {
        let parent = &self.pom.parent.as_ref()?.coordinates;
        match path.strip_prefix("parent.")? {
            "groupId" => Some(&parent.group_id),
            "artifactId" => Some(&parent.artifact_id),
            "version" => Some(&parent.version),
            _ => None,
        }
    }

    fn fill(&self, field: Field, text: &str) -> String {
        let mut filling = Filling {
            field,
            stack: Vec::new(),
            lookups_left: MAX_LOOKUPS,
        };
        self.expand_text(text, &mut filling).0
    }

    fn fill_option(&self, field: Field, text: Option<&str>) -> Option<String> {
        text.map(|t| self.fill(field, t))
    }

    /// `text` with its placeholders filled in, and whether one of them was
    /// left because of a cycle (then whatever contains it is left too).
    fn expand_text(&self, text: &str, filling: &mut Filling) -> (String, bool) {
        let (mut out, mut rest, mut cyclic) = (String::new(), text, false);
        while let Some(start) = rest.find("${") {
            let Some(length) = rest[start + 2..].find('}') else {
                break;
            };
            let name = &rest[start + 2..start + 2 + length];
            let end = start + 3 + length;
            out.push_str(&rest[..start]);
            let room = MAX_LENGTH.saturating_sub(out.len());
            match self.expand_name(name, filling, room) {
                Ok(value) => out.push_str(&value),
                Err(reason) => {
                    cyclic |= reason == Reason::Cycle;
                    out.push_str(&rest[start..end]);
                }
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        (out, cyclic)
    }

    /// The value of `name`, filled in, if it fits in `room` bytes.
    fn expand_name(
        &self,
        name: &str,
        filling: &mut Filling,
        room: usize,
    ) -> Result<String, Reason> {
        let outcome = if filling.stack.iter().any(|n| n == name) {
            Err(Reason::Cycle)
        } else if filling.lookups_left == 0 {
            Err(Reason::TooLarge)
        } else {
            filling.lookups_left -= 1;
            self.lookup(name).ok_or(Reason::Unknown).and_then(|raw| {
                filling.stack.push(name.to_owned());
                let (value, cyclic) = self.expand_text(raw, filling);
                filling.stack.pop();
                match (cyclic, value.len() > room) {
                    (true, _) => Err(Reason::Cycle),
                    (_, true) => Err(Reason::TooLarge),
                    _ => Ok(value),
                }
            })
        };
        if let Err(reason) = outcome {
            let found = Unresolved {
                field: filling.field.clone(),
                name: name.to_owned(),
                reason,
            };
            let mut unresolved = self.unresolved.borrow_mut();
            if !unresolved.contains(&found) {
                unresolved.push(found);
            }
        }
        outcome
    }

    fn coordinates(&self, field: Field, c: &Coordinates) -> Coordinates {
        Coordinates {
            group_id: self.fill(field.clone(), &c.group_id),
            artifact_id: self.fill(field.clone(), &c.artifact_id),
            version: self.fill(field, &c.version),
        }
    }

    fn dependencies(&self, field: fn(usize) -> Field, list: &[Dependency]) -> Vec<Dependency> {
        let fill_one = |(i, d): (usize, &Dependency)| Dependency {
            group_id: self.fill(field(i), &d.group_id),
            artifact_id: self.fill(field(i), &d.artifact_id),
            version: self.fill_option(field(i), d.version.as_deref()),
            scope: self.fill(field(i), &d.scope),
            kind: self.fill(field(i), &d.kind),
            classifier: self.fill_option(field(i), d.classifier.as_deref()),
            optional: d.optional,
        };
        list.iter().enumerate().map(fill_one).collect()
    }

    /// The pom with every text filled in.
    fn pom(&self) -> Pom {
        let pom = self.pom;
        let parent = pom.parent.as_ref().map(|p| Parent {
            coordinates: self.coordinates(Field::Parent, &p.coordinates),
            relative_path: self.fill_option(Field::Parent, p.relative_path.as_deref()),
        });
        let modules = pom.modules.iter().enumerate();
        let properties = pom.properties.iter();
        let licenses = pom.licenses.iter().enumerate().map(|(i, l)| License {
            name: self.fill_option(Field::License(i), l.name.as_deref()),
            url: self.fill_option(Field::License(i), l.url.as_deref()),
        });
        Pom {
            coordinates: self.coordinates(Field::Coordinates, &pom.coordinates),
            parent,
            packaging: self.fill(Field::Packaging, &pom.packaging),
            name: self.fill_option(Field::Name, pom.name.as_deref()),
            description: self.fill_option(Field::Description, pom.description.as_deref()),
            url: self.fill_option(Field::Url, pom.url.as_deref()),
            modules: modules
                .map(|(i, m)| self.fill(Field::Module(i), m))
                .collect(),
            properties: properties
                .map(|(k, v)| (k.clone(), self.fill(Field::Property(k.clone()), v)))
                .collect(),
            licenses: licenses.collect(),
            scm_url: self.fill_option(Field::ScmUrl, pom.scm_url.as_deref()),
            dependencies: self.dependencies(Field::Dependency, &pom.dependencies),
            dependency_management: self
                .dependencies(Field::ManagedDependency, &pom.dependency_management),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::time::{Duration, Instant};

    fn parse(xml: &str) -> Pom {
        Pom::parse(xml, Path::new("test/pom.xml")).unwrap_or_else(|e| panic!("{e}"))
    }

    /// A pom with the given properties and dependency versions.
    fn pom_with(properties: &str, versions: &[&str]) -> Pom {
        let dependencies: String = versions
            .iter()
            .enumerate()
            .map(|(i, v)| {
                format!(
                    "<dependency><groupId>g</groupId><artifactId>d{i}</artifactId>\
                     <version>{v}</version></dependency>"
                )
            })
            .collect();
        parse(&format!(
            "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">
               <parent><groupId>org.example</groupId><artifactId>base</artifactId>
                 <version>3.0</version></parent>
               <artifactId>app</artifactId><version>1.2.0</version>
               <properties>{properties}</properties>
               <dependencies>{dependencies}</dependencies>
             </project>"
        ))
    }

    fn versions(filled: &Interpolated) -> Vec<&str> {
        let deps = filled.pom.dependencies.iter();
        deps.map(|d| d.version.as_deref().unwrap_or_default())
            .collect()
    }

    #[test]
    fn project_fields_and_their_old_pom_spelling_are_filled_in() {
        let pom = pom_with(
            "",
            &[
                "${project.version}",
                "${pom.version}",
                "${project.groupId}",
                "${project.parent.version}",
                "${project.artifactId}-${project.packaging}",
                "${project.parent.groupId}",
            ],
        );
        let filled = pom.interpolate(None);
        assert_eq!(
            versions(&filled),
            [
                "1.2.0",
                "1.2.0",
                "org.example",
                "3.0",
                "app-jar",
                "org.example"
            ]
        );
        assert!(filled.unresolved.is_empty(), "{:?}", filled.unresolved);
    }

    #[test]
    fn own_properties_win_over_the_parents_and_nest() {
        let mut parent = Properties::new();
        parent.insert("spring.version".into(), "5.3.0".into());
        parent.insert("core.version".into(), "[7.0.0,)".into());
        parent.insert("jersey.version".into(), "2.35".into());
        let pom = pom_with(
            "<core.version>[${core.low},${core.high})</core.version>
             <core.low>7.0.2</core.low><core.high>7.9.9</core.high>
             <spring.version>${jersey.version}-x</spring.version>",
            &["${core.version}", "${spring.version}", "${jersey.version}"],
        );
        let filled = pom.interpolate(Some(&parent));
        assert_eq!(versions(&filled), ["[7.0.2,7.9.9)", "2.35-x", "2.35"]);
        assert_eq!(filled.pom.properties["core.version"], "[7.0.2,7.9.9)");
        assert_eq!(filled.properties["core.version"], "[7.0.2,7.9.9)");
        assert_eq!(filled.properties["jersey.version"], "2.35");
        assert_eq!(filled.properties.len(), 5);
        assert!(filled.unresolved.is_empty(), "{:?}", filled.unresolved);
    }

    #[test]
    fn a_property_named_like_a_project_field_does_not_hide_the_field() {
        let pom = pom_with(
            "<project.version>9.9</project.version><project.build.sourceEncoding>UTF-8\
             </project.build.sourceEncoding>",
            &["${project.version}", "${project.build.sourceEncoding}"],
        );
        assert_eq!(versions(&pom.interpolate(None)), ["1.2.0", "UTF-8"]);
    }

    #[test]
    fn unknown_placeholders_stay_as_written_and_are_flagged() {
        let pom = pom_with(
            "<partial>${env.HOME}/lib</partial>",
            &[
                "1.0",
                "${mariadb.version}",
                "${partial}",
                "${unclosed",
                "a${}b",
            ],
        );
        let filled = pom.interpolate(None);
        assert_eq!(
            versions(&filled),
            [
                "1.0",
                "${mariadb.version}",
                "${env.HOME}/lib",
                "${unclosed",
                "a${}b"
            ]
        );
        assert!(filled.is_resolved(&Field::Dependency(0)));
        assert!(!filled.is_resolved(&Field::Dependency(1)));
        assert!(!filled.is_resolved(&Field::Property("partial".into())));
        let mariadb = Unresolved {
            field: Field::Dependency(1),
            name: "mariadb.version".into(),
            reason: Reason::Unknown,
        };
        assert!(
            filled.unresolved.contains(&mariadb),
            "{:?}",
            filled.unresolved
        );
        assert!(filled
            .unresolved
            .iter()
            .all(|u| u.reason == Reason::Unknown));
    }

    #[test]
    fn cycles_are_left_as_written_and_reported() {
        let pom = parse(
            "<project><groupId>g</groupId><artifactId>a</artifactId>
               <version>${project.version}</version>
               <properties><a>${b}</a><b>x-${a}</b><c>${a}</c><self>${self}</self></properties>
               <dependencies><dependency><groupId>g</groupId><artifactId>d</artifactId>
                 <version>v${c}</version></dependency></dependencies>
             </project>",
        );
        let filled = pom.interpolate(None);
        assert_eq!(filled.pom.coordinates.version, "${project.version}");
        assert_eq!(filled.pom.dependencies[0].version.as_deref(), Some("v${c}"));
        assert_eq!(filled.pom.properties["self"], "${self}");
        assert_eq!(filled.pom.properties["a"], "${b}");
        let cycle = |field: Field, name: &str| Unresolved {
            field,
            name: name.into(),
            reason: Reason::Cycle,
        };
        for expected in [
            cycle(Field::Coordinates, "project.version"),
            cycle(Field::Dependency(0), "c"),
            cycle(Field::Property("self".into()), "self"),
            cycle(Field::Property("a".into()), "b"),
        ] {
            assert!(
                filled.unresolved.contains(&expected),
                "{expected:?} in {:?}",
                filled.unresolved
            );
        }
    }

    #[test]
    fn properties_that_nest_exponentially_stop_at_the_lookup_limit() {
        let mut properties = String::from("<p0>xxxxxxxxxx</p0>");
        for i in 1..40 {
            properties.push_str(&format!("<p{i}>${{p{j}}}${{p{j}}}</p{i}>", j = i - 1));
        }
        let pom = pom_with(&properties, &["${p39}", "${p8}"]);
        let started = Instant::now();
        let filled = pom.interpolate(None);
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{:?}",
            started.elapsed()
        );
        assert!(!filled.is_resolved(&Field::Dependency(0)));
        let too_large =
            |u: &Unresolved| u.field == Field::Dependency(0) && u.reason == Reason::TooLarge;
        assert!(
            filled.unresolved.iter().any(too_large),
            "{:?}",
            filled.unresolved
        );
        // 511 lookups give 2^8 copies of ten characters.
        assert!(filled.is_resolved(&Field::Dependency(1)));
        let p8 = filled.pom.dependencies[1].version.as_ref().map(String::len);
        assert_eq!(p8, Some(2_560));
    }

    #[test]
    fn a_text_stops_growing_at_the_length_limit() {
        let big = "x".repeat(40_000);
        let pom = pom_with(&format!("<big>{big}</big>"), &["${big}${big}", "${big}"]);
        let filled = pom.interpolate(None);
        assert_eq!(versions(&filled), [format!("{big}${{big}}"), big.clone()]);
        let found = &filled.unresolved;
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].field.clone(), found[0].reason),
            (Field::Dependency(0), Reason::TooLarge)
        );
    }

    #[test]
    fn a_childs_interpolation_takes_its_parents_filled_in_properties() {
        let parent = parse(
            "<project><groupId>org.example</groupId><artifactId>base</artifactId>
               <version>3.0</version>
               <properties><base.version>${project.version}</base.version>
                 <core.version>[7.0.2,7.9.9)</core.version></properties></project>",
        )
        .interpolate(None);
        let child = pom_with("", &["${base.version}", "${core.version}"]);
        let filled = child.interpolate(Some(&parent.properties));
        // The parent's own version, not the child's 1.2.0: properties come filled in.
        assert_eq!(versions(&filled), ["3.0", "[7.0.2,7.9.9)"]);
    }

    #[test]
    fn every_text_of_the_pom_is_filled_in() {
        let pom = parse(
            "<project><groupId>${g}</groupId><artifactId>a</artifactId><version>1</version>
               <packaging>${p}</packaging><name>${n}</name><description>${n}</description>
               <url>https://x/${project.artifactId}</url><modules><module>${n}</module></modules>
               <licenses><license><name>${n}</name></license></licenses>
               <scm><url>${n}</url></scm>
               <properties><g>org.x</g><p>pom</p><n>N</n></properties>
               <dependencyManagement><dependencies><dependency><groupId>${g}</groupId>
                 <artifactId>m</artifactId><scope>${p}</scope></dependency></dependencies>
               </dependencyManagement></project>",
        );
        let filled = pom.interpolate(None).pom;
        assert_eq!(filled.coordinates.to_string(), "org.x:a:1");
        assert_eq!(filled.packaging, "pom");
        let texts = [
            &filled.name,
            &filled.description,
            &filled.scm_url,
            &filled.licenses[0].name,
        ];
        assert!(texts.iter().all(|t| t.as_deref() == Some("N")), "{texts:?}");
        assert_eq!(filled.url.as_deref(), Some("https://x/a"));
        assert_eq!(filled.modules, ["N"]);
        let managed = &filled.dependency_management[0];
        assert_eq!(
            (managed.group_id.as_str(), managed.scope.as_str()),
            ("org.x", "pom")
        );
    }
}
