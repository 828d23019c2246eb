//! Test support for the forge sources: [`forge::MockForge`], a local forge
//! answering what each test registers for each request, with faults
//! injected on purpose; [`recordings::Recordings`], real GitHub answers
//! recorded by octokit and PyGithub, and [`gitlab_recordings::GitLabProject`],
//! GitLab answers recorded by Perceval, which register on it the answers
//! to what Vigie asks. The recordings stay in `../shared/data/api-fixtures/`.
//!
//! The examples `forge_mock` and `bench_forge` include this folder too.

// Each test binary uses a part of the support.
#![allow(dead_code)]

pub mod archive;
pub mod forge;
pub mod gitlab_recordings;
pub mod recordings;
