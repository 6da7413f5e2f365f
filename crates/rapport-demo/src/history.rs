//! Six months of believable history for a demo organization, so that every
//! page of the app has something real to show: delegations with outcomes,
//! declines, hand-backs and second chances; help requests; thanks.
//!
//! Pure and deterministic like [`super::generate`]: ChaCha8, every range
//! sampled as `u32`, `u64` or `f64`, no hash map. No clock either: every
//! time is in days before now (negative = in the future). The work is linear
//! in the number of people and each person's activity is capped, so a
//! company of any size stays bounded.

use super::history_words::*;
use super::{DemoOrg, DemoRng, below, pick};
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;

mod delegations;
mod help;
#[cfg(test)]
mod tests;

/// The history covers 26 weeks.
const SPAN: f64 = 182.0;
/// Items created this recently may still be open.
const RECENT: f64 = 14.0;
/// The most delegations anyone starts (the end of the heavy tail).
const MAX_DELEGATIONS: f64 = 40.0;

#[derive(Debug, Clone, PartialEq)]
pub struct DemoHistory {
    /// Oldest first; a second chance comes after the miss it follows.
    pub delegations: Vec<DemoDelegation>,
    pub help: Vec<DemoHelp>,
    pub thanks: Vec<DemoThanks>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoDelegation {
    pub from: usize,
    pub to: usize,
    pub title: String,
    pub details: String,
    pub stakes: &'static str,
    pub created_days_ago: f64,
    pub due_days_ago: Option<f64>,
    pub status: &'static str,
    pub stretch: bool,
    pub outcome: Option<&'static str>,
    pub completed_days_ago: Option<f64>,
    pub from_note: String,
    pub to_note: String,
    pub disputed: bool,
    pub dispute_note: String,
    pub second_chance_of: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoHelp {
    pub asker: usize,
    pub skill: String,
    pub text: String,
    pub audience: &'static str,
    pub helper: Option<usize>,
    pub offer_text: String,
    pub status: &'static str,
    pub helped: Option<bool>,
    pub created_days_ago: f64,
    pub resolved_days_ago: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoThanks {
    pub from: usize,
    pub to: usize,
    pub message: String,
    pub visibility: &'static str,
    pub days_ago: f64,
    pub delegation: Option<usize>,
    pub help: Option<usize>,
}

/// Generates the history of `org` from `seed`; the same pair gives the same history.
pub fn history(org: &DemoOrg, seed: u64) -> DemoHistory {
    let mut rng = DemoRng::seed_from_u64(seed ^ 0x6869_7374_6f72_7921);
    let world = World::new(org);
    let mut help = Vec::with_capacity(org.people.len() * 4);
    for asker in 0..org.people.len() {
        world.help_of(&mut rng, asker, &mut help);
    }
    let mut delegations = Vec::with_capacity(org.people.len() * 8);
    if org.people.len() >= 2 {
        for from in 0..org.people.len() {
            world.delegations_of(&mut rng, from, &mut delegations);
        }
        world.spotlight(&mut rng, &mut delegations);
        world.returned_favours(&mut rng, &help, &mut delegations);
        world.second_chances(&mut rng, &mut delegations);
    }
    let mut out = DemoHistory {
        delegations: chronological(delegations),
        help,
        thanks: Vec::with_capacity(org.people.len() * 3),
    };
    world.thanks(&mut rng, &mut out);
    out
}

/// The company, indexed for the questions the generator asks.
struct World<'a> {
    org: &'a DemoOrg,
    members: Vec<Vec<usize>>,
    reports: Vec<Vec<usize>>,
    /// By skill (index into `org.skills`): who has it among their strengths.
    strong: Vec<Vec<usize>>,
    skill_index: BTreeMap<&'a str, usize>,
    /// By team: the kind of work its department does.
    area: Vec<&'static Area>,
}

impl<'a> World<'a> {
    fn new(org: &'a DemoOrg) -> Self {
        let mut members = vec![Vec::new(); org.teams.len()];
        let mut reports = vec![Vec::new(); org.people.len()];
        let skill_index: BTreeMap<&str, usize> = org
            .skills
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i))
            .collect();
        let mut strong = vec![Vec::new(); org.skills.len()];
        for (i, p) in org.people.iter().enumerate() {
            members[p.team].push(i);
            if let Some(m) = p.manager {
                reports[m].push(i);
            }
            for s in &p.strengths {
                if let Some(&k) = skill_index.get(s.as_str()) {
                    strong[k].push(i);
                }
            }
        }
        let area = (0..org.teams.len())
            .map(|mut root| {
                while let Some(parent) = org.teams[root].parent {
                    root = parent;
                }
                let name = org.teams[root].name.as_str();
                AREAS
                    .iter()
                    .find(|a| a.department == name)
                    .unwrap_or(&GENERAL)
            })
            .collect();
        World {
            org,
            members,
            reports,
            strong,
            skill_index,
            area,
        }
    }

    /// Someone `from` would delegate to: a report, a teammate, or anyone.
    /// `None` only when `from` is alone in the company.
    fn delegate_for(&self, rng: &mut DemoRng, from: usize) -> Option<usize> {
        let n = self.org.people.len();
        if n < 2 {
            return None;
        }
        let reports = &self.reports[from];
        let mates = &self.members[self.org.people[from].team];
        let roll = rng.gen_range(0u32..100);
        if !reports.is_empty() && roll < 45 {
            return Some(pick(rng, reports));
        }
        if mates.len() > 1 && roll < 82 {
            // `from` is in `mates` once, so it is swapped for the one index never drawn.
            let k = below(rng, mates.len() - 1);
            return Some(if mates[k] == from {
                mates[mates.len() - 1]
            } else {
                mates[k]
            });
        }
        let other = below(rng, n - 1);
        Some(if other >= from { other + 1 } else { other })
    }
}

/// Joins `parts` with spaces and replaces each `{key}` by its word; an
/// unknown key stays as it is.
fn fill(parts: &[&str], words: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len() + 12).sum());
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let mut rest = *part;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let key = after.find('}').map(|close| (close, &after[..close]));
            match key.and_then(|(close, k)| words.iter().find(|w| w.0 == k).map(|w| (close, w.1))) {
                Some((close, word)) => {
                    out.push_str(word);
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
    }
    out
}

/// Sorts delegations oldest first and points each second chance at the
/// miss's new index (a miss is created before its second chance, so it
/// still comes earlier).
fn chronological(mut list: Vec<DemoDelegation>) -> Vec<DemoDelegation> {
    let mut keys: Vec<(f64, usize)> = list
        .iter()
        .enumerate()
        .map(|(i, d)| (d.created_days_ago, i))
        .collect();
    keys.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    // `position[i]`: where the delegation now at `i` belongs.
    let mut position = vec![0; list.len()];
    for (new, &(_, old)) in keys.iter().enumerate() {
        position[old] = new;
    }
    for d in &mut list {
        d.second_chance_of = d.second_chance_of.map(|old| position[old]);
    }
    // Follow the cycles of the permutation: each swap puts one item in place.
    for i in 0..list.len() {
        while position[i] != i {
            let j = position[i];
            list.swap(i, j);
            position.swap(i, j);
        }
    }
    list
}
