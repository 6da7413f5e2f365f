//! One round of introductions: pairs of people with no or weak ties,
//! across teams where possible.
//!
//! People with the fewest ties choose first (they gain the most from a new
//! acquaintance), each picking among a bounded sample of the people still
//! free: an acceptable partner from another team if the sample has one,
//! the one with fewest ties first, else one from their own team. When few
//! people are left free the sample is all of them, so a small organization
//! gets an exact search. No step looks at every pair: a round costs about
//! `n · SAMPLES` look-ups.

use std::hash::Hash;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rustc_hash::FxHashSet;

use crate::nudges::{NudgeFacts, mix, spread};
use crate::trust::Time;

/// Two people with this many interactions (both directions, all time) or
/// more already know each other: a tie, in the trust model's sense, needs
/// two interactions, so three is clearly more than a weak tie.
pub const STRONG_TIE_INTERACTIONS: u32 = 3;
/// Candidates each person looks at while many people are free.
pub const SAMPLES: usize = 32;
/// With this many people free or fewer, each looks at all of them.
pub const SCAN_ALL_UP_TO: usize = 256;

/// One person who might be introduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairingPerson<P> {
    pub person: P,
    /// Compared only; any number the caller assigns per team.
    pub team: Option<u32>,
    /// Introductions are opt-in.
    pub opted_in: bool,
    /// Snoozed introductions until then (included again from that moment).
    pub snoozed_until: Option<Time>,
}

/// Unordered pairs of people: recent introductions, "don't pair me with".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairSet<P: Eq + Hash>(FxHashSet<(P, P)>);

impl<P: Copy + Eq + Hash + Ord> Default for PairSet<P> {
    fn default() -> Self {
        Self(FxHashSet::default())
    }
}

impl<P: Copy + Eq + Hash + Ord> PairSet<P> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `{a, b}`; the order does not matter.
    pub fn insert(&mut self, a: P, b: P) {
        self.0.insert(if a <= b { (a, b) } else { (b, a) });
    }

    pub fn contains(&self, a: P, b: P) -> bool {
        self.0.contains(&if a <= b { (a, b) } else { (b, a) })
    }
}

impl<P: Copy + Eq + Hash + Ord> FromIterator<(P, P)> for PairSet<P> {
    fn from_iter<I: IntoIterator<Item = (P, P)>>(iter: I) -> Self {
        let mut set = Self::new();
        for (a, b) in iter {
            set.insert(a, b);
        }
        set
    }
}

/// Everything a round needs.
#[derive(Debug, Clone, Copy)]
pub struct PairingInput<'a, P: Eq + Hash> {
    pub people: &'a [PairingPerson<P>],
    /// Interaction counts and each person's number of partners.
    pub facts: &'a NudgeFacts<P>,
    /// Pairs introduced recently: never repeated.
    pub recent: &'a PairSet<P>,
    /// "Don't pair me with", either way round.
    pub blocked: &'a PairSet<P>,
    pub now: Time,
}

/// One round: pairs in the order they were made, the person who chose
/// first in each. Each eligible person is in at most one pair; the same
/// input and seed give the same pairs.
pub fn pair<P: Copy + Eq + Hash + Ord>(input: &PairingInput<'_, P>, seed: u64) -> Vec<(P, P)> {
    let people = eligible(input, seed);
    let acceptable = |u: &Candidate<P>, v: &Candidate<P>| {
        u.person != v.person
            && !input.blocked.contains(u.person, v.person)
            && !input.recent.contains(u.person, v.person)
            && input.facts.interactions(u.person, v.person) < STRONG_TIE_INTERACTIONS
    };
    // `free` holds the people not yet paired nor done choosing; `pos` finds
    // them in it, so that removing one is a swap.
    let mut free: Vec<u32> = (0..people.len() as u32).collect();
    let mut pos: Vec<usize> = (0..people.len()).collect();
    let take = |free: &mut Vec<u32>, pos: &mut Vec<usize>, i: u32| {
        let at = pos[i as usize];
        let last = free.len() - 1;
        free.swap(at, last);
        pos[free[at] as usize] = at;
        free.pop();
        pos[i as usize] = usize::MAX;
    };
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut pairs = Vec::new();
    let mut sample: Vec<u32> = Vec::with_capacity(SCAN_ALL_UP_TO);
    for u in 0..people.len() as u32 {
        if pos[u as usize] == usize::MAX {
            continue;
        }
        take(&mut free, &mut pos, u);
        sample.clear();
        if free.len() <= SCAN_ALL_UP_TO {
            sample.extend_from_slice(&free);
        } else {
            sample.extend((0..SAMPLES).map(|_| free[rng.gen_range(0..free.len())]));
        }
        let me = &people[u as usize];
        // Other teams first, then fewest ties, then the seeded order.
        let rank = |&v: &u32| {
            let c = &people[v as usize];
            (c.team.is_some() && c.team == me.team, v)
        };
        sample.sort_unstable_by_key(rank);
        sample.dedup();
        if let Some(&v) = sample
            .iter()
            .find(|&&v| acceptable(me, &people[v as usize]))
        {
            take(&mut free, &mut pos, v);
            pairs.push((me.person, people[v as usize].person));
        }
    }
    pairs
}

/// A person who takes part in this round.
struct Candidate<P> {
    person: P,
    team: Option<u32>,
}

/// Opted-in, non-snoozed people, each once, ordered by fewest ties, then
/// by a seeded hash (so that rounds differ), then by person. The index in
/// this order is also the tie-break inside a sample, which is why `rank`
/// can compare indices.
fn eligible<P: Copy + Eq + Hash + Ord>(
    input: &PairingInput<'_, P>,
    seed: u64,
) -> Vec<Candidate<P>> {
    let mut keyed: Vec<(usize, u64, P, Option<u32>)> = input
        .people
        .iter()
        .filter(|p| p.opted_in && p.snoozed_until.is_none_or(|t| t <= input.now))
        .map(|p| {
            let h = spread(&mix(seed), &p.person);
            (input.facts.partner_count(p.person), h, p.person, p.team)
        })
        .collect();
    keyed.sort_by_key(|a| a.2); // stable: the first entry of a person wins
    keyed.dedup_by(|a, b| a.2 == b.2);
    keyed.sort_unstable_by_key(|a| (a.0, a.1, a.2));
    keyed
        .into_iter()
        .map(|(_, _, person, team)| Candidate { person, team })
        .collect()
}
