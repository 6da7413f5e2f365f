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
use serde::{Deserialize, Serialize};

use super::adjacency::Adjacency;
use crate::trust::{DelegationRef, Event, EventKind, Outcome, Time};

/// Marks "never" in the compact time fields.
pub(crate) const NEVER: u32 = u32::MAX;

/// Half-life of a pair's recent activity: two weeks, so that "busy" means
/// the last few weeks and not the last year.
pub const ACTIVITY_HALF_LIFE_DAYS: f64 = 14.0;

/// Events looked up together, for the same reason as the ledger's batches:
/// with millions of pairs each look-up is a cache miss, and asking for a
/// batch's pairs first lets the processor wait for them together.
const BATCH: usize = 32;
/// Marks "not looked up yet" where a slot is expected.
const NO_SLOT: u32 = u32::MAX;
/// Events [`NudgeFacts::replay`] gathers before applying them as a slice.
const REPLAY_CHUNK: usize = 4096;
/// Pairs created since the last lay-out below which reading them through
/// the links is as good as a new lay-out.
const LAY_OUT_MIN: usize = 1 << 16;

/// One direction of a pair, A → B: what A did relying on B and what B did
/// for A. 8 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) struct Miss {
    pub delegation: DelegationRef,
    pub at: u32,
}

/// Per-pair facts for nudges and introductions, with every person's
/// partners listed so that one person's nudges never scan all pairs.
///
/// Incremental and order-faithful: [`NudgeFacts::replay`] of a history
/// equals applying its events one by one (the tests check it). Equality is
/// about the facts, not their layout in memory: a replay ends with
/// [`NudgeFacts::lay_out`], one-by-one application may not.
/// It serializes whole for a retention checkpoint.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(
    serialize = "P: Serialize + Eq + Hash",
    deserialize = "P: Deserialize<'de> + Eq + Hash"
))]
pub struct NudgeFacts<P: Eq + Hash> {
    index: FxHashMap<P, u32>,
    pub(crate) people: Vec<P>,
    /// Each person's pairs (slots into `pairs`).
    adjacency: Adjacency,
    slots: FxHashMap<(P, P), u32>,
    /// After a lay-out, grouped by their lower person (in `P` order), so a
    /// person's pairs, and mostly their teammates', sit close together.
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
            adjacency: Adjacency::default(),
            slots: FxHashMap::default(),
            pairs: Vec::new(),
            misses: FxHashMap::default(),
        }
    }

    /// Rebuilds the facts from a whole history: exactly `apply` in order,
    /// in batches, then laid out for reading.
    pub fn replay(events: impl IntoIterator<Item = Event<P>>) -> Self {
        let mut facts = Self::new();
        let mut chunk = Vec::with_capacity(REPLAY_CHUNK);
        for e in events {
            chunk.push(e);
            if chunk.len() == REPLAY_CHUNK {
                facts.apply_slice(&chunk);
                chunk.clear();
            }
        }
        facts.apply_slice(&chunk);
        facts.lay_out();
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
            self.apply_batch(batch);
        }
        self.lay_out_if_due();
    }

    /// With millions of pairs each look-up is a cache miss or two. Looking
    /// up the batch's slots first, then touching their pairs, lets the
    /// processor wait for those misses together rather than one after
    /// another; the updates that follow find their pairs in cache and reuse
    /// the slots found (a pair the batch itself creates is looked up again).
    fn apply_batch(&mut self, batch: &[Event<P>]) {
        let mut known = [NO_SLOT; BATCH];
        for (slot, e) in known.iter_mut().zip(batch) {
            *slot = self
                .slots
                .get(&ordered(e.from, e.to))
                .copied()
                .unwrap_or(NO_SLOT);
        }
        let mut touched = 0u32;
        for &slot in &known[..batch.len()] {
            touched ^= self.pairs.get(slot as usize).map_or(0, |pf| pf.last);
        }
        std::hint::black_box(touched);
        for (e, &slot) in batch.iter().zip(&known) {
            self.apply_at(e, slot);
        }
    }

    /// Learns from one event in constant time (amortized).
    pub fn apply(&mut self, event: &Event<P>) {
        self.apply_at(event, NO_SLOT);
        self.lay_out_if_due();
    }

    /// Lists every person's pairs contiguously, for fast reading. Replays
    /// end with it; after a bulk load through [`NudgeFacts::apply_slice`],
    /// call it once. Changes no fact.
    pub fn lay_out(&mut self) {
        if self.adjacency.linked() == 0 {
            return;
        }
        self.group_pairs_by_lower_person();
        self.adjacency.lay_out(&self.pairs);
    }

    /// Lays out again once the pairs created since the last lay-out are
    /// twice as many as those laid out (and not just a few): each lay-out
    /// costs about the number of pairs, so this keeps it constant per pair
    /// (amortized). Twice, not once: a bulk load through slices then lays
    /// out fewer times before its own final [`NudgeFacts::lay_out`].
    fn lay_out_if_due(&mut self) {
        let linked = self.adjacency.linked();
        if linked >= LAY_OUT_MIN && linked >= 2 * self.adjacency.laid_out() {
            self.lay_out();
        }
    }

    /// Renumbers the pairs so that each person's pairs with later people
    /// (in `P` order) are consecutive, people in `P` order: a stable
    /// counting sort, then the slot map and the misses follow.
    fn group_pairs_by_lower_person(&mut self) {
        let mut by_p: Vec<u32> = (0..self.people.len() as u32).collect();
        by_p.sort_unstable_by_key(|&i| self.people[i as usize]);
        let mut rank = vec![0u32; self.people.len()];
        for (r, &i) in by_p.iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        // Where each lower person's pairs start, then the next free place.
        let mut start = vec![0u32; self.people.len() + 1];
        for pf in &self.pairs {
            start[rank[pf.ends[0] as usize] as usize + 1] += 1;
        }
        for r in 1..start.len() {
            start[r] += start[r - 1];
        }
        let mut new_slot: Vec<u32> = Vec::with_capacity(self.pairs.len());
        for pf in &self.pairs {
            let at = &mut start[rank[pf.ends[0] as usize] as usize];
            new_slot.push(*at);
            *at += 1;
        }
        for slot in self.slots.values_mut() {
            *slot = new_slot[*slot as usize];
        }
        self.misses = self
            .misses
            .drain()
            .map(|(key, m)| (u64::from(new_slot[(key >> 1) as usize]) << 1 | key & 1, m))
            .collect();
        self.pairs = scatter(&self.pairs, &new_slot);
    }

    /// Plain interactions between `a` and `b`, both directions, all time.
    pub fn interactions(&self, a: P, b: P) -> u32 {
        self.pair(a, b).map_or(0, |p| p.interactions)
    }

    /// Everyone `p` has history with (either direction), and the time of
    /// their latest interaction, in no particular order.
    pub fn partners_of(&self, p: P) -> impl Iterator<Item = (P, Time)> + '_ {
        self.partners(p)
            .map(|(other, pair, _, _)| (other, Time(pair.last)))
    }

    /// Number of people `p` has any history with (either direction).
    pub fn partner_count(&self, p: P) -> usize {
        self.index.get(&p).map_or(0, |&i| self.adjacency.degree(i))
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
    /// The order is the layout's: callers must not depend on it.
    pub(crate) fn partners(&self, p: P) -> impl Iterator<Item = (P, &PairFacts, usize, u32)> + '_ {
        let me = self.index.get(&p).copied();
        let slots = me.into_iter().flat_map(|i| self.adjacency.slots(i));
        slots.map(move |slot| {
            let pf = &self.pairs[slot as usize];
            let mine = usize::from(Some(pf.ends[0]) != me);
            (self.people[pf.ends[1 - mine] as usize], pf, mine, slot)
        })
    }

    /// Learns from one event; `known` is its pair's slot if the caller
    /// already looked it up, else [`NO_SLOT`].
    fn apply_at(&mut self, event: &Event<P>, known: u32) {
        if event.from == event.to {
            return;
        }
        let side = usize::from(event.from > event.to);
        let slot = if known == NO_SLOT {
            self.slot_for(event.from, event.to)
        } else {
            known
        };
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
        self.adjacency.add_pair(slot, ends);
        self.slots.insert(key, slot);
        slot
    }

    fn person(&mut self, p: P) -> u32 {
        let next = self.people.len() as u32;
        let i = *self.index.entry(p).or_insert(next);
        if i == next {
            self.people.push(p);
            self.adjacency.add_person();
        }
        i
    }

    /// One pair as the facts say it, free of internal numbering: its two
    /// people, its facts and its two sides' misses.
    fn described(&self, slot: u32) -> ([P; 2], PairFacts, [Option<Miss>; 2]) {
        let mut pf = self.pairs[slot as usize];
        let ends = pf.ends.map(|i| self.people[i as usize]);
        pf.ends = [0, 0];
        let miss = |side: u64| self.misses.get(&(u64::from(slot) << 1 | side)).copied();
        (ends, pf, [miss(0), miss(1)])
    }

    fn sorted_partners(&self, p: P) -> Vec<P> {
        let mut v: Vec<P> = self.partners(p).map(|(q, ..)| q).collect();
        v.sort_unstable();
        v
    }
}

