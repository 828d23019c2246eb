//! The activity frame built from the store's activities
//! ([`vigie_ingest::store::activities`]), with the organisation each
//! contributor acted for on the day.

use std::collections::HashMap;

use duckdb::Connection;
use polars::prelude::*;
use vigie_ingest::store::activities::{self, ActivityBatch};

use super::{frame_of_codes, kind_code, with_organisations, OrganisationOf};
use crate::error::MetricsError;

/// Reads every activity, with its (resolved) contributor, their bot flag
/// and the organisation they acted for, into a frame.
///
/// The organisation is the contributor's own when the identities file sets
/// one, else what `organisation_of` says of the address used, on the day.
/// The store hands the rows over as Arrow batches, whose buffers are copied
/// column by column into polars.
pub fn load(
    conn: &Connection,
    organisation_of: OrganisationOf<'_>,
) -> Result<DataFrame, MetricsError> {
    let mut organisations = Organisations {
        emails: activities::identity_emails(conn)?,
        organisation_of,
        known: HashMap::new(),
    };
    let mut columns = Columns::default();
    activities::read_batches(conn, |batch| -> Result<(), MetricsError> {
        columns.extend(&batch, &mut organisations);
        Ok(())
    })?;
    let Columns {
        repository,
        contributor,
        kind,
        at,
        is_bot,
        organisation,
    } = columns;
    let df = frame_of_codes(repository, contributor, kind, at, is_bot)?;
    with_organisations(df, organisation)
}

/// The activity frame's columns, as the batches arrive.
#[derive(Default)]
struct Columns {
    repository: Vec<i32>,
    contributor: Vec<i64>,
    kind: Vec<i32>,
    at: Vec<i64>,
    is_bot: Vec<bool>,
    organisation: Vec<Option<String>>,
}

impl Columns {
    fn extend(&mut self, batch: &ActivityBatch<'_>, organisations: &mut Organisations<'_>) {
        self.repository.extend_from_slice(batch.repository);
        self.contributor.extend_from_slice(batch.contributor);
        self.kind
            .extend(batch.kind.iter().map(|k| kind_code(k.unwrap_or_default())));
        self.at.extend_from_slice(batch.at_us);
        self.is_bot.extend(batch.is_bot.values().iter());
        for ((identity, own), at_us) in batch
            .identity
            .iter()
            .zip(batch.organisation.iter())
            .zip(batch.at_us)
        {
            self.organisation
                .push(organisations.of(*identity, own, *at_us));
        }
    }
}

const DAY_US: i64 = 86_400_000_000;

/// Whom a contributor acted for: their own organisation, else what the
/// affiliations say of the address they used, on the day.
struct Organisations<'a> {
    /// Every identity's address.
    emails: HashMap<i64, String>,
    organisation_of: OrganisationOf<'a>,
    /// Addresses keep their organisation from one day to the next unless a
    /// rule's date range says otherwise: each (identity, day) is asked once.
    known: HashMap<(i64, i64), Option<String>>,
}

impl Organisations<'_> {
    fn of(&mut self, identity: i64, own: Option<&str>, at_us: i64) -> Option<String> {
        if let Some(own) = own {
            return Some(own.to_owned());
        }
        let day = at_us.div_euclid(DAY_US);
        let (emails, organisation_of) = (&self.emails, self.organisation_of);
        self.known
            .entry((identity, day))
            .or_insert_with(|| {
                let date = chrono::DateTime::from_timestamp(day * 86_400, 0)
                    .map(|t| t.date_naive())
                    .unwrap_or_default();
                emails
                    .get(&identity)
                    .and_then(|email| organisation_of(email, date))
            })
            .clone()
    }
}
