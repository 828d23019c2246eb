//! Orphan risk (docs/estate.md): repositories that others in the estate
//! depend on, directly or through others, while few people keep them —
//! a bus factor of 1 over the last 12 months, or regular maintainers who
//! are all drifting or away. Ranked by how many repositories depend on
//! them.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDateTime};
use polars::prelude::*;

use super::graph::DependencyGraph;
use crate::activity::{self, columns, Activities};
use crate::contributor_absence_factor::factor_of;
use crate::params::Params;

/// Who keeps a repository.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keepers {
    /// Its bus factor over the 12 months before T.
    pub bus_factor: Option<u32>,
    /// Its regular maintainers: the fewest contributors covering half of
    /// its contributions over all time, with their last contribution to it.
    pub maintainers: Vec<(i64, NaiveDateTime)>,
}

/// A repository at risk of being orphaned.
#[derive(Debug, Clone, PartialEq)]
pub struct OrphanRisk {
    /// The repository.
    pub repository: String,
    /// Repositories depending on it directly.
    pub direct_dependents: u32,
    /// Repositories depending on it directly or through others.
    pub transitive_dependents: u32,
    /// Who keeps it.
    pub keepers: Keepers,
    /// Its maintainers are all drifting or away at T.
    pub maintainers_gone: bool,
}

/// Every repository some others depend on whose keepers put it at risk,
/// most depended on first. `keepers` by repository name; a maintainer is
/// drifting once their last contribution is `drifting_after_months`
/// before `t`.
pub fn orphan_risks(
    graph: &DependencyGraph,
    keepers: &BTreeMap<String, Keepers>,
    t: NaiveDateTime,
    drifting_after_months: u32,
) -> Vec<OrphanRisk> {
    let active_since = t
        .checked_sub_months(Months::new(drifting_after_months))
        .unwrap_or(t);
    let mut risks: Vec<OrphanRisk> = keepers
        .iter()
        .filter_map(|(repository, keepers)| {
            let transitive = graph.transitive_dependents(repository).len() as u32;
            let gone = !keepers.maintainers.is_empty()
                && keepers
                    .maintainers
                    .iter()
                    .all(|(_, last)| *last < active_since);
            let risky = keepers.bus_factor.is_none_or(|f| f <= 1) || gone;
            (transitive > 0 && risky).then(|| OrphanRisk {
                repository: repository.clone(),
                direct_dependents: graph.direct_dependents(repository).len() as u32,
                transitive_dependents: transitive,
                keepers: keepers.clone(),
                maintainers_gone: gone,
            })
        })
        .collect();
    risks.sort_by(|a, b| {
        (b.transitive_dependents, b.direct_dependents, &a.repository).cmp(&(
            a.transitive_dependents,
            a.direct_dependents,
            &b.repository,
        ))
    });
    risks
}

