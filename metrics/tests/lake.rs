//! The metrics read from a lake (`vigie lake export`, docs/scale.md) against
//! the same metrics read from the store it was written from, on real
//! history: three Lutece repositories, with the City's address domain as
//! an organisation.

use vigie_ingest::affiliation::{Affiliation, AffiliationRule, Affiliations};
use vigie_ingest::identity::Rules;
use vigie_ingest::testdata::shared_data;
use vigie_ingest::{ingest, SourceConfig, Store};
use vigie_metrics::activity::{self, LakeActivities};
use vigie_metrics::elephant_factor::elephant_factor;
use vigie_metrics::lake::compute_all;
use vigie_metrics::{trend, Params};

#[test]
fn a_lake_gives_the_store_s_metrics_organisations_included() {
    let Some(data) = shared_data() else {
        panic!("../shared/data is needed by this test");
    };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let sources: Vec<SourceConfig> = [
        "lutece-core",
        "lutece-tech-plugin-liquibase",
        "lutece-form-plugin-forms",
    ]
    .iter()
    .map(|name| {
        SourceConfig::git_log(data.join(format!(
            "lutece-gitlog/lutece-platform+{name}.gitlog.txt.gz"
        )))
    })
    .collect();
    let report = ingest(&mut store, &sources, dir.path(), &Rules::default(), |_| {}).unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let affiliations = Affiliations::new(&[AffiliationRule {
        domain: "paris.fr".into(),
        organisation: "Ville de Paris".into(),
        from: None,
        to: None,
    }]);
    let lake = dir.path().join("lake");
    store.export_lake(&lake, &affiliations).unwrap();

    let organisation_of = |email: &str, day| match affiliations.of(email, Some(day)) {
        Affiliation::Organisation(o) => Some(o),
        _ => None,
    };
    let in_memory = activity::load(store.connection(), &organisation_of).unwrap();
    let from_lake = LakeActivities::open(&lake).unwrap();

    let all = Params::default();
    let elephant = elephant_factor(&from_lake, &all).unwrap().value;
    assert_eq!(elephant, elephant_factor(&in_memory, &all).unwrap().value);
    assert!(elephant.affiliated > 0, "the City's addresses count for it");
    assert_eq!(
        trend(&from_lake, &all).unwrap().rows,
        trend(&in_memory, &all).unwrap().rows
    );
    let (lake_figures, memory_figures) = (
        compute_all(&from_lake).unwrap(),
        compute_all(&in_memory).unwrap(),
    );
    for ((name, a), (_, b)) in lake_figures.iter().zip(&memory_figures) {
        assert!(a.height() > 0, "{name}");
        assert!(a.equals(b), "{name} differs between the lake and the store");
    }
}
