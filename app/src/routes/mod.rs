//! One module per page.

pub mod admin;
pub mod community;
pub mod contributor;
pub mod contributors;
pub mod federation;
pub mod ggi;
pub mod login;
pub mod not_found;
pub mod repositories;
pub mod repository;
pub mod sources;
pub mod summary;
pub mod technical_debt;