/// Each repository's keepers (by repository id), from the activities in
/// scope: maintainers over all time up to T, the bus factor over the 12
/// months before T (`params.reference`, else the latest activity).
pub fn keepers(
    activities: &dyn Activities,
    params: &Params,
) -> PolarsResult<BTreeMap<i32, Keepers>> {
    let t = activity::reference(activities, params)?.unwrap_or_default();
    let year_ago = t.checked_sub_months(Months::new(12)).unwrap_or(t);
    let counted = activity::in_scope(activities, params)
        .filter(col(columns::AT).lt_eq(lit(t)))
        .group_by([col(columns::REPOSITORY), col(columns::CONTRIBUTOR)])
        .agg([
            len().cast(DataType::Int64).alias("all"),
            col(columns::AT)
                .filter(col(columns::AT).gt(lit(year_ago)))
                .len()
                .cast(DataType::Int64)
                .alias("year"),
            col(columns::AT).max().alias("last"),
        ])
        .collect()?;
    let repos = counted.column(columns::REPOSITORY)?.i32()?;
    let people = counted.column(columns::CONTRIBUTOR)?.i64()?;
    let all = counted.column("all")?.i64()?;
    let year = counted.column("year")?.i64()?;
    let last = counted.column("last")?.datetime()?;
    let mut rows: BTreeMap<i32, Vec<(i64, i64, i64, NaiveDateTime)>> = BTreeMap::new();
    for i in 0..counted.height() {
        let (Some(repo), Some(who), Some(n), Some(y), Some(at)) = (
            repos.get(i),
            people.get(i),
            all.get(i),
            year.get(i),
            last.phys.get(i),
        ) else {
            continue;
        };
        let at = chrono::DateTime::from_timestamp_micros(at)
            .map(|d| d.naive_utc())
            .unwrap_or_default();
        rows.entry(repo).or_default().push((who, n, y, at));
    }
    let percent = params.thresholds.absence_percent;
    Ok(rows
        .into_iter()
        .map(|(repo, mut people)| {
            let mut in_year: Vec<u64> = people
                .iter()
                .map(|p| p.2 as u64)
                .filter(|n| *n > 0)
                .collect();
            in_year.sort_unstable_by(|a, b| b.cmp(a));
            people.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let counts: Vec<u64> = people.iter().map(|p| p.1 as u64).collect();
            let core = factor_of(&counts, percent).factor.unwrap_or(0) as usize;
            let maintainers = people.iter().take(core).map(|p| (p.0, p.3)).collect();
            (
                repo,
                Keepers {
                    bus_factor: factor_of(&in_year, percent).factor,
                    maintainers,
                },
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estate::graph::tests::{dependency, module};

    fn at(date: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(&format!("{date} 00:00:00"), "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn a_depended_on_repository_kept_by_one_person_or_by_people_gone_is_at_risk() {
        let modules = [
            module("core", "core", None),
            module("lib", "lib", None),
            module("app", "app", None),
        ];
        let dependencies = [
            dependency("lib", "core", false),
            dependency("app", "lib", false),
        ];
        let graph = DependencyGraph::build(&modules, &dependencies);
        let keepers = BTreeMap::from([
            (
                "core".to_owned(),
                Keepers {
                    bus_factor: Some(3),
                    maintainers: vec![(1, at("2020-01-01"))],
                },
            ),
            (
                "lib".to_owned(),
                Keepers {
                    bus_factor: Some(1),
                    maintainers: vec![(2, at("2024-05-01"))],
                },
            ),
            // Nobody depends on it: no risk to others, whoever keeps it.
            (
                "app".to_owned(),
                Keepers {
                    bus_factor: Some(1),
                    maintainers: vec![],
                },
            ),
        ]);
        let risks = orphan_risks(&graph, &keepers, at("2024-06-01"), 6);
        let named: Vec<(&str, u32, bool)> = risks
            .iter()
            .map(|r| {
                (
                    r.repository.as_str(),
                    r.transitive_dependents,
                    r.maintainers_gone,
                )
            })
            .collect();
        assert_eq!(named, [("core", 2, true), ("lib", 1, false)]);
    }

    #[test]
    fn keepers_are_the_people_behind_half_the_work_and_the_years_bus_factor() {
        let frame = activity::frame(
            vec![1, 1, 1, 1, 1],
            vec![10, 10, 10, 20, 30],
            vec!["commit".into(); 5],
            [
                "2020-01-01",
                "2020-02-01",
                "2020-03-01",
                "2024-01-01",
                "2024-02-01",
            ]
            .map(|d| crate::test_util::at(&format!("{d}T00:00:00Z")))
            .to_vec(),
            vec![false; 5],
        )
        .unwrap();
        let params = Params::default();
        let found = keepers(&frame, &params).unwrap();
        assert_eq!(found[&1].maintainers, [(10, at("2020-03-01"))]);
        // In the last year, two people with one contribution each.
        assert_eq!(found[&1].bus_factor, Some(1));
    }
}
