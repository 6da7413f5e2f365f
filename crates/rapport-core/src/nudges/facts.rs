//! What nudges need to know about each pair, folded from the trust events.
//!
//! The ledger keeps decayed evidence; nudges need other things: whether the
//! viewer ever relied on someone, the latest miss that is still waiting for
//! a second chance, who helped whom, and how busy or quiet a relationship
//! is. [`NudgeFacts`] folds the same event stream into exactly that, one
//! event at a time, so the application keeps it beside the ledger and feeds
//! it every event.

use std::hash::Hash;

use rustc_hash::FxHashMap;

use crate::trust::{DelegationRef, Event, EventKind, Outcome, Time};

/// Marks "never" in the compact time fields.
pub(crate) const NEVER: u32 = u32::MAX;

/// Half-life of a pair's recent activity: two weeks, so that "busy" means
/// the last few weeks and not the last year.
pub const ACTIVITY_HALF_LIFE_DAYS: f64 = 14.0;

/// Events looked up together, for the same reason as the ledger's batches:
/// with millions of pairs each look-up is a cache miss, and asking for a
/// batch's pairs first lets the processor wait for them together.
const BATCH: usize = 16;

/// One direction of a pair, A → B: what A did relying on B and what B did
/// for A. 8 bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Side {
    /// Latest delegation or help request A addressed to B.
    pub last_relied: u32,
    /// Times B came through for A: help A marked "this helped", delegations
    /// B delivered (saturating: nudges only ask "at least a few").
    pub helped: u8,
    /// Times B made an effort for A, whatever the result: any resolved help,
    /// any delivered or partly delivered delegation. Reciprocity counts the
    /// effort, as the trust model does.
    pub efforts: u8,
    /// B has a miss toward A in [`NudgeFacts::misses`].
    pub open_miss: bool,
}

impl Side {
    const EMPTY: Self = Self {
        last_relied: NEVER,
        helped: 0,
        efforts: 0,
        open_miss: false,
    };
}

/// An unordered pair: both sides plus what belongs to the relationship
/// itself (how much and how lately the two interact, the latest check-in).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PairFacts {
    /// Dense indices of the two people, lower person (by `Ord`) first.
    pub ends: [u32; 2],
    /// `sides[0]` is `ends[0] → ends[1]`.
    pub sides: [Side; 2],
    /// Plain interactions, both directions, all time.
    pub interactions: u32,
    /// Latest interaction; the time `activity` is decayed to.
    pub last: u32,
    /// Interactions decayed with [`ACTIVITY_HALF_LIFE_DAYS`].
    pub activity: f32,
    /// Latest revealed check-in, either direction.
    pub last_check_in: u32,
}

impl PairFacts {
    /// Recent activity decayed to `now` (never written back).
    pub fn activity_at(&self, now: Time) -> f64 {
        if self.last == NEVER {
            return 0.0;
        }
        f64::from(self.activity) * decay(now.minutes_since(Time(self.last)))
    }
}

/// The latest miss of B toward A that is not disputed nor followed by a
/// delivered second chance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Miss {
    pub delegation: DelegationRef,
    pub at: u32,
}

/// Per-pair facts for nudges and introductions, with every person's
/// partners listed so that one person's nudges never scan all pairs.
///
/// Incremental and order-faithful: [`NudgeFacts::replay`] of a history
/// equals applying its events one by one (the tests check it).
#[derive(Debug, Clone, PartialEq)]
pub struct NudgeFacts<P: Eq + Hash> {
    index: FxHashMap<P, u32>,
    pub(crate) people: Vec<P>,
    /// Slots (into `pairs`) of each person's pairs, in order of first contact.
    pub(crate) adjacency: Vec<Vec<u32>>,
    slots: FxHashMap<(P, P), u32>,
    pub(crate) pairs: Vec<PairFacts>,
    /// Keyed by `slot << 1 | side`: misses are rare, so they live aside.
    pub(crate) misses: FxHashMap<u64, Miss>,
}

impl<P: Copy + Eq + Hash + Ord> Default for NudgeFacts<P> {
    fn default() -> Self {
        Self::new()
    }
}

impl<P: Copy + Eq + Hash + Ord> NudgeFacts<P> {
    /// Empty facts.
    pub fn new() -> Self {
        Self {
            index: FxHashMap::default(),
            people: Vec::new(),
            adjacency: Vec::new(),
            slots: FxHashMap::default(),
            pairs: Vec::new(),
            misses: FxHashMap::default(),
        }
    }

    /// Rebuilds the facts from a whole history: exactly `apply` in order.
    pub fn replay(events: impl IntoIterator<Item = Event<P>>) -> Self {
        let mut facts = Self::new();
        for e in events {
            facts.apply(&e);
        }
        facts
    }

    /// Makes room for `pairs` more unordered pairs.
    pub fn reserve_pairs(&mut self, pairs: usize) {
        self.slots.reserve(pairs);
        self.pairs.reserve(pairs);
    }

    /// Applies a slice of events in order: exactly `apply` on each.
    pub fn apply_slice(&mut self, events: &[Event<P>]) {
        for batch in events.chunks(BATCH) {
            let mut touched = 0u32;
            for e in batch {
                if let Some(&slot) = self.slots.get(&ordered(e.from, e.to)) {
                    touched ^= self.pairs[slot as usize].last;
                }
            }
            std::hint::black_box(touched);
            for e in batch {
                self.apply(e);
            }
        }
    }

