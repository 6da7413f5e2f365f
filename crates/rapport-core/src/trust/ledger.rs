//! The trust ledger: evidence per directed pair, updated one event at a time.
//!
//! Applying an event touches one pair (and, for outcomes, the organization's
//! delivery rate): constant time. Decay is lazy: writing first decays the
//! stored values to the event's time; reading computes a decayed view and
//! never writes it back, so replaying a history gives bit for bit the state
//! that applying the same events one by one gave.

use std::hash::Hash;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::event::{DelegationRef, Event, EventKind, Outcome, Time};
use super::params::{Rates, TrustParams};

/// Events looked up together by [`TrustLedger::apply_all`].
const BATCH: usize = 16;

/// Marks "never" in the compact time fields of [`PairState`].
pub(crate) const NEVER: u32 = u32::MAX;

/// What the ledger keeps about A → B (A trusts or relies on B): 24 bytes.
///
/// Evidence is `f32`: the model needs three digits, and the small state is
/// what lets 10 million pairs fit in memory. Arithmetic is done in `f64`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) struct PairState {
    /// Positive evidence `r`, decayed to `last`.
    pub r: f32,
    /// Negative evidence `s`, decayed to `last`.
    pub s: f32,
    /// Reliance `w_AB`, decayed to `last` (half-life `H_r`).
    pub reliance: f32,
    /// Latest interaction, and the time the values above are decayed to.
    pub last: u32,
    /// The interaction before `last`: two in the window make a tie.
    pub prev: u32,
    /// Latest miss of B toward A, for the grace rule.
    pub last_miss: u32,
}

impl PairState {
    const EMPTY: Self = Self {
        r: 0.0,
        s: 0.0,
        reliance: 0.0,
        last: NEVER,
        prev: NEVER,
        last_miss: NEVER,
    };

    /// Decay factors from `last` to `at` (1 when `at` is not later).
    #[inline]
    pub fn factors(&self, rates: &Rates, at: Time) -> (f64, f64) {
        if self.last == NEVER {
            return (1.0, 1.0);
        }
        let dt = at.minutes_since(Time(self.last));
        (
            Rates::decay(rates.positive, dt),
            Rates::decay(rates.negative, dt),
        )
    }

    /// Interactions of A toward B in the window ending at `at`.
    pub fn interactions_in_window(&self, rates: &Rates, at: Time) -> u32 {
        let start = at.0.saturating_sub(rates.tie_window);
        let inside = |t: u32| t != NEVER && t >= start && t <= at.0;
        u32::from(inside(self.last)) + u32::from(inside(self.prev))
    }
}

/// What an outcome with negative evidence added, so that a dispute can take
/// it back and a second chance can halve it. Deliveries need no record: a
/// delegate has no reason to dispute one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) struct OutcomeRecord<P> {
    pub from: P,
    pub to: P,
    pub at: u32,
    pub r_added: f32,
    pub s_added: f32,
    /// What the outcome added to the organization's delivered count.
    pub credit: f32,
    /// The pair's `last_miss` before this outcome, restored on a dispute.
    pub prev_miss: u32,
    pub was_miss: bool,
}

/// The organization's decayed delivery rate, the base rate `a`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub(crate) struct DeliveryRate {
    pub delivered: f64,
    pub outcomes: f64,
    pub at: u32,
    /// Undecayed number of outcomes that count (disputed ones do not).
    pub count: u32,
}

/// Every pair's evidence in one organization, plus its delivery rate.
/// `P` is how the caller names a person: `PersonId` in the application, a
/// dense `u32` in the benchmark.
/// It serializes whole (settings included) for a retention checkpoint.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(
    serialize = "P: Serialize + Eq + Hash",
    deserialize = "P: Deserialize<'de> + Eq + Hash"
))]
pub struct TrustLedger<P> {
    pub(crate) params: TrustParams,
    pub(crate) rates: Rates,
    pub(crate) pairs: FxHashMap<(P, P), PairState>,
    pub(crate) records: FxHashMap<DelegationRef, OutcomeRecord<P>>,
    pub(crate) rate: DeliveryRate,
}

