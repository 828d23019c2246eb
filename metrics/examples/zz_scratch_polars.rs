//! Scratch experiments for the metrics benchmark (to be deleted).
use std::time::Instant;

use vigie_metrics::activity::{self, columns, in_scope};
use vigie_metrics::polars::prelude::*;
use vigie_metrics::synthetic::{generate, Spec};
use vigie_metrics::{Month, Params};

fn hwm() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap();
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM")?.strip_prefix(':'))
        .unwrap()
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse::<u64>()
        .unwrap()
        / 1024
}

fn best<T>(label: &str, mut f: impl FnMut() -> T) -> T {
    let mut out = f();
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..3 {
        std::fs::write("/proc/self/clear_refs", "5").unwrap();
        let before = hwm();
        let t = Instant::now();
        out = f();
        times.push(t.elapsed());
        peak = peak.max(hwm() - before);
    }
    times.sort();
    println!(
        "{label}: best {:.1?} median {:.1?}, peak +{peak} MiB",
        times[0], times[1]
    );
    out
}

fn cohort(scoped: LazyFrame, max_k: u32, eager_active: bool) -> DataFrame {
    let mut active = scoped
        .clone()
        .select([col(columns::CONTRIBUTOR), col("month")])
        .unique(None, UniqueKeepStrategy::Any);
    if eager_active {
        active = active.collect().unwrap().lazy();
    }
    let cohorts = active
        .clone()
        .group_by([col(columns::CONTRIBUTOR)])
        .agg([col("month").min().alias("cohort")]);
    let cohorts = if eager_active {
        cohorts.collect().unwrap().lazy()
    } else {
        cohorts
    };
    let last_month = active.clone().select([col("month").max().alias("last")]);
    let sizes = cohorts
        .clone()
        .group_by([col("cohort")])
        .agg([len().cast(DataType::Int64).alias("cohort_size")]);
    let retained = active
        .join(
            cohorts,
            [col(columns::CONTRIBUTOR)],
            [col(columns::CONTRIBUTOR)],
            JoinArgs::new(JoinType::Inner),
        )
        .with_column((col("month") - col("cohort")).alias("k"))
        .filter(col("k").lt_eq(lit(max_k as i32)))
        .group_by([col("cohort"), col("k")])
        .agg([len().cast(DataType::Int64).alias("retained")]);
    let window = sizes.clone().select([col("cohort")]);
    let grid = window
        .cross_join(
            DataFrame::new(
                max_k as usize + 1,
                vec![Column::new(
                    "k".into(),
                    (0..=max_k as i32).collect::<Vec<_>>(),
                )],
            )
            .unwrap()
            .lazy(),
            None,
        )
        .cross_join(last_month, None)
        .filter((col("cohort") + col("k")).lt_eq(col("last")))
        .select([col("cohort"), col("k")]);
    grid.join(
        sizes,
        [col("cohort")],
        [col("cohort")],
        JoinArgs::new(JoinType::Inner),
    )
    .join(
        retained,
        [col("cohort"), col("k")],
        [col("cohort"), col("k")],
        JoinArgs::new(JoinType::Left),
    )
    .with_column(col("retained").fill_null(lit(0i64)))
    .sort(["cohort", "k"], SortMultipleOptions::default())
    .collect()
    .unwrap()
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map_or(1_000_000, |s| s.parse().unwrap());
    let s = generate(&Spec::new(n));
    let df = activity::frame(
        s.repository.clone(),
        s.contributor.clone(),
        s.kind.iter().map(|k| (*k).to_owned()).collect(),
        s.at_us.clone(),
        s.is_bot.clone(),
    )
    .unwrap();
    let orgs: Vec<Option<String>> = s
        .organisation
        .iter()
        .map(|o| o.map(|i| s.organisations[i as usize].clone()))
        .collect();
    let df = activity::with_organisations(df, orgs).unwrap();
    let org_ids: Vec<Option<i32>> = s.organisation.iter().map(|o| o.map(|i| i as i32)).collect();
    let mut df_ids = df.clone();
    df_ids
        .with_column(Column::new("org_id".into(), org_ids))
        .unwrap();
    drop(s);
    let all = Params::default();
    let only = std::env::args().nth(2).unwrap_or_default();
    if only == "cache" {
        let base = best("crate cohort_retention", || {
            vigie_metrics::cohort_retention::cohort_retention(&df, &all, 12)
                .unwrap()
                .value
        });
        let scoped = || in_scope(&df, &all).with_column(Month::expr(columns::AT));
        let c = best("cohort, active and cohorts marked .cache()", || {
            cohort_cached(scoped())
        });
        let pick = |d: &DataFrame| d.select(["cohort", "k", "retained"]).unwrap();
        assert!(pick(&c).equals(&pick(&base)));
        return;
    }
    if only == "new" {
        let with_month = df
            .clone()
            .lazy()
            .with_column(Month::expr(columns::AT))
            .collect()
            .unwrap();
        let base = best("crate cohort_retention", || {
            vigie_metrics::cohort_retention::cohort_retention(&df, &all, 12)
                .unwrap()
                .value
        });
        let c = best(
            "cohort, one i64 key, cohorts from first contribution, month precomputed",
            || cohort_keyed(&with_month),
        );
        let pick = |d: &DataFrame| {
            d.select(["cohort", "k", "cohort_size", "retained"])
                .unwrap()
        };
        assert!(
            pick(&c).equals(&pick(&base)),
            "{} {}",
            pick(&c),
            pick(&base)
        );
        let want = vigie_metrics::newcomer_conversion::newcomer_conversion(&df, &all)
            .unwrap()
            .value;
        let got = best("newcomer_conversion, one group-by, no join", || {
            conversion_group_by(&df)
        });
        assert!(got.equals(&want), "{got} {want}");
        return;
    }
    let base = best("crate cohort_retention", || {
        vigie_metrics::cohort_retention::cohort_retention(&df, &all, 12)
            .unwrap()
            .value
    });
    best("filter not bot only", || {
        in_scope(&df, &all)
            .select([col(columns::CONTRIBUTOR)])
            .collect()
            .unwrap()
    });
    best("Month::expr on humans", || {
        in_scope(&df, &all)
            .select([Month::expr(columns::AT)])
            .collect()
            .unwrap()
    });
    best("cast at to Date, then year*12+month", || {
        in_scope(&df, &all)
            .select([{
                let d = col(columns::AT).cast(DataType::Date);
                (d.clone().dt().year() * lit(12) + d.dt().month().cast(DataType::Int32) - lit(1))
                    .alias("month")
            }])
            .collect()
            .unwrap()
    });
    best("unique (contributor, month) with month computed", || {
        in_scope(&df, &all)
            .select([col(columns::CONTRIBUTOR), Month::expr(columns::AT)])
            .unique(None, UniqueKeepStrategy::Any)
            .collect()
            .unwrap()
    });
    let with_month = df
        .clone()
        .lazy()
        .with_column(Month::expr(columns::AT))
        .collect()
        .unwrap();
    best("unique (contributor, month), month precomputed", || {
        in_scope(&with_month, &all)
            .select([col(columns::CONTRIBUTOR), col("month")])
            .unique(None, UniqueKeepStrategy::Any)
            .collect()
            .unwrap()
    });
    best(
        "unique of one i64 key contributor*4096+month, month precomputed",
        || {
            in_scope(&with_month, &all)
                .select([(col(columns::CONTRIBUTOR) * lit(4096i64)
                    + col("month").cast(DataType::Int64))
                .alias("key")])
                .unique(None, UniqueKeepStrategy::Any)
                .collect()
                .unwrap()
        },
    );
    best(
        "group_by (contributor, month) len, month precomputed",
        || {
            in_scope(&with_month, &all)
                .group_by([col(columns::CONTRIBUTOR), col("month")])
                .agg([len()])
                .collect()
                .unwrap()
        },
    );
    let scoped = || in_scope(&df, &all).with_column(Month::expr(columns::AT));
    let a = best("cohort, same plan (lazy, subplans repeated)", || {
        cohort(scoped(), 12, false)
    });
    let b = best("cohort, active and cohorts collected once", || {
        cohort(scoped(), 12, true)
    });
    let scoped2 = || in_scope(&with_month, &all);
    let c = best("cohort, collected once + month precomputed", || {
        cohort(scoped2(), 12, true)
    });
    let pick = |d: &DataFrame| d.select(["cohort", "k", "retained"]).unwrap();
    assert!(
        pick(&a).equals(&pick(&b)) && pick(&b).equals(&pick(&c)) && pick(&a).equals(&pick(&base))
    );
    best("elephant: group by organisation (String)", || {
        in_scope(&df, &all)
            .group_by([col(columns::ORGANISATION)])
            .agg([len()])
            .collect()
            .unwrap()
    });
    best("elephant: group by organisation id (i32)", || {
        in_scope(&df_ids, &all)
            .group_by([col("org_id")])
            .agg([len()])
            .collect()
            .unwrap()
    });
    best("crate elephant_factor", || {
        vigie_metrics::elephant_factor::elephant_factor(&df, &all).unwrap()
    });
    best("crate trend", || vigie_metrics::trend(&df, &all).unwrap());
    best("crate active_contributors", || {
        vigie_metrics::active_contributors::active_contributors(&df, &all).unwrap()
    });
    best(
        "crate active_contributors, month precomputed (group by month n_unique)",
        || {
            in_scope(&with_month, &all)
                .group_by([col("month")])
                .agg([col(columns::CONTRIBUTOR).n_unique()])
                .collect()
                .unwrap()
        },
    );
    best("crate newcomers", || {
        vigie_metrics::new_contributors::newcomers(&df, &all).unwrap()
    });
    best("crate new_contributors", || {
        vigie_metrics::new_contributors::new_contributors(&df, &all).unwrap()
    });
    best("crate active_in_window", || {
        vigie_metrics::active_contributors::active_in_window(&df, &all).unwrap()
    });
    best("periods_in_window", || {
        activity::periods_in_window(&df, &all).unwrap()
    });
    best("crate newcomer_conversion", || {
        vigie_metrics::newcomer_conversion::newcomer_conversion(&df, &all).unwrap()
    });
    best("newcomer_conversion, 12mo offset per contributor", || {
        conversion(&df, false)
    });
    best(
        "newcomer_conversion, 12mo offset per contributor, only needed columns",
        || conversion(&df, true),
    );
    assert!(conversion(&df, true).equals(
        &vigie_metrics::newcomer_conversion::newcomer_conversion(&df, &all)
            .unwrap()
            .value
    ));
    best("crate contributor_status", || {
        vigie_metrics::contributor_status::contributor_status(&df, &all).unwrap()
    });
    best("crate contributor_absence_factor", || {
        vigie_metrics::contributor_absence_factor::contributor_absence_factor(&df, &all).unwrap()
    });
}