    /// Learns from one event in constant time (amortized).
    pub fn apply(&mut self, event: &Event<P>) {
        if event.from == event.to {
            return;
        }
        let side = usize::from(event.from > event.to);
        let slot = self.slot_for(event.from, event.to);
        let at = event.at.0;
        let pf = &mut self.pairs[slot as usize];
        note_interaction(pf, at);
        let key = u64::from(slot) << 1 | side as u64;
        let s = &mut pf.sides[side];
        match event.kind {
            EventKind::Delegated | EventKind::HelpAsked => {
                s.last_relied = later(s.last_relied, at);
                // Relying on them again, in the order events happened (times
                // are whole minutes, so a miss and the next favor can share
                // one), answers the miss: no second chance is needed.
                if s.open_miss {
                    self.misses.remove(&key);
                    s.open_miss = false;
                }
            }
            EventKind::HelpResolved { helped } => {
                s.efforts = s.efforts.saturating_add(1);
                s.helped = s.helped.saturating_add(u8::from(helped));
            }
            EventKind::Completed {
                delegation,
                outcome,
                second_chance_of,
                ..
            } => match outcome {
                Outcome::Delivered | Outcome::Partly => {
                    s.efforts = s.efforts.saturating_add(1);
                    if outcome == Outcome::Delivered {
                        s.helped = s.helped.saturating_add(1);
                    }
                    if let Some(earlier) = second_chance_of {
                        clear_miss(&mut self.misses, s, key, earlier);
                    }
                }
                Outcome::Missed => {
                    // The latest miss is the one a second chance answers; an
                    // older one recorded late does not replace it.
                    let newer = self.misses.get(&key).is_none_or(|m| at >= m.at);
                    if newer {
                        self.misses.insert(key, Miss { delegation, at });
                        s.open_miss = true;
                    }
                }
            },
            EventKind::Disputed { delegation } => {
                clear_miss(&mut self.misses, s, key, delegation);
            }
            EventKind::CheckInRevealed { .. } => {
                pf.last_check_in = later(pf.last_check_in, at);
            }
            EventKind::Declined
            | EventKind::HandedBack
            | EventKind::Expired
            | EventKind::Interaction => {}
        }
    }

    /// Plain interactions between `a` and `b`, both directions, all time.
    pub fn interactions(&self, a: P, b: P) -> u32 {
        self.pair(a, b).map_or(0, |p| p.interactions)
    }

    /// Number of people `p` has any history with (either direction).
    pub fn partner_count(&self, p: P) -> usize {
        self.index
            .get(&p)
            .map_or(0, |&i| self.adjacency[i as usize].len())
    }

    /// Number of unordered pairs with any history.
    pub fn pair_count(&self) -> usize {
        self.pairs.len()
    }

    pub(crate) fn pair(&self, a: P, b: P) -> Option<&PairFacts> {
        let slot = *self.slots.get(&ordered(a, b))?;
        Some(&self.pairs[slot as usize])
    }

    /// `p`'s pairs: (partner, the pair, `p`'s side index in it, its slot).
    pub(crate) fn partners(&self, p: P) -> impl Iterator<Item = (P, &PairFacts, usize, u32)> + '_ {
        let me = self.index.get(&p).copied();
        let slots = me.map_or(&[][..], |i| &self.adjacency[i as usize][..]);
        slots.iter().map(move |&slot| {
            let pf = &self.pairs[slot as usize];
            let mine = usize::from(Some(pf.ends[0]) != me);
            (self.people[pf.ends[1 - mine] as usize], pf, mine, slot)
        })
    }

    /// The slot of the pair `{a, b}`, created on first contact.
    fn slot_for(&mut self, a: P, b: P) -> u32 {
        let key = ordered(a, b);
        if let Some(&slot) = self.slots.get(&key) {
            return slot;
        }
        let slot = self.pairs.len() as u32;
        let ends = [self.person(key.0), self.person(key.1)];
        self.pairs.push(PairFacts {
            ends,
            sides: [Side::EMPTY; 2],
            interactions: 0,
            last: NEVER,
            activity: 0.0,
            last_check_in: NEVER,
        });
        for end in ends {
            self.adjacency[end as usize].push(slot);
        }
        self.slots.insert(key, slot);
        slot
    }

    fn person(&mut self, p: P) -> u32 {
        let next = self.people.len() as u32;
        let i = *self.index.entry(p).or_insert(next);
        if i == next {
            self.people.push(p);
            self.adjacency.push(Vec::new());
        }
        i
    }
}

/// `(min, max)`: the key of an unordered pair.
pub(crate) fn ordered<P: Ord>(a: P, b: P) -> (P, P) {
    if a <= b { (a, b) } else { (b, a) }
}

/// Removes the side's open miss when it is `delegation`.
fn clear_miss(
    misses: &mut FxHashMap<u64, Miss>,
    s: &mut Side,
    key: u64,
    delegation: DelegationRef,
) {
    if s.open_miss && misses.get(&key).is_some_and(|m| m.delegation == delegation) {
        misses.remove(&key);
        s.open_miss = false;
    }
}

/// Counts one interaction. Like the ledger, an event older than the pair's
/// latest counts as of that latest time: decay never runs backwards.
fn note_interaction(pf: &mut PairFacts, at: u32) {
    pf.interactions = pf.interactions.saturating_add(1);
    if pf.last == NEVER {
        pf.activity = 1.0;
        pf.last = at;
        return;
    }
    let now = pf.last.max(at);
    let decayed = f64::from(pf.activity) * decay(now - pf.last);
    pf.activity = (decayed + 1.0) as f32;
    pf.last = now;
}

fn later(t: u32, at: u32) -> u32 {
    if t == NEVER { at } else { t.max(at) }
}

/// `2^(−Δt / H)` for the activity half-life.
fn decay(minutes: u32) -> f64 {
    (-f64::from(minutes) / (ACTIVITY_HALF_LIFE_DAYS * 1440.0)).exp2()
}
