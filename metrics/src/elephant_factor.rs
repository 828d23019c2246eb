//! CHAOSS "Elephant Factor" (DESIGN.md definition 6): the contributor
//! absence factor over organisations. Over a window, the smallest number of
//! organisations whose contributions add up to at least half
//! (`absence_percent`) of the contributions made for an organisation.
//! Unaffiliated contributions (personal and no-reply addresses, unknown
//! domains) are left out of the factor; their share is given beside it, since
//! a factor computed on a small affiliated minority says little.

use polars::prelude::*;

use crate::activity::{columns, in_scope, in_window, Activities};
use crate::contributor_absence_factor::{factor_of, monthly_counts, trailing_factors};
use crate::params::{Computed, Params};
use crate::period::Bucket;

/// The factor, with what it was computed from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ElephantFactor {
    /// The smallest number of organisations covering at least half of the
    /// affiliated contributions; `None` when none is affiliated.
    pub factor: Option<u32>,
    /// Contributions by organisation, most first (ties by name).
    pub organisations: Vec<(String, u64)>,
    /// Contributions made for an organisation.
    pub affiliated: u64,
    /// Contributions without an organisation, left out of the factor.
    pub unaffiliated: u64,
}

impl ElephantFactor {
    /// The share (0 to 1) of contributions without an organisation; `None`
    /// when the window has no contribution at all.
    pub fn unaffiliated_share(&self) -> Option<f64> {
        let total = self.affiliated + self.unaffiliated;
        (total > 0).then(|| self.unaffiliated as f64 / total as f64)
    }
}

/// A factor at the end of each period (`None`: nothing affiliated then).
pub type FactorOverTime = Vec<(Bucket, Option<u32>)>;

/// The elephant factor of the activities in scope and window.
pub fn elephant_factor(
    activities: &dyn Activities,
    params: &Params,
) -> PolarsResult<Computed<ElephantFactor>> {
    let counted = in_window(activities, params)
        .group_by([col(columns::ORGANISATION)])
        .agg([len().cast(DataType::Int64).alias("n")])
        .with_column(col(columns::ORGANISATION).cast(DataType::String))
        .collect()?;
    let names = counted.column(columns::ORGANISATION)?.str()?;
    let counts = counted.column("n")?.i64()?;
    let mut organisations = Vec::new();
    let mut unaffiliated = 0;
    for (name, n) in names.iter().zip(counts.into_no_null_iter()) {
        match name {
            Some(name) => organisations.push((name.to_owned(), n as u64)),
            None => unaffiliated += n as u64,
        }
    }
    organisations.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let sorted: Vec<u64> = organisations.iter().map(|(_, n)| *n).collect();
    let factor = factor_of(&sorted, params.thresholds.absence_percent);
    Ok(Computed::new(
        params,
        ElephantFactor {
            factor: factor.factor,
            affiliated: factor.contributions,
            organisations,
            unaffiliated,
        },
    ))
}