fn conversion(df: &DataFrame, narrow: bool) -> DataFrame {
    let all = Params::default();
    let mut scoped = in_scope(df, &all);
    if narrow {
        scoped = scoped.select([col(columns::CONTRIBUTOR), col(columns::AT)]);
    }
    let firsts = scoped
        .clone()
        .group_by([col(columns::CONTRIBUTOR)])
        .agg([col(columns::AT).min().alias("first_at")])
        .with_column(
            col("first_at")
                .dt()
                .offset_by(lit("12mo"))
                .alias("year_end"),
        );
    let early_us = 90i64 * 86_400_000_000;
    scoped
        .join(
            firsts,
            [col(columns::CONTRIBUTOR)],
            [col(columns::CONTRIBUTOR)],
            JoinArgs::new(JoinType::Inner),
        )
        .with_columns([
            (col(columns::AT).cast(DataType::Int64) - col("first_at").cast(DataType::Int64))
                .lt_eq(lit(early_us))
                .alias("early"),
            col(columns::AT).lt(col("year_end")).alias("first_year"),
        ])
        .group_by([col(columns::CONTRIBUTOR), col("first_at")])
        .agg([
            col("early")
                .sum()
                .cast(DataType::Int64)
                .gt_eq(lit(2i64))
                .alias("returned"),
            col("first_year")
                .sum()
                .cast(DataType::Int64)
                .gt_eq(lit(10i64))
                .alias("regular"),
        ])
        .group_by([vigie_metrics::Period::Month.expr("first_at")])
        .agg([
            len().cast(DataType::Int64).alias("newcomers"),
            col("returned")
                .sum()
                .cast(DataType::Int64)
                .alias("returned"),
            col("regular")
                .sum()
                .cast(DataType::Int64)
                .alias("became_regular"),
        ])
        .with_columns([
            (col("returned").cast(DataType::Float64) / col("newcomers").cast(DataType::Float64))
                .alias("returned_share"),
            (col("became_regular").cast(DataType::Float64)
                / col("newcomers").cast(DataType::Float64))
            .alias("regular_share"),
        ])
        .sort(["period"], SortMultipleOptions::default())
        .collect()
        .unwrap()
}

