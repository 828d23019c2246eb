//! Community structure, the "onion" (DESIGN.md definition 7, after CHAOSS's
//! contributor types): over a window, *core* contributors are the fewest who
//! together make 80 % of the contributions, *regular* ones the next who bring
//! the total to 95 %, and *casual* ones the rest (the cut-offs are
//! `core_percent` and `regular_percent` of [`crate::params::Thresholds`]).

use std::collections::BTreeMap;

use polars::prelude::*;

use crate::activity::{columns, in_window, Activities};

use crate::contributor_absence_factor::{contributions_per_contributor, factor_of};
use crate::params::{Computed, Params};
use crate::period::Bucket;

/// How many contributors are in each layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Onion {
    /// The fewest contributors covering 80 % of contributions.
    pub core: u32,
    /// The next ones, up to 95 %.
    pub regular: u32,
    /// Everyone else.
    pub casual: u32,
}

/// The onion of the activities in scope and window (all zeros when empty).
pub fn community_structure(
    activities: &dyn Activities,
    params: &Params,
) -> PolarsResult<Computed<Onion>> {
    let counts = contributions_per_contributor(activities, params)?;
    Ok(Computed::new(params, onion_of(&counts, params)))
}

/// The onion of each of `periods`, each over its own contributions (in
/// scope and window): how the community's layers changed.
pub fn community_structure_by_period(
    activities: &dyn Activities,
    params: &Params,
    periods: &[Bucket],
) -> PolarsResult<Computed<Vec<(Bucket, Onion)>>> {
    let counted = in_window(activities, params)
        .group_by([params.period.expr(columns::AT), col(columns::CONTRIBUTOR)])
        .agg([len().cast(DataType::Int64).alias("n")])
        .select([col("period"), col("n")])
        .collect()?;
    let mut per_period: BTreeMap<i32, Vec<u64>> = BTreeMap::new();
    for (period, n) in counted
        .column("period")?
        .i32()?
        .into_no_null_iter()
        .zip(counted.column("n")?.i64()?.into_no_null_iter())
    {
        per_period.entry(period).or_default().push(n as u64);
    }
    let onions = periods
        .iter()
        .map(|p| {
            let mut counts = per_period.remove(&p.index).unwrap_or_default();
            counts.sort_unstable_by(|a, b| b.cmp(a));
            (*p, onion_of(&counts, params))
        })
        .collect();
    Ok(Computed::new(params, onions))
}

/// The layers of contribution counts sorted most first.
pub(crate) fn onion_of(counts: &[u64], params: &Params) -> Onion {
    let n = counts.len() as u32;
    let t = &params.thresholds;
    let core = factor_of(counts, t.core_percent).factor.unwrap_or(0);
    let core_and_regular = factor_of(counts, t.regular_percent.max(t.core_percent))
        .factor
        .unwrap_or(0);
    Onion {
        core,
        regular: core_and_regular - core,
        casual: n - core_and_regular,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::contributions_frame;

    #[test]
    fn layers_by_cumulative_share() {
        // 100 contributions: 60 + 20 = 80 % (core 2); + 10 + 5 = 95 % (regular 2); 5 casual.
        let o = community_structure(
            &contributions_frame(&[60, 20, 10, 5, 1, 1, 1, 1, 1], None),
            &Params::default(),
        )
        .unwrap();
        assert_eq!(
            o.value,
            Onion {
                core: 2,
                regular: 2,
                casual: 5
            }
        );
    }

    #[test]
    fn each_period_has_its_own_onion() {
        use crate::activity::frame;
        use crate::period::Period;
        use crate::test_util::at;
        // January: 8 by one, 1 each by two others; February: one person.
        let mut who = vec![1; 8];
        who.extend([2, 3, 4]);
        let mut when = vec![at("2024-01-05T00:00:00Z"); 10];
        when.push(at("2024-02-05T00:00:00Z"));
        let df = frame(
            vec![1; 11],
            who,
            vec!["commit".into(); 11],
            when,
            vec![false; 11],
        )
        .unwrap();
        let months: Vec<Bucket> = [0, 1, 2]
            .iter()
            .map(|k| Period::Month.of(chrono::NaiveDate::from_ymd_opt(2024, 1 + k, 1).unwrap()))
            .collect();
        let got = community_structure_by_period(&df, &Params::default(), &months)
            .unwrap()
            .value;
        let onion = |core, regular, casual| Onion {
            core,
            regular,
            casual,
        };
        assert_eq!(
            got.iter().map(|(_, o)| *o).collect::<Vec<_>>(),
            // 8 of 10 is 80 %: core 1; 9 of 10 is 90 %, 10 is 100 %: regular 2.
            [onion(1, 2, 0), onion(1, 0, 0), onion(0, 0, 0)]
        );
    }

    #[test]
    fn one_contributor_is_the_core_and_nothing_is_empty() {
        assert_eq!(
            community_structure(&contributions_frame(&[3], None), &Params::default())
                .unwrap()
                .value,
            Onion {
                core: 1,
                regular: 0,
                casual: 0
            }
        );
        assert_eq!(
            community_structure(&contributions_frame(&[], None), &Params::default())
                .unwrap()
                .value,
            Onion::default()
        );
    }
}
