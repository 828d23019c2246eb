//! The OSPO Alliance's Good Governance Initiative (GGI): its handbook read
//! from the file the `[governance] ggi_handbook` key names, and the
//! decisions an OSPO records on each of its activities.
//!
//! - [`Handbook::load`] reads the handbook's activities
//!   (`ggi_activities_full.json`, as my-ggi-board ships it) into
//!   [`Activity`] values, each with its [`VerificationPoint`]s and the first
//!   paragraph of its description ([`markdown`] says how they are found);
//! - [`Decision`] is one change of an activity's [`Status`];
//!   [`current`] gives each activity's latest.
//!
//! The handbook's text is the OSPO Alliance's (CC-BY-4.0): Vigie reads it
//! where it is configured and never ships a copy.

pub mod decision;
pub mod handbook;
pub mod markdown;

pub use decision::{current, Decision, Status};
pub use handbook::{Activity, ActivityId, Goal, Handbook, HandbookError, Role};
pub use markdown::VerificationPoint;
