//! The weekly budget, dismissals, snoozes, determinism, and replay of
//! `NudgeFacts`.

use proptest::prelude::*;
use rapport_core::analytics::synth::{SynthParams, synthesize};
use rapport_core::nudges::*;
use rapport_core::trust::*;

use super::nudge_support::*;
use super::trust_properties::history;

/// Five candidates of different keys.
fn five() -> Vec<Nudge<u32, u32>> {
    (0..5)
        .map(|k| Nudge {
            kind: NudgeKind::FirstTrust,
            subject: Some(k),
            key: format!("k{k}"),
            skill: None,
            since: None,
            delegation: None,
            learn: None,
        })
        .collect()
}

fn issued(key: &str, at: Time, state: IssuedState) -> Issued {
    Issued {
        key: key.into(),
        first_shown_at: at,
        state,
    }
}

fn keys(s: &Selection<u32, u32>) -> Vec<&str> {
    s.show.iter().map(|n| n.key.as_str()).collect()
}

/// A Monday, and the same week's Thursday.
fn monday() -> Time {
    week_start(day(0.0))
}

fn plus_days(t: Time, d: f64) -> Time {
    Time(t.0 + (d * 1440.0) as u32)
}

/// The weekly limit caps distinct nudges shown in a week, new ones first
/// issued only within it.
#[test]
fn the_weekly_limit_caps_what_a_person_is_shown_in_a_week() {
    let now = plus_days(monday(), 1.0);
    let first = select(five(), &[], now, 3);
    assert_eq!(keys(&first), ["k0", "k1", "k2"]);
    assert_eq!(first.newly_issued, ["k0", "k1", "k2"]);

    // Later the same week: the same three, nothing new; one dismissed
    // still counts for this week.
    let stored: Vec<_> = ["k0", "k1", "k2"]
        .map(|k| issued(k, now, IssuedState::Open))
        .to_vec();
    let later = plus_days(now, 2.0);
    assert_eq!(keys(&select(five(), &stored, later, 3)), ["k0", "k1", "k2"]);
    let mut one_gone = stored.clone();
    one_gone[1].state = IssuedState::Dismissed;
    let again = select(five(), &one_gone, later, 3);
    assert_eq!(keys(&again), ["k0", "k2"]);
    assert!(again.newly_issued.is_empty());

    // Next week: the two open ones carry over first, one new one fills.
    let next = plus_days(monday(), 8.0);
    let week2 = select(five(), &one_gone, next, 3);
    assert_eq!(keys(&week2), ["k0", "k2", "k3"]);
    assert_eq!(week2.newly_issued, ["k3"]);
    assert_eq!(week_start(next), plus_days(monday(), 7.0));
}

/// Dismissed and done nudges never come back, however many weeks pass.
#[test]
fn a_dismissed_or_done_nudge_is_never_shown_again() {
    let at = monday();
    let stored = [
        issued("k0", at, IssuedState::Dismissed),
        issued("k1", at, IssuedState::Done),
    ];
    for weeks in [0.0, 1.0, 52.0] {
        let s = select(five(), &stored, plus_days(at, 7.0 * weeks + 1.0), 3);
        assert!(!keys(&s).contains(&"k0") && !keys(&s).contains(&"k1"));
    }
}

/// A snoozed nudge is hidden until its time, then shown again.
#[test]
fn a_snoozed_nudge_is_hidden_until_its_time() {
    let at = monday();
    let until = plus_days(at, 3.0);
    let stored = [issued("k0", at, IssuedState::Snoozed { until })];
    let before = select(five(), &stored, plus_days(at, 2.0), 3);
    assert_eq!(keys(&before), ["k1", "k2"]);
    let after = select(five(), &stored, until, 3);
    assert_eq!(keys(&after)[0], "k0");
}

/// An issued nudge whose rule no longer holds is not shown: here the
/// viewer delegated to the teammate they were nudged to trust.
#[test]
fn an_issued_nudge_whose_candidate_is_gone_is_not_shown() {
    let ctx = org();
    let now = day(1.0);
    let facts = NudgeFacts::replay([]);
    let shown = select(candidates(ME, &ctx, &facts, now), &[], now, 3);
    let stored: Vec<_> = shown
        .newly_issued
        .iter()
        .map(|k| issued(k, now, IssuedState::Open))
        .collect();
    let facts = NudgeFacts::replay([ev(1.0, ME, MATE, EventKind::Delegated)]);
    let later = select(candidates(ME, &ctx, &facts, now), &stored, now, 3);
    assert!(later.show.iter().all(|n| n.subject != Some(MATE)));
    assert!(later.show.iter().any(|n| n.subject == Some(MATE2)));
}

/// Same inputs, same nudges in the same order, whatever order the context
/// was built in; kinds come in priority order.
#[test]
fn candidates_are_deterministic_and_in_priority_order() {
    let people = |rev: bool| {
        let mut v: Vec<_> = (1..40u32)
            .map(|p| PersonContext {
                person: p,
                team: Some(p % 3),
                profile: Profile {
                    strengths: vec![p % 7, 10 + p % 5],
                    shared_growth: vec![p % 5],
                },
            })
            .collect();
        if rev {
            v.reverse();
        }
        NudgeContext::new(v)
    };
    let org = synthesize(&SynthParams {
        people: 40,
        ties: 400,
        seed: 3,
    });
    let mut facts = NudgeFacts::new();
    org.events(|c| facts.apply_slice(c));
    let now = org.end();
    for p in 1..40 {
        let a = candidates(p, &people(false), &facts, now);
        assert_eq!(a, candidates(p, &people(true), &facts, now));
        assert!(a.windows(2).all(|w| w[0].kind <= w[1].kind));
        assert!(!a.is_empty());
    }
}

proptest! {
    /// Replaying a history equals applying it event by event, and applying
    /// it in slices.
    #[test]
    fn nudge_facts_replay_equals_one_by_one_application(h in history()) {
        let replayed = NudgeFacts::replay(h.iter().copied());
        let mut live = NudgeFacts::new();
        for e in &h {
            live.apply(e);
        }
        let mut sliced = NudgeFacts::new();
        sliced.apply_slice(&h);
        prop_assert_eq!(&replayed, &live);
        prop_assert_eq!(&replayed, &sliced);
    }
}

/// The benchmark's history gives the same facts however it is fed.
#[test]
fn nudge_facts_of_the_synthetic_history_replay_to_the_same_state() {
    let org = synthesize(&SynthParams {
        people: 300,
        ties: 4_000,
        seed: 7,
    });
    let mut all = Vec::new();
    org.events(|c| all.extend_from_slice(c));
    let mut sliced = NudgeFacts::new();
    org.events(|c| sliced.apply_slice(c));
    assert_eq!(NudgeFacts::replay(all), sliced);
    assert!(sliced.pair_count() > 2_000, "{}", sliced.pair_count());
}
