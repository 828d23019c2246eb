//! Maven, as far as Vigie's estate pages need it: [`version::Version`] orders
//! versions the way Maven does, [`range::VersionRange`] reads a dependency's
//! version requirement, [`pom::Pom`] reads a `pom.xml` (coordinates, parent,
//! modules, properties, licences, dependencies) and
//! [`interpolate::Interpolated`] is a pom with its `${...}` placeholders
//! filled in; [`modules`] reads every pom of the estate, parents first;
//! [`metadata`] asks a Maven repository how fresh an external dependency is.

pub mod interpolate;
pub mod metadata;
pub mod modules;
pub mod pom;
pub mod range;
pub mod version;
