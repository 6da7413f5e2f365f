//! What is kept of the events past an organization's retention.
//!
//! Events older than the retention (12 months unless an admin changes it)
//! are folded into a [`Checkpoint`]: each pair's decayed evidence (the
//! trust ledger), the facts nudges read, and each pair's history in counts.
//! Then the events, and the free text of what they were about, are
//! deleted. Continuing a checkpoint with the later events gives exactly the
//! state that replaying every event gives, so no figure a person or a lead
//! sees changes when the events behind it go (the tests below, and the
//! application's `retention` test, check it).
//!
//! The insights read trust acts over at most 365 days, so the shortest
//! retention is 365 days: no period ever needs a folded event.

use std::hash::Hash;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::InvalidValue;
use crate::nudges::NudgeFacts;
use crate::trust::{Event, EventKind, HistoryEvent, HistoryFold, Time, TrustLedger, TrustParams};

/// The retention an organization starts with.
pub const DEFAULT_RETENTION_DAYS: u32 = 365;
/// The shortest retention: the longest insights period.
pub const MIN_RETENTION_DAYS: u32 = 365;
/// The longest retention: ten years.
pub const MAX_RETENTION_DAYS: u32 = 3650;

/// The first byte of an encoded checkpoint: a checkpoint written in
/// another layout is refused rather than misread.
const FORMAT: u8 = 1;

/// A retention in days, within [`MIN_RETENTION_DAYS`]..=[`MAX_RETENTION_DAYS`].
pub fn retention_days(days: i64) -> Result<u32, InvalidValue> {
    u32::try_from(days)
        .ok()
        .filter(|d| (MIN_RETENTION_DAYS..=MAX_RETENTION_DAYS).contains(d))
        .ok_or_else(|| {
            InvalidValue::new(
                "retention_days",
                format!(
                    "Keep events between {MIN_RETENTION_DAYS} days (a year, the longest insights \
                 period) and {MAX_RETENTION_DAYS} days (ten years)."
                ),
            )
        })
}

/// Everything the events before `through` taught, in the order a replay
/// applies them (by time, then sequence).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(
    serialize = "P: Serialize + Eq + Hash + Ord",
    deserialize = "P: Deserialize<'de> + Copy + Eq + Hash + Ord"
))]
pub struct Checkpoint<P: Eq + Hash> {
    /// Events before this time are folded in.
    pub through: Time,
    /// Events folded in, all time.
    pub folded: u64,
    ledger: TrustLedger<P>,
    facts: NudgeFacts<P>,
    /// Keyed `(me, other)`: `me`'s side of the pair's history.
    histories: FxHashMap<(P, P), HistoryFold>,
}

/// A stored checkpoint that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("the stored retention checkpoint cannot be read: {0}")]
pub struct UnreadableCheckpoint(String);

impl<P: Copy + Eq + Hash + Ord + Serialize + for<'de> Deserialize<'de>> Checkpoint<P> {
    /// Nothing folded yet.
    pub fn new(params: TrustParams) -> Self {
        Checkpoint {
            through: Time(0),
            folded: 0,
            ledger: TrustLedger::new(params),
            facts: NudgeFacts::new(),
            histories: FxHashMap::default(),
        }
    }

    /// Folds one event in. `kind` is what the trust engine reads of it
    /// (`None` for events it does not model, which still count in the
    /// pair's history).
    pub fn fold(&mut self, e: &HistoryEvent<'_, P>, kind: Option<EventKind>) {
        if let Some(kind) = kind {
            let event = Event {
                at: e.at,
                from: e.from,
                to: e.to,
                kind,
            };
            self.ledger.apply(&event);
            self.facts.apply(&event);
        }
        if e.from != e.to {
            for (me, other) in [(e.from, e.to), (e.to, e.from)] {
                self.histories
                    .entry((me, other))
                    .or_default()
                    .add(me, other, e);
            }
        }
        self.folded += 1;
    }

    /// The ledger as of the checkpoint, to continue with later events.
    pub fn ledger(&self) -> TrustLedger<P> {
        self.ledger.clone()
    }

    /// The nudge facts as of the checkpoint, to continue with later events.
    pub fn facts(&self) -> NudgeFacts<P> {
        self.facts.clone()
    }

    /// `me`'s side of the history with `other` as of the checkpoint.
    pub fn history(&self, me: P, other: P) -> HistoryFold {
        self.histories
            .get(&(me, other))
            .cloned()
            .unwrap_or_default()
    }

