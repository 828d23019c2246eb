//! publiccode.yml for a repository (docs/governance.md): its own file
//! checked against the standard, or a draft from what Vigie knows, which a
//! signed-in community manager downloads with the maintainers as contacts;
//! and every repository's in one archive.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use vigie_ingest::estate::publiccode::{validate, Contact, Severity};
use vigie_ingest::estate::roles::Role;
use vigie_ingest::store::{ModuleRecord, RefRecord, TipFileRecord};
use vigie_metrics::activity::{self, Scoped};
use vigie_metrics::estate::community::community;
use vigie_metrics::estate::orphan_risk::keepers;
use vigie_metrics::governance::code_gouv::commits;
use vigie_metrics::governance::publiccode_draft::{draft, DraftFacts};
use vigie_metrics::{MetricsError, Params};

use crate::data::{Cell, Column, PubliccodeProblem, PubliccodeView, Table};
use crate::i18n::{Arg, Lang};

use super::{scope, Dashboard, DashboardError, Snapshot};
use crate::filter::Filter;

/// At most this many problems are listed on the page.
const SHOWN: usize = 20;

/// The repository's publiccode.yml, checked; or that a draft is offered;
/// `None` when its contents were not read.
pub(super) fn view(
    dashboard: &Dashboard,
    name: &str,
    lang: Lang,
) -> Result<Option<PubliccodeView>, DashboardError> {
    let store = dashboard.store();
    if !store.tips()?.iter().any(|t| t.repository == name) {
        return Ok(None);
    }
    let own = store
        .tip_texts(Role::Publiccode)?
        .into_iter()
        .find(|(repository, _, _)| repository == name);
    let Some((_, path, text)) = own else {
        return Ok(Some(PubliccodeView {
            summary: lang.t("publiccode-none"),
            path: None,
            problems: Vec::new(),
        }));
    };
    let report = validate(&text);
    let errors = report.errors().count() as i64;
    let version = report
        .version
        .map(|v| v.as_str().to_owned())
        .unwrap_or_default();
    let summary = lang.t_args(
        if errors == 0 {
            "publiccode-valid"
        } else {
            "publiccode-invalid"
        },
        &[
            ("version", Arg::Text(version)),
            ("errors", Arg::Count(errors)),
            ("warnings", Arg::Count(report.warnings().count() as i64)),
        ],
    );
    let problems = report
        .problems
        .iter()
        .take(SHOWN)
        .map(|p| PubliccodeProblem {
            error: p.severity == Severity::Error,
            line: p.line,
            key: p.key.clone(),
            message: p.message.clone(),
            fix: p.fix.clone(),
        })
        .collect();
    Ok(Some(PubliccodeView {
        summary,
        path: Some(path),
        problems,
    }))
}

impl Dashboard {
    /// A publiccode.yml draft for `name` (`None`: no such repository, or
    /// its contents were not read); with its regular maintainers as
    /// contacts when `with_contacts` (a signed-in reader who sees people).
    pub async fn publiccode_draft(
        self: Arc<Self>,
        name: String,
        with_contacts: bool,
    ) -> Result<Option<String>, DashboardError> {
        self.blocking(move |dashboard| {
            let snapshot = dashboard.snapshot()?;
            draft_of(dashboard, &snapshot, &name, with_contacts)
        })
        .await
    }
}

/// What drafts are made of, read from the store once for any number of
/// repositories.
struct Sources {
    read: HashSet<String>,
    files: Vec<TipFileRecord>,
    refs: Vec<RefRecord>,
    modules: Vec<ModuleRecord>,
    /// Each repository's READMEs, `README.md` before `README.fr.md`.
    readmes: HashMap<String, Vec<String>>,
}

impl Sources {
    fn read(dashboard: &Dashboard) -> Result<Sources, DashboardError> {
        let store = dashboard.store();
        let mut texts = store.tip_texts(Role::Readme)?;
        texts.sort_by_key(|(repository, path, _)| (repository.clone(), path.len(), path.clone()));
        let mut readmes: HashMap<String, Vec<String>> = HashMap::new();
        for (repository, _, text) in texts {
            readmes.entry(repository).or_default().push(text);
        }
        Ok(Sources {
            read: store.tips()?.into_iter().map(|t| t.repository).collect(),
            files: store.tip_files()?,
            refs: store.refs()?,
            modules: store.maven_modules()?,
            readmes,
        })
    }
}