fn cohort_keyed(with_month: &DataFrame) -> DataFrame {
    let all = Params::default();
    let scoped = in_scope(with_month, &all);
    // Distinct (contributor, month) pairs through one i64 key.
    let pairs = scoped
        .clone()
        .select([(col(columns::CONTRIBUTOR) * lit(1i64 << 20)
            + col("month").cast(DataType::Int64))
        .alias("key")])
        .unique(None, UniqueKeepStrategy::Any)
        .select([
            (col("key") / lit(1i64 << 20)).alias(columns::CONTRIBUTOR),
            (col("key") % lit(1i64 << 20))
                .cast(DataType::Int32)
                .alias("month"),
        ])
        .collect()
        .unwrap();
    let cohorts = pairs
        .clone()
        .lazy()
        .group_by([col(columns::CONTRIBUTOR)])
        .agg([col("month").min().alias("cohort")])
        .collect()
        .unwrap();
    let last = pairs.column("month").unwrap().i32().unwrap().max().unwrap();
    let sizes = cohorts
        .clone()
        .lazy()
        .group_by([col("cohort")])
        .agg([len().cast(DataType::Int64).alias("cohort_size")]);
    let retained = pairs
        .lazy()
        .join(
            cohorts.lazy(),
            [col(columns::CONTRIBUTOR)],
            [col(columns::CONTRIBUTOR)],
            JoinArgs::new(JoinType::Inner),
        )
        .with_column((col("month") - col("cohort")).alias("k"))
        .filter(col("k").lt_eq(lit(12)))
        .group_by([col("cohort"), col("k")])
        .agg([len().cast(DataType::Int64).alias("retained")]);
    let ks = DataFrame::new(
        13,
        vec![Column::new("k".into(), (0..=12).collect::<Vec<i32>>())],
    )
    .unwrap();
    sizes
        .clone()
        .select([col("cohort")])
        .cross_join(ks.lazy(), None)
        .filter((col("cohort") + col("k")).lt_eq(lit(last)))
        .join(
            sizes,
            [col("cohort")],
            [col("cohort")],
            JoinArgs::new(JoinType::Inner),
        )
        .join(
            retained,
            [col("cohort"), col("k")],
            [col("cohort"), col("k")],
            JoinArgs::new(JoinType::Left),
        )
        .with_column(col("retained").fill_null(lit(0i64)))
        .select([col("cohort"), col("k"), col("cohort_size"), col("retained")])
        .sort(["cohort", "k"], SortMultipleOptions::default())
        .collect()
        .unwrap()
}

