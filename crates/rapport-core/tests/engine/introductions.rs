//! Introduction rounds over generated organizations, and topics.

use proptest::prelude::*;
use rapport_core::introductions::*;
use rapport_core::nudges::NudgeFacts;
use rapport_core::trust::*;

/// A generated organization and what a round is given.
#[derive(Debug, Clone)]
struct Org {
    people: Vec<PairingPerson<u32>>,
    events: Vec<Event<u32>>,
    recent: Vec<(u32, u32)>,
    blocked: Vec<(u32, u32)>,
}

const NOW: Time = Time(1_000_000);

fn org() -> impl Strategy<Value = Org> {
    (2u32..60).prop_flat_map(|n| {
        let person = (0u32..4, prop::bool::weighted(0.85), 0u8..10);
        let pairs = || prop::collection::vec((0..n, 0..n), 0..(n as usize));
        (
            prop::collection::vec(person, n as usize),
            prop::collection::vec((0..n, 0..n, 1u32..5), 0..(2 * n as usize)),
            pairs(),
            pairs(),
        )
            .prop_map(move |(ps, ties, recent, blocked)| Org {
                people: ps
                    .into_iter()
                    .enumerate()
                    .map(|(i, (team, opted_in, snooze))| PairingPerson {
                        person: i as u32,
                        team: (team > 0).then_some(team),
                        opted_in,
                        // 0: snoozed; 1: snooze over; otherwise none.
                        snoozed_until: match snooze {
                            0 => Some(Time(NOW.0 + 10)),
                            1 => Some(Time(NOW.0 - 10)),
                            _ => None,
                        },
                    })
                    .collect(),
                events: ties
                    .into_iter()
                    .flat_map(|(a, b, k)| {
                        (0..k).map(move |t| Event {
                            at: Time(t),
                            from: a,
                            to: b,
                            kind: EventKind::Interaction,
                        })
                    })
                    .collect(),
                recent,
                blocked,
            })
    })
}

/// A round's pairs and what it was given: facts, recent pairs, blocks.
type Round = (Vec<(u32, u32)>, NudgeFacts<u32>, PairSet<u32>, PairSet<u32>);

fn run(o: &Org, seed: u64) -> Round {
    let facts = NudgeFacts::replay(o.events.iter().copied());
    let recent: PairSet<u32> = o.recent.iter().copied().collect();
    let blocked: PairSet<u32> = o.blocked.iter().copied().collect();
    let input = PairingInput {
        people: &o.people,
        facts: &facts,
        recent: &recent,
        blocked: &blocked,
        now: NOW,
    };
    let pairs = pair(&input, seed);
    assert_eq!(pairs, pair(&input, seed), "deterministic for a seed");
    (pairs, facts, recent, blocked)
}

proptest! {
    /// Only opted-in, non-snoozed people; nobody with themselves or twice;
    /// never a blocked, recent or strong-tie pair; the same every time.
    #[test]
    fn a_round_pairs_only_eligible_people_once_and_never_forbidden_pairs(o in org(), seed in any::<u64>()) {
        let (pairs, facts, recent, blocked) = run(&o, seed);
        let eligible = |p: u32| {
            let x = &o.people[p as usize];
            x.opted_in && x.snoozed_until.is_none_or(|t| t <= NOW)
        };
        let mut seen = std::collections::HashSet::new();
        for &(a, b) in &pairs {
            prop_assert!(a != b);
            prop_assert!(eligible(a) && eligible(b));
            prop_assert!(seen.insert(a) && seen.insert(b), "someone paired twice");
            prop_assert!(!blocked.contains(b, a) && !recent.contains(b, a));
            prop_assert!(facts.interactions(a, b) < STRONG_TIE_INTERACTIONS);
        }
    }

    /// Cross-team preferred: when someone is paired inside their team, no
    /// acceptable partner from another team was still free at that point.
    /// (Exact while at most `SCAN_ALL_UP_TO` people are free, as here;
    /// above that each person looks at a sample.)
    #[test]
    fn a_pair_inside_a_team_means_no_free_cross_team_partner_was_acceptable(o in org(), seed in any::<u64>()) {
        let (pairs, facts, recent, blocked) = run(&o, seed);
        let team = |p: u32| o.people[p as usize].team;
        let eligible = |p: u32| {
            let x = &o.people[p as usize];
            x.opted_in && x.snoozed_until.is_none_or(|t| t <= NOW)
        };
        let acceptable = |a: u32, b: u32| a != b && !blocked.contains(a, b) && !recent.contains(a, b)
            && facts.interactions(a, b) < STRONG_TIE_INTERACTIONS;
        for (i, &(u, v)) in pairs.iter().enumerate() {
            if team(u).is_none() || team(u) != team(v) {
                continue;
            }
            let taken: Vec<u32> = pairs[..=i].iter().flat_map(|&(a, b)| [a, b]).collect();
            for w in 0..o.people.len() as u32 {
                if eligible(w) && !taken.contains(&w) && team(w) != team(u) {
                    prop_assert!(!acceptable(u, w), "{u} paired with teammate {v} while {w} was free");
                }
            }
        }
    }
}

/// In a large organization (sampling, not scanning), almost everyone is
/// paired and almost every pair crosses teams.
#[test]
fn a_large_round_pairs_almost_everyone_across_teams() {
    let people: Vec<_> = (0..5_000u32)
        .map(|p| PairingPerson {
            person: p,
            team: Some(p % 50),
            opted_in: true,
            snoozed_until: None,
        })
        .collect();
    let facts = NudgeFacts::new();
    let none = PairSet::new();
    let input = PairingInput {
        people: &people,
        facts: &facts,
        recent: &none,
        blocked: &none,
        now: NOW,
    };
    let pairs = pair(&input, 1);
    assert!(pairs.len() >= 2_490, "{} pairs", pairs.len());
    let inside = pairs.iter().filter(|(a, b)| a % 50 == b % 50).count();
    assert!(inside * 100 < pairs.len(), "{inside} inside teams");
    assert_ne!(pairs, pair(&input, 2), "another seed, another round");
}

/// Topics: growth matches both ways first, then shared strengths, then
/// each one's strengths; a skill once; an unshared growth area is absent.
#[test]
fn topics_put_what_one_can_teach_the_other_first() {
    let a = Profile {
        strengths: vec![1, 2, 3],
        shared_growth: vec![7],
    };
    let b = Profile {
        strengths: vec![3, 7, 9],
        shared_growth: vec![2],
    };
    let t: Vec<_> = topics(&a, &b)
        .into_iter()
        .map(|t| (t.kind, t.skill))
        .collect();
    assert_eq!(
        t,
        [
            (TopicKind::AHelpsB, 2),
            (TopicKind::BHelpsA, 7),
            (TopicKind::SharedStrength, 3),
            (TopicKind::AStrength, 1),
            (TopicKind::BStrength, 9),
        ]
    );
    let nothing: Profile<u32> = Profile::default();
    assert!(topics(&nothing, &nothing).is_empty());
}
