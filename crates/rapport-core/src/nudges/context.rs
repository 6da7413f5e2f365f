//! What the application loads from the database for nudges: teams, skills,
//! pending introductions, open check-ins and course hints.

use std::hash::Hash;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::facts::ordered;
use super::nudge::LearnHint;
use crate::trust::Time;

/// What a person can help with and wants to grow in. Growth areas reach the
/// core only when their owner shared them: the caller leaves unshared ones
/// out, so nothing here can leak them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Profile<S> {
    pub strengths: Vec<S>,
    pub shared_growth: Vec<S>,
}

/// One person as the application knows them. `team` is any number the
/// caller assigns per team: it is only compared, never shown or stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonContext<P, S> {
    pub person: P,
    pub team: Option<u32>,
    pub profile: Profile<S>,
}

/// The data nudges need besides the events, indexed once so that each
/// person's nudges read only their own team and skills.
#[derive(Debug, Clone, Default)]
pub struct NudgeContext<P: Eq + Hash, S: Eq + Hash> {
    people: FxHashMap<P, (Option<u32>, Profile<S>)>,
    /// Members of each team, sorted.
    members: FxHashMap<u32, Vec<P>>,
    /// People strong in each skill, sorted.
    holders: FxHashMap<S, Vec<P>>,
    introductions: FxHashMap<P, Vec<(P, Time)>>,
    open_check_ins: FxHashMap<(P, P), Time>,
    learn: FxHashMap<P, LearnHint>,
}

impl<P, S> NudgeContext<P, S>
where
    P: Copy + Eq + Hash + Ord,
    S: Copy + Eq + Hash + Ord,
{
    /// Indexes the people. Later entries for the same person replace
    /// earlier ones; the result does not depend on the input's order.
    pub fn new(people: impl IntoIterator<Item = PersonContext<P, S>>) -> Self {
        let mut map: FxHashMap<P, (Option<u32>, Profile<S>)> = FxHashMap::default();
        for pc in people {
            let mut profile = pc.profile;
            for list in [&mut profile.strengths, &mut profile.shared_growth] {
                list.sort_unstable();
                list.dedup();
            }
            map.insert(pc.person, (pc.team, profile));
        }
        let mut members: FxHashMap<u32, Vec<P>> = FxHashMap::default();
        let mut holders: FxHashMap<S, Vec<P>> = FxHashMap::default();
        for (&p, (team, profile)) in &map {
            if let Some(t) = team {
                members.entry(*t).or_default().push(p);
            }
            for &s in &profile.strengths {
                holders.entry(s).or_default().push(p);
            }
        }
        members.values_mut().for_each(|v| v.sort_unstable());
        holders.values_mut().for_each(|v| v.sort_unstable());
        Self {
            people: map,
            members,
            holders,
            introductions: FxHashMap::default(),
            open_check_ins: FxHashMap::default(),
            learn: FxHashMap::default(),
        }
    }

    /// A pending introduction of `viewer` to `partner`, proposed at `at`.
    /// Add it for each side that has not answered yet.
    pub fn add_introduction(&mut self, viewer: P, partner: P, at: Time) {
        self.introductions
            .entry(viewer)
            .or_default()
            .push((partner, at));
    }

    /// An open check-in between `a` and `b`, started at `started`.
    pub fn add_open_check_in(&mut self, a: P, b: P, started: Time) {
        let slot = self.open_check_ins.entry(ordered(a, b)).or_insert(started);
        *slot = (*slot).max(started);
    }

    /// The course part suggested to `person`.
    pub fn set_learn_hint(&mut self, person: P, hint: LearnHint) {
        self.learn.insert(person, hint);
    }

    pub(crate) fn team(&self, p: P) -> Option<u32> {
        self.people.get(&p).and_then(|(t, _)| *t)
    }

    pub(crate) fn profile(&self, p: P) -> Option<&Profile<S>> {
        self.people.get(&p).map(|(_, profile)| profile)
    }

    pub(crate) fn members(&self, team: u32) -> &[P] {
        self.members.get(&team).map_or(&[], |v| &v[..])
    }

    pub(crate) fn holders(&self, skill: S) -> &[P] {
        self.holders.get(&skill).map_or(&[], |v| &v[..])
    }

    pub(crate) fn introductions(&self, p: P) -> &[(P, Time)] {
        self.introductions.get(&p).map_or(&[], |v| &v[..])
    }

    pub(crate) fn open_check_in(&self, a: P, b: P) -> Option<Time> {
        self.open_check_ins.get(&ordered(a, b)).copied()
    }

    pub(crate) fn learn_hint(&self, p: P) -> Option<&LearnHint> {
        self.learn.get(&p)
    }
}