fn conversion_group_by(df: &DataFrame) -> DataFrame {
    let all = Params::default();
    let early_us = 90i64 * 86_400_000_000;
    let first = col(columns::AT).min();
    in_scope(df, &all)
        .group_by([col(columns::CONTRIBUTOR)])
        .agg([
            first.clone().alias("first_at"),
            ((col(columns::AT).cast(DataType::Int64) - first.clone().cast(DataType::Int64))
                .lt_eq(lit(early_us)))
            .sum()
            .cast(DataType::Int64)
            .gt_eq(lit(2i64))
            .alias("returned"),
            col(columns::AT)
                .lt(first.dt().offset_by(lit("12mo")))
                .sum()
                .cast(DataType::Int64)
                .gt_eq(lit(10i64))
                .alias("regular"),
        ])
        .group_by([vigie_metrics::Period::Month.expr("first_at")])
        .agg([
            len().cast(DataType::Int64).alias("newcomers"),
            col("returned")
                .sum()
                .cast(DataType::Int64)
                .alias("returned"),
            col("regular")
                .sum()
                .cast(DataType::Int64)
                .alias("became_regular"),
        ])
        .with_columns([
            (col("returned").cast(DataType::Float64) / col("newcomers").cast(DataType::Float64))
                .alias("returned_share"),
            (col("became_regular").cast(DataType::Float64)
                / col("newcomers").cast(DataType::Float64))
            .alias("regular_share"),
        ])
        .sort(["period"], SortMultipleOptions::default())
        .collect()
        .unwrap()
}

