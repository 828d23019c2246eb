//! code.gouv.fr's ten criteria on the 31 Lutece repositories (their logs
//! with their tips and tags recorded, `../shared/data`), checked against
//! what git itself says of them (`repos-summary.csv`, `lutece-refs.csv.gz`)
//! and against their file lists read with git; and their publiccode.yml
//! drafts, each passing the publiccode.yml checks.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;

use chrono::{NaiveDate, NaiveDateTime};
use vigie_ingest::estate::publiccode::{validate, Contact};
use vigie_ingest::estate::roles::Role;
use vigie_ingest::identity::Rules;
use vigie_ingest::testdata::shared_data;
use vigie_ingest::{ingest, SourceConfig, Store};
use vigie_metrics::activity;
use vigie_metrics::estate::community::community;
use vigie_metrics::governance::code_gouv::{
    commits, scorecard, Criterion, Evidence, Facts, Scorecard,
};
use vigie_metrics::governance::publiccode_draft::{draft, DraftFacts};
use vigie_metrics::Params;

type Cards = BTreeMap<String, Scorecard>;

/// The 31 Lutece logs with their tips and tags, in a store of their own
/// (kept while the folder lives).
fn lutece_store() -> Option<(tempfile::TempDir, Store)> {
    let data = shared_data()?;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let sources = [SourceConfig::GitLog {
        path: data.join("lutece-gitlog"),
        heads: Some(data.join("lutece-heads")),
        refs: Some(data.join("lutece-refs.csv.gz")),
    }];
    let clones = dir.path().join("clones");
    ingest(&mut store, &sources, &clones, &Rules::default(), |_| {}).unwrap();
    Some((dir, store))
}