/// The same facts: the same people, the same pairs with the same facts and
/// misses, the same partners for everyone, however they are numbered and
/// laid out.
impl<P: Copy + Eq + Hash + Ord> PartialEq for NudgeFacts<P> {
    fn eq(&self, other: &Self) -> bool {
        self.people.len() == other.people.len()
            && self.slots.len() == other.slots.len()
            && self.misses.len() == other.misses.len()
            && self.slots.iter().all(|(key, &slot)| {
                other
                    .slots
                    .get(key)
                    .is_some_and(|&o| self.described(slot) == other.described(o))
            })
            && self.people.iter().all(|&p| {
                other.index.contains_key(&p) && self.sorted_partners(p) == other.sorted_partners(p)
            })
    }
}

/// `items[i]` moved to `to[i]`, for every `i`. A scatter into a new vector,
/// not an in-place permutation: following the permutation's cycles waits
/// for one cache miss after another, while independent writes overlap.
fn scatter<T: Copy>(items: &[T], to: &[u32]) -> Vec<T> {
    let Some(&first) = items.first() else {
        return Vec::new();
    };
    let mut out = vec![first; items.len()];
    for (item, &at) in items.iter().zip(to) {
        out[at as usize] = *item;
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(day: u32, from: u32, to: u32, kind: EventKind) -> Event<u32> {
        Event {
            at: Time(day * 1440),
            from,
            to,
            kind,
        }
    }

    /// Pairs laid out, then more pairs linked after them, then laid out
    /// again: the same facts and partners as one-by-one application, and
    /// misses follow their pairs when slots are renumbered.
    #[test]
    fn laying_out_between_events_changes_no_fact() {
        let d = DelegationRef::from(7u64);
        let missed = EventKind::Completed {
            delegation: d,
            stakes: crate::trust::Stakes::Small,
            outcome: Outcome::Missed,
            stretch: false,
            second_chance_of: None,
        };
        let mut events = vec![ev(1, 9, 2, EventKind::Delegated), ev(2, 2, 9, missed)];
        for k in 0..60u32 {
            events.push(ev(3 + k, k % 7 + 10, k % 5, EventKind::Interaction));
        }
        let mut live = NudgeFacts::new();
        events.iter().for_each(|e| live.apply(e));
        let mut staged = NudgeFacts::new();
        for (k, e) in events.iter().enumerate() {
            staged.apply(e);
            if k % 17 == 0 {
                staged.lay_out();
            }
        }
        assert_eq!(live, staged);
        assert_eq!(
            staged.adjacency.laid_out() + staged.adjacency.linked(),
            staged.pair_count()
        );
        let partners = |f: &NudgeFacts<u32>| f.sorted_partners(2);
        assert_eq!(partners(&staged), partners(&live));
        assert_eq!(partners(&staged).len(), staged.partner_count(2));
        let miss_of = |f: &NudgeFacts<u32>| {
            let (_, pf, side, slot) = f.partners(2).find(|p| p.0 == 9).unwrap();
            (
                pf.sides[side].open_miss,
                f.misses.get(&(u64::from(slot) << 1 | side as u64)).copied(),
            )
        };
        assert_eq!(
            miss_of(&staged),
            (
                true,
                Some(Miss {
                    delegation: d,
                    at: 2 * 1440
                })
            )
        );
    }
}
