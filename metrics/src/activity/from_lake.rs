//! The activity frame read lazily from a lake (docs/scale.md): the
//! activities' Parquet files scanned by polars, never loaded whole, so
//! that a metric reads only the columns and rows it needs and a dashboard
//! can be computed from more activity than fits in memory.

use std::path::Path;

use polars::prelude::*;

use super::{columns, filter_scope, organisation_type, Activities, KINDS};
use crate::error::MetricsError;

/// A lake's activities, as the metrics read them: every metric's
/// [`Activities::in_scope`] is a new scan of the Parquet files.
///
/// A contributor is a bot when the lake's identities say so; an activity's
/// organisation is the lake's `organisation` column (the one its author
/// acted for that day), null for a lake written without it.
pub struct LakeActivities {
    frame: LazyFrame,
}

impl LakeActivities {
    /// Opens the lake in `folder`: reads which contributors are bots, and
    /// plans the scan of its activities.
    pub fn open(folder: &Path) -> Result<Self, MetricsError> {
        for table in ["activities", "identities"] {
            if !folder.join(table).is_dir() {
                return Err(MetricsError::Lake(format!(
                    "{} has no {table} folder: is it a lake written by `vigie lake export`?",
                    folder.display()
                )));
            }
        }
        let bots = bot_contributors(folder)?;
        let mut activities = scan(folder, "activities", true)?;
        let has_organisations = activities
            .collect_schema()
            .map_err(|e| lake_error(folder, "activities", e))?
            .contains("organisation");
        let organisation = if has_organisations {
            col("organisation")
        } else {
            lit(NULL)
        };
        let frame = activities.select([
            col("repository_id")
                .cast(DataType::Int32)
                .alias(columns::REPOSITORY),
            col("contributor_id")
                .cast(DataType::Int64)
                .alias(columns::CONTRIBUTOR),
            kind_codes().alias(columns::KIND),
            col("occurred_at")
                .cast(DataType::Datetime(TimeUnit::Microseconds, None))
                .alias(columns::AT),
            col("contributor_id")
                .is_in(lit(bots).implode(false), false)
                .alias(columns::IS_BOT),
            organisation
                .cast(organisation_type())
                .alias(columns::ORGANISATION),
            // The month is the partition's (Hive) year and month, read from
            // the files' paths: no date arithmetic on every row.
            (col("year").cast(DataType::Int32) * lit(12) + col("month").cast(DataType::Int32)
                - lit(1))
            .alias(columns::AT_MONTH),
        ]);
        Ok(Self { frame })
    }
}

impl Activities for LakeActivities {
    fn in_scope(&self, params: &crate::Params) -> LazyFrame {
        filter_scope(self.frame.clone(), params)
    }

    fn all(&self) -> LazyFrame {
        self.frame.clone()
    }
}

/// A scan of every Parquet file of one of the lake's tables, with the
/// partition values of their paths (`source`, `year`, `month`) as columns
/// when `partitions` is set.
fn scan(folder: &Path, table: &str, partitions: bool) -> Result<LazyFrame, MetricsError> {
    let pattern = folder.join(table).join("**").join("*.parquet");
    let pattern = pattern
        .to_str()
        .ok_or_else(|| MetricsError::Lake(format!("{} is not a UTF-8 path", folder.display())))?;
    let args = ScanArgsParquet {
        hive_options: HiveOptions {
            enabled: Some(partitions),
            ..HiveOptions::default()
        },
        ..ScanArgsParquet::default()
    };
    LazyFrame::scan_parquet(PlRefPath::new(pattern), args).map_err(|e| lake_error(folder, table, e))
}

/// Why a table of the lake could not be read, naming its folder.
fn lake_error(folder: &Path, table: &str, e: PolarsError) -> MetricsError {
    MetricsError::Lake(format!("cannot read {}: {e}", folder.join(table).display()))
}

/// The ids of the contributors the lake's identities mark as bots.
fn bot_contributors(folder: &Path) -> Result<Series, MetricsError> {
    let bots = scan(folder, "identities", false)?
        .filter(col("is_bot"))
        .select([col("contributor_id").cast(DataType::Int64)])
        .unique(None, UniqueKeepStrategy::Any)
        .collect()
        .map_err(|e| lake_error(folder, "identities", e))?;
    Ok(bots
        .column("contributor_id")?
        .as_materialized_series()
        .clone())
}

/// The activity's kind as its code in [`KINDS`], -1 for a kind Vigie does
/// not know (as [`super::kind_code`] says). Polars reads it only for a
/// metric that selects kinds.
fn kind_codes() -> Expr {
    KINDS
        .iter()
        .enumerate()
        .rev()
        .fold(lit(-1i32), |otherwise, (code, kind)| {
            when(col("kind").eq(lit(*kind)))
                .then(lit(code as i32))
                .otherwise(otherwise)
        })
}
