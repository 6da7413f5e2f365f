//! The trust model: what A can expect of B, learned from their shared history.
//!
//! Evidence is kept per directed pair (A trusts B) in a [`TrustLedger`] and
//! updated one [`Event`] at a time; [`TrustLedger::trust_view`] and
//! [`TrustLedger::relationship`] read a decayed Subjective Logic
//! [`Opinion`] at any time without changing the ledger. The formulas, the
//! defaults of [`TrustParams`] and the reasons behind them are in
//! `docs/trust-model.md`.
//!
//! ```
//! use rapport_core::trust::*;
//! let mut ledger = TrustLedger::new(TrustParams::default());
//! let (a, b) = (1u32, 2u32);
//! let week = |w: f64| Time::from_days(7.0 * w);
//! for w in 0..5 {
//!     ledger.apply(&Event { at: week(w as f64), from: a, to: b, kind: EventKind::Completed {
//!         delegation: DelegationRef::from(w as u64), stakes: Stakes::Small,
//!         outcome: Outcome::Delivered, stretch: false, second_chance_of: None } });
//! }
//! let view = ledger.trust_view(a, b, week(4.0));
//! assert!((view.value.unwrap_or(0.0) - 0.88).abs() < 0.01);
//! ```

mod digest;
mod event;
mod figures;
mod history;
mod ledger;
mod opinion;
mod params;

pub use event::{DelegationRef, Event, EventKind, Outcome, Stakes, Time};
pub use figures::{TrustExtended, median};
pub use history::{
    EvidenceCounts, HistoryEvent, HistoryFold, PairHistory, Piece, reliance_words, times,
};
pub use ledger::TrustLedger;
pub use opinion::{
    Evidence, Opinion, Range, Relationship, TrustLabel, TrustView, pair_reciprocity,
};
pub use params::TrustParams;