    /// Bytes to store.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vec![FORMAT];
        // Serializing plain data into a vector cannot fail.
        out.extend(postcard::to_stdvec(self).unwrap_or_default());
        out
    }

    /// A stored checkpoint, read back.
    pub fn decode(bytes: &[u8]) -> Result<Self, UnreadableCheckpoint> {
        match bytes.split_first() {
            Some((&FORMAT, rest)) => {
                postcard::from_bytes(rest).map_err(|e| UnreadableCheckpoint(e.to_string()))
            }
            _ => Err(UnreadableCheckpoint("unknown format".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DelegationId;
    use crate::events::Payload;
    use crate::trust::{Outcome, PairHistory, Stakes};
    use rand::{Rng, SeedableRng};
    use uuid::Uuid;

    /// A random history among a few people: every kind of event the
    /// history and the engine read, disputes of earlier outcomes included.
    fn history(seed: u64, n: usize) -> Vec<(Time, u32, u32, Payload, Option<Uuid>)> {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut out = Vec::new();
        let mut outcomes: Vec<(u32, u32, Uuid)> = Vec::new();
        for i in 0..n {
            let at = Time(i as u32 * 600 + rng.gen_range(0..300));
            // Nobody acts toward themselves.
            let a = rng.gen_range(0..6u32);
            let b = (a + rng.gen_range(1..6u32)) % 6;
            let subject = Uuid::from_u128(rng.gen_range(0..40u128));
            let (payload, subject) = match rng.gen_range(0..7) {
                0 => (
                    Payload::Delegated {
                        second_chance_of: None,
                    },
                    Some(subject),
                ),
                1 => (Payload::HelpAsked, None),
                2 | 3 => {
                    let outcome =
                        [Outcome::Delivered, Outcome::Partly, Outcome::Missed][rng.gen_range(0..3)];
                    let payload = Payload::Completed {
                        stakes: Stakes::Small,
                        outcome,
                        stretch: rng.gen_bool(0.2),
                        // Sometimes a second chance after an earlier outcome.
                        second_chance_of: (rng.gen_bool(0.2) && !outcomes.is_empty())
                            .then(|| DelegationId(outcomes[0].2)),
                    };
                    outcomes.push((a, b, subject));
                    (payload, Some(subject))
                }
                4 if !outcomes.is_empty() => {
                    let (a, b, d) = outcomes[rng.gen_range(0..outcomes.len())];
                    out.push((at, a, b, Payload::Disputed, Some(d)));
                    continue;
                }
                5 => (
                    Payload::HelpResolved {
                        helped: rng.gen_bool(0.7),
                    },
                    None,
                ),
                _ => (
                    Payload::CheckInRevealed {
                        count_on: rng.gen_range(1..=5),
                    },
                    None,
                ),
            };
            out.push((at, a, b, payload, subject));
        }
        out
    }

    fn kind(p: &Payload, subject: Option<Uuid>) -> Option<EventKind> {
        p.trust_kind(subject)
    }

    fn as_history(e: &(Time, u32, u32, Payload, Option<Uuid>)) -> HistoryEvent<'_, u32> {
        HistoryEvent {
            at: e.0,
            from: e.1,
            to: e.2,
            payload: &e.3,
            subject: e.4,
        }
    }

    #[test]
    fn a_checkpoint_continued_gives_what_replaying_everything_gives() {
        for seed in 0..20 {
            let events = history(seed, 400);
            let split = (seed as usize * 17) % events.len();
            let (old, new) = events.split_at(split);

            let mut checkpoint = Checkpoint::new(TrustParams::default());
            for e in old {
                checkpoint.fold(&as_history(e), kind(&e.3, e.4));
            }
            let checkpoint = Checkpoint::<u32>::decode(&checkpoint.encode()).unwrap();
            let engine = |e: &(Time, u32, u32, Payload, Option<Uuid>)| {
                kind(&e.3, e.4).map(|kind| Event {
                    at: e.0,
                    from: e.1,
                    to: e.2,
                    kind,
                })
            };
            let mut ledger = checkpoint.ledger();
            ledger.apply_all(new.iter().filter_map(engine));
            let mut facts = checkpoint.facts();
            facts.apply_slice(&new.iter().filter_map(engine).collect::<Vec<_>>());
            facts.lay_out();

            let whole =
                TrustLedger::replay(TrustParams::default(), events.iter().filter_map(engine));
            let whole_facts = NudgeFacts::replay(events.iter().filter_map(engine));
            assert!(facts == whole_facts, "seed {seed}: the nudge facts differ");
            let now = Time(events.len() as u32 * 600 + 5000);
            for a in 0..6 {
                for b in 0..6 {
                    assert_eq!(
                        ledger.relationship(a, b, now),
                        whole.relationship(a, b, now),
                        "seed {seed}: {a} → {b}"
                    );
                    let continued = checkpoint
                        .history(a, b)
                        .with(a, b, new.iter().map(as_history));
                    let all = PairHistory::from_events(a, b, events.iter().map(as_history));
                    assert_eq!(continued.history(), all, "seed {seed}: history {a} → {b}");
                }
            }
        }
    }

    #[test]
    fn a_damaged_checkpoint_is_refused_not_misread() {
        let mut checkpoint = Checkpoint::<u32>::new(TrustParams::default());
        let payload = Payload::HelpAsked;
        checkpoint.fold(
            &HistoryEvent {
                at: Time(5),
                from: 1,
                to: 2,
                payload: &payload,
                subject: None,
            },
            kind(&payload, None),
        );
        let bytes = checkpoint.encode();
        assert!(Checkpoint::<u32>::decode(&bytes).is_ok());
        assert!(Checkpoint::<u32>::decode(&bytes[..bytes.len() / 2]).is_err());
        assert!(Checkpoint::<u32>::decode(&[9, 1, 2]).is_err());
        assert!(Checkpoint::<u32>::decode(&[]).is_err());
    }

    #[test]
    fn retention_is_a_year_to_ten_years() {
        assert_eq!(retention_days(365).unwrap(), 365);
        assert_eq!(retention_days(3650).unwrap(), 3650);
        for bad in [0, 30, 364, 3651, -1, i64::MAX] {
            let e = retention_days(bad).unwrap_err();
            assert!(e.to_string().contains("365 days"), "{bad}: {e}");
        }
    }
}