fn cohort_cached(scoped: LazyFrame) -> DataFrame {
    let active = scoped
        .clone()
        .select([col(columns::CONTRIBUTOR), col("month")])
        .unique(None, UniqueKeepStrategy::Any)
        .cache();
    let cohorts = active
        .clone()
        .group_by([col(columns::CONTRIBUTOR)])
        .agg([col("month").min().alias("cohort")])
        .cache();
    let last_month = active.clone().select([col("month").max().alias("last")]);
    let sizes = cohorts
        .clone()
        .group_by([col("cohort")])
        .agg([len().cast(DataType::Int64).alias("cohort_size")])
        .cache();
    let retained = active
        .join(
            cohorts,
            [col(columns::CONTRIBUTOR)],
            [col(columns::CONTRIBUTOR)],
            JoinArgs::new(JoinType::Inner),
        )
        .with_column((col("month") - col("cohort")).alias("k"))
        .filter(col("k").lt_eq(lit(12)))
        .group_by([col("cohort"), col("k")])
        .agg([len().cast(DataType::Int64).alias("retained")]);
    let ks = DataFrame::new(
        13,
        vec![Column::new("k".into(), (0..=12).collect::<Vec<i32>>())],
    )
    .unwrap();
    sizes
        .clone()
        .select([col("cohort")])
        .cross_join(ks.lazy(), None)
        .cross_join(last_month, None)
        .filter((col("cohort") + col("k")).lt_eq(col("last")))
        .select([col("cohort"), col("k")])
        .join(
            sizes,
            [col("cohort")],
            [col("cohort")],
            JoinArgs::new(JoinType::Inner),
        )
        .join(
            retained,
            [col("cohort"), col("k")],
            [col("cohort"), col("k")],
            JoinArgs::new(JoinType::Left),
        )
        .with_column(col("retained").fill_null(lit(0i64)))
        .sort(["cohort", "k"], SortMultipleOptions::default())
        .collect()
        .unwrap()
}

#[allow(dead_code)]
fn cohort_plan(df: &DataFrame) -> LazyFrame {
    // Only to print the optimised plan of the crate's shape.
    let scoped = in_scope(df, &Params::default()).with_column(Month::expr(columns::AT));
    let active = scoped
        .clone()
        .select([col(columns::CONTRIBUTOR), col("month")])
        .unique(None, UniqueKeepStrategy::Any);
    let cohorts = active
        .clone()
        .group_by([col(columns::CONTRIBUTOR)])
        .agg([col("month").min().alias("cohort")]);
    active.join(
        cohorts,
        [col(columns::CONTRIBUTOR)],
        [col(columns::CONTRIBUTOR)],
        JoinArgs::new(JoinType::Inner),
    )
}
