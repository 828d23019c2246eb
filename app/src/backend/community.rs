//! The community page, for the OSPO officer: who arrives and who leaves,
//! onboarding, retention, responsiveness, concentration and structure.

use vigie_metrics::activity::Scoped;

use crate::data::{Chart, CommunityData};
use crate::filter::Filter;
use crate::i18n::Lang;

use super::charts::{ChartKind, Charts};
use super::{scope, Dashboard, DashboardError};

/// The page's charts, in reading order.
const CHARTS: [ChartKind; 8] = [
    ChartKind::NewDeparted,
    ChartKind::Funnel,
    ChartKind::Conversion,
    ChartKind::Cohorts,
    ChartKind::Response,
    ChartKind::Factors,
    ChartKind::Structure,
    ChartKind::Backlog,
];

/// The page, or only its chart named `only` (for a download).
pub(super) fn page(
    dashboard: &Dashboard,
    filter: Filter,
    lang: Lang,
    only: Option<&str>,
) -> Result<CommunityData, DashboardError> {
    let snapshot = dashboard.snapshot()?;
    let (params, frame) = scope::apply_filter(dashboard, &snapshot, filter, lang)?;
    let scoped = Scoped::new(snapshot.activities.as_ref(), &params);
    let charts: Vec<Chart> = Charts {
        dashboard,
        snapshot: &snapshot,
        scoped: &scoped,
        params: &params,
        lang,
    }
    .draw(&CHARTS, only)?;
    let no_forge_data = only.is_none()
        && CHARTS
            .iter()
            .filter(|k| k.needs_forge())
            .any(|k| !charts.iter().any(|c| c.id == k.id()));
    Ok(CommunityData {
        frame,
        charts,
        no_forge_data,
    })
}
