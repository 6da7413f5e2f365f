//! Nudges: a few suggestions a week for each person, each with its reason.
//!
//! Three steps, all pure. [`NudgeFacts`] folds the trust events into what
//! the rules need, incrementally, beside the ledger. [`candidates`] applies
//! each kind's rule for one viewer, using the [`NudgeContext`] the
//! application loads (teams, skills, introductions, open check-ins, a
//! course hint). [`select`] keeps to the weekly budget and to what the
//! person did with earlier nudges (done, dismissed, snoozed).
//!
//! ```
//! use rapport_core::nudges::*;
//! use rapport_core::trust::{Event, EventKind, Time};
//! let ctx = NudgeContext::<u32, u32>::new([1, 2].map(|p| PersonContext {
//!     person: p, team: Some(7), profile: Profile::default() }));
//! let facts = NudgeFacts::replay([Event { at: Time(0), from: 2, to: 1, kind: EventKind::Interaction }]);
//! let now = Time::from_days(20_000.0);
//! let found = candidates(1, &ctx, &facts, now);
//! assert_eq!(found[0].kind, NudgeKind::FirstTrust);
//! let shown = select(found, &[], now, DEFAULT_WEEKLY_LIMIT);
//! assert_eq!(shown.newly_issued, ["first_trust:2"]);
//! ```

mod adjacency;
mod candidates;
mod context;
mod facts;
mod nudge;
mod select;

pub use candidates::{
    CHECK_IN_BUSY_ACTIVITY, CHECK_IN_QUIET_DAYS, PER_KIND, RECIPROCATE_MIN_HELPS,
    RECONNECT_MIN_INTERACTIONS, RECONNECT_QUIET_DAYS, SECOND_CHANCE_DAYS, candidates,
};
pub(crate) use candidates::{mix, spread};
pub use context::{NudgeContext, PersonContext, Profile};
pub use facts::{ACTIVITY_HALF_LIFE_DAYS, NudgeFacts};
pub use nudge::{LearnHint, Nudge, NudgeKind};
pub use select::{DEFAULT_WEEKLY_LIMIT, Issued, IssuedState, Selection, select, week_start};
