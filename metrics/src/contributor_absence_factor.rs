//! CHAOSS "Contributor Absence Factor" (the bus factor; DESIGN.md
//! definition 5): over a window, the smallest number of contributors whose
//! contributions add up to at least half of all contributions.
//!
//! CHAOSS's example: contributions of 1000, 433, 343, ... totalling 2475
//! give 2 (1000 + 433 = 1433 ≥ 1237.5).

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

use polars::prelude::*;

use crate::activity::{columns, in_scope, in_window, Activities};
use crate::params::{Computed, Params};
use crate::period::{Bucket, Month};

/// The factor, with what it was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AbsenceFactor {
    /// The smallest number of contributors covering at least half of the
    /// contributions; `None` when the window has no contribution.
    pub factor: Option<u32>,
    /// Contributors with at least one contribution in the window.
    pub contributors: u32,
    /// Contributions in the window.
    pub contributions: u64,
}

/// The contributor absence factor of the activities in scope and window,
/// covering `params.thresholds.absence_percent` (50 %) of the contributions.
pub fn contributor_absence_factor(
    activities: &dyn Activities,
    params: &Params,
) -> PolarsResult<Computed<AbsenceFactor>> {
    let counts = contributions_per_contributor(activities, params)?;
    Ok(Computed::new(
        params,
        factor_of(&counts, params.thresholds.absence_percent),
    ))
}

/// The factor of each repository in scope, over the window: one pass over
/// the activities (a group-by on repository and contributor) rather than
/// one per repository, for the repository catalogue.
pub fn contributor_absence_factor_by_repository(
    activities: &dyn Activities,
    params: &Params,
) -> PolarsResult<Computed<BTreeMap<i32, AbsenceFactor>>> {
    let counted = in_window(activities, params)
        .group_by([col(columns::REPOSITORY), col(columns::CONTRIBUTOR)])
        .agg([len().cast(DataType::Int64).alias("n")])
        .collect()?;
    let repos = counted.column(columns::REPOSITORY)?.i32()?;
    let counts = counted.column("n")?.i64()?;
    let mut per_repository: BTreeMap<i32, Vec<u64>> = BTreeMap::new();
    for (repo, n) in repos.into_no_null_iter().zip(counts.into_no_null_iter()) {
        per_repository.entry(repo).or_default().push(n as u64);
    }
    let factors = per_repository
        .into_iter()
        .map(|(repo, mut counts)| {
            counts.sort_unstable_by(|a, b| b.cmp(a));
            (repo, factor_of(&counts, params.thresholds.absence_percent))
        })
        .collect();
    Ok(Computed::new(params, factors))
}

/// Contributions per contributor in scope and window, most first.
pub(crate) fn contributions_per_contributor(
    activities: &dyn Activities,
    params: &Params,
) -> PolarsResult<Vec<u64>> {
    let counted = in_window(activities, params)
        .group_by([col(columns::CONTRIBUTOR)])
        .agg([len().cast(DataType::Int64).alias("n")])
        .collect()?;
    let mut counts: Vec<u64> = counted
        .column("n")?
        .i64()?
        .into_no_null_iter()
        .map(|n| n as u64)
        .collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    Ok(counts)
}

/// The smallest k whose k largest counts reach `percent` % of the total
/// (compared in integers: no rounding at the cut-off).
pub(crate) fn factor_of(sorted_desc: &[u64], percent: u32) -> AbsenceFactor {
    let total: u64 = sorted_desc.iter().sum();
    let needed = u128::from(total) * u128::from(percent);
    let mut running = 0u128;
    let mut factor = None;
    for (i, n) in sorted_desc.iter().enumerate() {
        running += u128::from(*n);
        if running * 100 >= needed {
            factor = Some(i as u32 + 1);
            break;
        }
    }
    AbsenceFactor {
        factor: (total > 0).then_some(factor).flatten(),
        contributors: sorted_desc.len() as u32,
        contributions: total,
    }
}

