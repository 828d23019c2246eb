//! Tests of the synthetic activity generator.

use std::collections::{HashMap, HashSet};

use super::*;

/// A small community: 50 contributors, 8 repositories.
fn small(seed: u64) -> Spec {
    Spec {
        seed,
        repositories: 8,
        ..Spec::new(5_000)
    }
}

/// Activities per non-bot contributor, most active first.
fn human_counts(s: &Synthetic) -> Vec<u64> {
    let mut counts: HashMap<i64, u64> = HashMap::new();
    for (&c, &bot) in s.contributor.iter().zip(&s.is_bot) {
        if !bot {
            *counts.entry(c).or_default() += 1;
        }
    }
    let mut counts: Vec<u64> = counts.into_values().collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    counts
}

#[test]
fn defaults_scale_with_the_activities() {
    let spec = Spec::new(1_000_000);
    assert_eq!(spec.repositories, 400);
    assert_eq!(spec.contributors, 10_000);
    assert_eq!(spec.organisations, 20);
    assert_eq!(Spec::new(1_000).contributors, 50);
    assert_eq!(spec.span_us().1 - spec.span_us().0, 3653 * DAY_US);
}

#[test]
fn the_same_seed_gives_the_same_data() {
    let (a, b) = (generate(&small(7)), generate(&small(7)));
    assert!(a == b);
}

#[test]
fn the_generator_follows_the_published_algorithms() {
    // SplitMix64's first output from 0 is the published 0xE220A8397B1DCDAF.
    let mut rng = Rng::stream(0, 0);
    assert_eq!(rng.s[0], 0xE220_A839_7B1D_CDAF);
    let first: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
    assert_eq!(
        first,
        [
            0x99EC_5F36_CB75_F2B4,
            0xBF6E_1F78_4956_452A,
            0x1A5F_849D_4933_E6E0
        ]
    );
}

/// A fingerprint of every column: it changes only when the generated
/// data does, which should be a deliberate decision (benchmark results
/// measured on the old data no longer compare).
#[test]
fn the_data_stays_the_same_across_versions() {
    let s = generate(&small(7));
    let mut hash: u64 = 0xCBF2_9CE4_8422_2325;
    let mut mix = |v: u64| hash = (hash ^ v).wrapping_mul(0x0100_0000_01B3);
    for i in 0..s.len() {
        mix(s.repository[i] as u64);
        mix(s.contributor[i] as u64);
        mix(crate::activity::kind_code(s.kind[i]) as u64);
        mix(s.at_us[i] as u64);
        mix(s.organisation[i].map_or(u64::MAX, u64::from));
        mix(u64::from(s.is_bot[i]));
    }
    assert_eq!(hash, 0x16C0_FC85_9876_C662, "fingerprint {hash:#X}");
}

#[test]
fn different_seeds_give_different_data() {
    let (a, b) = (generate(&small(7)), generate(&small(8)));
    assert!(a.at_us != b.at_us);
    assert!(a.contributor_is_bot != b.contributor_is_bot);
}

#[test]
fn counts_match_the_spec() {
    let spec = small(1);
    let s = generate(&spec);
    assert_eq!(s.len(), spec.activities);
    for len in [
        s.repository.len(),
        s.kind.len(),
        s.at_us.len(),
        s.organisation.len(),
        s.is_bot.len(),
    ] {
        assert_eq!(len, spec.activities);
    }
    assert_eq!(s.repositories.len(), 8);
    assert_eq!(s.repositories[0], "synthetic/repo-0001");
    assert_eq!(s.organisations.len(), 20);
    assert_eq!(s.organisations[6], "Organisation 07");
    assert_eq!(s.contributor_is_bot.len(), spec.contributors);
    assert_eq!(s.affiliations.len(), spec.contributors);
    assert!(s.repository.iter().all(|&r| (1..=8).contains(&r)));
    // Everyone contributes, and every repository sees activity.
    let contributors: HashSet<i64> = s.contributor.iter().copied().collect();
    assert_eq!(contributors.len(), spec.contributors);
    assert!(contributors.iter().all(|&c| (1..=50).contains(&c)));
    assert_eq!(s.repository.iter().collect::<HashSet<_>>().len(), 8);
    assert!(generate(&Spec::new(0)).is_empty());
    let nothing = Spec {
        repositories: 0,
        ..Spec::new(0)
    };
    assert_eq!(generate(&nothing).contributor_is_bot.len(), 50);
}

