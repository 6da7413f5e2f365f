//! Properties of the trust model that must hold for any history.

use proptest::prelude::*;
use rapport_core::trust::*;

use super::support::*;

/// Histories among three people, in time order, with delegation ids that
/// collide often enough to exercise disputes and second chances.
pub fn history() -> impl Strategy<Value = Vec<Event<u32>>> {
    let kind = prop_oneof![
        Just(EventKind::Delegated),
        Just(EventKind::HelpAsked),
        Just(EventKind::Declined),
        Just(EventKind::Interaction),
        any::<bool>().prop_map(|helped| EventKind::HelpResolved { helped }),
        (1u8..=5).prop_map(|count_on| EventKind::CheckInRevealed { count_on }),
        (0u64..12).prop_map(|d| EventKind::Disputed {
            delegation: d.into()
        }),
        (
            0u64..12,
            0usize..3,
            0usize..3,
            any::<bool>(),
            proptest::option::of(0u64..12)
        )
            .prop_map(|(d, stakes, outcome, stretch, sc)| EventKind::Completed {
                delegation: d.into(),
                stakes: [Stakes::Small, Stakes::Medium, Stakes::Large][stakes],
                outcome: [Outcome::Delivered, Outcome::Partly, Outcome::Missed][outcome],
                stretch,
                second_chance_of: sc.map(DelegationRef::from),
            }),
    ];
    proptest::collection::vec((0u32..60 * 1440, 0u32..3, 0u32..3, kind), 0..60).prop_map(|steps| {
        let mut at = 0u32;
        steps
            .into_iter()
            .map(|(dt, from, to, kind)| {
                at += dt;
                Event {
                    at: Time(at),
                    from,
                    to,
                    kind,
                }
            })
            .collect()
    })
}

/// Default parameters with the base rate held at its default, so that a
/// pair's trust moves only with that pair's evidence.
fn fixed_base_rate() -> TrustParams {
    TrustParams {
        base_rate_min_outcomes: u32::MAX,
        ..TrustParams::default()
    }
}

fn last_time(h: &[Event<u32>]) -> Time {
    h.last().map_or(Time(0), |e| e.at)
}

fn outcome(at: Time, id: u64, outcome: Outcome, second_chance_of: Option<u64>) -> Event<u32> {
    Event {
        at,
        from: A,
        to: B,
        kind: EventKind::Completed {
            delegation: id.into(),
            stakes: Stakes::Medium,
            outcome,
            stretch: false,
            second_chance_of: second_chance_of.map(DelegationRef::from),
        },
    }
}

// Evidence is stored as f32: comparisons allow its rounding, nothing more.
const ROUNDING: f64 = 1e-6;

proptest! {
    /// Whatever came before, a delivery never lowers A's trust in B.
    #[test]
    fn a_delivery_never_lowers_trust(h in history(), gap in 0u32..100_000, sc in proptest::option::of(0u64..12)) {
        let mut ledger = TrustLedger::replay(fixed_base_rate(), h.iter().copied());
        let at = Time(last_time(&h).0 + gap);
        let before = ledger.opinion(A, B, at).trust;
        ledger.apply(&outcome(at, 100, Outcome::Delivered, sc));
        prop_assert!(ledger.opinion(A, B, at).trust >= before - ROUNDING);
    }

    /// Whatever came before, a miss never raises A's trust in B.
    #[test]
    fn a_miss_never_raises_trust(h in history(), gap in 0u32..100_000, stretch in any::<bool>()) {
        let mut ledger = TrustLedger::replay(fixed_base_rate(), h.iter().copied());
        let at = Time(last_time(&h).0 + gap);
        let before = ledger.opinion(A, B, at).trust;
        let mut miss = outcome(at, 100, Outcome::Missed, None);
        if let EventKind::Completed { stretch: s, .. } = &mut miss.kind { *s = stretch; }
        ledger.apply(&miss);
        prop_assert!(ledger.opinion(A, B, at).trust <= before + ROUNDING);
    }

    /// With no new evidence, uncertainty grows and trust stays within a band
    /// around the base rate that narrows as uncertainty grows.
    #[test]
    fn without_new_evidence_trust_drifts_toward_the_base_rate(h in history(), q1 in 0u32..200_000, q2 in 0u32..2_000_000) {
        let ledger = TrustLedger::replay(TrustParams::default(), h.iter().copied());
        let t1 = Time(last_time(&h).0 + q1);
        let t2 = Time(t1.0 + q2);
        let (o1, o2) = (ledger.opinion(A, B, t1), ledger.opinion(A, B, t2));
        prop_assert!(o2.uncertainty >= o1.uncertainty);
        let a = o2.base_rate;
        let band = |o: &Opinion| (1.0 - o.uncertainty) * a.max(1.0 - a);
        prop_assert!((o2.trust - a).abs() <= band(&o2) + ROUNDING);
        prop_assert!(band(&o2) <= band(&o1));
    }

    /// A second chance delivered after a miss ends higher than never trying
    /// again, and higher than the same delivery unlinked to the miss.
    #[test]
    fn a_second_chance_delivered_beats_never_trying_again(h in history(), gap in 0u32..200_000, later in 0u32..200_000) {
        let mut base = TrustLedger::replay(fixed_base_rate(), h.iter().copied());
        let t_miss = Time(last_time(&h).0 + 1);
        base.apply(&outcome(t_miss, 200, Outcome::Missed, None));
        let t_again = Time(t_miss.0 + gap);
        let read = Time(t_again.0 + later);
        let mut linked = base.clone();
        linked.apply(&outcome(t_again, 201, Outcome::Delivered, Some(200)));
        let mut unlinked = base.clone();
        unlinked.apply(&outcome(t_again, 201, Outcome::Delivered, None));
        let never = base.opinion(A, B, read).trust;
        prop_assert!(linked.opinion(A, B, read).trust > never);
        prop_assert!(linked.opinion(A, B, read).trust >= unlinked.opinion(A, B, read).trust - ROUNDING);
    }

    /// No history and no reading time gives a value outside [0, 1] or NaN.
    #[test]
    fn no_history_produces_a_value_outside_zero_one_or_nan(h in history(), dt in 0u32..3_000_000) {
        let ledger = TrustLedger::replay(TrustParams::default(), h.iter().copied());
        let at = Time(last_time(&h).0.saturating_sub(10_000) + dt);
        for a in 0..3 {
            for b in 0..3 {
                let o = ledger.opinion(a, b, at);
                for x in [o.belief, o.disbelief, o.uncertainty, o.base_rate, o.trust] {
                    prop_assert!((0.0..=1.0).contains(&x), "{o:?}");
                }
                prop_assert!((o.belief + o.disbelief + o.uncertainty - 1.0).abs() < 1e-9);
                let rel = ledger.relationship(a, b, at);
                prop_assert!((0.0..=1.0).contains(&rel.reciprocity));
                prop_assert!(rel.reliance_out.is_finite() && rel.reliance_out >= 0.0);
            }
        }
    }
}
