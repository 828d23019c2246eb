//! One repository's page: its health indicators and status with the
//! reasons (as in the catalogue), and its own charts.

use vigie_metrics::activity::{self, Scoped};
use vigie_metrics::repository_health::RepositoryHealth;

use crate::data::{CriteriaView, RepositoryData};
use crate::filter::Filter;
use crate::i18n::{Arg, Lang};

use super::charts::{ChartKind, Charts};
use super::repositories::{catalogue, reason_text, status_key, status_label};
use super::{scope, Dashboard, DashboardError, Snapshot};
use vigie_metrics::Params;

/// The page's charts, in reading order.
const CHARTS: [ChartKind; 6] = [
    ChartKind::Contributors,
    ChartKind::NewDeparted,
    ChartKind::Factors,
    ChartKind::Structure,
    ChartKind::Response,
    ChartKind::Backlog,
];

/// The page of the repository `name`, or only its chart named `only`;
/// `None` when no repository has that name.
pub(super) fn page(
    dashboard: &Dashboard,
    name: &str,
    mut filter: Filter,
    lang: Lang,
    only: Option<&str>,
) -> Result<Option<RepositoryData>, DashboardError> {
    let snapshot = dashboard.snapshot()?;
    if !snapshot.repositories.iter().any(|r| r.name == name) {
        return Ok(None);
    }
    // Health is judged as the catalogue the reader came from judges it:
    // the same filter (repositories or groups), so the same reference date
    // T and the same row. A filter that leaves the repository out (a link
    // shared without it) falls back to the catalogue of every repository.
    let in_catalogue = |filter: Filter| -> Result<_, DashboardError> {
        let (params, _) = scope::apply_filter(dashboard, &snapshot, filter, lang)?;
        let scoped = Scoped::new(snapshot.activities.as_ref(), &params);
        let all = catalogue(dashboard, &snapshot, &scoped, &params)?;
        let reference = activity::reference(&scoped, &params)?;
        Ok(all
            .iter()
            .find(|r| r.info.name == name)
            .cloned()
            .map(|health| (health, reference)))
    };
    let found = match in_catalogue(filter.clone())? {
        Some(found) => Some(found),
        None => {
            filter.repositories.clear();
            filter.groups.clear();
            in_catalogue(filter.clone())?
        }
    };
    let Some((health, reference)) = found else {
        return Ok(None);
    };

    // The charts are the repository's own, at the catalogue's T (so that
    // "too early to say" of departures matches the facts above them).
    filter.repositories = vec![name.to_owned()];
    filter.groups.clear();
    let (mut params, frame) = scope::apply_filter(dashboard, &snapshot, filter, lang)?;
    params.reference = reference;
    let scoped = Scoped::new(snapshot.activities.as_ref(), &params);
    let charts = Charts {
        dashboard,
        snapshot: &snapshot,
        scoped: &scoped,
        params: &params,
        lang,
    }
    .draw(&CHARTS, only)?;
    // Downloads of a chart need only the chart.
    let (estate, code_gouv, publiccode, mrl) = match only {
        Some(_) => (None, None, None, None),
        None => (
            super::technical_debt::repository::facts(dashboard, &snapshot, &params, name, lang)?,
            code_gouv(dashboard, &snapshot, &scoped, &params, name, lang)?,
            super::publiccode::view(dashboard, name, lang)?,
            super::mrl::points(dashboard, &snapshot, &params)?
                .get(name)
                .map(|points| super::mrl::table(points, lang)),
        ),
    };

    Ok(Some(RepositoryData {
        frame,
        name: name.to_owned(),
        status: (
            status_key(health.status).to_owned(),
            status_label(health.status, lang),
        ),
        reasons: health
            .reasons
            .iter()
            .map(|(_, r)| reason_text(r, lang))
            .collect(),
        facts: facts(&health, lang),
        estate,
        code_gouv,
        publiccode,
        mrl,
        charts,
    }))
}

/// code.gouv.fr's criteria for `name`: the score in words, and each
/// criterion with its evidence.
fn code_gouv(
    dashboard: &Dashboard,
    snapshot: &Snapshot,
    scoped: &Scoped<'_>,
    params: &Params,
    name: &str,
    lang: Lang,
) -> Result<Option<CriteriaView>, DashboardError> {
    let cards = super::code_gouv::scorecards(dashboard, snapshot, scoped, params)?;
    Ok(cards.get(name).map(|card| {
        let score = lang.t_args(
            "code-gouv-score",
            &[("score", Arg::Count(card.score() as i64))],
        );
        CriteriaView {
            score,
            criteria: super::code_gouv::criteria(card, lang),
        }
    }))
}

/// The repository's health indicators: (label, value). What only a
/// forge tells is said missing once, with why, rather than as dashes.
fn facts(health: &RepositoryHealth, lang: Lang) -> Vec<(String, String)> {
    let none = || "–".to_owned();
    let count = |v: Option<u32>| v.map_or_else(none, |n| lang.int(n.into()));
    let date = |t: Option<chrono::NaiveDateTime>| t.map_or_else(none, |t| lang.date(t.date()));
    let info = &health.info;
    let mut facts = vec![
        (lang.t("column-last-activity"), date(health.last_activity)),
        (
            lang.t("column-active-90"),
            lang.int(health.active_90_days.into()),
        ),
        (
            lang.t("column-active-12-months"),
            lang.int(health.active_12_months.into()),
        ),
        (lang.t("column-bus-factor"), count(health.bus_factor)),
    ];
    let forge = vec![
        (lang.t("column-open-issues"), count(health.open_issues)),
        (lang.t("column-open-prs"), count(health.open_pull_requests)),
        (
            lang.t("column-median-response"),
            health.median_response_hours.map_or_else(none, |h| {
                lang.t_args(
                    "duration-days-decimal",
                    &[("days", Arg::Text(lang.decimal(h / 24.0, 1)))],
                )
            }),
        ),
        (
            lang.t("column-releases-12-months"),
            count(health.releases_12_months),
        ),
        (lang.t("column-last-release"), date(health.last_release)),
        (
            lang.t("column-language"),
            info.language.clone().unwrap_or_else(none),
        ),
        (
            lang.t("column-licence"),
            info.licence.clone().unwrap_or_else(none),
        ),
        (
            lang.t("column-archived"),
            match info.archived {
                Some(true) => lang.t("yes"),
                Some(false) => lang.t("no"),
                None => none(),
            },
        ),
    ];
    if forge.iter().all(|(_, value)| *value == none()) {
        facts.push((
            lang.t("repository-forge-facts"),
            lang.t("repository-no-forge-data"),
        ));
    } else {
        facts.extend(forge);
    }
    facts
}
