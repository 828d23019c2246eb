//! Identity resolution measured on the 31 Lutece logs
//! (`../shared/data/lutece-gitlog`) against who is who as decided by hand
//! (`tests/data/lutece-people.toml`): no false merge, and at least 95 % of
//! the true duplicates merged without a person's help.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Deserialize;
use vigie_ingest::config::SourceConfig;
use vigie_ingest::identity::{Kind, Rules};
use vigie_ingest::run::ingest;
use vigie_ingest::store::Store;
use vigie_ingest::testdata::shared_data;

#[derive(Deserialize)]
struct Truth {
    person: Vec<Group>,
    unsure: Vec<Group>,
    bot: Vec<Group>,
}

#[derive(Deserialize)]
struct Group {
    emails: Vec<String>,
}

fn truth() -> Truth {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/lutece-people.toml");
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The rules the shipped configuration gives: the City's workstations are
/// under `paris.mdp`.
fn lutece_rules() -> Rules {
    Rules {
        internal_domains: vec!["paris.mdp".into()],
        ..Rules::default()
    }
}

#[test]
fn no_false_merge_and_most_duplicates_merged_on_the_lutece_logs() {
    let Some(data) = shared_data() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let sources = [SourceConfig::git_log(data.join("lutece-gitlog"))];
    let rules = lutece_rules();
    let report = ingest(&mut store, &sources, dir.path(), &rules, |_| {}).unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let (rows, resolution) = store.identity_rows(&rules).unwrap();
    let truth = truth();

    // Each author's address, and its contributor.
    let contributor_of: HashMap<i64, i64> = resolution.membership.iter().copied().collect();
    let mut address_owner: HashMap<String, BTreeSet<i64>> = HashMap::new();
    for row in rows.iter().filter(|r| r.activities > 0) {
        address_owner
            .entry(row.email.trim().to_lowercase())
            .or_default()
            .insert(contributor_of[&row.id]);
    }
    let absent: Vec<&String> = truth
        .person
        .iter()
        .chain(&truth.unsure)
        .chain(&truth.bot)
        .flat_map(|g| &g.emails)
        .filter(|e| !address_owner.contains_key(*e))
        .collect();
    assert!(
        absent.is_empty(),
        "not authors' addresses in the logs: {absent:?}"
    );

    // Who each address is: its person in the truth, or itself.
    let mut label: HashMap<&str, usize> = HashMap::new();
    for (p, group) in truth.person.iter().enumerate() {
        for email in &group.emails {
            label.insert(email, p);
        }
    }
    let label_of = |email: &str| -> String {
        label
            .get(email)
            .map_or_else(|| format!("address {email}"), |p| format!("person {p}"))
    };
    let unsure: Vec<HashSet<String>> = truth
        .unsure
        .iter()
        .map(|g| g.emails.iter().map(|e| label_of(e)).collect())
        .collect();

    // No contributor holds two people, but where the truth is unsure.
    let mut people_of: HashMap<i64, BTreeSet<String>> = HashMap::new();
    for (email, owners) in &address_owner {
        for owner in owners {
            people_of.entry(*owner).or_default().insert(label_of(email));
        }
    }
    let mut false_merges = Vec::new();
    for (contributor, people) in &people_of {
        let doubtful = unsure.iter().any(|u| people.iter().all(|p| u.contains(p)));
        if people.len() > 1 && !doubtful {
            false_merges.push((contributor, people));
        }
    }
    assert!(false_merges.is_empty(), "false merges: {false_merges:#?}");

    // Duplicates merged: per person, addresses beyond the first, less the
    // contributors beyond the first they are spread over.
    let (mut needed, mut missed) = (0, Vec::new());
    for group in &truth.person {
        let owners: BTreeSet<i64> = group
            .emails
            .iter()
            .flat_map(|e| address_owner[e].iter().copied())
            .collect();
        needed += group.emails.len() - 1;
        if owners.len() > 1 {
            missed.push((group.emails.clone(), owners.len() - 1));
        }
    }
    let missed_count: usize = missed.iter().map(|m| m.1).sum();
    let share = 100.0 * (needed - missed_count) as f64 / needed as f64;
    eprintln!(
        "identities: {} author addresses, {} true duplicates, {} merged automatically ({share:.1} %), \
         {} contributors with activity",
        address_owner.len(),
        needed,
        needed - missed_count,
        people_of.len()
    );
    eprintln!("left to a person: {missed:?}");
    assert!(
        share >= 95.0,
        "only {share:.1} % merged; missed: {missed:#?}"
    );

    // Known bots are bots; nobody else is.
    let kind_of: HashMap<i64, (Kind, bool)> = resolution
        .contributors
        .iter()
        .map(|c| (c.id, (c.kind, c.is_bot)))
        .collect();
    let bots: HashSet<&String> = truth.bot.iter().flat_map(|g| &g.emails).collect();
    for (email, owners) in &address_owner {
        for owner in owners {
            let is_bot = kind_of[owner].1;
            assert_eq!(is_bot, bots.contains(email), "{email}: bot = {is_bot}");
        }
    }
}
