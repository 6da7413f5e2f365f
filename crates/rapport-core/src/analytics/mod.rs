//! Organization analytics: aggregate figures on a relationship graph.
//!
//! Everything here works on a [`Graph`] (compressed sparse rows, both
//! directions): EigenTrust, reciprocity, E-I index, isolates, one-way ties,
//! betweenness and Burt's constraint. The graph comes either from the trust
//! ledger ([`crate::trust::TrustLedger::tie_graph`] and
//! [`crate::trust::TrustLedger::evidence_graph`]) or from an operator's
//! export read by [`Import`] (`rapport analyze`). [`synth`] generates the
//! synthetic organization of `rapport bench trust`.

mod analyze;
mod betweenness;
mod constraint;
mod eigentrust;
mod graph;
mod import;
mod structure;
pub mod synth;

pub use analyze::{
    AUTO_EXACT_LIMIT, AUTO_SAMPLES, Analysis, BetweennessChoice, ERROR_BOUND_DELTA, Stage, analyze,
    analyze_observed,
};
pub use betweenness::{Sources, betweenness, sampling_error_bound};
pub use constraint::constraint;
pub use eigentrust::{EigenTrust, EigenTrustParams, eigentrust};
pub use graph::Graph;
pub use import::{Import, ParseError};
pub use structure::{GroupFigures, Reciprocity, ei_index, isolates, reciprocity};