/// The factor at the end of each of `periods`, over the trailing
/// `params.thresholds.trailing_months` months (see
/// [`crate::contributor_absence_factor::contributor_absence_factor_over_time`]).
pub fn elephant_factor_over_time(
    activities: &dyn Activities,
    params: &Params,
    periods: &[Bucket],
) -> PolarsResult<Computed<FactorOverTime>> {
    let (months, keys, counts) =
        monthly_counts(in_scope(activities, params), columns::ORGANISATION)?;
    let rows: Vec<(i32, String, u64)> = months
        .into_iter()
        .zip(
            keys.cast(&DataType::String)?
                .str()?
                .iter()
                .map(Option::unwrap_or_default),
        )
        .zip(counts)
        .map(|((m, k), n)| (m, k.to_owned(), n))
        .collect();
    let factors = trailing_factors(
        rows,
        periods,
        params.thresholds.trailing_months,
        params.thresholds.absence_percent,
    )
    .into_iter()
    .map(|(period, f)| (period, f.factor))
    .collect();
    Ok(Computed::new(params, factors))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::{frame, with_organisations};
    use crate::period::Period;
    use crate::test_util::at;

    /// One contribution per row, by contributor i, for organisation `orgs[i]`.
    fn sample(orgs: &[Option<&str>], days: &[&str]) -> DataFrame {
        let n = orgs.len();
        let df = frame(
            vec![1; n],
            (0..n as i64).collect(),
            vec!["commit".into(); n],
            days.iter().map(|d| at(&format!("{d}T12:00:00Z"))).collect(),
            vec![false; n],
        )
        .unwrap();
        with_organisations(df, orgs.iter().map(|o| o.map(str::to_owned)).collect()).unwrap()
    }

    fn repeat(org: Option<&'static str>, n: usize) -> Vec<Option<&'static str>> {
        vec![org; n]
    }

    #[test]
    fn over_organisations_leaving_the_unaffiliated_out() {
        // A 60, B 30, C 10 and 50 unaffiliated: A alone covers half of 100.
        let orgs: Vec<_> = [
            repeat(Some("A"), 60),
            repeat(Some("B"), 30),
            repeat(Some("C"), 10),
            repeat(None, 50),
        ]
        .concat();
        let df = sample(&orgs, &vec!["2024-01-10"; orgs.len()]);
        let f = elephant_factor(&df, &Params::default()).unwrap();
        assert_eq!(f.factor, Some(1));
        assert_eq!((f.affiliated, f.unaffiliated), (100, 50));
        assert_eq!(f.unaffiliated_share(), Some(50.0 / 150.0));
        assert_eq!(f.organisations[0], ("A".to_string(), 60));
    }

    #[test]
    fn ties_at_the_cut_off_and_empty_windows() {
        // 40, 40, 20: the first two reach 80 of 100; one alone (40) does not.
        let orgs: Vec<_> = [
            repeat(Some("A"), 40),
            repeat(Some("B"), 40),
            repeat(Some("C"), 20),
        ]
        .concat();
        let df = sample(&orgs, &vec!["2024-01-10"; orgs.len()]);
        assert_eq!(
            elephant_factor(&df, &Params::default()).unwrap().factor,
            Some(2)
        );
        // Exactly half: 50 and 50 give 1.
        let orgs: Vec<_> = [repeat(Some("A"), 50), repeat(Some("B"), 50)].concat();
        let df = sample(&orgs, &vec!["2024-01-10"; orgs.len()]);
        let f = elephant_factor(&df, &Params::default()).unwrap();
        assert_eq!(f.factor, Some(1));
        // Ties are listed by name.
        assert_eq!(f.organisations[0].0, "A");

        let unaffiliated = sample(&[None, None], &["2024-01-10", "2024-01-11"]);
        let f = elephant_factor(&unaffiliated, &Params::default()).unwrap();
        assert_eq!((f.factor, f.unaffiliated_share()), (None, Some(1.0)));
        let empty = sample(&[], &[]);
        let f = elephant_factor(&empty, &Params::default()).unwrap();
        assert_eq!((f.factor, f.unaffiliated_share()), (None, None));
    }

    #[test]
    fn over_time_with_a_trailing_year() {
        // 2023: A twice and B once; 2024: B three times.
        let df = sample(
            &[
                Some("A"),
                Some("A"),
                Some("B"),
                Some("B"),
                Some("B"),
                Some("B"),
            ],
            &[
                "2023-03-01",
                "2023-04-01",
                "2023-05-01",
                "2024-03-01",
                "2024-04-01",
                "2024-05-01",
            ],
        );
        let quarters = [
            Period::Quarter.bucket(2023 * 4 + 3),
            Period::Quarter.bucket(2024 * 4 + 3),
        ];
        let got = elephant_factor_over_time(&df, &Params::default(), &quarters).unwrap();
        // Year to December 2023: A 2, B 1 -> 1. Year to December 2024: B only -> 1.
        assert_eq!(got.value, [(quarters[0], Some(1)), (quarters[1], Some(1))]);
        let mut short = Params::default();
        short.thresholds.trailing_months = 1;
        let got = elephant_factor_over_time(&df, &short, &quarters).unwrap();
        assert_eq!(got.value, [(quarters[0], None), (quarters[1], None)]);
    }
}
