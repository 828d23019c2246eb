//! CHAOSS "Contributor Absence Factor" (the bus factor; DESIGN.md
//! definition 5): over a window, the smallest number of contributors whose
//! contributions add up to at least half of all contributions.
//!
//! CHAOSS's example: contributions of 1000, 433, 343, ... totalling 2475
//! give 2 (1000 + 433 = 1433 ≥ 1237.5).

use polars::prelude::*;

use crate::activity::{columns, in_window};
use crate::params::Params;
use crate::period::Month;

/// The factor, with what it was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AbsenceFactor {
    /// The smallest number of contributors covering at least half of the
    /// contributions; `None` when the window has no contribution.
    pub factor: Option<u32>,
    /// Contributors with at least one contribution in the window.
    pub contributors: u32,
    /// Contributions in the window.
    pub contributions: u64,
}

/// The contributor absence factor of the activities in scope and window.
pub fn contributor_absence_factor(
    activities: &DataFrame,
    params: &Params,
) -> PolarsResult<AbsenceFactor> {
    let counts = contributions_per_contributor(activities, params)?;
    Ok(factor_of(&counts, 0.5))
}

/// Contributions per contributor in scope and window, most first.
pub(crate) fn contributions_per_contributor(
    activities: &DataFrame,
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

/// The smallest k whose k largest counts reach `share` of the total.
pub(crate) fn factor_of(sorted_desc: &[u64], share: f64) -> AbsenceFactor {
    let total: u64 = sorted_desc.iter().sum();
    let mut running = 0u64;
    let mut factor = None;
    for (i, n) in sorted_desc.iter().enumerate() {
        running += n;
        // Exact in integers: running / total ≥ share.
        if running as f64 >= share * total as f64 {
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

/// The factor for each month of a window, over the `trailing` months up to
/// and including it (12 gives "over the last year", month by month).
pub fn contributor_absence_factor_by_month(
    activities: &DataFrame,
    params: &Params,
    months: &[Month],
    trailing: u32,
) -> PolarsResult<Vec<(Month, AbsenceFactor)>> {
    months
        .iter()
        .map(|&month| {
            let window = Params {
                from: Some(Month(month.0 - trailing as i32 + 1).first_day()),
                to: month.next().first_day().pred_opt(),
                ..params.clone()
            };
            Ok((month, contributor_absence_factor(activities, &window)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::frame;
    use crate::test_util::{at, contributions_frame};

    /// `counts[i]` contributions by contributor `i`, all in January 2024.
    #[test]
    fn the_chaoss_example() {
        let counts = [1000, 433, 343, 200, 199, 150, 100, 50];
        assert_eq!(counts.iter().sum::<usize>(), 2475);
        let f = contributor_absence_factor(&contributions_frame(&counts, None), &Params::default())
            .unwrap();
        assert_eq!(
            f,
            AbsenceFactor {
                factor: Some(2),
                contributors: 8,
                contributions: 2475
            }
        );
    }

    #[test]
    fn exactly_half_is_enough_and_ties_do_not_matter() {
        assert_eq!(factor_of(&[5, 5], 0.5).factor, Some(1));
        assert_eq!(factor_of(&[3, 3, 3, 3], 0.5).factor, Some(2));
        assert_eq!(factor_of(&[1], 0.5).factor, Some(1));
        assert_eq!(
            factor_of(&[], 0.5),
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
            let f = factor_of(&sorted, 0.5);
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
        let months = [Month(2024 * 12), Month(2024 * 12 + 1)];
        let got =
            contributor_absence_factor_by_month(&df, &Params::default(), &months, 12).unwrap();
        // January 2024's year (Feb 2023 – Jan 2024) has contributor 2 only.
        assert_eq!(got[0].1.contributors, 1);
        assert_eq!(got[1].1.factor, Some(1));
    }
}
