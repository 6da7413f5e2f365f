//! Small builders that keep the tests readable.

use rapport_core::trust::*;

pub const A: u32 = 1;
pub const B: u32 = 2;

/// `w` weeks after the epoch.
pub fn week(w: f64) -> Time {
    Time::from_days(7.0 * w)
}

/// Delegation `id` from A to B, ended with `outcome` at `at`.
pub fn completed(at: Time, id: u64, outcome: Outcome) -> Event<u32> {
    Event {
        at,
        from: A,
        to: B,
        kind: EventKind::Completed {
            delegation: DelegationRef::from(id),
            stakes: Stakes::Small,
            outcome,
            stretch: false,
            second_chance_of: None,
        },
    }
}

/// A ledger with the default parameters after `events`.
pub fn ledger_after(events: &[Event<u32>]) -> TrustLedger<u32> {
    TrustLedger::replay(TrustParams::default(), events.iter().copied())
}

/// `n` weekly deliveries starting at week `from_week`, ids from `first_id`.
pub fn weekly(from_week: u32, n: u32, first_id: u64, outcome: Outcome) -> Vec<Event<u32>> {
    (0..n)
        .map(|k| {
            completed(
                week(f64::from(from_week + k)),
                first_id + u64::from(k),
                outcome,
            )
        })
        .collect()
}
