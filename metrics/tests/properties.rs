//! Properties every metric must keep, checked on synthetic communities of
//! several seeds and shapes, and edge cases that go through the real store.

use chrono::NaiveDate;
use vigie_ingest::identity::Rules;
use vigie_ingest::{ingest, SourceConfig, Store};
use vigie_metrics::activity::{self, frame, with_organisations};
use vigie_metrics::cohort_retention::cohort_retention;
use vigie_metrics::community_structure::community_structure;
use vigie_metrics::contributor_absence_factor::{
    contributor_absence_factor, contributor_absence_factor_by_repository,
};
use vigie_metrics::elephant_factor::elephant_factor;
use vigie_metrics::new_contributors::newcomers;
use vigie_metrics::polars::prelude::*;
use vigie_metrics::synthetic::{generate, Spec};
use vigie_metrics::{trend, Params, Period};

/// A synthetic community as an activity frame.
fn community(seed: u64, activities: usize) -> DataFrame {
    let s = generate(&Spec {
        seed,
        ..Spec::new(activities)
    });
    let df = frame(
        s.repository.clone(),
        s.contributor.clone(),
        s.kind.iter().map(|k| k.to_string()).collect(),
        s.at_us.clone(),
        s.is_bot.clone(),
    )
    .unwrap();
    let orgs = s
        .organisation
        .iter()
        .map(|o| o.map(|i| s.organisations[i as usize].clone()))
        .collect();
    with_organisations(df, orgs).unwrap()
}

fn distinct_humans(df: &DataFrame) -> u32 {
    df.clone()
        .lazy()
        .filter(col("is_bot").not())
        .select([col("contributor_id").n_unique().alias("n")])
        .collect()
        .unwrap()
        .column("n")
        .unwrap()
        .u32()
        .unwrap()
        .get(0)
        .unwrap()
}

#[test]
fn properties_hold_on_synthetic_communities() {
    for (seed, size) in [(1, 3_000), (2, 20_000), (3, 50_000), (42, 8_000)] {
        let df = community(seed, size);
        let all = Params::default();
        let people = distinct_humans(&df);

        // New contributors over all time = distinct contributors, whatever the period.
        for period in Period::ALL {
            let p = Params {
                period,
                ..all.clone()
            };
            let t = trend(&df, &p).unwrap();
            let new: i64 = t.rows.iter().map(|r| r.new_contributors).sum();
            assert_eq!(new, i64::from(people), "seed {seed}, {period}");
            assert_eq!(t.new_in_window, i64::from(people));
            assert_eq!(t.active_in_window, i64::from(people));
            // No period has more active contributors than there are people.
            assert!(t
                .rows
                .iter()
                .all(|r| r.active_contributors <= i64::from(people)));
        }
        assert_eq!(newcomers(&df, &all).unwrap().height(), people as usize);

        // Bus factor between 1 and the number of contributors, overall and per repository.
        let f = contributor_absence_factor(&df, &all).unwrap();
        let k = f.factor.unwrap();
        assert!(
            k >= 1 && k <= f.contributors,
            "seed {seed}: {k} of {}",
            f.contributors
        );
        for (repo, f) in contributor_absence_factor_by_repository(&df, &all)
            .unwrap()
            .value
        {
            let k = f.factor.unwrap();
            assert!(
                k >= 1 && k <= f.contributors,
                "seed {seed} repository {repo}"
            );
        }
        // The onion's layers add up to everyone; its core covers at least the bus factor.
        let onion = community_structure(&df, &all).unwrap();
        assert_eq!(onion.core + onion.regular + onion.casual, people);
        assert!(onion.core >= k);
        // The elephant factor is at most the number of organisations.
        let e = elephant_factor(&df, &all).unwrap();
        assert!(e.factor.unwrap() as usize <= e.organisations.len());

        // Cohort retention at k = 0 is 100 %, and never above it.
        let retention = cohort_retention(&df, &all, 12).unwrap();
        let ks = retention.column("k").unwrap().i32().unwrap();
        let share = retention.column("share").unwrap().f64().unwrap();
        for (k, s) in ks.into_no_null_iter().zip(share.into_no_null_iter()) {
            assert!((0.0..=1.0).contains(&s));
            if k == 0 {
                assert_eq!(s, 1.0, "seed {seed}");
            }
        }
        // Cohort sizes add up to everyone.
        let sizes: i64 = retention
            .value
            .clone()
            .lazy()
            .filter(col("k").eq(lit(0)))
            .select([col("cohort_size").sum()])
            .collect()
            .unwrap()
            .column("cohort_size")
            .unwrap()
            .i64()
            .unwrap()
            .get(0)
            .unwrap();
        assert_eq!(sizes, i64::from(people));
    }
}

