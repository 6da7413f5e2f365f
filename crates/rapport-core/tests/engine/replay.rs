//! Replay determinism: a history replayed rebuilds bit for bit the state
//! built by applying its events one by one, reads in between or not.

use proptest::prelude::*;
use rapport_core::analytics::synth::{SynthParams, synthesize};
use rapport_core::trust::*;

use super::trust_properties::history;

proptest! {
    /// Replaying a history equals applying it event by event with reads in
    /// between, bit for bit.
    #[test]
    fn replay_equals_one_by_one_application_bit_for_bit(h in history()) {
        let replayed = TrustLedger::replay(TrustParams::default(), h.iter().copied());
        let mut live = TrustLedger::new(TrustParams::default());
        for e in &h {
            live.apply(e);
            // Reads never write back a decayed value.
            let _ = live.relationship(e.from, e.to, Time(e.at.0 + 500_000));
            let _ = live.tie_graph(&[0, 1, 2], Time(e.at.0 + 90_000));
        }
        prop_assert_eq!(replayed.digest(), live.digest());
        for a in 0..3 {
            for b in 0..3 {
                let at = Time(h.last().map_or(0, |e| e.at.0) + 1234);
                let (x, y) = (replayed.opinion(a, b, at), live.opinion(a, b, at));
                prop_assert_eq!(x.trust.to_bits(), y.trust.to_bits());
            }
        }
    }
}

/// The benchmark's synthetic history replays to the same state every time.
#[test]
fn the_synthetic_history_replays_to_the_same_state_every_time() {
    let params = SynthParams {
        people: 300,
        ties: 4_000,
        seed: 7,
    };
    let digest = || {
        let org = synthesize(&params);
        let mut ledger = TrustLedger::new(TrustParams::default());
        org.events(|chunk| ledger.apply_all(chunk.iter().copied()));
        ledger.digest()
    };
    assert_eq!(digest(), digest());
}

/// The synthetic organization has the ties asked for, distinct, mostly
/// inside teams, and its history makes every one of them a tie.
#[test]
fn the_synthetic_organization_has_the_ties_asked_for_mostly_inside_teams() {
    let org = synthesize(&SynthParams {
        people: 2_000,
        ties: 30_000,
        seed: 1,
    });
    let ties: Vec<_> = org.tie_list().collect();
    assert_eq!(ties.len(), 30_000);
    assert!(ties.windows(2).all(|w| w[0] < w[1]), "sorted and distinct");
    let inside = ties
        .iter()
        .filter(|(s, t)| org.team_of[*s as usize] == org.team_of[*t as usize])
        .count();
    assert!(inside as f64 > 0.6 * ties.len() as f64, "{inside}");
    let mut ledger = TrustLedger::new(TrustParams::default());
    org.events(|chunk| ledger.apply_slice(chunk));
    let people: Vec<u32> = (0..2_000).collect();
    assert_eq!(ledger.tie_graph(&people, org.end()).edge_count(), 30_000);
}
