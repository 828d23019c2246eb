//! Vigie's community-health metrics, computed with polars.
//!
//! [`activity::load`] turns the activities the store hands over (its own
//! reader, `vigie_ingest::store::activities`: the schema and its SQL stay
//! with the crate that writes them) into a [`polars::prelude::DataFrame`]
//! (columns in [`activity::columns`]); every
//! metric is then a pure function of that frame and [`Params`], one module per
//! metric, named after the CHAOSS metric it follows:
//!
//! - [`active_contributors`]: DESIGN.md definition 1;
//! - [`new_contributors`]: DESIGN.md definition 2;
//! - [`cohort_retention`]: DESIGN.md definition 3;
//! - [`contributor_status`] (and the inactive contributors): definition 4;
//!   [`contributors`] adds profiles, one person's activity and departures;
//! - [`contributor_absence_factor`] (the bus factor): DESIGN.md definition 5;
//! - [`elephant_factor`]: DESIGN.md definition 6;
//! - [`community_structure`] (the onion): DESIGN.md definition 7;
//! - [`newcomer_conversion`]: DESIGN.md definition 8;
//! - [`time_to_first_response`]: DESIGN.md definition 9 (forge data, [`items`]);
//! - [`change_request_closure`] (and the backlog): DESIGN.md definition 10;
//! - [`repository_health`] (the catalogue): DESIGN.md definition 11;
//! - [`summary`] (headline figures against a year earlier): DESIGN.md definition 12.
//!
//! [`estate`] holds the indicators of what repositories are made of:
//! dependencies, the core migration, internal libyears, community files,
//! orphan risk.
//!
//! [`trend::trend`] puts active and new contributors side by side, period
//! by period, for the dashboard. Every result is a [`Computed`] that carries
//! the [`Params`] that produced it; the [`ResultCache`] keeps results by
//! (metric, parameters, data version). [`synthetic`] generates realistic
//! activity for benchmarks and scale tests, never shown as real data.

// Every public item says what it is: the crate is read from its docs.
#![warn(missing_docs)]

pub mod active_contributors;
pub mod activity;
pub mod cache;
pub mod change_request_closure;
pub mod cohort_retention;
pub mod community_structure;
pub mod contributor_absence_factor;
pub mod contributor_status;
pub mod contributors;
pub mod elephant_factor;
pub mod error;
pub mod estate;
pub mod governance;
pub mod groups;
pub mod items;
pub mod lake;
pub mod new_contributors;
pub mod newcomer_conversion;
pub mod params;
pub mod period;
pub mod repository_health;
pub mod summary;
pub mod synthetic;
pub mod time_to_first_response;
pub mod trend;

pub use cache::ResultCache;
pub use error::MetricsError;
pub use groups::RepositoryGroup;
pub use params::{Computed, Params, Thresholds};
pub use period::{Bucket, Month, Period};
pub use polars;
pub use trend::{trend, Trend, TrendRow};

#[cfg(test)]
pub(crate) mod test_util;