#[test]
fn months_are_utc_whatever_the_offset_and_daylight_saving() {
    // 2024-03-31 23:30 at UTC-02:00 is 1 April in UTC; 2023-10-29 02:30
    // (the hour Paris repeats when summer time ends) at +01:00 is October.
    let at = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .timestamp_micros()
    };
    let df = frame(
        vec![1, 1, 1],
        vec![1, 2, 3],
        vec!["commit".into(); 3],
        vec![
            at("2024-03-31T23:30:00-02:00"),
            at("2023-10-29T02:30:00+01:00"),
            at("2023-12-31T23:59:59-00:00"),
        ],
        vec![false; 3],
    )
    .unwrap();
    let params = Params {
        from: NaiveDate::from_ymd_opt(2023, 10, 1),
        to: NaiveDate::from_ymd_opt(2024, 4, 30),
        ..Params::default()
    };
    let t = trend(&df, &params).unwrap();
    let active: Vec<(String, i64)> = t
        .rows
        .iter()
        .filter(|r| r.active_contributors > 0)
        .map(|r| (r.period.to_string(), r.active_contributors))
        .collect();
    assert_eq!(
        active,
        [
            ("2023-10".to_string(), 1),
            ("2023-12".to_string(), 1),
            ("2024-04".to_string(), 1)
        ]
    );
}

/// A bot's commit co-authored by a person: the person counts (as active
/// and new), the bot does not.
#[test]
fn a_person_whose_only_contribution_is_co_authoring_a_bot_commit_counts() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("owner+demo.gitlog.txt");
    std::fs::write(
        &log,
        "commit 1111111111111111111111111111111111111111
Author:     dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>
AuthorDate: Mon Jan 1 10:00:00 2024 +0100
Commit:     GitHub <noreply@github.com>
CommitDate: Mon Jan 1 10:00:00 2024 +0100

    Bump a library

    Co-authored-by: Ann Example <ann@example.org>

:100644 100644 aaaaaaa bbbbbbb M\tpom.xml
1\t1\tpom.xml

commit 2222222222222222222222222222222222222222 1111111111111111111111111111111111111111
Author:     dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>
AuthorDate: Thu Feb 1 10:00:00 2024 +0100
Commit:     GitHub <noreply@github.com>
CommitDate: Thu Feb 1 10:00:00 2024 +0100

    Bump another library

:100644 100644 bbbbbbb ccccccc M\tpom.xml
1\t1\tpom.xml
",
    )
    .unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let report = ingest(
        &mut store,
        &[SourceConfig::git_log(log)],
        dir.path(),
        &Rules::default(),
        |_| {},
    )
    .unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let df = activity::load(store.connection(), &|_, _| None).unwrap();
    let t = trend(&df, &Params::default()).unwrap();
    let rows: Vec<(String, i64, i64)> = t
        .rows
        .iter()
        .map(|r| {
            (
                r.period.to_string(),
                r.active_contributors,
                r.new_contributors,
            )
        })
        .collect();
    // February has only the bot's commit: outside the scope's window.
    assert_eq!(rows, [("2024-01".to_string(), 1, 1)]);
    let with_bots = Params {
        include_bots: true,
        ..Params::default()
    };
    assert_eq!(trend(&df, &with_bots).unwrap().active_in_window, 2);
}

/// A frame filtered once for a scope gives every metric the same answer as
/// the whole frame, for that scope and for any other.
#[test]
fn a_scoped_frame_answers_like_the_whole_frame() {
    use vigie_metrics::contributor_status::contributor_status;
    use vigie_metrics::elephant_factor::elephant_factor_over_time;
    use vigie_metrics::newcomer_conversion::newcomer_conversion;

    let df = community(7, 20_000);
    let shared = Params::default();
    let scoped = activity::Scoped::new(&df, &shared);
    let others = [
        shared.clone(),
        Params {
            include_bots: true,
            ..Params::default()
        },
        Params {
            repositories: Some(vec![1, 2, 3]),
            kinds: Some(vec!["commit".into(), "review".into()]),
            ..Params::default()
        },
    ];
    for params in &others {
        let periods = activity::periods_in_window(&df, params).unwrap();
        assert_eq!(
            periods,
            activity::periods_in_window(&scoped, params).unwrap()
        );
        assert_eq!(
            trend(&df, params).unwrap(),
            trend(&scoped, params).unwrap(),
            "{params:?}"
        );
        let frames = |a: &dyn activity::Activities| {
            [
                cohort_retention(a, params, 12).unwrap().value,
                contributor_status(a, params).unwrap().value,
                newcomer_conversion(a, params).unwrap().value,
            ]
        };
        for (whole, once) in frames(&df).iter().zip(frames(&scoped).iter()) {
            assert!(whole.equals_missing(once), "{params:?}: {whole} != {once}");
        }
        assert_eq!(
            elephant_factor(&df, params).unwrap().value,
            elephant_factor(&scoped, params).unwrap().value
        );
        assert_eq!(
            elephant_factor_over_time(&df, params, &periods)
                .unwrap()
                .value,
            elephant_factor_over_time(&scoped, params, &periods)
                .unwrap()
                .value
        );
        assert_eq!(
            contributor_absence_factor_by_repository(&df, params)
                .unwrap()
                .value,
            contributor_absence_factor_by_repository(&scoped, params)
                .unwrap()
                .value
        );
    }
    assert!(
        scoped.frame().unwrap().height() < df.height(),
        "the shared scope leaves bots out"
    );
}
