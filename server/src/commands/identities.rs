//! `vigie identities`: likely duplicates to confirm, bots, and recording a
//! person's decisions in the identities file.

use std::process::ExitCode;

use anyhow::Context;
use vigie_ingest::identity::duplicates::{likely_duplicates, Likeness};
use vigie_ingest::identity::file::{Decision, Different, IdentitiesFile, Person, SharedAddress};
use vigie_ingest::Store;

use crate::config::Config;

/// What to do.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Record that these addresses are one person (merge).
    Same {
        /// Two or more e-mail addresses.
        #[arg(required = true, num_args = 2..)]
        emails: Vec<String>,
        /// The name to show for them.
        #[arg(long)]
        name: Option<String>,
    },
    /// Record that these addresses are different people (stop suggesting them).
    Different {
        /// Two or more e-mail addresses.
        #[arg(required = true, num_args = 2..)]
        emails: Vec<String>,
    },
    /// Record that several people use this address (it no longer merges
    /// the names seen with it).
    Shared {
        /// The address.
        email: String,
    },
}

/// Records `action`'s decision, or lists likely duplicates (the bots with
/// `bots`; as JSON with `json`).
pub fn run(
    config: &Config,
    action: Option<Action>,
    bots: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let path = &config.identities.file;
    if let Some(action) = action {
        let decision = match action {
            Action::Same { emails, name } => Decision::Same(Person {
                name,
                emails,
                ..Person::default()
            }),
            Action::Different { emails } => Decision::Different(Different { emails }),
            Action::Shared { email } => Decision::Shared(SharedAddress { email }),
        };
        // Opened first: a store held by a server refuses before the
        // decision is written (and then written twice on a second try).
        let mut store = open(config)?;
        IdentitiesFile::append(path, &decision)?;
        let summary = store.resolve_contributors(&config.rules()?)?;
        println!(
            "Recorded in {}. {} contributors now ({} bots).",
            path.display(),
            summary.contributors,
            summary.bots
        );
        return Ok(ExitCode::SUCCESS);
    }

    let rules = config.rules()?;
    let store = open(config)?;
    let (rows, resolution) = store.identity_rows(&rules)?;
    if bots {
        let mut activities: std::collections::HashMap<i64, u64> = Default::default();
        let row_activities: std::collections::HashMap<i64, u64> =
            rows.iter().map(|r| (r.id, r.activities)).collect();
        for (identity, owner) in &resolution.membership {
            *activities.entry(*owner).or_default() += row_activities[identity];
        }
        let mut list: Vec<(&str, &str, &str, u64)> = resolution
            .contributors
            .iter()
            .filter(|c| c.is_bot)
            .map(|c| {
                (
                    c.display_name.as_str(),
                    c.primary_email.as_str(),
                    c.bot_reason.as_deref().unwrap_or_default(),
                    activities[&c.id],
                )
            })
            .collect();
        list.sort_by_key(|b| std::cmp::Reverse(b.3));
        let suggested = store.bot_suggestions(&rules.file)?;
        if json {
            let items: Vec<_> = list
                .iter()
                .map(|(n, e, why, a)| {
                    serde_json::json!({"name": n, "email": e, "reason": why, "activities": a})
                })
                .collect();
            let maybe: Vec<_> = suggested
                .iter()
                .map(|s| serde_json::json!({"name": s.name, "emails": s.emails, "evidence": s.evidence}))
                .collect();
            let both = serde_json::json!({"bots": items, "behave_like_bots": maybe});
            println!("{}", serde_json::to_string_pretty(&both)?);
        } else {
            println!("{} bots (left out of metrics unless asked):", list.len());
            for (name, email, why, activities) in list {
                println!(
                    "  {activities:>7}  {} <{}>: {}",
                    printable(name),
                    printable(email),
                    printable(why)
                );
            }
            if !suggested.is_empty() {
                println!(
                    "\n{} accounts behave like bots (counted as people until someone decides; \
                     `bot = true` in a [[person]] of {}, or the /admin page):",
                    suggested.len(),
                    path.display()
                );
                for s in &suggested {
                    println!("  {}: {}", printable(&s.name), printable(&s.evidence));
                }
            }
        }
        return Ok(ExitCode::SUCCESS);
    }

    let suggestions = likely_duplicates(&rows, &resolution, &rules.file);
    if json {
        let items: Vec<_> = suggestions
            .iter()
            .map(|s| {
                let (kind, key) = match &s.likeness {
                    Likeness::Rule(rule) => (rule.id(), ""),
                    Likeness::SameName(n) => ("same_name", n.as_str()),
                    Likeness::SameEmail(e) => ("same_email", e.as_str()),
                };
                serde_json::json!({
                    "likeness": kind,
                    "key": key,
                    "evidence": s.evidence,
                    "identities": s.identities.iter().map(|(c, n, e, a)| serde_json::json!({
                        "contributor": c, "name": n, "email": e, "activities": a,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&items)?);
        return Ok(ExitCode::SUCCESS);
    }
    if suggestions.is_empty() {
        println!("No likely duplicates.");
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} likely duplicates. Record a decision with `vigie identities same EMAIL EMAIL...`, \
         `vigie identities different EMAIL EMAIL...` or, for an address several people use, \
         `vigie identities shared EMAIL` (written to {}; administrators can also decide on \
         the dashboard's /admin page).\n",
        suggestions.len(),
        path.display()
    );
    for s in &suggestions {
        match &s.likeness {
            Likeness::Rule(rule) => println!("Maybe one person ({}):", rule.id()),
            Likeness::SameName(_) => println!("Same name, different people so far:"),
            Likeness::SameEmail(e) => println!("One address, several names ({}):", printable(e)),
        }
        println!("  {}", printable(&s.evidence));
        for (contributor, name, email, activities) in &s.identities {
            println!(
                "  #{contributor:<6} {activities:>6} activities  {} <{}>",
                printable(name),
                printable(email)
            );
        }
        println!();
    }
    Ok(ExitCode::SUCCESS)
}

fn open(config: &Config) -> anyhow::Result<Store> {
    Store::open(&config.store.database)
        .with_context(|| format!("cannot open {}", config.store.database.display()))
}

/// Names and addresses come from the internet: control characters (terminal
/// escapes) are shown escaped, never sent to the terminal.
pub fn printable(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_are_neutralised() {
        assert_eq!(printable("Ann\u{1b}[31m"), "Ann\\u{1b}[31m");
        assert_eq!(printable("Rémi"), "Rémi");
    }
}
