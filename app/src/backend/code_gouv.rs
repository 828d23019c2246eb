//! code.gouv.fr's ten criteria for the repositories in scope
//! (docs/governance.md), for the catalogue's column and filter, a
//! repository's page and the summary's sentence. Only repositories whose
//! contents were read are judged: without their files, six of the ten
//! criteria could not be met, and a low score would say nothing true.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use vigie_metrics::activity::{self, Scoped};
use vigie_metrics::governance::code_gouv::{
    commits, scorecard, Criterion, Evidence, Facts, Judged, Scorecard,
};
use vigie_metrics::{MetricsError, Params};

use crate::data::CriterionView;
use crate::i18n::{Arg, Lang};

use super::{scope, Dashboard, DashboardError, Snapshot};

/// Each judged repository's scorecard, by name (cached per scope and data
/// version).
pub(super) fn scorecards(
    dashboard: &Dashboard,
    snapshot: &Snapshot,
    scoped: &Scoped<'_>,
    params: &Params,
) -> Result<Arc<BTreeMap<String, Scorecard>>, DashboardError> {
    dashboard
        .cache
        .get_or_compute("code_gouv", params, snapshot.version, || {
            let store = dashboard.store();
            let read: HashSet<String> = store.tips()?.into_iter().map(|t| t.repository).collect();
            let (files, refs) = (store.tip_files()?, store.refs()?);
            let publiccode: std::collections::HashMap<String, String> = store
                .tip_texts(vigie_ingest::estate::roles::Role::Publiccode)?
                .into_iter()
                .map(|(repository, _, text)| (repository, text))
                .collect();
            let t = activity::reference(scoped, params)
                .map_err(MetricsError::from)?
                .unwrap_or_default();
            let by_id = commits(scoped, params).map_err(MetricsError::from)?;
            let in_scope = scope::repository_names(snapshot, params);
            Ok::<_, DashboardError>(
                snapshot
                    .repositories
                    .iter()
                    .filter(|r| in_scope.contains(&r.name.as_str()) && read.contains(&r.name))
                    .map(|r| {
                        let facts = Facts {
                            repository: &r.name,
                            homepage: r.homepage.as_deref(),
                            files: &files,
                            refs: &refs,
                            commits: by_id.get(&r.id).copied().unwrap_or_default(),
                            publiccode: publiccode.get(&r.name).map(String::as_str),
                        };
                        (r.name.clone(), scorecard(&facts, t))
                    })
                    .collect(),
            )
        })
}

/// A criterion's name.
pub(super) fn criterion_label(criterion: Criterion, lang: Lang) -> String {
    lang.t(match criterion {
        Criterion::LandingPage => "code-gouv-landing-page",
        Criterion::RecentRelease => "code-gouv-recent-release",
        Criterion::RecentCommit => "code-gouv-recent-commit",
        Criterion::Logo => "code-gouv-logo",
        Criterion::Roadmap => "code-gouv-roadmap",
        Criterion::SeveralAuthors => "code-gouv-several-authors",
        Criterion::Contributing => "code-gouv-contributing",
        Criterion::Changelog => "code-gouv-changelog",
        Criterion::CodeOfConduct => "code-gouv-code-of-conduct",
        Criterion::Governance => "code-gouv-governance",
    })
}

/// What a criterion was judged on, in words.
pub(super) fn evidence_text(judged: &Judged, lang: Lang) -> String {
    match &judged.evidence {
        Evidence::File(Some(path)) => path.clone(),
        Evidence::File(None) => lang.t("code-gouv-no-file"),
        Evidence::HomePage(Some(url)) => url.clone(),
        Evidence::HomePage(None) => lang.t("code-gouv-no-homepage"),
        Evidence::Tag(Some((tag, at))) => lang.t_args(
            "code-gouv-tag",
            &[
                ("tag", Arg::Text(tag.clone())),
                ("date", Arg::Text(lang.date(at.date()))),
            ],
        ),
        Evidence::Tag(None) => lang.t("code-gouv-no-tag"),
        Evidence::Commit(Some(at)) => lang.t_args(
            "code-gouv-commit",
            &[("date", Arg::Text(lang.date(at.date())))],
        ),
        Evidence::Commit(None) => lang.t("code-gouv-no-commit"),
        Evidence::Declared { key, value } => lang.t_args(
            "code-gouv-declared",
            &[
                ("key", Arg::Text((*key).to_owned())),
                ("value", Arg::Text(value.clone())),
            ],
        ),
        Evidence::Authors {
            authors,
            organisations,
        } => lang.t_args(
            "code-gouv-authors",
            &[
                ("authors", Arg::Count(*authors as i64)),
                ("organisations", Arg::Count(*organisations as i64)),
            ],
        ),
    }
}

/// A repository's criteria in words.
pub(super) fn criteria(card: &Scorecard, lang: Lang) -> Vec<CriterionView> {
    card.criteria
        .iter()
        .map(|j| CriterionView {
            name: criterion_label(j.criterion, lang),
            met: j.met,
            evidence: evidence_text(j, lang),
        })
        .collect()
}

/// The summary's sentence: how many judged components meet at least 7 of
/// the 10 criteria; `None` when none was judged.
pub(super) fn summary_sentence(
    dashboard: &Dashboard,
    snapshot: &Snapshot,
    params: &Params,
    lang: Lang,
) -> Result<Option<String>, DashboardError> {
    let scoped = Scoped::new(snapshot.activities.as_ref(), params);
    let cards = scorecards(dashboard, snapshot, &scoped, params)?;
    if cards.is_empty() {
        return Ok(None);
    }
    let good = cards.values().filter(|c| c.score() >= 7).count();
    Ok(Some(lang.t_args(
        "summary-code-gouv",
        &[
            ("good", Arg::Count(good as i64)),
            ("total", Arg::Count(cards.len() as i64)),
        ],
    )))
}
