//! The lake's figures against the dashboard's own metrics (the same
//! definitions, computed one scope at a time), and read from a lake against
//! read from memory.

use chrono::NaiveDate;
use polars::prelude::*;

use super::*;
use crate::activity::LakeActivities;
use crate::cohort_retention::cohort_retention;
use crate::community_structure::community_structure;
use crate::contributor_absence_factor::contributor_absence_factor;
use crate::contributor_status::contributor_status;
use crate::elephant_factor::elephant_factor;
use crate::new_contributors::new_contributors;
use crate::newcomer_conversion::newcomer_conversion;
use crate::synthetic::{generate, Spec};
use crate::{active_contributors::active_contributors, Period};

/// Synthetic activity of a realistic shape, small enough for a unit test.
fn community() -> DataFrame {
    generate(&Spec::new(40_000)).frame()
}

/// One figure's rows for one scope, as (period, k, value), sorted.
fn rows(figures: &[(&str, DataFrame)], metric: &str, scope: i32) -> Vec<(i32, i32, i64)> {
    let mut out = Vec::new();
    for (_, df) in figures {
        let df = df
            .clone()
            .lazy()
            .filter(
                col("metric")
                    .eq(lit(metric))
                    .and(col("repository_id").eq(lit(scope))),
            )
            .collect()
            .unwrap();
        let period = df.column("period").unwrap().i32().unwrap();
        let k = df.column("k").unwrap().i32().unwrap();
        let value = df.column("value").unwrap().i64().unwrap();
        for i in 0..df.height() {
            out.push((
                period.get(i).unwrap(),
                k.get(i).unwrap(),
                value.get(i).unwrap(),
            ));
        }
    }
    out.sort_unstable();
    out
}

/// A (`period`, `column`) frame of the dashboard's metrics as (period, 0, value).
fn per_period(df: &DataFrame, column: &str) -> Vec<(i32, i32, i64)> {
    let period = df.column("period").unwrap().i32().unwrap();
    let value = df.column(column).unwrap().i64().unwrap();
    let mut out: Vec<_> = period
        .into_no_null_iter()
        .zip(value.into_no_null_iter())
        .filter(|(_, v)| *v > 0)
        .map(|(p, v)| (p, 0, v))
        .collect();
    out.sort_unstable();
    out
}

fn scope(repository: i32) -> Params {
    Params {
        repositories: (repository != 0).then(|| vec![repository]),
        ..Params::default()
    }
}

#[test]
fn monthly_figures_are_the_dashboard_s_for_every_scope() {
    let df = community();
    let figures = compute_all(&df).unwrap();
    for repository in [0, 1, 7] {
        let params = scope(repository);
        let active = active_contributors(&df, &params).unwrap().value;
        assert_eq!(
            rows(&figures, "active_contributors", repository),
            per_period(&active, "active_contributors")
        );
        let new = new_contributors(&df, &params).unwrap().value;
        assert_eq!(
            rows(&figures, "new_contributors", repository),
            per_period(&new, "new_contributors")
        );
        let conversion = newcomer_conversion(&df, &params).unwrap().value;
        assert_eq!(
            rows(&figures, "returned", repository),
            per_period(&conversion, "returned")
        );
        assert_eq!(
            rows(&figures, "became_regular", repository),
            per_period(&conversion, "became_regular")
        );
        let cohorts = cohort_retention(&df, &params, 12).unwrap().value;
        let (cohort, k, retained) = (
            cohorts.column("cohort").unwrap().i32().unwrap(),
            cohorts.column("k").unwrap().i32().unwrap(),
            cohorts.column("retained").unwrap().i64().unwrap(),
        );
        let mut expected: Vec<_> = (0..cohorts.height())
            .map(|i| {
                (
                    cohort.get(i).unwrap(),
                    k.get(i).unwrap(),
                    retained.get(i).unwrap(),
                )
            })
            .filter(|(_, k, n)| *k >= 1 && *n > 0)
            .collect();
        expected.sort_unstable();
        assert_eq!(rows(&figures, "retained", repository), expected);
    }
    assert!(!rows(&figures, "retained", 0).is_empty());
}

