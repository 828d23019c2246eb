//! Community structure, the "onion" (DESIGN.md definition 7, after CHAOSS's
//! contributor types): over a window, *core* contributors are the fewest who
//! together make 80 % of the contributions, *regular* ones the next who bring
//! the total to 95 %, and *casual* ones the rest (the cut-offs are
//! `core_percent` and `regular_percent` of [`crate::params::Thresholds`]).

use polars::prelude::*;

use crate::activity::Activities;

use crate::contributor_absence_factor::{contributions_per_contributor, factor_of};
use crate::params::{Computed, Params};

/// How many contributors are in each layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Onion {
    /// The fewest contributors covering 80 % of contributions.
    pub core: u32,
    /// The next ones, up to 95 %.
    pub regular: u32,
    /// Everyone else.
    pub casual: u32,
}

/// The onion of the activities in scope and window (all zeros when empty).
pub fn community_structure(
    activities: &dyn Activities,
    params: &Params,
) -> PolarsResult<Computed<Onion>> {
    let counts = contributions_per_contributor(activities, params)?;
    let n = counts.len() as u32;
    let t = &params.thresholds;
    let core = factor_of(&counts, t.core_percent).factor.unwrap_or(0);
    let core_and_regular = factor_of(&counts, t.regular_percent.max(t.core_percent))
        .factor
        .unwrap_or(0);
    Ok(Computed::new(
        params,
        Onion {
            core,
            regular: core_and_regular - core,
            casual: n - core_and_regular,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::contributions_frame;

    #[test]
    fn layers_by_cumulative_share() {
        // 100 contributions: 60 + 20 = 80 % (core 2); + 10 + 5 = 95 % (regular 2); 5 casual.
        let o = community_structure(
            &contributions_frame(&[60, 20, 10, 5, 1, 1, 1, 1, 1], None),
            &Params::default(),
        )
        .unwrap();
        assert_eq!(
            o.value,
            Onion {
                core: 2,
                regular: 2,
                casual: 5
            }
        );
    }

    #[test]
    fn one_contributor_is_the_core_and_nothing_is_empty() {
        assert_eq!(
            community_structure(&contributions_frame(&[3], None), &Params::default())
                .unwrap()
                .value,
            Onion {
                core: 1,
                regular: 0,
                casual: 0
            }
        );
        assert_eq!(
            community_structure(&contributions_frame(&[], None), &Params::default())
                .unwrap()
                .value,
            Onion::default()
        );
    }
}
