//! The estate's indicators (docs/estate.md), pure functions of what the
//! store keeps of each repository's tip, refs and Maven modules
//! (`vigie_ingest::store::estate`), and, for orphan risk, of who keeps it:
//!
//! - [`graph`]: the internal dependency graph, dependents direct and
//!   transitive;
//! - [`core_generation`]: ready, in progress or not started on the new core;
//! - [`drift`]: internal libyears;
//! - [`community`]: community files present or missing, licence known,
//!   missing or inconsistent;
//! - [`orphan_risk`]: depended-on repositories few people keep.

pub mod community;
pub mod core_generation;
pub mod drift;
pub mod graph;
pub mod orphan_risk;