#[test]
fn yearly_factors_and_the_onion_are_the_dashboard_s_for_every_scope() {
    let df = community();
    let figures = compute_all(&df).unwrap();
    for repository in [0, 1, 7] {
        let (mut bus, mut elephant, mut unaffiliated) = (Vec::new(), Vec::new(), Vec::new());
        let mut layers = [Vec::new(), Vec::new(), Vec::new()];
        for year in 2015..2025 {
            let params = Params {
                from: NaiveDate::from_ymd_opt(year, 1, 1),
                to: NaiveDate::from_ymd_opt(year, 12, 31),
                ..scope(repository)
            };
            let period = year * 12;
            let factor = contributor_absence_factor(&df, &params).unwrap().value;
            if let Some(f) = factor.factor {
                bus.push((period, 0, i64::from(f)));
            }
            let organisations = elephant_factor(&df, &params).unwrap().value;
            if let Some(f) = organisations.factor {
                elephant.push((period, 0, i64::from(f)));
            }
            if organisations.unaffiliated > 0 {
                unaffiliated.push((period, 0, organisations.unaffiliated as i64));
            }
            let onion = community_structure(&df, &params).unwrap().value;
            for (layer, n) in layers
                .iter_mut()
                .zip([onion.core, onion.regular, onion.casual])
            {
                if n > 0 {
                    layer.push((period, 0, i64::from(n)));
                }
            }
        }
        assert_eq!(rows(&figures, "bus_factor", repository), bus);
        assert_eq!(rows(&figures, "elephant_factor", repository), elephant);
        assert_eq!(rows(&figures, "unaffiliated", repository), unaffiliated);
        assert!(!elephant.is_empty());
        for (name, layer) in ["core", "regular", "casual"].iter().zip(layers) {
            assert_eq!(rows(&figures, name, repository), layer, "{name}");
        }
    }
}

#[test]
fn status_counts_are_the_dashboard_s_at_each_scope_s_own_date() {
    let df = community();
    let figures = compute_all(&df).unwrap();
    for repository in [0, 1, 7] {
        let status = contributor_status(&df, &scope(repository)).unwrap().value;
        let t = crate::activity::reference(&df, &scope(repository))
            .unwrap()
            .unwrap();
        let month = Period::Month.of(t.date()).index;
        let count = |name: &str| -> Vec<(i32, i32, i64)> {
            let n = status
                .column("status")
                .unwrap()
                .str()
                .unwrap()
                .iter()
                .filter(|s| *s == Some(name))
                .count() as i64;
            if n > 0 {
                vec![(month, 0, n)]
            } else {
                Vec::new()
            }
        };
        for name in ["active", "drifting", "away"] {
            assert_eq!(rows(&figures, name, repository), count(name), "{name}");
        }
        let new = status
            .column("is_new")
            .unwrap()
            .bool()
            .unwrap()
            .sum()
            .unwrap_or(0);
        let new = if new > 0 {
            vec![(month, 0, i64::from(new))]
        } else {
            Vec::new()
        };
        assert_eq!(rows(&figures, "new", repository), new);
    }
}

#[test]
fn a_lake_gives_the_figures_of_the_same_activity_in_memory() {
    let synthetic = generate(&Spec::new(20_000));
    let dir = tempfile::tempdir().unwrap();
    synthetic.write_lake(dir.path()).unwrap();
    let lake = LakeActivities::open(dir.path()).unwrap();
    let from_lake = compute_all(&lake).unwrap();
    let in_memory = compute_all(&synthetic.frame()).unwrap();
    assert_eq!(from_lake.len(), FAMILIES.len());
    for ((name, a), (_, b)) in from_lake.iter().zip(&in_memory) {
        assert!(a.height() > 0, "{name} has figures");
        assert!(
            a.equals(b),
            "{name}: the lake's figures differ from memory's"
        );
    }
    // Kinds are read from the lake's names when a metric selects some.
    let reviews = Params {
        kinds: Some(vec!["review".into(), "no such kind".into()]),
        ..Params::default()
    };
    let (lake_new, memory_new) = (
        new_contributors(&lake, &reviews).unwrap().value,
        new_contributors(&synthetic.frame(), &reviews)
            .unwrap()
            .value,
    );
    assert!(lake_new.height() > 0);
    assert!(lake_new.equals(&memory_new));
}

#[test]
fn bots_are_left_out_and_a_folder_that_is_no_lake_is_named() {
    use crate::test_util::at;
    // Contributor 2 is a bot: only contributor 1's two commits count.
    let df = crate::activity::frame(
        vec![3, 3, 3],
        vec![1, 1, 2],
        vec!["commit".into(); 3],
        vec![
            at("2024-01-10T00:00:00Z"),
            at("2024-03-01T00:00:00Z"),
            at("2024-03-02T00:00:00Z"),
        ],
        vec![false, false, true],
    )
    .unwrap();
    let figures = compute_all(&df).unwrap();
    let january = 2024 * 12;
    for scope in [0, 3] {
        assert_eq!(
            rows(&figures, "contributions", scope),
            vec![(january, 0, 1), (january + 2, 0, 1)]
        );
        assert_eq!(rows(&figures, "retained", scope), vec![(january, 2, 1)]);
        assert_eq!(rows(&figures, "returned", scope), vec![(january, 0, 1)]);
        assert_eq!(rows(&figures, "bus_factor", scope), vec![(january, 0, 1)]);
        assert_eq!(rows(&figures, "active", scope), vec![(january + 2, 0, 1)]);
    }
    let dir = tempfile::tempdir().unwrap();
    let error = LakeActivities::open(dir.path()).err().unwrap().to_string();
    assert!(error.contains("has no activities folder"), "{error}");
}
