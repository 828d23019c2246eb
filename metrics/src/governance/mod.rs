//! What an OSPO reports with (docs/governance.md): the catalogue's quality
//! criteria, computed from the estate, the forge and the activities.
//!
//! - [`code_gouv`]: the ten criteria of France's code.gouv.fr catalogue;
//! - [`publiccode_draft`]: a publiccode.yml draft from what Vigie knows;
//! - [`ggi`]: the OSPO Alliance's GGI scorecard, its evidence and exports;
//! - [`mrl`]: OW2's Market Readiness Levels' data points and practices.

pub mod code_gouv;
pub mod ggi;
pub mod mrl;
pub mod publiccode_draft;