impl<P: Copy + Eq + Hash> TrustLedger<P> {
    /// An empty ledger. `params` should have passed
    /// [`TrustParams::validate`]; invalid ones give meaningless scores.
    pub fn new(params: TrustParams) -> Self {
        let rates = params.rates();
        Self {
            params,
            rates,
            pairs: FxHashMap::default(),
            records: FxHashMap::default(),
            rate: DeliveryRate::default(),
        }
    }

    /// Rebuilds the state from a whole history: exactly `apply` in order.
    pub fn replay(params: TrustParams, events: impl IntoIterator<Item = Event<P>>) -> Self {
        let mut ledger = Self::new(params);
        ledger.apply_all(events);
        ledger
    }

    /// Applies events in order: exactly [`TrustLedger::apply`] on each.
    pub fn apply_all(&mut self, events: impl IntoIterator<Item = Event<P>>) {
        let mut batch: Vec<Event<P>> = Vec::with_capacity(BATCH);
        for e in events {
            batch.push(e);
            if batch.len() == BATCH {
                self.apply_batch(&batch);
                batch.clear();
            }
        }
        self.apply_batch(&batch);
    }

    /// Applies a slice of events in order.
    pub fn apply_slice(&mut self, events: &[Event<P>]) {
        for batch in events.chunks(BATCH) {
            self.apply_batch(batch);
        }
    }

    /// With millions of pairs every event's pair is a cache miss. Looking
    /// all of a batch's pairs up first lets the processor wait for those
    /// misses together rather than one after another; the updates that
    /// follow find their pairs in cache. The look-ups change nothing.
    fn apply_batch(&mut self, batch: &[Event<P>]) {
        let mut touched = 0u32;
        for e in batch {
            touched ^= self.pairs.get(&(e.from, e.to)).map_or(0, |st| st.last);
        }
        std::hint::black_box(touched);
        for e in batch {
            self.apply(e);
        }
    }

    /// Makes room for `pairs` more pairs, to avoid rehashing during a replay.
    pub fn reserve_pairs(&mut self, pairs: usize) {
        self.pairs.reserve(pairs);
    }

    /// The settings this ledger scores with.
    pub fn params(&self) -> &TrustParams {
        &self.params
    }

    /// Number of ordered pairs with any history.
    pub fn pair_count(&self) -> usize {
        self.pairs.len()
    }

