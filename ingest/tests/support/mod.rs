//! Test support: a local GitHub REST API, GitHub's GraphQL API for pull
//! request reviews, and GitLab's REST API under `/api/v4`
//! ([`mock::MockForge`]), serving real recordings ([`mock::Dataset`], read
//! by [`fixtures`]).
//!
//! `mock.rs` and `fixtures.rs` only name each other as `super::`, so the
//! `forge_mock` example includes them too, with `#[path]`. Their GitLab
//! halves, `gitlab_mock.rs` and `gitlab_fixtures.rs`, and the GraphQL
//! endpoint, `graphql.rs`, are their submodules, declared with a `#[path]`
//! relative to this folder.

// Each test binary uses a part of the support.
#![allow(dead_code)]

pub mod fixtures;
pub mod mock;
