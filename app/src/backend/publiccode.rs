//! publiccode.yml for a repository (docs/governance.md): its own file
//! checked against the standard, or a draft from what Vigie knows, which a
//! signed-in community manager downloads with the maintainers as contacts.

use std::sync::Arc;

use vigie_ingest::estate::publiccode::{validate, Contact, Severity};
use vigie_ingest::estate::roles::Role;
use vigie_metrics::activity::{self, Scoped};
use vigie_metrics::estate::community::community;
use vigie_metrics::estate::orphan_risk::keepers;
use vigie_metrics::governance::code_gouv::commits;
use vigie_metrics::governance::publiccode_draft::{draft, DraftFacts};
use vigie_metrics::{MetricsError, Params};

use crate::data::{PubliccodeProblem, PubliccodeView};
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

fn draft_of(
    dashboard: &Dashboard,
    snapshot: &Snapshot,
    name: &str,
    with_contacts: bool,
) -> Result<Option<String>, DashboardError> {
    let Some(info) = snapshot.repositories.iter().find(|r| r.name == name) else {
        return Ok(None);
    };
    let store = dashboard.store();
    if !store.tips()?.iter().any(|t| t.repository == name) {
        return Ok(None);
    }
    let only = Filter {
        repositories: vec![name.to_owned()],
        ..Filter::default()
    };
    let (params, _) = scope::apply_filter(dashboard, snapshot, only, Lang::default())?;
    let scoped = Scoped::new(snapshot.activities.as_ref(), &params);
    let t = activity::reference(&scoped, &params)
        .map_err(MetricsError::from)?
        .unwrap_or_default();
    let last_commit = commits(&scoped, &params)
        .map_err(MetricsError::from)?
        .get(&info.id)
        .and_then(|c| c.last);
    let contacts = if with_contacts {
        contacts(snapshot, &scoped, &params, info.id)?
    } else {
        Vec::new()
    };
    let (files, refs, modules) = (store.tip_files()?, store.refs()?, store.maven_modules()?);
    let mut readmes: Vec<(String, String)> = store
        .tip_texts(Role::Readme)?
        .into_iter()
        .filter(|(repository, _, _)| repository == name)
        .map(|(_, path, text)| (path, text))
        .collect();
    // `README.md` before `README.fr.md`.
    readmes.sort_by_key(|(path, _)| (path.len(), path.clone()));
    let licence = community(name, &files, &modules).licence;
    let facts = DraftFacts {
        repository: name,
        url: info.url.as_deref(),
        homepage: info.homepage.as_deref(),
        archived: info.archived.unwrap_or(false),
        readmes: readmes.iter().map(|(_, text)| text.as_str()).collect(),
        files: &files,
        refs: &refs,
        modules: &modules,
        licence: &licence,
        last_commit,
        contacts,
    };
    Ok(Some(draft(&facts, t).to_yaml()))
}

/// The repository's regular maintainers (docs/estate.md, orphan risk), as
/// contacts: name and primary address.
fn contacts(
    snapshot: &Snapshot,
    scoped: &Scoped<'_>,
    params: &Params,
    id: i32,
) -> Result<Vec<Contact>, DashboardError> {
    let kept = keepers(scoped, params).map_err(MetricsError::from)?;
    Ok(kept
        .get(&id)
        .map(|k| k.maintainers.as_slice())
        .unwrap_or_default()
        .iter()
        .filter_map(|(who, _)| snapshot.people.get(who))
        .map(|person| Contact {
            name: person.name.clone(),
            email: person.email.clone(),
            ..Contact::default()
        })
        .collect())
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