/// The factor at the end of each of `periods`, over the
/// `params.thresholds.trailing_months` months up to and including it (12
/// gives "over the last year", period by period). The date window of
/// `params` is not applied: each point has its own trailing window.
pub fn contributor_absence_factor_over_time(
    activities: &dyn Activities,
    params: &Params,
    periods: &[Bucket],
) -> PolarsResult<Computed<Vec<(Bucket, AbsenceFactor)>>> {
    let per_month = monthly_counts(in_scope(activities, params), columns::CONTRIBUTOR)?;
    let keys = per_month.1.i64()?;
    let rows: Vec<(i32, i64, u64)> = per_month
        .0
        .iter()
        .zip(keys.into_no_null_iter())
        .zip(per_month.2.iter())
        .map(|((m, k), n)| (*m, k, *n))
        .collect();
    let factors = trailing_factors(
        rows,
        periods,
        params.thresholds.trailing_months,
        params.thresholds.absence_percent,
    );
    Ok(Computed::new(params, factors))
}

/// Contributions per (month, `key`) of a frame, sorted by month: the months,
/// the key column and the counts.
pub(crate) fn monthly_counts(
    lf: LazyFrame,
    key: &str,
) -> PolarsResult<(Vec<i32>, Column, Vec<u64>)> {
    let df = lf
        .filter(col(key).is_not_null())
        .group_by([Month::expr(columns::AT), col(key)])
        .agg([len().cast(DataType::Int64).alias("n")])
        .sort(["month"], SortMultipleOptions::default())
        .collect()?;
    let months = df.column("month")?.i32()?.into_no_null_iter().collect();
    let counts = df
        .column("n")?
        .i64()?
        .into_no_null_iter()
        .map(|n| n as u64)
        .collect();
    Ok((months, df.column(key)?.clone(), counts))
}

