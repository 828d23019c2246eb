//! The federation page's data: the figures an engine (polars, or Apache
//! Spark on a cluster) computed over a lake of Parquet files with
//! `vigie lake metrics`, for communities larger than one store
//! (docs/scale.md).

use serde::{Deserialize, Serialize};

use super::{Chart, Headline, Table};

/// Which computation the page shows (its own URL parameter: `run`); the
/// latest when none is named.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct FederationView {
    /// The computation's number.
    pub run: Option<i64>,
}

/// The federation page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FederationData {
    /// Every computation kept, the latest first, each linking to its
    /// figures (no rows: none yet).
    pub runs: Table,
    /// The computation shown; `None` when there is none, or `run` names
    /// none kept.
    pub shown: Option<FederationFigures>,
    /// A sentence when `run` named a computation that is not kept.
    pub notice: Option<String>,
}

/// One computation's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FederationFigures {
    /// Its number.
    pub run: i64,
    /// Which lake, by which engine, when and how long, in one sentence.
    pub about: String,
    /// The periods the headlines and the table are for, in one sentence.
    pub period: String,
    /// All repositories together, against a year earlier.
    pub headlines: Vec<Headline>,
    /// Active and new contributors per month, all repositories together
    /// (`None`: the lake has no activity).
    pub chart: Option<Chart>,
    /// One row per repository, the most contributed to first (the page
    /// shows the first hundred; the CSV download has them all).
    pub repositories: Table,
    /// How many repositories the lake has, when the page shows fewer.
    pub more: Option<String>,
}