#[test]
fn timestamps_fall_within_the_span() {
    let spec = Spec {
        years: 2,
        start: NaiveDate::from_ymd_opt(2020, 2, 29).expect("a date"),
        ..small(3)
    };
    let (from, to) = spec.span_us();
    let s = generate(&spec);
    assert!(s.at_us.iter().all(|t| (from..to).contains(t)));
    // And spread over it, not bunched at one end.
    let middle = from + (to - from) / 2;
    let early = s.at_us.iter().filter(|&&t| t < middle).count();
    assert!(early > s.len() / 5 && early < s.len() * 4 / 5, "{early}");
}

#[test]
fn a_few_people_make_most_of_the_activity() {
    let s = generate(&Spec::new(50_000));
    let counts = human_counts(&s);
    let total: u64 = counts.iter().sum();
    let top: u64 = counts[..counts.len() / 10].iter().sum();
    assert!(top * 2 > total, "top 10% make {top} of {total}");
    // Most people are casual: the median person makes 1 to 3.
    assert!((1..=3).contains(&counts[counts.len() / 2]));
}

#[test]
fn repository_popularity_is_heavy_tailed() {
    let s = generate(&Spec::new(50_000));
    let mut per_repository = vec![0usize; s.repositories.len()];
    for &r in &s.repository {
        per_repository[r as usize - 1] += 1;
    }
    per_repository.sort_unstable_by(|a, b| b.cmp(a));
    let top: usize = per_repository[..per_repository.len() / 10].iter().sum();
    assert!(top * 3 > s.len(), "top 10% of repositories have {top}");
}

#[test]
fn bots_make_about_their_share() {
    let spec = small(5);
    let s = generate(&spec);
    let bots = s.contributor_is_bot.iter().filter(|&&b| b).count();
    assert!((3..=8).contains(&bots));
    let bot_rows = s.is_bot.iter().filter(|&&b| b).count();
    assert_eq!(bot_rows, 150); // 3% of 5,000.
    for i in 0..s.len() {
        assert_eq!(
            s.is_bot[i],
            s.contributor_is_bot[s.contributor[i] as usize - 1]
        );
        if s.is_bot[i] {
            assert!(["pr_opened", "comment", "commit"].contains(&s.kind[i]));
            assert_eq!(s.organisation[i], None);
        }
    }
    let none = generate(&Spec {
        bot_share: 0.0,
        ..small(5)
    });
    assert!(!none.is_bot.iter().any(|&b| b));
}

#[test]
fn kinds_are_all_there_and_commits_lead() {
    let s = generate(&Spec::new(50_000));
    let mut per_kind: HashMap<&str, usize> = HashMap::new();
    for &k in &s.kind {
        *per_kind.entry(k).or_default() += 1;
    }
    assert_eq!(per_kind.len(), KINDS.len());
    assert!(per_kind.keys().all(|k| KINDS.contains(k)));
    let most = per_kind.iter().max_by_key(|(_, &n)| n).map(|(k, _)| *k);
    assert_eq!(most, Some("commit"));
    for role in [Role::Casual, Role::Regular, Role::Maintainer, Role::Bot] {
        assert_eq!(role.kinds().iter().map(|(_, w)| w).sum::<u32>(), 1000);
    }
}

#[test]
fn affiliations_cover_organisations_moves_and_nobody() {
    let spec = Spec::new(50_000);
    let s = generate(&spec);
    let humans: Vec<&Affiliation> = s
        .affiliations
        .iter()
        .zip(&s.contributor_is_bot)
        .filter(|(_, &bot)| !bot)
        .map(|(a, _)| a)
        .collect();
    let unaffiliated = humans.iter().filter(|a| a.organisation.is_none()).count();
    let share = unaffiliated as f64 / humans.len() as f64;
    assert!((0.3..0.5).contains(&share), "{share}");
    let movers: HashSet<i64> = s
        .affiliations
        .iter()
        .enumerate()
        .filter(|(_, a)| a.change.is_some())
        .map(|(i, _)| i as i64 + 1)
        .collect();
    assert!(movers.len() >= 3, "{} movers", movers.len());
    // Some movers act for both organisations, each on its side of the date.
    let mut seen: HashMap<i64, HashSet<Option<u32>>> = HashMap::new();
    for i in 0..s.len() {
        let a = s.affiliations[s.contributor[i] as usize - 1];
        assert_eq!(s.organisation[i], a.at(s.at_us[i]));
        if movers.contains(&s.contributor[i]) {
            seen.entry(s.contributor[i])
                .or_default()
                .insert(s.organisation[i]);
        }
    }
    assert!(seen.values().any(|orgs| orgs.len() == 2));
}