/// Every repository's scorecard at T (the latest activity), with the
/// City's domain as its one organisation; and the commits the logs hold,
/// as `repository sha`.
fn lutece_scorecards() -> Option<(Cards, HashSet<String>)> {
    let (_dir, store) = lutece_store()?;
    let organisation_of = |email: &str, _: NaiveDate| {
        let domain = email.split('@').nth(1)?.to_lowercase();
        (domain == "paris.fr").then(|| "Ville de Paris".to_owned())
    };
    let frame = activity::load(store.connection(), &organisation_of).unwrap();
    let params = Params::default();
    let t = activity::reference(&frame, &params).unwrap().unwrap();
    let by_id = commits(&frame, &params).unwrap();
    let (files, refs) = (store.tip_files().unwrap(), store.refs().unwrap());
    let repositories = vigie_ingest::store::repositories::all(store.connection()).unwrap();
    let logged: HashSet<String> = store
        .connection()
        .prepare(
            "SELECT r.name || ' ' || a.reference FROM activities a
             JOIN repositories r ON r.id = a.repository_id WHERE a.kind = 'commit'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let cards = repositories
        .iter()
        .map(|r| {
            let facts = Facts {
                repository: &r.name,
                homepage: r.homepage.as_deref(),
                files: &files,
                refs: &refs,
                commits: by_id.get(&r.id).copied().unwrap_or_default(),
                publiccode: None,
            };
            (r.name.clone(), scorecard(&facts, t))
        })
        .collect();
    Some((cards, logged))
}

/// Every repository's publiccode.yml draft at T, as YAML.
fn lutece_drafts() -> Option<BTreeMap<String, String>> {
    let (_dir, store) = lutece_store()?;
    let frame = activity::load(store.connection(), &|_, _| None).unwrap();
    let params = Params::default();
    let t = activity::reference(&frame, &params).unwrap().unwrap();
    let by_id = commits(&frame, &params).unwrap();
    let (files, refs, modules) = (
        store.tip_files().unwrap(),
        store.refs().unwrap(),
        store.maven_modules().unwrap(),
    );
    let mut readmes: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (repository, path, text) in store.tip_texts(Role::Readme).unwrap() {
        readmes.entry(repository).or_default().push((path, text));
    }
    for texts in readmes.values_mut() {
        texts.sort_by_key(|(path, _)| (path.len(), path.clone()));
    }
    let repositories = vigie_ingest::store::repositories::all(store.connection()).unwrap();
    Some(
        repositories
            .iter()
            .map(|r| {
                let licence = community(&r.name, &files, &modules).licence;
                let facts = DraftFacts {
                    repository: &r.name,
                    url: None,
                    homepage: r.homepage.as_deref(),
                    archived: r.archived.unwrap_or(false),
                    readmes: readmes
                        .get(&r.name)
                        .map(|texts| texts.iter().map(|(_, t)| t.as_str()).collect())
                        .unwrap_or_default(),
                    files: &files,
                    refs: &refs,
                    modules: &modules,
                    licence: &licence,
                    last_commit: by_id.get(&r.id).and_then(|c| c.last),
                    // Names from the internet: quotes, a colon, a hash, a newline.
                    contacts: vec![Contact {
                        name: "Zoé \"Ops\": #1\nteam".into(),
                        email: Some("ops@paris.fr".into()),
                        ..Contact::default()
                    }],
                };
                (r.name.clone(), draft(&facts, t).to_yaml())
            })
            .collect(),
    )
}

#[test]
fn every_lutece_draft_passes_the_publiccode_checks() {
    let Some(drafts) = lutece_drafts() else {
        return;
    };
    assert_eq!(drafts.len(), 31);
    for (name, yaml) in &drafts {
        let report = validate(yaml);
        assert!(
            report.errors().next().is_none(),
            "{name}:\n{yaml}\n{report:?}"
        );
    }
    // lutece-core: BSD-3-Clause (its LICENSE read by hand), a web
    // application.
    let core = &drafts["lutece-platform/lutece-core"];
    assert!(core.contains("license: \"BSD-3-Clause\""), "{core}");
    assert!(core.contains("softwareType: \"standalone/web\""), "{core}");
    assert!(core.contains("name: \"lutece-core\""), "{core}");
    // cms-plugin-blog: an add-on, released as 3.0.4 on 11 December 2025
    // (its newest tag), described by its README.md in English and its
    // README.fr.md in French.
    let blog = &drafts["lutece-platform/lutece-cms-plugin-blog"];
    assert!(blog.contains("softwareType: \"addon\""), "{blog}");
    assert!(
        blog.contains("softwareVersion: \"3.0.4\"\nreleaseDate: \"2025-12-11\""),
        "{blog}"
    );
    assert!(
        blog.contains("This plugin provides a simple content management feature to a Lutece site"),
        "{blog}"
    );
    assert!(
        blog.contains("Ce plugin propose une gestion de contenu simple pour un site Lutece"),
        "{blog}"
    );
    assert!(
        !blog.contains("generated by"),
        "generators' notes are not prose: {blog}"
    );
    assert!(
        blog.contains("name: \"Zoé \\\"Ops\\\": #1 team\""),
        "{blog}"
    );
}

fn evidence(card: &Scorecard, c: Criterion) -> &Evidence {
    &card.criteria[c as usize].evidence
}

/// A gzipped CSV of the shared data, whole.
fn gunzipped(name: &str) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(shared_data().unwrap().join(name)).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// `lutece-commits.csv.gz`: each repository's newest author date among the
/// commits the logs hold (`logged`), by people (not GitHub's `[bot]`
/// accounts), as git gives it, in UTC.
fn last_author_dates(logged: &HashSet<String>) -> HashMap<String, NaiveDateTime> {
    let text = gunzipped("lutece-commits.csv.gz");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut newest: HashMap<String, NaiveDateTime> = HashMap::new();
    for record in reader.records() {
        let r = record.unwrap();
        // Bots are left out, as every metric does (dependabot[bot]'s
        // bumps are the newest commits of some repositories).
        if !logged.contains(&format!("{} {}", &r[0], &r[1])) || r[2].ends_with("[bot]") {
            continue;
        }
        let at = chrono::DateTime::parse_from_rfc3339(&r[4])
            .unwrap()
            .naive_utc();
        let entry = newest.entry(r[0].to_owned()).or_insert(at);
        *entry = (*entry).max(at);
    }
    newest
}

/// The newest tag's date of each repository in the refs listing (the
/// tagger's date, else the commit's), as recorded.
fn newest_tag_dates() -> HashMap<String, NaiveDateTime> {
    let text = gunzipped("lutece-refs.csv.gz");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut newest: HashMap<String, NaiveDateTime> = HashMap::new();
    for record in reader.records() {
        let r = record.unwrap();
        if !r[1].starts_with("refs/tags/") {
            continue;
        }
        let date = if r[7].is_empty() { &r[8] } else { &r[7] };
        let at = chrono::DateTime::parse_from_rfc3339(date)
            .unwrap()
            .naive_utc();
        let entry = newest.entry(r[0].to_owned()).or_insert(at);
        *entry = (*entry).max(at);
    }
    newest
}

#[test]
fn commits_and_releases_are_judged_on_the_dates_git_gives() {
    let Some((cards, logged)) = lutece_scorecards() else {
        return;
    };
    assert_eq!(cards.len(), 31);
    let last_dates = last_author_dates(&logged);
    let tag_dates = newest_tag_dates();
    for (name, card) in &cards {
        let Evidence::Commit(Some(last)) = evidence(card, Criterion::RecentCommit) else {
            panic!("{name}: no commit");
        };
        assert_eq!(last, &last_dates[name.as_str()], "{name}");
        match (
            evidence(card, Criterion::RecentRelease),
            tag_dates.get(name),
        ) {
            (Evidence::Tag(Some((_, at))), Some(recorded)) => assert_eq!(at, recorded, "{name}"),
            (Evidence::Tag(None), None) => {}
            (found, recorded) => panic!("{name}: {found:?} vs {recorded:?}"),
        }
    }
}

#[test]
fn of_the_community_files_only_lutece_core_has_one_a_code_of_conduct() {
    let Some((cards, _)) = lutece_scorecards() else {
        return;
    };
    // Read by hand in the tips (git ls-tree -r of each bundle): no
    // CONTRIBUTING, CHANGELOG, ROADMAP, GOVERNANCE or logo at the places
    // catalogues look; lutece-core's CODE_OF_CONDUCT.md at its root; its
    // images (webapp/images/github-logo.png...) are not the project's logo.
    let files = [
        Criterion::Logo,
        Criterion::Roadmap,
        Criterion::Contributing,
        Criterion::Changelog,
        Criterion::CodeOfConduct,
        Criterion::Governance,
    ];
    for (name, card) in &cards {
        for criterion in files {
            let expected = (name == "lutece-platform/lutece-core"
                && criterion == Criterion::CodeOfConduct)
                .then(|| "CODE_OF_CONDUCT.md".to_owned());
            assert_eq!(
                evidence(card, criterion),
                &Evidence::File(expected),
                "{name} {criterion:?}"
            );
        }
        // git-log files carry no forge data: no home page is known.
        assert_eq!(
            evidence(card, Criterion::LandingPage),
            &Evidence::HomePage(None)
        );
    }
    let core = &cards["lutece-platform/lutece-core"];
    let Evidence::Authors {
        authors,
        organisations,
    } = evidence(core, Criterion::SeveralAuthors)
    else {
        panic!("authors");
    };
    assert!(
        *authors > 1 && *organisations == 1,
        "{authors} {organisations}"
    );
    assert!(!core.criteria[Criterion::SeveralAuthors as usize].met);
}
