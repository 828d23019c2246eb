//! Test support: a local GitHub REST API ([`mock::MockForge`]) serving real
//! recordings ([`mock::Dataset`], read by [`fixtures`]).
//!
//! `mock.rs` and `fixtures.rs` only name each other as `super::`, so the
//! `forge_mock` example includes them too, with `#[path]`.

// Each test binary uses a part of the support.
#![allow(dead_code)]

pub mod fixtures;
pub mod mock;
