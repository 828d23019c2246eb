//! `vigie affiliations`: how much of the contribution is affiliated, and the
//! domains that still need a rule.

use std::process::ExitCode;

use anyhow::Context;
use vigie_ingest::affiliation::{report, Affiliations};
use vigie_ingest::Store;

use super::identities::printable;
use crate::config::Config;

/// Prints the affiliated share of the contributions and the `top` e-mail
/// domains without a rule (as JSON with `json`).
pub fn run(config: &Config, top: usize, json: bool) -> anyhow::Result<ExitCode> {
    let store = Store::open(&config.store.database)
        .with_context(|| format!("cannot open {}", config.store.database.display()))?;
    let report = report(
        &store.contributions_by_address()?,
        &Affiliations::new(&config.affiliations),
    );
    let share = |n: u64| {
        if report.total == 0 {
            0.0
        } else {
            100.0 * n as f64 / report.total as f64
        }
    };
    if json {
        let value = serde_json::json!({
            "contributions": report.total,
            "unaffiliated": report.unaffiliated,
            "without_organisation_share": share(report.without_organisation()) / 100.0,
            "organisations": report.organisations.iter().map(|(o, n)| serde_json::json!({"organisation": o, "contributions": n})).collect::<Vec<_>>(),
            "unknown_domains": report.unknown_domains.iter().take(top).map(|(d, n)| serde_json::json!({"domain": d, "contributions": n})).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} contributions (bots left out): {:.1}% without an organisation \
         ({:.1}% from personal or no-reply addresses, {:.1}% from domains without a rule).",
        report.total,
        share(report.without_organisation()),
        share(report.unaffiliated),
        share(report.without_organisation() - report.unaffiliated),
    );
    if !report.organisations.is_empty() {
        println!("\nOrganisations:");
        for (org, n) in &report.organisations {
            println!("  {n:>8}  {:>5.1}%  {}", share(*n), printable(org));
        }
    }
    if !report.unknown_domains.is_empty() {
        println!("\nTop domains without a rule (add [[affiliations]] entries to vigie.toml):");
        for (domain, n) in report.unknown_domains.iter().take(top) {
            println!("  {n:>8}  {:>5.1}%  {}", share(*n), printable(domain));
        }
    }
    Ok(ExitCode::SUCCESS)
}