/// The drafts of the repositories of `params`' scope named in `names`
/// whose contents were read, as `(name, YAML)`.
fn drafts(
    snapshot: &Snapshot,
    sources: &Sources,
    params: &Params,
    names: &[&str],
    with_contacts: bool,
) -> Result<Vec<(String, String)>, DashboardError> {
    let scoped = Scoped::new(snapshot.activities.as_ref(), params);
    let t = activity::reference(&scoped, params)
        .map_err(MetricsError::from)?
        .unwrap_or_default();
    let last = commits(&scoped, params).map_err(MetricsError::from)?;
    let kept = if with_contacts {
        keepers(&scoped, params).map_err(MetricsError::from)?
    } else {
        Default::default()
    };
    let mut out = Vec::new();
    for info in snapshot.repositories.iter() {
        if !names.contains(&info.name.as_str()) || !sources.read.contains(&info.name) {
            continue;
        }
        let name = info.name.as_str();
        let licence = community(name, &sources.files, &sources.modules).licence;
        let contacts = kept
            .get(&info.id)
            .map(|k| k.maintainers.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|(who, _)| snapshot.people.get(who))
            .map(|person| Contact {
                name: person.name.clone(),
                email: person.email.clone(),
                ..Contact::default()
            })
            .collect();
        let facts = DraftFacts {
            repository: name,
            url: info.url.as_deref(),
            homepage: info.homepage.as_deref(),
            archived: info.archived.unwrap_or(false),
            readmes: sources
                .readmes
                .get(name)
                .map(|texts| texts.iter().map(String::as_str).collect())
                .unwrap_or_default(),
            files: &sources.files,
            refs: &sources.refs,
            modules: &sources.modules,
            licence: &licence,
            last_commit: last.get(&info.id).and_then(|c| c.last),
            contacts,
        };
        out.push((name.to_owned(), draft(&facts, t).to_yaml()));
    }
    Ok(out)
}

/// One repository's draft, judged on its own activity.
fn draft_of(
    dashboard: &Dashboard,
    snapshot: &Snapshot,
    name: &str,
    with_contacts: bool,
) -> Result<Option<String>, DashboardError> {
    let only = Filter {
        repositories: vec![name.to_owned()],
        ..Filter::default()
    };
    let (params, _) = scope::apply_filter(dashboard, snapshot, only, Lang::default())?;
    let sources = Sources::read(dashboard)?;
    let found = drafts(snapshot, &sources, &params, &[name], with_contacts)?;
    Ok(found.into_iter().next().map(|(_, yaml)| yaml))
}

/// The archive's index: one row per repository.
const INDEX_COLUMNS: [&str; 5] = ["repository", "file", "version", "errors", "warnings"];

impl Dashboard {
    /// Every publiccode.yml of the repositories in the scope of `filter`
    /// whose contents were read, in one zip archive: `owner/repo/publiccode.yml`
    /// (its own file, else a draft, with contacts when `with_contacts`) and
    /// `index.csv` saying which is which and what the checks found.
    pub async fn publiccode_archive(
        self: Arc<Self>,
        filter: Filter,
        with_contacts: bool,
    ) -> Result<Vec<u8>, DashboardError> {
        self.blocking(move |dashboard| {
            let snapshot = dashboard.snapshot()?;
            let (params, _) = scope::apply_filter(dashboard, &snapshot, filter, Lang::default())?;
            let sources = Sources::read(dashboard)?;
            let own: HashMap<String, String> = dashboard
                .store()
                .tip_texts(Role::Publiccode)?
                .into_iter()
                .map(|(repository, _, text)| (repository, text))
                .collect();
            let in_scope = scope::repository_names(&snapshot, &params);
            let without: Vec<&str> = in_scope
                .iter()
                .copied()
                .filter(|name| !own.contains_key(*name))
                .collect();
            let drafted = drafts(&snapshot, &sources, &params, &without, with_contacts)?;
            let mut files: Vec<(String, &str, String)> = own
                .into_iter()
                .filter(|(name, _)| in_scope.contains(&name.as_str()))
                .map(|(name, text)| (name, "own", text))
                .chain(
                    drafted
                        .into_iter()
                        .map(|(name, text)| (name, "draft", text)),
                )
                .collect();
            files.sort_by(|a, b| a.0.cmp(&b.0));
            zipped(&files).map_err(|e| DashboardError::Archive(e.to_string()))
        })
        .await
    }
}