/// For each period, the factor of the trailing months ending with it,
/// computed by sliding the window over per-month counts (`(month, key,
/// count)` sorted by month) instead of filtering the activities again for
/// every point.
pub(crate) fn trailing_factors<K: Eq + Hash + Clone>(
    rows: Vec<(i32, K, u64)>,
    periods: &[Bucket],
    trailing_months: u32,
    percent: u32,
) -> Vec<(Bucket, AbsenceFactor)> {
    let mut out = Vec::with_capacity(periods.len());
    let mut window: HashMap<K, u64> = HashMap::new();
    let (mut added, mut removed) = (0usize, 0usize);
    let mut ordered: Vec<&Bucket> = periods.iter().collect();
    ordered.sort();
    for period in ordered {
        let last = Month::of(period.last_day()).0;
        let first = last - trailing_months.max(1) as i32 + 1;
        while added < rows.len() && rows[added].0 <= last {
            let (_, key, n) = &rows[added];
            *window.entry(key.clone()).or_default() += n;
            added += 1;
        }
        while removed < added && rows[removed].0 < first {
            let (_, key, n) = &rows[removed];
            if let Some(count) = window.get_mut(key) {
                *count -= n;
                if *count == 0 {
                    window.remove(key);
                }
            }
            removed += 1;
        }
        let mut counts: Vec<u64> = window.values().copied().collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        out.push((*period, factor_of(&counts, percent)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::frame;
    use crate::period::Period;
    use crate::test_util::{at, contributions_frame};

    /// `counts[i]` contributions by contributor `i`, all in January 2024.
    #[test]
    fn the_chaoss_example() {
        let counts = [1000, 433, 343, 200, 199, 150, 100, 50];
        assert_eq!(counts.iter().sum::<usize>(), 2475);
        let f = contributor_absence_factor(&contributions_frame(&counts, None), &Params::default())
            .unwrap();
        assert_eq!(f.params, Params::default());
        assert_eq!(
            f.value,
            AbsenceFactor {
                factor: Some(2),
                contributors: 8,
                contributions: 2475
            }
        );
    }

    #[test]
    fn per_repository_in_one_pass_matches_one_repository_at_a_time() {
        let df = frame(
            vec![1, 1, 1, 2, 2, 2, 2],
            vec![1, 1, 2, 1, 2, 3, 4],
            vec!["commit".into(); 7],
            vec![at("2024-01-10T00:00:00Z"); 7],
            vec![false; 7],
        )
        .unwrap();
        let all = contributor_absence_factor_by_repository(&df, &Params::default()).unwrap();
        for repo in [1, 2] {
            let one = Params {
                repositories: Some(vec![repo]),
                ..Params::default()
            };
            let alone = contributor_absence_factor(&df, &one).unwrap();
            assert_eq!(all.value[&repo], alone.value, "repository {repo}");
        }
        assert_eq!(all.value[&1].factor, Some(1));
        assert_eq!(all.value[&2].factor, Some(2));
    }

    #[test]
    fn exactly_half_is_enough_and_ties_do_not_matter() {
        assert_eq!(factor_of(&[5, 5], 50).factor, Some(1));
        assert_eq!(factor_of(&[3, 3, 3, 3], 50).factor, Some(2));
        assert_eq!(factor_of(&[1], 50).factor, Some(1));
        // Just under half is not enough: 49 of 99.
        assert_eq!(factor_of(&[49, 25, 25], 50).factor, Some(2));
        assert_eq!(
            factor_of(&[], 50),
            AbsenceFactor {
                factor: None,
                contributors: 0,
                contributions: 0
            }
        );
    }

    #[test]
    fn bots_are_left_out() {
        // Without the bot (index 0), 10 and 10 share the work: factor 1 of 2.
        let f = contributor_absence_factor(
            &contributions_frame(&[500, 10, 10], Some(0)),
            &Params::default(),
        )
        .unwrap();
        assert_eq!((f.factor, f.contributors), (Some(1), 2));
    }

    #[test]
    fn between_one_and_the_number_of_contributors() {
        // A property over many shapes of contribution counts.
        let mut seed = 7u64;
        for _ in 0..200 {
            let n = (seed % 12) as usize + 1;
            let counts: Vec<u64> = (0..n)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (seed >> 33) % 50 + 1
                })
                .collect();
            let mut sorted = counts.clone();
            sorted.sort_unstable_by(|a, b| b.cmp(a));
            let f = factor_of(&sorted, 50);
            let k = f.factor.unwrap();
            assert!(k >= 1 && k <= n as u32, "{counts:?} gave {k}");
        }
    }

    #[test]
    fn month_by_month_over_a_trailing_window() {
        let df = frame(
            vec![1, 1, 1],
            vec![1, 2, 2],
            vec!["commit".into(); 3],
            vec![
                at("2023-01-10T00:00:00Z"),
                at("2024-01-10T00:00:00Z"),
                at("2024-02-10T00:00:00Z"),
            ],
            vec![false; 3],
        )
        .unwrap();
        let months = [
            Period::Month.bucket(2024 * 12),
            Period::Month.bucket(2024 * 12 + 1),
        ];
        let got = contributor_absence_factor_over_time(&df, &Params::default(), &months).unwrap();
        // January 2024's year (Feb 2023 – Jan 2024) has contributor 2 only.
        assert_eq!(got[0].1.contributors, 1);
        assert_eq!(got[1].1.factor, Some(1));
        // Over the 13 months to January 2024, both.
        let mut longer = Params::default();
        longer.thresholds.trailing_months = 13;
        let got = contributor_absence_factor_over_time(&df, &longer, &months[..1]).unwrap();
        assert_eq!(got[0].1.contributors, 2);
        // Quarters: 2024-Q1 ends in March; its year has contributor 2 only.
        let quarter = [Period::Quarter.bucket(2024 * 4)];
        let got = contributor_absence_factor_over_time(&df, &Params::default(), &quarter).unwrap();
        assert_eq!((got[0].1.contributors, got[0].1.contributions), (1, 2));
    }
}
