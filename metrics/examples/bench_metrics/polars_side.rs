//! The dashboard refresh computed with the crate's polars metrics.

use std::collections::BTreeMap;

use vigie_metrics::activity::{self, columns};
use vigie_metrics::cohort_retention::cohort_retention;
use vigie_metrics::community_structure::{community_structure, Onion};
use vigie_metrics::contributor_absence_factor::{
    contributor_absence_factor, contributor_absence_factor_by_repository,
    contributor_absence_factor_over_time, AbsenceFactor,
};
use vigie_metrics::contributor_status::contributor_status;
use vigie_metrics::elephant_factor::{
    elephant_factor, elephant_factor_over_time, ElephantFactor, FactorOverTime,
};
use vigie_metrics::newcomer_conversion::newcomer_conversion;
use vigie_metrics::period::Bucket;
use vigie_metrics::polars::prelude::*;
use vigie_metrics::{trend, Params, Trend};

use crate::headlines::{Factor, Headlines};
use crate::Clock;

/// Every result of one refresh, as the crate returns them.
pub struct Refresh {
    trend: Trend,
    cohorts: DataFrame,
    status: DataFrame,
    bus_factor: AbsenceFactor,
    bus_factor_over_time: Vec<(Bucket, AbsenceFactor)>,
    elephant: ElephantFactor,
    elephant_over_time: FactorOverTime,
    onion: Onion,
    conversion: DataFrame,
    by_repository: BTreeMap<i32, AbsenceFactor>,
}

/// Computes every metric of the dashboard for all repositories from the
/// frame in memory; `clock` takes a lap after each (in [`crate::METRICS`]
/// order).
pub fn refresh(activities: &dyn activity::Activities, clock: &mut Clock) -> PolarsResult<Refresh> {
    let all = Params::default();
    // Every metric of the refresh has the same scope: filter it once.
    let scoped = activity::Scoped::new(activities, &all);
    scoped.frame()?;
    clock.lap();
    refresh_each(&scoped, clock)
}

/// [`refresh`] with each metric reading `activities` itself: over a lake,
/// each one scans the Parquet files for the columns it needs, and no
/// metric holds the whole scope in memory. Its first lap is empty.
pub fn refresh_scanning(
    activities: &dyn activity::Activities,
    clock: &mut Clock,
) -> PolarsResult<Refresh> {
    clock.lap();
    refresh_each(activities, clock)
}

fn refresh_each(activities: &dyn activity::Activities, clock: &mut Clock) -> PolarsResult<Refresh> {
    let all = Params::default();
    let trend = trend(activities, &all).map_err(to_polars)?;
    clock.lap();
    let cohorts = cohort_retention(activities, &all, 12)?.value;
    clock.lap();
    let status = contributor_status(activities, &all)?.value;
    clock.lap();
    let bus_factor = contributor_absence_factor(activities, &all)?.value;
    clock.lap();
    // The periods are shared with the elephant factor over time.
    let periods = activity::periods_in_window(activities, &all)?;
    let bus_factor_over_time =
        contributor_absence_factor_over_time(activities, &all, &periods)?.value;
    clock.lap();
    let elephant = elephant_factor(activities, &all)?.value;
    clock.lap();
    let elephant_over_time = elephant_factor_over_time(activities, &all, &periods)?.value;
    clock.lap();
    let onion = community_structure(activities, &all)?.value;
    clock.lap();
    let conversion = newcomer_conversion(activities, &all)?.value;
    clock.lap();
    let by_repository = contributor_absence_factor_by_repository(activities, &all)?.value;
    clock.lap();
    Ok(Refresh {
        trend,
        cohorts,
        status,
        bus_factor,
        bus_factor_over_time,
        elephant,
        elephant_over_time,
        onion,
        conversion,
        by_repository,
    })
}

fn to_polars(e: vigie_metrics::MetricsError) -> PolarsError {
    PolarsError::ComputeError(e.to_string().into())
}

/// The bus factor of each repository with one crate call per repository,
/// which filters the whole frame again each time: what
/// `contributor_absence_factor_by_repository` replaces.
pub fn by_repository_one_call_each(
    activities: &DataFrame,
    repositories: &[i32],
) -> PolarsResult<Vec<(i32, AbsenceFactor)>> {
    repositories
        .iter()
        .map(|&id| {
            let one = Params {
                repositories: Some(vec![id]),
                ..Params::default()
            };
            Ok((id, contributor_absence_factor(activities, &one)?.value))
        })
        .collect()
}

fn factor(f: &AbsenceFactor) -> Factor {
    (f.factor, f.contributors, f.contributions)
}

/// The numbers the engines must agree on (read outside the timing).
pub fn headlines(r: &Refresh) -> PolarsResult<Headlines> {
    let i32s = |df: &DataFrame, name: &str| -> PolarsResult<Vec<i32>> {
        Ok(df.column(name)?.i32()?.into_no_null_iter().collect())
    };
    let i64s = |df: &DataFrame, name: &str| -> PolarsResult<Vec<i64>> {
        Ok(df.column(name)?.i64()?.into_no_null_iter().collect())
    };
    let bools = |df: &DataFrame, name: &str| -> PolarsResult<Vec<bool>> {
        Ok(df.column(name)?.bool()?.iter().flatten().collect())
    };
    let (c, s, n) = (&r.cohorts, &r.status, &r.conversion);
    let status_names: Vec<String> = s
        .column("status")?
        .str()?
        .iter()
        .map(|s| s.unwrap_or_default().to_owned())
        .collect();
    Ok(Headlines {
        trend: r
            .trend
            .rows
            .iter()
            .map(|row| {
                (
                    row.period.index,
                    row.active_contributors,
                    row.new_contributors,
                )
            })
            .collect(),
        in_window: (r.trend.active_in_window, r.trend.new_in_window),
        cohorts: zip4(
            i32s(c, "cohort")?,
            i32s(c, "k")?,
            i64s(c, "cohort_size")?,
            i64s(c, "retained")?,
        ),
        status: i64s(s, columns::CONTRIBUTOR)?
            .into_iter()
            .zip(i64s(s, "contributions")?)
            .zip(status_names)
            .zip(bools(s, "is_new")?.into_iter().zip(bools(s, "inactive")?))
            .map(|(((id, n), status), (new, inactive))| (id, n, status, new, inactive))
            .collect(),
        bus_factor: factor(&r.bus_factor),
        bus_factor_over_time: r
            .bus_factor_over_time
            .iter()
            .map(|(b, f)| (b.index, factor(f)))
            .collect(),
        elephant: (
            r.elephant.factor,
            r.elephant.affiliated,
            r.elephant.unaffiliated,
            r.elephant.organisations.clone(),
        ),
        elephant_over_time: r
            .elephant_over_time
            .iter()
            .map(|(b, f)| (b.index, *f))
            .collect(),
        onion: (r.onion.core, r.onion.regular, r.onion.casual),
        conversion: zip4(
            i32s(n, "period")?,
            i64s(n, "newcomers")?,
            i64s(n, "returned")?,
            i64s(n, "became_regular")?,
        ),
        by_repository: r
            .by_repository
            .iter()
            .map(|(id, f)| (*id, factor(f)))
            .collect(),
    })
}

fn zip4<A, B, C, D>(a: Vec<A>, b: Vec<B>, c: Vec<C>, d: Vec<D>) -> Vec<(A, B, C, D)> {
    a.into_iter()
        .zip(b)
        .zip(c.into_iter().zip(d))
        .map(|((a, b), (c, d))| (a, b, c, d))
        .collect()
}