/// The files and their index as a zip archive.
fn zipped(files: &[(String, &str, String)]) -> Result<Vec<u8>, zip::result::ZipError> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut index = Table {
        id: "index".into(),
        caption: String::new(),
        columns: INDEX_COLUMNS
            .iter()
            .map(|c| Column {
                label: (*c).to_owned(),
                numeric: false,
            })
            .collect(),
        rows: Vec::new(),
    };
    for (name, kind, text) in files {
        zip.start_file(format!("{name}/publiccode.yml"), options)?;
        zip.write_all(text.as_bytes())?;
        let report = validate(text);
        index.rows.push(vec![
            Cell::text(name.clone()),
            Cell::text(*kind),
            Cell::text(
                report
                    .version
                    .map(|v| v.as_str().to_owned())
                    .unwrap_or_default(),
            ),
            Cell::text(report.errors().count().to_string()),
            Cell::text(report.warnings().count().to_string()),
        ]);
    }
    zip.start_file("index.csv", options)?;
    zip.write_all(super::csv::to_csv(&index).as_bytes())?;
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::process::Command;

    use vigie_ingest::identity::Rules;
    use vigie_ingest::{ingest, SourceConfig, Store};
    use vigie_metrics::Thresholds;

    use super::*;
    use crate::backend::Affiliations;

    /// The standard's minimal example, with a development status it does
    /// not know on line 8.
    const FILE: &str = "publiccodeYmlVersion: \"0.4\"\n\nname: Medusa\n\
        url: \"https://example.com/italia/medusa.git\"\nplatforms:\n  - web\n\n\
        developmentStatus: finished\n\nsoftwareType: \"standalone/desktop\"\ncategories:\n  - it-development\n\n\
        description:\n  en:\n    shortDescription: A rather short description\n    \
        longDescription: >\n      Very long description of this software, also split on \
        multiple rows. You should note what the software is and why one should need it. \
        We can potentially have many pages of text here.\n    features:\n      - Just one \
        feature\n\nlegal:\n  license: AGPL-3.0-or-later\n\nmaintenance:\n  type: \
        \"community\"\n  contacts:\n    - name: Francesco Rossi\n\nlocalisation:\n  \
        localisationReady: true\n  availableLanguages:\n    - en\n";

    fn git(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .current_dir(dir)
            .args(args)
            .env("GIT_AUTHOR_NAME", "Ann")
            .env("GIT_AUTHOR_EMAIL", "ann@example.org")
            .env("GIT_COMMITTER_NAME", "Ann")
            .env("GIT_COMMITTER_EMAIL", "ann@example.org")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }

    #[test]
    fn the_archive_holds_each_file_under_its_repository_and_an_index() {
        use std::io::Read;
        let files = [
            ("o/medusa".to_owned(), "own", FILE.to_owned()),
            (
                "o/=cmd".to_owned(),
                "draft",
                "publiccodeYmlVersion: \"0.4\"\n".to_owned(),
            ),
        ];
        let bytes = zipped(&files).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
        assert_eq!(
            names,
            [
                "o/medusa/publiccode.yml",
                "o/=cmd/publiccode.yml",
                "index.csv"
            ]
        );
        let mut text = String::new();
        archive
            .by_name("o/medusa/publiccode.yml")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, FILE);
        let mut index = String::new();
        archive
            .by_name("index.csv")
            .unwrap()
            .read_to_string(&mut index)
            .unwrap();
        let lines: Vec<&str> = index.lines().collect();
        assert_eq!(lines[0], "repository,file,version,errors,warnings");
        assert_eq!(lines[1], "o/medusa,own,0.4,1,0");
        assert!(lines[2].starts_with("o/=cmd,draft,0.4,"), "{}", lines[2]);
    }

    #[test]
    fn a_repository_s_own_file_is_checked_with_each_problem_s_line_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("medusa");
        std::fs::create_dir(&repo).unwrap();
        git(&repo, &["init", "-q", "-b", "main"]);
        std::fs::write(repo.join("publiccode.yml"), FILE).unwrap();
        git(&repo, &["add", "publiccode.yml"]);
        git(&repo, &["commit", "-q", "-m", "publiccode.yml"]);
        let path = dir.path().join("v.duckdb");
        let mut store = Store::open(&path).unwrap();
        let sources = [SourceConfig::Git {
            urls: vec![],
            paths: vec![repo.clone()],
            stats: false,
            refs: vec![],
            exclude: vec![],
        }];
        let report = ingest(&mut store, &sources, dir.path(), &Rules::default(), |_| {}).unwrap();
        assert!(report.failures.is_empty(), "{:?}", report.failures);
        drop(store);
        let dashboard =
            Dashboard::open(&path, Affiliations::new(&[]), Thresholds::default(), vec![]).unwrap();
        let name = dashboard.snapshot().unwrap().repositories[0].name.clone();
        let shown = view(&dashboard, &name, Lang::En)
            .unwrap()
            .expect("contents read");
        assert_eq!(
            shown.summary,
            "Its publiccode.yml (version 0.4) breaks one of the standard's rules; catalogues may \
             refuse it."
        );
        assert_eq!(shown.path.as_deref(), Some("publiccode.yml"));
        let status = shown
            .problems
            .iter()
            .find(|p| p.key == "developmentStatus")
            .expect("the development status is a problem");
        assert!(status.error && status.line == 8, "{status:?}");
        assert!(status.message.contains("finished"), "{}", status.message);
        // A file of its own: no draft is offered.
        assert!(shown.problems.iter().filter(|p| p.error).count() == 1);
    }
}
