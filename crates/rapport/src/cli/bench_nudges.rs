//! The nudge part of `rapport bench trust`: builds `NudgeFacts` from the
//! synthetic history, gives everyone a few skills, then times every
//! person's nudges and one introduction round. The work is `rapport_core`'s.

use std::time::{Duration, Instant};

use rapport_core::analytics::synth::SynthOrg;
use rapport_core::introductions::{PairSet, PairingInput, PairingPerson, pair};
use rapport_core::nudges::{
    DEFAULT_WEEKLY_LIMIT, NudgeContext, NudgeFacts, PersonContext, Profile, candidates, select,
};

/// Skills in the synthetic vocabulary.
const SKILLS: u32 = 200;

/// What the nudge benchmark measured.
#[derive(Debug, Clone, Copy)]
pub struct NudgeReport {
    pub facts: Duration,
    pub nudges: Duration,
    pub introductions: Duration,
    pub nudge_count: u64,
    pub pair_count: usize,
}

/// Runs the nudge measurements on `org`, spreading people over `threads`.
pub fn measure(org: &SynthOrg, seed: u64, threads: usize) -> NudgeReport {
    let mut facts = NudgeFacts::new();
    facts.reserve_pairs(org.ties());
    let mut facts_time = Duration::ZERO;
    org.events(|chunk| {
        let start = Instant::now();
        facts.apply_slice(chunk);
        facts_time += start.elapsed();
    });
    // As the application does after its start-up replay.
    let start = Instant::now();
    facts.lay_out();
    facts_time += start.elapsed();
    let ctx = context(org, seed);
    let now = org.end();
    let n = org.people() as u32;
    let start = Instant::now();
    let per = n.div_ceil(threads.max(1) as u32).max(1);
    let nudge_count: u64 = std::thread::scope(|s| {
        let workers: Vec<_> = (0..n)
            .step_by(per as usize)
            .map(|lo| {
                let (ctx, facts) = (&ctx, &facts);
                s.spawn(move || {
                    (lo..(lo + per).min(n))
                        .map(|p| {
                            let found = candidates(p, ctx, facts, now);
                            select(found, &[], now, DEFAULT_WEEKLY_LIMIT).show.len() as u64
                        })
                        .sum::<u64>()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or(0)).sum()
    });
    let nudges = start.elapsed();

    let people: Vec<_> = (0..n)
        .map(|p| PairingPerson {
            person: p,
            team: Some(org.team_of[p as usize]),
            opted_in: true,
            snoozed_until: None,
        })
        .collect();
    let none = PairSet::new();
    let input = PairingInput {
        people: &people,
        facts: &facts,
        recent: &none,
        blocked: &none,
        now,
    };
    let start = Instant::now();
    let pairs = pair(&input, seed);
    NudgeReport {
        facts: facts_time,
        nudges,
        introductions: start.elapsed(),
        nudge_count,
        pair_count: pairs.len(),
    }
}

/// Teams from the synthetic organization; two or three strengths each and,
/// for half the people, one shared growth area, from a seeded generator
/// (SplitMix64: fixed, so every run and version gets the same skills).
fn context(org: &SynthOrg, seed: u64) -> NudgeContext<u32, u32> {
    let mut state = seed ^ 0x6e75_6467;
    let mut next = |bound: u32| {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % u64::from(bound)) as u32
    };
    let people: Vec<_> = (0..org.people() as u32)
        .map(|p| {
            let k = 2 + next(2);
            let strengths = (0..k).map(|_| next(SKILLS)).collect();
            let shared_growth = if next(2) == 0 {
                vec![next(SKILLS)]
            } else {
                vec![]
            };
            PersonContext {
                person: p,
                team: Some(org.team_of[p as usize]),
                profile: Profile {
                    strengths,
                    shared_growth,
                },
            }
        })
        .collect();
    NudgeContext::new(people)
}
