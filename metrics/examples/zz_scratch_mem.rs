//! Scratch: memory of building the activity frame (to be deleted).
use vigie_metrics::activity::{self, columns};
use vigie_metrics::polars::prelude::*;
use vigie_metrics::synthetic::{generate, Spec};

fn rss(field: &str) -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap();
    s.lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .unwrap()
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse::<u64>()
        .unwrap()
        / 1024
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map_or(1_000_000, |s| s.parse().unwrap());
    let how = std::env::args().nth(2).unwrap_or_default();
    let s = generate(&Spec::new(n));
    println!("generated: rss {} MiB hwm {}", rss("VmRSS"), rss("VmHWM"));
    let t = std::time::Instant::now();
    let df = if how == "str" {
        let height = s.len();
        let at = Series::new(columns::AT.into(), s.at_us.clone())
            .cast(&DataType::Datetime(TimeUnit::Microseconds, None))
            .unwrap();
        let orgs: Vec<Option<&str>> = s
            .organisation
            .iter()
            .map(|o| o.map(|i| s.organisations[i as usize].as_str()))
            .collect();
        DataFrame::new(
            height,
            vec![
                Column::new(columns::REPOSITORY.into(), s.repository.clone()),
                Column::new(columns::CONTRIBUTOR.into(), s.contributor.clone()),
                Column::new(columns::KIND.into(), s.kind.as_slice()),
                at.into(),
                Column::new(columns::IS_BOT.into(), s.is_bot.clone()),
                Column::new(columns::ORGANISATION.into(), orgs),
            ],
        )
        .unwrap()
    } else {
        let df = activity::frame(
            s.repository.clone(),
            s.contributor.clone(),
            s.kind.iter().map(|k| (*k).to_owned()).collect(),
            s.at_us.clone(),
            s.is_bot.clone(),
        )
        .unwrap();
        let orgs = s
            .organisation
            .iter()
            .map(|o| o.map(|i| s.organisations[i as usize].clone()))
            .collect();
        activity::with_organisations(df, orgs).unwrap()
    };
    println!(
        "frame ({how}) built in {:.1?}: rss {} MiB hwm {}",
        t.elapsed(),
        rss("VmRSS"),
        rss("VmHWM")
    );
    drop(s);
    println!(
        "generator dropped: rss {} MiB; frame estimated {} MiB",
        rss("VmRSS"),
        df.estimated_size() / 1048576
    );
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let t = std::time::Instant::now();
    let c =
        vigie_metrics::cohort_retention::cohort_retention(&df, &Default::default(), 12).unwrap();
    println!(
        "cohort retention {:.1?}: {} rows, peak {} MiB, rss after {}",
        t.elapsed(),
        c.height(),
        rss("VmHWM"),
        rss("VmRSS")
    );
}