    /// Learns from one event in constant time. An event older than the
    /// pair's latest one counts as of that latest time: decay never runs
    /// backwards, so late arrivals weigh slightly more, never less.
    pub fn apply(&mut self, event: &Event<P>) {
        if event.from == event.to {
            return; // nobody builds trust with themselves
        }
        let rates = self.rates;
        let at = event.at;
        let st = self
            .pairs
            .entry((event.from, event.to))
            .or_insert(PairState::EMPTY);
        let (fr, fs) = st.factors(&rates, at);
        let mut r = f64::from(st.r) * fr;
        let mut s = f64::from(st.s) * fs;
        let reliance = f64::from(st.reliance) * fr;
        let mut relied = 0.0;
        let p = &self.params;
        match event.kind {
            EventKind::Delegated | EventKind::HelpAsked => relied = 1.0,
            EventKind::Declined
            | EventKind::HandedBack
            | EventKind::Expired
            | EventKind::Interaction => {}
            EventKind::HelpResolved { helped } => {
                if helped {
                    r += p.help_weight;
                }
            }
            EventKind::CheckInRevealed { count_on } => {
                let v = (f64::from(count_on.clamp(1, 5)) - 3.0) / 2.0;
                r += p.check_in_weight * (1.0 + v) / 2.0;
                s += p.check_in_weight * (1.0 - v) / 2.0;
            }
            EventKind::Completed {
                delegation,
                stakes,
                outcome,
                stretch,
                second_chance_of,
            } => {
                let w = p.stakes_weight(stakes);
                let mut record = OutcomeRecord {
                    from: event.from,
                    to: event.to,
                    at: at.0,
                    r_added: 0.0,
                    s_added: 0.0,
                    credit: 0.0,
                    prev_miss: st.last_miss,
                    was_miss: false,
                };
                match outcome {
                    Outcome::Delivered => {
                        r += w;
                        record.credit = 1.0;
                        if let Some(miss) = second_chance_of {
                            s -= redeem(&mut self.records, miss, event, &rates, p);
                        }
                    }
                    Outcome::Partly => {
                        r += w / 2.0;
                        s += w / 2.0;
                        record.r_added = (w / 2.0) as f32;
                        record.s_added = (w / 2.0) as f32;
                        record.credit = 0.5;
                    }
                    Outcome::Missed => {
                        let recent = st.last_miss != NEVER
                            && at.minutes_since(Time(st.last_miss)) <= rates.grace_window;
                        let g = if recent { 1.0 } else { p.grace };
                        let stretch = if stretch { p.stretch_miss_factor } else { 1.0 };
                        let amount = w * p.miss_weight * g * stretch;
                        s += amount;
                        record.s_added = amount as f32;
                        record.was_miss = true;
                        st.last_miss = if st.last_miss == NEVER {
                            at.0
                        } else {
                            st.last_miss.max(at.0)
                        };
                    }
                }
                add_outcome(&mut self.rate, &rates, at, f64::from(record.credit), 1.0);
                if outcome != Outcome::Delivered {
                    self.records.insert(delegation, record);
                }
            }
            EventKind::Disputed { delegation } => {
                if let Some(rec) = self.records.get(&delegation).copied()
                    && rec.from == event.from
                    && rec.to == event.to
                {
                    self.records.remove(&delegation);
                    let dt = at.minutes_since(Time(rec.at));
                    r -= f64::from(rec.r_added) * Rates::decay(rates.positive, dt);
                    s -= f64::from(rec.s_added) * Rates::decay(rates.negative, dt);
                    if rec.was_miss && st.last_miss == rec.at {
                        st.last_miss = rec.prev_miss;
                    }
                    let decay = Rates::decay(rates.positive, at.minutes_since(Time(rec.at)));
                    add_outcome(
                        &mut self.rate,
                        &rates,
                        at,
                        -f64::from(rec.credit) * decay,
                        -decay,
                    );
                    self.rate.count = self.rate.count.saturating_sub(1);
                }
            }
        }
        // Subtractions can leave a hair below zero through rounding.
        st.r = r.max(0.0) as f32;
        st.s = s.max(0.0) as f32;
        st.reliance = (reliance + relied) as f32;
        note_interaction(st, at.0);
    }
}

/// Halves (by `second_chance_relief`) what remains of a linked miss and
/// returns how much negative evidence that removes now.
fn redeem<P: Copy + Eq>(
    records: &mut FxHashMap<DelegationRef, OutcomeRecord<P>>,
    miss: DelegationRef,
    event: &Event<P>,
    rates: &Rates,
    p: &TrustParams,
) -> f64 {
    let Some(rec) = records.get_mut(&miss) else {
        return 0.0;
    };
    if !rec.was_miss || rec.from != event.from || rec.to != event.to {
        return 0.0;
    }
    let dt = event.at.minutes_since(Time(rec.at));
    let remaining = f64::from(rec.s_added) * Rates::decay(rates.negative, dt);
    // What stays recorded is what a later dispute would still take back.
    rec.s_added = (f64::from(rec.s_added) * (1.0 - p.second_chance_relief)) as f32;
    remaining * p.second_chance_relief
}

/// Adds (or, with negative amounts, removes) one outcome from the
/// organization's delivery rate, decaying it lazily like pair evidence.
fn add_outcome(rate: &mut DeliveryRate, rates: &Rates, at: Time, credit: f64, outcome: f64) {
    let f = Rates::decay(rates.positive, at.minutes_since(Time(rate.at)));
    rate.delivered = (rate.delivered * f + credit).max(0.0);
    rate.outcomes = (rate.outcomes * f + outcome).max(0.0);
    rate.at = rate.at.max(at.0);
    if outcome > 0.0 {
        rate.count = rate.count.saturating_add(1);
    }
}

/// Keeps the two latest interaction times and the decay reference.
fn note_interaction(st: &mut PairState, at: u32) {
    if st.last == NEVER {
        st.last = at;
    } else if at >= st.last {
        st.prev = st.last;
        st.last = at;
    } else if st.prev == NEVER || at > st.prev {
        st.prev = at;
    }
}
