//! One module per page.

pub mod not_found;
pub mod repositories;
pub mod sources;
pub mod summary;