#[test]
fn activity_bunches_before_releases_and_on_weekdays() {
    let spec = Spec::new(50_000);
    let s = generate(&spec);
    let plan = Plan::new(&spec);
    let (mut before_release, mut weekend, mut humans) = (0usize, 0usize, 0usize);
    let mut expected = 0.0;
    for i in (0..s.len()).filter(|&i| !s.is_bot[i]) {
        humans += 1;
        let cadence = plan.cadences[s.repository[i] as usize - 1];
        let at = s.at_us[i];
        let next = cadence.nearest(at + 7 * DAY_US, i64::MAX);
        before_release += usize::from(next > at && next - at <= 7 * DAY_US);
        expected += 7.0 * DAY_US as f64 / cadence.period_us as f64;
        weekend += usize::from(is_weekend(at));
    }
    let expected = expected / humans as f64;
    let observed = before_release as f64 / humans as f64;
    assert!(observed > 1.5 * expected, "{observed} vs {expected}");
    assert!((weekend as f64 / humans as f64) < 0.8 * 2.0 / 7.0);
}

#[test]
fn zipf_split_is_exact() {
    for (total, n) in [(0, 3), (1, 3), (10, 1), (1_000_003, 7_000), (5, 10)] {
        let split = zipf_split(total, n);
        assert_eq!(split.len(), n);
        assert_eq!(split.iter().sum::<u64>(), total);
        assert!(split.windows(2).all(|w| w[0] >= w[1]));
    }
    assert_eq!(zipf_split(2475, 0), Vec::<u64>::new());
}

#[test]
fn too_few_activities_to_go_round_still_add_up() {
    let spec = Spec {
        activities: 20,
        ..small(2)
    };
    assert_eq!(generate(&spec).len(), 20);
}

#[test]
fn write_duckdb_round_trips() -> duckdb::Result<()> {
    let s = generate(&Spec {
        activities: 250_123,
        ..Spec::new(250_123)
    });
    let conn = duckdb::Connection::open_in_memory()?;
    s.write_duckdb(&conn)?;
    s.write_duckdb(&conn)?; // Replaces, not appends.
    let (rows, contributors, organisations, first, bots): (i64, i64, i64, i64, i64) = conn
        .query_row(
            "SELECT count(*), sum(contributor_id), count(organisation),
                    epoch_us(min(occurred_at)), count(*) FILTER (WHERE is_bot)
             FROM synthetic_activities",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
    assert_eq!(rows as usize, s.len());
    assert_eq!(contributors, s.contributor.iter().sum::<i64>());
    assert_eq!(
        organisations as usize,
        s.organisation.iter().flatten().count()
    );
    assert_eq!(first, *s.at_us.iter().min().expect("rows"));
    assert_eq!(bots as usize, s.is_bot.iter().filter(|&&b| b).count());
    let (kind, organisation): (String, Option<String>) = conn.query_row(
        "SELECT kind, organisation FROM synthetic_activities LIMIT 1 OFFSET 123456",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    assert_eq!(kind, s.kind[123_456]);
    let expected = s.organisation[123_456].map(|o| s.organisations[o as usize].clone());
    assert_eq!(organisation, expected);
    Ok(())
}

/// Timings: `cargo test --release -p vigie-metrics --lib synthetic --
/// --ignored --nocapture`.
#[test]
#[ignore = "a timing, not a check"]
fn time_1m() -> duckdb::Result<()> {
    let started = std::time::Instant::now();
    let s = generate(&Spec::new(1_000_000));
    let generated = started.elapsed();
    let conn = duckdb::Connection::open_in_memory()?;
    s.write_duckdb(&conn)?;
    println!(
        "1M activities: generated in {generated:?}, written to DuckDB in {:?}",
        started.elapsed() - generated
    );
    Ok(())
}

#[test]
#[ignore = "a timing, not a check"]
fn time_10m() {
    let started = std::time::Instant::now();
    let s = generate(&Spec::new(10_000_000));
    println!("10M activities: generated in {:?}", started.elapsed());
    assert_eq!(s.len(), 10_000_000);
}
